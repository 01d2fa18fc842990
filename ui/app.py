"""Bootstrap: choose and open the database, upgrade it (after a backup), demo data, login, main window.
`workshop-gui --screenshot DIR` renders every main screen offscreen and exits."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ui import gc_guard
from ui.db_prep import DatabasePrep, demo_login_info, open_database
from ui.login import FirstAdminDialog, LoginDialog
from ui.widgets import dialog_keys

# Qt and the login window only: SQLAlchemy, the mapped classes, the services and the main window are imported
# on the background thread of ui/db_prep.py while the login window waits for the user (issue 22).
if TYPE_CHECKING:
    from ui.operations import Operations
    from ui.session import DeskSession
    from workshop.db.uow import Database

__all__ = ["DeskStart", "demo_login_info", "main", "open_database", "setup_app"]

CJK_FAMILIES = ("WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Noto Sans CJK SC",
                "Source Han Sans SC")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="workshop-gui")
    p.add_argument("--db", metavar="URL", help="database URL (default: WORKSHOP_DATABASE_URL or the SQLite file)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--demo-if-new", action="store_true", help="fill a new database with demo data")
    p.add_argument("--screenshot", metavar="DIR", help="render every main screen to DIR/<screen>.png and exit")
    p.add_argument("--size", metavar="WxH", default="1440x900",
                   help="the window size for --screenshot, e.g. 1366x768 or 1920x1080 (default 1440x900)")
    return p.parse_args(argv)


def setup_app(lang: str) -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    dialog_keys.install()
    assert isinstance(app, QApplication)
    gc_guard.install(app)  # the garbage collector only on the GUI thread (ui/gc_guard.py)
    app.setApplicationName("Workshop")
    bundled = os.environ.get("WORKSHOP_CJK_FONT")  # the bundle's WenQuanYi (packaging/rthook_workshop.py)
    if bundled and Path(bundled).is_file():
        QFontDatabase.addApplicationFont(bundled)
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            app.setFont(QFont(family, 10))
            break
    if lang == "zh":
        # Qt's own dialogs (buttons of message boxes, file dialogs) in Chinese; our texts are bilingual in code
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for catalog in ("qtbase", "qt"):
            translator = QTranslator(app)
            if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), catalog, "_", path):
                app.installTranslator(translator)
                break
    return app


def fill_demo_if_new(db: Database, ops: Operations) -> None:
    from workshop.services import users

    if not users.needs_first_admin(db):
        return
    from workshop import demo

    ops.run_with_progress(lambda progress: demo.generate(db, "small", 1, progress),
                          "正在生成演示数据… / Creating demo data…")
    ops.wait(timeout_ms=600_000)


def setup_logging(*, log_file: bool = True) -> None:
    """To stderr and (log_file) to the log file of workshop.failures (rotated: 5 files of 2 MB), where a shop's
    support finds what happened on a desk whose bundle has no console."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    if log_file:
        add_log_file()


def add_log_file() -> None:
    """The rotated log file. workshop.failures imports SQLAlchemy: the desk's start does this on its background
    thread (logging is thread-safe), not before the login window."""
    from logging.handlers import RotatingFileHandler

    from workshop.failures import log_file

    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=4, encoding="utf-8")
    except OSError:  # a read-only profile: the console is all there is
        return
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.getLogger().addHandler(handler)


class DeskStart(QObject):
    """The start of a desk as its user sees it: the login window at once, the database prepared behind it
    (ui/db_prep.py); a new database asks for its administrator first; the login opens the desk session."""

    opened = Signal()  # the desk session's first main window is shown

    def __init__(self, url: str | None, lang: str = "zh", *, demo_if_new: bool = False,
                 daily_backup: bool = True, first: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.lang = lang
        self.daily_backup = daily_backup
        self.exit_code = 0
        self.session: DeskSession | None = None
        self.prep = DatabasePrep(url, demo_if_new=demo_if_new, first=first, parent=self)
        self.login = LoginDialog(self.prep, lang)
        self.login.accepted.connect(self._logged_in)
        self.login.rejected.connect(self._cancelled)
        self.prep.ready.connect(self._prepared)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # the login hides while a new database gets its administrator

    def begin(self) -> None:
        """Show the login window, then start the background preparation."""
        self.login.open()
        QApplication.processEvents()  # shown and painted before the import thread competes for the interpreter
        self.prep.start()

    def _prepared(self) -> None:
        if self.prep.error is not None:
            self.exit_code = 2  # the login window says why; 退出 ends the program
            return
        if self.prep.needs_first_admin:
            self._first_admin()

    def _first_admin(self) -> None:
        db = self.prep.db
        assert db is not None
        self.login.hide()
        first = FirstAdminDialog(db, self.login.lang)
        if first.exec() != QDialog.DialogCode.Accepted:
            self._quit()
            return
        from ui.operations import Operations
        from ui.setup_wizard import first_start_setup  # S1: profile, teams, users, catalogs; each skippable

        first_start_setup(db, Operations(self.login.lang), self.login.lang, first.username.text(),
                          first.password.text())
        self.prep.needs_first_admin = False
        self.login.username.setText(first.username.text())
        self.login.open()

    def _logged_in(self) -> None:
        from ui.operations import Operations
        from ui.session import DeskSession

        assert self.prep.db is not None
        self.session = DeskSession(self.prep.db, Operations(self.login.lang), self.login.lang,
                                   self.prep.demo_users, self.prep.demo_password, daily_backup=self.daily_backup)
        self.prep.demo_found.connect(self._demo_found)  # when they are read after this login
        self.session.adopt(self.login)
        self.opened.emit()

    def _demo_found(self) -> None:
        if self.session is not None:  # the demo users for the login windows after a log out
            self.session.demo_users, self.session.demo_password = self.prep.demo_users, self.prep.demo_password

    def _cancelled(self) -> None:
        self._quit()

    def _quit(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.quit()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_logging(log_file=bool(args.screenshot))
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = setup_app(args.lang)
    install_excepthook(args.lang)
    if args.screenshot:
        return screenshots(args)
    start = DeskStart(args.db, args.lang, demo_if_new=args.demo_if_new, first=add_log_file)
    start.begin()
    code = app.exec()
    if start.prep.db is not None:
        start.prep.db.dispose()
    return start.exit_code or code


def screenshots(args: argparse.Namespace) -> int:
    """`--screenshot DIR`: every main screen rendered offscreen, no login window."""
    from ui.operations import Operations
    from ui.screenshots import render_all
    from workshop.failures import sentence_for

    try:
        db = open_database(args.db)
    except Exception as exc:  # a refusal, or the database unreachable, a folder, a bad URL: a sentence
        QMessageBox.critical(None, "Workshop", sentence_for(exc, args.lang, "gui start"))
        return 2
    fill_demo_if_new(db, Operations(args.lang))
    width, _x, height = args.size.lower().partition("x")
    return leave(db, render_all(db, Path(args.screenshot), args.lang, (int(width), int(height))))


def install_excepthook(lang: str) -> None:
    """The GUI's top-level handler: an error escaping a slot or an event handler is logged in full
    (workshop.failures.log_file()) and shown as a sentence; the program keeps running."""
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        from workshop.failures import sentence_for

        text = sentence_for(exc, lang, "gui")
        if QApplication.instance() is not None:
            QMessageBox.warning(None, "Workshop", text)
        else:
            print(text, file=sys.stderr)

    sys.excepthook = hook


def leave(db: Database, code: int) -> int:
    """Close the database's connections (a SQLite file checkpoints its WAL) and hand back the exit code."""
    db.dispose()
    return code


if __name__ == "__main__":
    sys.exit(main())
