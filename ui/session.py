"""A desk session: login → the user's main window → log out / switch user → login again, without quitting;
an idle desk locks (setting idle_lock_minutes, default 15) with a re-login over the kept windows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from ui.context import AppContext
from ui.daily_backup import DailyBackupScheduler
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.operations import Operations
from workshop.db.uow import Database
from workshop.services.settings import read_setting

if TYPE_CHECKING:
    from ui.lock_dialog import LockDialog

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
          QEvent.Type.TouchBegin}


class DeskSession(QObject):
    def __init__(self, db: Database, ops: Operations, lang: str = "zh",
                 demo_users: list[tuple[str, str, str]] | None = None, demo_password: str = "",
                 daily_backup: bool = False) -> None:
        super().__init__()
        self.db = db
        self.ops = ops
        self.lang = lang
        self.demo_users = demo_users or []
        self.demo_password = demo_password
        self.daily_backup = daily_backup  # the real app: the daily backup runs by itself (ui.daily_backup)
        self.backups: DailyBackupScheduler | None = None
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None
        self.lock_dialog: LockDialog | None = None
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self._logging_out = False
        self.idle_minutes = 0
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.installEventFilter(self)
            app.setQuitOnLastWindowClosed(False)  # between a log out and the next login no window is open

    # --- login and log out ------------------------------------------------------------------
    def start(self) -> None:
        """Show the login (non-blocking); a successful login opens the main window."""
        self.login = LoginDialog(self.db, self.lang, self.demo_users, self.demo_password)
        self.login.accepted.connect(self._logged_in)
        self.login.rejected.connect(self._login_cancelled)
        self.login.open()

    def adopt(self, login: LoginDialog) -> None:
        """Go on from a login done before the session existed (ui.app: the login window shows before the
        session's modules are imported): its main window opens now; a log out comes back to this session's
        own login."""
        self.login = login
        self._logged_in()

    def _login_cancelled(self) -> None:
        self._quit()

    def _window_closed(self) -> None:
        if not self._logging_out:
            self._quit()

    def _quit(self) -> None:
        self.idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def _logged_in(self) -> None:
        login = self.login
        assert login is not None and login.actor is not None
        self.lang = login.lang
        # a fresh runner per login: the screens of the last user (connected to its signals) are gone
        show_errors = self.ops.show_errors
        self.ops = Operations(login.lang)
        self.ops.show_errors = show_errors
        ctx = AppContext(db=self.db, actor=login.actor, ops=self.ops, lang=login.lang)
        self.window = MainWindow(ctx)
        self.window.logout_requested.connect(self.log_out)
        self.window.closed.connect(self._window_closed)
        self.window.show()
        if login.notice:
            self.window.show_login_notice(login.notice)
        login.deleteLater()
        self.login = None
        if self.daily_backup:
            self.backups = DailyBackupScheduler(ctx, self)
            self.backups.start()
        self.idle_minutes = self._read_idle_minutes()
        self.restart_idle()

    def _read_idle_minutes(self) -> int:
        try:
            return max(0, int(read_setting(self.db, "idle_lock_minutes")))
        except ValueError:
            return 15

    def log_out(self) -> None:
        """Back to the login without quitting: the window is saved (geometry, columns) and closed."""
        self.idle_timer.stop()
        if self.backups is not None:
            self.backups.stop()
            self.backups.deleteLater()
            self.backups = None
        if self.lock_dialog is not None:
            self.lock_dialog.deleteLater()
            self.lock_dialog = None
        window, self.window = self.window, None
        if window is not None:
            self._logging_out = True
            try:
                window.close()
            finally:
                self._logging_out = False
            window.deleteLater()
        self.start()

    # --- the idle lock ------------------------------------------------------------------------
    def restart_idle(self) -> None:
        if self.window is not None and self.lock_dialog is None and self.idle_minutes > 0:
            self.idle_timer.start(self.idle_minutes * 60_000)

    def lock(self) -> None:
        if self.window is None or self.lock_dialog is not None:
            return
        self.idle_timer.stop()
        from ui.lock_dialog import LockDialog

        self.lock_dialog = LockDialog(self.db, self.window.ctx.actor, self.lang, self.window)
        self.lock_dialog.finished.connect(self._lock_finished)
        self.lock_dialog.open()

    def _lock_finished(self, result: int) -> None:
        dialog, self.lock_dialog = self.lock_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        from ui.lock_dialog import SWITCH_USER

        if result == SWITCH_USER:
            self.log_out()
        else:
            self.restart_idle()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self.idle_timer.isActive():
            self.idle_timer.start()  # any key or mouse use restarts the countdown
        return False
