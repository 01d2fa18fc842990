"""Bootstrap: choose and open the database, upgrade it (after a backup), demo data, login, main window.
`workshop-gui --screenshot DIR` renders every main screen offscreen and exits."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

# The core before Qt: once PySide6 is imported, its __feature__ import hook reads the source of every module
# imported after it (inspect.getsource on ~300 modules of SQLAlchemy and the core), a tenth of the start-up.
from workshop.db import migrate
from workshop.db.uow import Database
from workshop.failures import sentence_for
from workshop.queries.app_state import is_demo
from workshop.services import users
from workshop.services.backup import backup_before_upgrade

# isort: split
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ui import gc_guard
from ui.login import FirstAdminDialog
from ui.operations import Operations
from ui.session import DeskSession
from ui.widgets import dialog_keys

CJK_FAMILIES = ("WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Noto Sans CJK SC",
                "Source Han Sans SC")
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


def open_database(url: str | None) -> Database:
    db = Database(url)
    migrate.ensure_schema(db, backup=lambda: backup_before_upgrade(db))
    return db


def fill_demo_if_new(db: Database, ops: Operations) -> None:
    if not users.needs_first_admin(db):
        return
    from workshop import demo

    ops.run_with_progress(lambda progress: demo.generate(db, "small", 1, progress),
                          "正在生成演示数据… / Creating demo data…")
    ops.wait(timeout_ms=600_000)


def demo_login_info(db: Database) -> tuple[list[tuple[str, str, str]], str]:
    if not is_demo(db):
        return [], ""
    from workshop import demo

    return demo.demo_users(), demo.DEMO_PASSWORD


def setup_logging() -> None:
    """To stderr and to the log file of workshop.failures (rotated: 5 files of 2 MB), where a shop's support
    finds what happened on a desk whose bundle has no console."""
    from logging.handlers import RotatingFileHandler

    from workshop.failures import log_file

    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=logging.INFO, format=fmt)
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=4, encoding="utf-8")
    except OSError:  # a read-only profile: the console is all there is
        return
    handler.setFormatter(logging.Formatter(fmt))
    logging.getLogger().addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging()
    args = parse_args(argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = setup_app(args.lang)
    install_excepthook(args.lang)
    try:
        db = open_database(args.db)
    except Exception as exc:  # a refusal, or the database unreachable, a folder, a bad URL: a sentence
        QMessageBox.critical(None, "Workshop", sentence_for(exc, args.lang, "gui start"))
        return 2
    ops = Operations(args.lang)
    if args.demo_if_new or args.screenshot:
        fill_demo_if_new(db, ops)
    if args.screenshot:
        from ui.screenshots import render_all

        width, _x, height = args.size.lower().partition("x")
        return leave(db, render_all(db, Path(args.screenshot), args.lang, (int(width), int(height))))
    if users.needs_first_admin(db):
        first = FirstAdminDialog(db, args.lang)
        if first.exec() != QDialog.DialogCode.Accepted:
            return 0
        from ui.setup_wizard import first_start_setup  # S1: profile, teams, users, catalogs; each skippable

        first_start_setup(db, ops, args.lang, first.username.text(), first.password.text())
    demo_users, demo_password = demo_login_info(db)
    session = DeskSession(db, ops, args.lang, demo_users, demo_password, daily_backup=True)
    session.start()
    return leave(db, app.exec())


def install_excepthook(lang: str) -> None:
    """The GUI's top-level handler: an error escaping a slot or an event handler is logged in full
    (workshop.failures.log_file()) and shown as a sentence; the program keeps running."""
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
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
