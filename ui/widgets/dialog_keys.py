"""Enter and Esc as people expect them in every dialog, installed once for the whole application.

Esc (or the window's close button) cancels a dialog, but never throws away what the user typed without asking:
if a field holds typed text (a line edit the user changed, a text box they wrote in), the dialog asks first
and stays open on "no". Password fields do not count. Enter presses the dialog's default button (Qt's own
rule: every dialog names one, see `default_button`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)


def typed_fields(dialog: QWidget) -> list[QWidget]:
    """The fields of the dialog holding text the user typed (not what the program filled in)."""
    out: list[QWidget] = []
    for edit in dialog.findChildren(QLineEdit):
        if (edit.isModified() and edit.text().strip() and not edit.isReadOnly()
                and edit.echoMode() == QLineEdit.EchoMode.Normal and edit.isVisibleTo(dialog)):
            out.append(edit)
    boxes: list[QPlainTextEdit | QTextEdit] = [*dialog.findChildren(QPlainTextEdit), *dialog.findChildren(QTextEdit)]
    for box in boxes:
        if box.document().isModified() and box.toPlainText().strip() and not box.isReadOnly():
            out.append(box)
    return out


def ask_discard(dialog: QDialog) -> bool:
    """Yes: throw the typed text away and close. (Tests replace this.)"""
    ctx = getattr(dialog, "ctx", None)
    tr = ctx.tr if ctx is not None else (lambda zh, en: f"{zh}\n{en}")
    answer = QMessageBox.question(dialog, tr("放弃输入", "Discard"),
                                  tr("已输入的内容尚未保存，确定放弃并关闭吗？",
                                     "What you typed is not saved. Discard it and close?"),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def default_button(dialog: QDialog) -> QPushButton | None:
    """The button Enter presses: the one marked default, else the button box's first accepting button
    (QDialogButtonBox makes it the default when the dialog shows)."""
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]
    marked = next((b for b in buttons if b.isDefault()), None)
    if marked is not None:
        return marked
    for box in dialog.findChildren(QDialogButtonBox):
        for b in box.buttons():
            role = box.buttonRole(b)
            if role in (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.YesRole) \
                    and isinstance(b, QPushButton) and b.isVisibleTo(dialog):
                return b
    return None


_KEY_PRESS, _CLOSE = QEvent.Type.KeyPress, QEvent.Type.Close


class DialogKeys(QObject):
    """The application-wide filter: Esc and the close button ask before typed text is thrown away."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()  # every event of the program passes here: the types compared are looked up once
        if kind is _KEY_PRESS and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier and isinstance(watched, QWidget):
            dialog = watched.window()
            if isinstance(dialog, QDialog) and not isinstance(dialog, QMessageBox) and typed_fields(dialog):
                if ask_discard(dialog):
                    dialog.reject()
                return True
        if kind is _CLOSE and event.spontaneous() and isinstance(watched, QDialog) \
                and not isinstance(watched, QMessageBox) and typed_fields(watched) and not ask_discard(watched):
            event.ignore()
            return True
        return False


_installed: list[DialogKeys] = []


def install() -> None:
    """Once per application (ui/app.py and the main window call it; harmless twice)."""
    app = QApplication.instance()
    if app is None or _installed:
        return
    keys = DialogKeys(app)
    app.installEventFilter(keys)
    _installed.append(keys)
