"""Issue 22, the GUI's start as its user sees it (ui/app.py DeskStart, ui/db_prep.py): the login window first,
before SQLAlchemy is imported; the database opened on a background thread while the user types; Enter before
it is ready waits ("正在连接数据库…") and then logs in; a database that cannot be opened says why in the login
window, and nothing hangs."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QDialog
from sqlalchemy import text

from tests.helpers.people import PASSWORD
from ui import db_prep
from ui.app import DeskStart
from ui.login import CONNECTING, FirstAdminDialog
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.failures import sentence_for

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # windows are shown offscreen

PREP_TIMEOUT_MS = 60_000

# The real start in a fresh interpreter: is SQLAlchemy imported when the login window is shown (at the moment
# the background preparation starts, right after it shows)? Then the user types and logs in.
START_SCRIPT = r"""
import json, sys
from ui import db_prep
from ui.app import DeskStart, setup_app
from ui.typist import type_into

seen = {}
real_start = db_prep.DatabasePrep.start

def start(self):
    seen["sqlalchemy_when_shown"] = "sqlalchemy" in sys.modules
    seen["workshop_db_when_shown"] = sorted(m for m in sys.modules if m.startswith("workshop.db"))
    seen["visible"] = desk.login.isVisible()
    real_start(self)

db_prep.DatabasePrep.start = start
app = setup_app("zh")
desk = DeskStart(sys.argv[1], "zh", daily_backup=False)

def opened():
    seen["user"] = desk.session.window.ctx.actor.username
    app.quit()

desk.opened.connect(opened)
desk.begin()
type_into(desk.login, [(desk.login.username, "advisor"), (desk.login.password, sys.argv[2])], seconds=0.3)
app.exec()
print(json.dumps(seen))
"""


@pytest.fixture
def desks(qtbot) -> Iterator[list[DeskStart]]:  # type: ignore[no-untyped-def]
    """The DeskStarts of a test: their windows closed and their databases disposed afterwards."""
    made: list[DeskStart] = []
    yield made
    for desk in made:
        desk.prep.wait_done(30)
        qtbot.waitUntil(lambda desk=desk: desk.prep.is_ready, timeout=PREP_TIMEOUT_MS)
        session = desk.session
        if session is not None:
            session.idle_timer.stop()
            if session.window is not None:
                session._logging_out = True
                session.window.close()
        if shiboken6.isValid(desk.login):  # deleted by the session once the login went through
            desk.login.close()
        if desk.prep.db is not None:
            desk.prep.db.dispose()


def _desk(qtbot, desks: list[DeskStart], url: str) -> DeskStart:  # type: ignore[no-untyped-def]
    desk = DeskStart(url, "zh", daily_backup=False)
    desks.append(desk)
    desk.begin()
    return desk


def _ready(qtbot, desk: DeskStart) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: desk.prep.is_ready, timeout=PREP_TIMEOUT_MS)


def test_i22_login_window_shows_before_sqlalchemy_is_imported(db: Database, people: dict[Role, Actor],
                                                             tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKSHOP_LOG_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", START_SCRIPT, db.url, PASSWORD], capture_output=True, text=True,
                         env=env, timeout=180, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["visible"] is True
    assert seen["sqlalchemy_when_shown"] is False and seen["workshop_db_when_shown"] == []
    assert seen["user"] == "advisor"  # typed into the real login window after the background preparation


def test_i22_login_works_after_the_background_preparation(qtbot, desks: list[DeskStart],  # type: ignore[no-untyped-def]
                                                           db: Database, people: dict[Role, Actor]) -> None:
    desk = _desk(qtbot, desks, db.url)
    assert desk.login.isVisible()
    _ready(qtbot, desk)
    assert desk.prep.error is None and desk.prep.db is not None and not desk.prep.needs_first_admin
    desk.login.username.setText("advisor")
    desk.login.password.setText(PASSWORD)
    desk.login.try_login()
    assert desk.session is not None and desk.session.window is not None
    assert desk.session.window.ctx.actor.username == "advisor"
    assert desk.session.window.current_key == "front_desk"


def test_i22_the_modules_are_frozen_out_of_the_collections_once_the_database_is_ready(  # type: ignore[no-untyped-def]
        qtbot, desks: list[DeskStart], db: Database, people: dict[Role, Actor]) -> None:
    """A full collection walked every object of SQLAlchemy, the mapped classes, Qt's wrappers and pyqtgraph
    (~140 ms on the GUI thread, whenever the oldest generation came due); once the database is ready behind the
    login window they are moved to the permanent generation, so the session's collections skip them."""
    gc.unfreeze()
    desk = _desk(qtbot, desks, db.url)
    _ready(qtbot, desk)
    assert desk.prep.error is None and gc.get_freeze_count() > 10_000


def test_i22_enter_before_the_database_is_ready_waits_then_logs_in(  # type: ignore[no-untyped-def]
        qtbot, desks: list[DeskStart], db: Database, people: dict[Role, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_open = db_prep.open_database

    def slow_open(url: str | None) -> Database:
        assert release.wait(60)
        return real_open(url)

    monkeypatch.setattr(db_prep, "open_database", slow_open)
    desk = _desk(qtbot, desks, db.url)
    login = desk.login
    login.username.setText("advisor")
    login.password.setText(PASSWORD)
    login.try_login()  # Enter while the database is still being opened
    assert login.waiting and desk.session is None
    assert login.status.isVisibleTo(login) and login.status.text() == CONNECTING[0]
    assert not login.ok_button.isEnabled() and login.password.isReadOnly() and login.username.isReadOnly()
    qtbot.wait(50)
    assert not desk.prep.is_ready and desk.session is None  # still waiting, the window alive
    release.set()
    qtbot.waitUntil(lambda: desk.session is not None and desk.session.window is not None, timeout=PREP_TIMEOUT_MS)
    assert desk.session is not None and desk.session.window is not None
    assert desk.session.window.ctx.actor.username == "advisor"
    assert not login.waiting


def test_i22_wrong_password_is_still_refused(qtbot, desks: list[DeskStart],  # type: ignore[no-untyped-def]
                                            db: Database, people: dict[Role, Actor]) -> None:
    desk = _desk(qtbot, desks, db.url)
    _ready(qtbot, desk)
    desk.login.username.setText("advisor")
    desk.login.password.setText("nope-nope")
    desk.login.try_login()
    assert desk.session is None and desk.login.actor is None
    assert "不正确" in desk.login.error.text() and desk.login.password.text() == ""
    desk.login.password.setText(PASSWORD)
    desk.login.try_login()
    assert desk.session is not None and desk.login.actor is not None


def test_s1_a_new_database_asks_for_its_administrator_before_the_login(  # type: ignore[no-untyped-def]
        qtbot, desks: list[DeskStart], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.app
    import ui.setup_wizard

    created: list[str] = []

    def fill_in(dialog: FirstAdminDialog) -> QDialog.DialogCode:  # the person at the desk, in the modal dialog
        dialog.display.setText("管理员")
        dialog.password.setText(PASSWORD)
        dialog.password2.setText(PASSWORD)
        dialog.create_admin()
        created.append(dialog.username.text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ui.app.FirstAdminDialog, "exec", fill_in)
    monkeypatch.setattr(ui.setup_wizard, "first_start_setup", lambda *_args: None)
    desk = _desk(qtbot, desks, f"sqlite:///{tmp_path / 'new-shop.sqlite'}")
    login = desk.login
    login.username.setText("admin")
    login.password.setText(PASSWORD)
    login.try_login()  # Enter while the new database is still being created
    assert login.waiting
    _ready(qtbot, desk)
    assert created == ["admin"] and not desk.prep.needs_first_admin
    assert login.isVisible() and desk.session is None and not login.waiting  # the login again, not a refusal
    assert login.username.text() == "admin" and login.error.text() == ""
    login.try_login()
    assert desk.session is not None and desk.session.window is not None
    assert desk.session.window.ctx.actor.username == "admin"


def _newer_schema(tmp_path: Path, template: Database) -> str:
    path = tmp_path / "newer.sqlite"
    template.dispose()
    shutil.copyfile(template.url.removeprefix("sqlite:///"), path)
    newer = Database(f"sqlite:///{path}")
    with newer.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    newer.dispose()
    return f"sqlite:///{path}"


def _bad_urls(tmp_path: Path, db: Database) -> dict[str, tuple[str, str]]:
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"this is not a database file\x00" * 512)
    folder = tmp_path / "a-folder.sqlite"
    folder.mkdir()
    return {
        "damaged": (f"sqlite:///{damaged}", ""),
        "folder": (f"sqlite:///{folder}", ""),
        "unsupported": ("mysql://someone@127.0.0.1/shop", "不支持的数据库"),
        "newer schema": (_newer_schema(tmp_path, db), "比本程序新"),
        "postgresql down": ("postgresql+psycopg://postgres@127.0.0.1:1/shop", "无法连接数据库"),
    }


@pytest.mark.parametrize("case", ["damaged", "folder", "unsupported", "newer schema", "postgresql down"])
def test_i22_a_database_that_cannot_be_opened_says_why_in_the_login_window(  # type: ignore[no-untyped-def]
        qtbot, desks: list[DeskStart], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str,
        sqlite_db: Database) -> None:
    monkeypatch.setenv("WORKSHOP_LOG_DIR", str(tmp_path / "log"))
    url, words = _bad_urls(tmp_path, sqlite_db)[case]
    with pytest.raises(Exception) as refused:  # what the start said before the login window came first
        db_prep.open_database(url).dispose()
    exc = refused.value
    expected_zh, expected_en = sentence_for(exc, "zh", "gui start"), sentence_for(exc, "en", "gui start")
    desk = _desk(qtbot, desks, url)
    _ready(qtbot, desk)  # never a hang: the thread ends with the sentence
    login = desk.login
    assert login.isVisible() and login.error.text() == expected_zh and words in expected_zh
    assert "Traceback" not in expected_zh and "sqlalchemy" not in expected_zh.lower()
    assert not login.ok_button.isEnabled() and login.quit_button.isEnabled()
    assert desk.exit_code == 2 and desk.prep.db is None
    login.try_login()  # Enter again: the same sentence, no login, nothing waiting
    assert login.error.text() == expected_zh and desk.session is None and not login.waiting
    login.language.setCurrentIndex(1)
    assert login.error.text() == expected_en


@pytest.fixture
def sqlite_db(tmp_path: Path, template_dir: Path) -> Iterator[Database]:
    from tests.helpers import dbs

    database = dbs.new_sqlite(tmp_path, template_dir)
    try:
        yield database
    finally:
        database.dispose()
