"""The login window (Chinese by default, English switch) and the one-time 'create the administrator' step."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import gc_guard
from ui.db_prep import DatabasePrep, when_ready
from workshop.domain.errors import WorkshopError
from workshop.domain.lang import tr

# The login window is the program's first screen: it shows before SQLAlchemy, the mapped classes and the
# services are imported (ui/db_prep.py imports them meanwhile). So the service and the labels registry are
# imported where they are used, once the database is ready.
if TYPE_CHECKING:
    from workshop.db.uow import Database
    from workshop.domain.roles import Actor

CONNECTING = ("正在连接数据库…", "Connecting to the database…")


def _t(lang: str, zh: str, en: str) -> str:
    return tr(lang, zh, en)


class LoginDialog(QDialog):
    """db: an open database, or the background preparation of one (DatabasePrep): the window shows at once;
    the demo users appear, and a login asked for meanwhile goes on, when the database is ready."""

    def __init__(self, db: Database | DatabasePrep, lang: str = "zh",
                 demo_users: list[tuple[str, str, str]] | None = None, demo_password: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prep = db if isinstance(db, DatabasePrep) else DatabasePrep.of(db, demo_users, demo_password, self)
        self.lang = lang
        self.actor: Actor | None = None
        self.notice: str | None = None  # the lock reason, shown once after a successful login
        self.demo_users = list(demo_users or self.prep.demo_users)
        self.demo_password = demo_password or self.prep.demo_password
        self.waiting = False  # Enter came before the database was ready: the login goes on when it is
        self._status_text: tuple[str, str] | None = None
        self.logged_in_at: float | None = None  # time.monotonic() of the last successful password check
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        form = QFormLayout()
        self.username = QLineEdit()  # made in reading order: Tab walks them so
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox()
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(1 if lang == "en" else 0)
        self.lbl_lang, self.lbl_user, self.lbl_pw = QLabel(), QLabel(), QLabel()
        form.addRow(self.lbl_user, self.username)  # the user name first: it has the focus when the window shows
        form.addRow(self.lbl_pw, self.password)
        form.addRow(self.lbl_lang, self.language)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.status = QLabel("")  # "正在连接数据库…" while a login waits for the database
        self.status.setStyleSheet("color: #555")
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        layout.addWidget(self.status)
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.demo_table = QTableWidget(len(self.demo_users), 3)
        self.demo_table.verticalHeader().setVisible(False)
        self.demo_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.demo_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.demo_table.cellClicked.connect(self._pick_demo_user)
        self.demo_table.horizontalHeader().setStretchLastSection(True)
        self.demo_table.verticalHeader().setDefaultSectionSize(24)
        layout.addWidget(self.demo_note)
        layout.addWidget(self.demo_table)
        self.demo_note.setVisible(bool(self.demo_users))
        self.demo_table.setVisible(bool(self.demo_users))
        # buttons of our own, not Qt's standard Ok/Cancel: those load the style's standard icons, 30-50 ms of
        # the first screen's start
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = self.buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        self.quit_button.setAutoDefault(False)  # Enter never quits, whatever has the focus
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.language.currentIndexChanged.connect(self._language_changed)
        self._retranslate()
        self.username.setFocus()  # the user types their name first, not the language
        self.prep.progress.connect(self._progress)
        self.prep.demo_found.connect(self._demo_found)
        when_ready(self.prep, self._database_ready)

    @property
    def db(self) -> Database:
        assert self.prep.db is not None, "the database is not open yet"
        return self.prep.db

    def _progress(self, zh: str, en: str) -> None:
        self._show_status((zh, en))

    def _show_status(self, text: tuple[str, str] | None) -> None:
        self._status_text = text
        self.status.setText(_t(self.lang, *text) if text else "")
        self.status.setVisible(text is not None)

    def _demo_found(self) -> None:
        """A demo database's users, once the background thread has read them: the list to pick from."""
        prep = self.prep
        if prep.demo_users and not self.demo_users:
            self.demo_users, self.demo_password = list(prep.demo_users), prep.demo_password
            self.demo_table.setRowCount(len(self.demo_users))
            self.demo_note.setVisible(True)
            self.demo_table.setVisible(True)
            self._retranslate()
            self._center_on_screen()

    def _center_on_screen(self) -> None:
        """Centered again once the list made the window taller: shown before the list came, it would otherwise
        grow past the bottom of a 1366×768 screen, its buttons out of reach."""
        if not self.isVisible():
            return
        frame = self.frameGeometry()
        area = self.screen().availableGeometry()
        frame.moveCenter(area.center())
        self.move(max(area.left(), frame.left()), max(area.top(), frame.top()))

    def _database_ready(self) -> None:
        """On the GUI thread once the background preparation is done: the sentence saying why the database
        cannot be opened, or a login asked for meanwhile goes on."""
        prep = self.prep
        if prep.error is None:
            gc_guard.settle()  # the modules are in: later collections skip them
        self._show_status(None)
        self._set_inputs_enabled(True)
        if prep.error is not None:
            self.waiting = False
            self.error.setText(prep.failure(self.lang) or "")
            self.ok_button.setEnabled(False)
            return
        waiting, self.waiting = self.waiting, False
        if waiting and not prep.needs_first_admin:  # a new database: the first administrator comes first
            self.try_login()

    def _set_inputs_enabled(self, enabled: bool) -> None:
        """While a login waits: the fields read-only (they keep the keyboard focus: disabled, the focus went to
        退出, and a second Enter quit the program), the button and the list disabled."""
        for field in (self.username, self.password):
            field.setReadOnly(not enabled)
        for widget in (self.language, self.demo_table, self.ok_button):
            widget.setEnabled(enabled)

    def _language_changed(self) -> None:
        self.lang = str(self.language.currentData())
        self._retranslate()

    def _retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(_t(lang, "登录 — Workshop 售后服务管理", "Log in — Workshop"))
        self.title.setText(_t(lang, "售后服务部 · 登录", "After-sales service · Log in"))
        self.lbl_lang.setText(_t(lang, "语言", "Language"))
        self.lbl_user.setText(_t(lang, "用户名", "User name"))
        self.lbl_pw.setText(_t(lang, "密码", "Password"))
        self.ok_button.setText(_t(lang, "登录", "Log in"))
        self.quit_button.setText(_t(lang, "退出", "Quit"))
        self.demo_note.setText(_t(
            lang, f"演示数据库：每个角色一个用户，密码都是 {self.demo_password}（点一行即可填入）。",
            f"Demo database: one user per role, every password is {self.demo_password} (click a row to fill it in).",
        ))
        self.demo_table.setHorizontalHeaderLabels(
            [_t(lang, "用户名", "User"), _t(lang, "姓名", "Name"), _t(lang, "角色", "Role")]
        )
        if self.demo_users:
            from workshop.domain.labels import label_of
            from workshop.domain.roles import Role

            for row, (username, display, role) in enumerate(self.demo_users):
                for col, value in enumerate((username, display, label_of(Role, role, lang))):
                    self.demo_table.setItem(row, col, QTableWidgetItem(value))
            self.demo_table.resizeColumnsToContents()
        self._fit_demo_table()
        if self.prep.error is not None:
            self.error.setText(self.prep.failure(lang) or "")
        if self._status_text is not None:
            self._show_status(self._status_text)

    def _fit_demo_table(self) -> None:
        """As tall as its rows really are (the font decides, not a guess), at most 11 rows and then a scroll bar:
        the last row never runs under the buttons."""
        table = self.demo_table
        rows = min(table.rowCount(), 11)
        height = (sum(table.rowHeight(r) for r in range(rows)) + table.horizontalHeader().sizeHint().height()
                  + 2 * table.frameWidth() + 2)
        table.setMinimumHeight(height)
        table.setMaximumHeight(height if rows == table.rowCount() else 16777215)
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """The window at least as tall as its contents: a table taller than the window it was first laid out in
        otherwise ran under the buttons (seen at 1366×768 with the demo's 29 users)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
            need = layout.minimumSize().height()
            if layout.hasHeightForWidth():  # the wrapped demo note: two lines at this width, not one
                need = max(need, layout.totalHeightForWidth(self.width()))
            if self.height() < need:
                self.resize(self.width(), need)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._grow_to_fit()

    def _pick_demo_user(self, row: int, _col: int) -> None:
        self.username.setText(self.demo_users[row][0])
        self.password.setText(self.demo_password)

    def try_login(self) -> None:
        if self.prep.error is not None:
            self.error.setText(self.prep.failure(self.lang) or "")
            return
        if not self.prep.is_ready or self.prep.needs_first_admin:
            # Enter before the database is ready: say so (never a silent freeze); the login goes on when it is
            self.waiting = True
            self.error.setText("")
            self._show_status(CONNECTING)
            self._set_inputs_enabled(False)
            return
        from workshop.services import users

        try:
            result = users.log_in(self.db.uow(), self.username.text(), self.password.text())
            self.logged_in_at = time.monotonic()
            self.actor = result.actor
            self.notice = result.notice(self.lang)
        except WorkshopError as exc:
            self.error.setText(exc.message(self.lang))
            self.password.clear()
            return
        self.accept()


class FirstAdminDialog(QDialog):
    """A new real database starts here: create the administrator, once."""

    def __init__(self, db: Database, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.lang = lang
        self.setWindowTitle(_t(lang, "创建管理员", "Create the administrator"))
        layout = QVBoxLayout(self)
        intro = QLabel(_t(lang, "这是一个新数据库。请先创建管理员账户，之后由管理员添加其他用户。",
                          "This is a new database. Create the administrator first; they then add the other users."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit("admin")
        self.display = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_t(lang, "用户名", "User name"), self.username)
        form.addRow(_t(lang, "姓名", "Name"), self.display)
        form.addRow(_t(lang, "密码", "Password"), self.password)
        form.addRow(_t(lang, "再输一次", "Repeat"), self.password2)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.create_admin)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def create_admin(self) -> None:
        if self.password.text() != self.password2.text():
            self.error.setText(_t(self.lang, "两次输入的密码不一致。", "The two passwords differ."))
            return
        from workshop.services import users

        try:
            users.create_first_admin(self.db.uow(), username=self.username.text(),
                                     display_name=self.display.text(), password=self.password.text())
        except WorkshopError as exc:
            self.error.setText(exc.message(self.lang))
            return
        self.accept()
