"""The database prepared in the background while the login window waits for the user (issue 22).

`workshop-gui` shows the login window first, with nothing but Qt imported. Right after it shows, a Python thread
imports the database layer (SQLAlchemy, the mapped classes, the login's service, the main window's modules),
opens the database (the schema check and, when due, the backup and the upgrade included) and fills a new
database with the demo data when asked to: then `ready`. The login waits for it when Enter comes first
("正在连接数据库…"). After `ready` the thread reads a demo database's users for the login window's list. A database that cannot be opened ends the thread with its
sentence, which the login window shows.

The thread never touches a widget and never runs the garbage collector (ui/gc_guard.py): it only imports,
reads and writes the database, and tells the GUI thread through a queued signal. Python imports are
thread-safe (the import lock), so the GUI thread importing at the same time only waits for the module."""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot

from workshop.domain.lang import tr

if TYPE_CHECKING:
    from workshop.db.uow import Database

# What the first minutes after the login need, imported while the user types (modules only: no widget is built
# here). ui.session brings the main window, the runner, the lock dialog and the approvals notice.
WARM_MODULES = ("workshop.services.users", "workshop.domain.labels", "ui.session")


# Packages that never import Qt (workshop/ is kept Qt-free by tests/unit/test_layering.py).
QT_FREE_PACKAGES = frozenset({"workshop", "sqlalchemy", "alembic", "mako", "argon2", "_argon2_cffi_bindings",
                              "psycopg", "psycopg_binary", "platformdirs", "chinese_calendar", "pypinyin",
                              "typing_extensions", "greenlet", "_cffi_backend", "cffi"})


def skip_feature_scan_of_qt_free_modules() -> None:
    """PySide6's import hook (`from __feature__ import ...` support) reads the source of every module imported
    after PySide6 to see whether it mentions PySide6: ~0.15 s of CPU for the database layer this thread imports.
    For the packages above the answer is known (no), so they are answered without reading their source; every
    other module goes through PySide6's own check. Nothing happens if this PySide6 has no such check."""
    try:
        from shibokensupport import feature  # type: ignore[import-not-found]
    except ImportError:
        return
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None or getattr(check, "qt_free_shortcut", False):
        return

    def uses_pyside(module: object) -> bool:
        name = str(getattr(module, "__name__", ""))
        return False if name.partition(".")[0] in QT_FREE_PACKAGES else bool(check(module))

    uses_pyside.qt_free_shortcut = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside


def open_database(url: str | None) -> Database:
    """Open the database and bring it to this program's schema (after a backup when it must be upgraded)."""
    from workshop.db import migrate
    from workshop.db.uow import Database
    from workshop.services.backup import backup_before_upgrade

    db = Database(url)
    try:
        migrate.ensure_schema(db, backup=lambda: backup_before_upgrade(db))
    except BaseException:
        db.dispose()
        raise
    return db


def demo_login_info(db: Database) -> tuple[list[tuple[str, str, str]], str]:
    """The demo users and their password, for the login window of a demo database; nothing otherwise."""
    from workshop.queries.app_state import is_demo

    if not is_demo(db):
        return [], ""
    from workshop import demo

    return demo.demo_users(), demo.DEMO_PASSWORD


def failure_sentences(exc: BaseException) -> tuple[str, str]:
    """The Chinese and English sentence for a database that cannot be opened, as `sentence_for` words it (the
    trace of an unexpected error logged once)."""
    from workshop.domain.errors import WorkshopError
    from workshop.failures import explain, log_trace

    if isinstance(exc, WorkshopError):
        return exc.message("zh"), exc.message("en")
    logged = log_trace(exc, "gui start")
    told = explain(exc)
    zh, en = told.message("zh"), told.message("en")
    if logged is None:
        return zh, en
    return f"{zh}（详情已记入 {logged}）", f"{en} (details in {logged})"


class DatabasePrep(QObject):
    """Opens the database on a background thread; `ready` (on the GUI thread, once) when it is done: then
    either `db` is set or `failure(lang)` says why not."""

    ready = Signal()
    progress = Signal(str, str)  # the demo generator's progress, Chinese and English, on the GUI thread
    demo_found = Signal()  # after `ready`: a demo database's users are in demo_users
    _finished = Signal()
    _progressed = Signal(str, str)
    _demo_found = Signal()

    def __init__(self, url: str | None, *, demo_if_new: bool = False, first: Callable[[], object] | None = None,
                 parent: QObject | None = None) -> None:
        """first: run first on the thread (ui.app: the log file, whose module imports SQLAlchemy)."""
        super().__init__(parent)
        self.url = url
        self.first = first
        self.demo_if_new = demo_if_new
        self.db: Database | None = None
        self.error: tuple[str, str] | None = None
        self.needs_first_admin = False
        self.demo_users: list[tuple[str, str, str]] = []
        self.demo_password = ""
        self.is_ready = False  # on the GUI thread: `ready` was emitted
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self.progress, Qt.ConnectionType.QueuedConnection)
        self._demo_found.connect(self.demo_found, Qt.ConnectionType.QueuedConnection)
        self.finished_at: float | None = None  # time.monotonic() when the thread was done

    @classmethod
    def of(cls, db: Database, demo_users: list[tuple[str, str, str]] | None = None, demo_password: str = "",
           parent: QObject | None = None) -> DatabasePrep:
        """An already open database (a log out back to the login, tests): ready at once, no thread."""
        prep = cls(db.url, parent=parent)
        prep.db = db
        prep.demo_users = list(demo_users or [])
        prep.demo_password = demo_password
        prep.is_ready = True
        prep._done.set()
        return prep

    def start(self) -> None:
        """Start the background preparation (once). A daemon thread: quitting never waits for a database
        server that does not answer."""
        if self._thread is None and not self._done.is_set():
            self._thread = threading.Thread(target=self._run, name="workshop-db-prep", daemon=True)
            self._thread.start()

    def wait_done(self, timeout: float | None = None) -> bool:
        """Block until the thread has finished (not yet `ready`: that needs the GUI thread's event loop)."""
        return self._done.wait(timeout)

    def failure(self, lang: str) -> str | None:
        return None if self.error is None else tr(lang, *self.error)

    def _run(self) -> None:
        try:
            self._prepare()
        except BaseException as exc:  # any failure: a sentence for the login window, never a traceback
            self.error = failure_sentences(exc)
        finally:
            self.finished_at = time.monotonic()
            self._done.set()
            self._finished.emit()
        if self.error is None and self.db is not None:
            self._find_demo_users(self.db)

    def _prepare(self) -> None:
        skip_feature_scan_of_qt_free_modules()
        if self.first is not None:
            self.first()
        db = self.db = open_database(self.url)
        from workshop.db.uow import warm_up
        from workshop.services import users

        first = users.needs_first_admin(db)
        if first and self.demo_if_new:
            self._generate_demo(db)
            first = users.needs_first_admin(db)
        self.needs_first_admin = first
        warm_up()
        for name in WARM_MODULES:
            importlib.import_module(name)

    def _find_demo_users(self, db: Database) -> None:
        """After `ready` (the login does not wait for it): a demo database's users for the login window's list
        (the demo generator's import, ~0.15 s of CPU)."""
        try:
            self.demo_users, self.demo_password = demo_login_info(db)
        except Exception:
            logging.getLogger(__name__).exception("the demo users could not be read")
            return
        if self.demo_users:
            self._demo_found.emit()

    def _generate_demo(self, db: Database) -> None:
        from workshop import demo

        def progress(done: int, total: int) -> None:
            pct = f" {100 * done // total}%" if total else ""
            self._progressed.emit(f"正在生成演示数据…{pct}", f"Creating demo data…{pct}")

        progress(0, 0)
        demo.generate(db, "small", 1, progress)

    @Slot()
    def _on_finished(self) -> None:
        self.is_ready = True
        self.ready.emit()


def when_ready(prep: DatabasePrep, fn: Callable[[], object]) -> None:
    """Call fn on the GUI thread once the preparation is done: at once if it already is."""
    if prep.is_ready:
        fn()
    else:
        prep.ready.connect(fn)
