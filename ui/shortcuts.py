"""Keyboard first: the shortcuts of the whole window, a helper that puts a shortcut on a button and says so in
its tooltip, and the F1 help overlay listing what works on the screen in front of the user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# the attribute names screens give their search or scan field, in the order Ctrl+F prefers them
SEARCH_FIELDS = ("search_box", "search", "wo_edit", "text", "record")


def bind(button: QAbstractButton, keys: str, tr_hint: str = "") -> None:
    """Give a frequent button its shortcut, and show the key on the tooltip (e.g. 新客户 — Ctrl+N)."""
    button.setShortcut(QKeySequence(keys))
    hint = tr_hint or button.text().replace("&", "")
    button.setToolTip(f"{hint}（{QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)}）")


def search_field(screen: QWidget) -> QLineEdit | None:
    """The screen's search field: a named one first, else the first visible line edit."""
    for name in SEARCH_FIELDS:
        field = getattr(screen, name, None)
        if isinstance(field, QLineEdit) and field.isVisibleTo(screen) and field.isEnabled():
            return field
    return next((e for e in screen.findChildren(QLineEdit) if e.isVisibleTo(screen) and e.isEnabled()), None)


def screen_shortcuts(screen: QWidget) -> list[tuple[str, str]]:
    """(keys, what) of every button and action of the screen that has a shortcut."""
    out: list[tuple[str, str]] = []
    for button in screen.findChildren(QAbstractButton):
        keys = button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and button.isVisibleTo(screen):
            out.append((keys, button.text().replace("&", "")))
    for action in screen.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            out.append((keys, action.text().replace("&", "")))
    return sorted(set(out))


class HelpOverlay(QDialog):
    """F1: the shortcuts of the window and of the current screen. Esc or F1 again closes it."""

    def __init__(self, rows: list[tuple[str, str]], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("快捷键" if lang != "en" else "Keyboard shortcuts")
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["按键", "功能"] if lang != "en" else ["Keys", "Does"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (keys, what) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(keys))
            self.table.setItem(r, 1, QTableWidgetItem(what))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumSize(420, min(560, 28 * len(rows) + 40))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        again = QAction(self)
        again.setShortcut(QKeySequence(Qt.Key.Key_F1))
        again.triggered.connect(self.reject)
        self.addAction(again)
        self.rows = rows
