"""The idle lock: a re-login over the kept windows. Only the same user's password unlocks; 切换用户 logs out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workshop.db.uow import Database
from workshop.domain.errors import WorkshopError
from workshop.domain.lang import tr
from workshop.domain.roles import Actor
from workshop.services import users

SWITCH_USER = 2  # the dialog's result when the person at the desk is someone else


class LockDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.lang = lang
        tr = self._t
        self.setWindowTitle(tr("已锁定 — Workshop", "Locked — Workshop"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        layout = QVBoxLayout(self)
        note = QLabel(tr(f"桌面已闲置锁定。{actor.display_name}，请输入密码继续；窗口和未保存的输入都还在。",
                         f"The desk locked while idle. {actor.display_name}, enter your password to go on; "
                         "your windows are kept."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("用户名", "User name"), QLabel(actor.username))
        form.addRow(tr("密码", "Password"), self.password)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("解锁", "Unlock"))
        self.switch_button = self.buttons.addButton(tr("切换用户", "Switch user"),
                                                    QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.try_unlock)
        self.switch_button.clicked.connect(lambda: self.done(SWITCH_USER))
        layout.addWidget(self.buttons)
        self.password.setFocus()

    def _t(self, zh: str, en: str) -> str:
        return tr(self.lang, zh, en)

    def try_unlock(self) -> None:
        try:
            users.authenticate(self.db.uow(), self.actor.username, self.password.text())
        except WorkshopError as exc:
            self.error.setText(exc.message(self.lang))
            self.password.clear()
            return
        self.accept()

    def reject(self) -> None:
        """Esc does not unlock a desk."""
