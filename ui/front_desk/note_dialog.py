"""A short note or reason typed by the user (QC fail reason, self-check, complaint step, cancel reason)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.front_desk import common


class NoteDialog(QDialog):
    def __init__(self, ctx: AppContext, title: str, label: str, *, required: bool = True, text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.required = required
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label))
        self.text = QPlainTextEdit(text)
        self.text.setFixedHeight(100)
        layout.addWidget(self.text)
        self.warning = QLabel("")
        self.warning.setStyleSheet("color: #c81e1e;")
        layout.addWidget(self.warning)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _ok(self) -> None:
        if self.required and not self.text.toPlainText().strip():
            self.warning.setText(self.ctx.tr("请填写内容。", "Please write something."))
            return
        self.accept()

    def value(self) -> str:
        return self.text.toPlainText().strip()


def ask_note(parent: QWidget | None, ctx: AppContext, title: str, label: str, *, required: bool = True,
             text: str = "") -> str | None:
    """The note typed, or None when cancelled (tests replace this function)."""
    dialog = NoteDialog(ctx, title, label, required=required, text=text, parent=parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
