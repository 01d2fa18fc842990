"""A work order barcode scanned on any screen opens that work order (issue 19).

One ScanCatcher for the main window: a scanner's burst of keys ending in Enter, typed while the focus is on a
table, a button, the side bar (anything but a text field), opens the work order window; a screen that takes
scans itself (the parts counter, stock, tools) keeps them, its own catcher sees the keys first. A text field
(a search box, a form) gets what is typed into it, scanned or not. An unknown code, or a user whose role does
not work with work orders, gets a sentence in the status bar."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.scanner import ScanCatcher
from ui.widgets.work_order_windows import show_work_order
from workshop.queries.scan_lookup import work_order_by_scan

TEXT_FIELDS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def is_text_field(widget: QWidget) -> bool:
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, TEXT_FIELDS) or isinstance(widget.parent(), TEXT_FIELDS)


class WorkOrderScan(ScanCatcher):
    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.windows: dict[str, QWidget] = {}
        self.message = ""  # the last sentence shown
        self.scanned.connect(self.open_scanned)

    def takes(self, target: QWidget) -> bool:
        return not is_text_field(target)

    def open_scanned(self, code: str) -> QWidget | None:
        found = work_order_by_scan(self.ctx.db, self.ctx.actor, code)
        if found.number is None:
            self.message = self.ctx.tr(found.zh, found.en)
            self.window.statusBar().showMessage(self.message, 10000)
            return None
        self.message = ""
        return show_work_order(self.ctx, found.number, self.window, self.windows, read_only=found.read_only)
