"""GUI tests: an AppContext on the test database, errors collected instead of shown in message boxes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from ui.context import AppContext
from ui.operations import Operations
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role


@pytest.fixture
def make_ctx(qtbot: object, db: Database, people: dict[Role, Actor]) -> Callable[[Role], AppContext]:
    def make(role: Role) -> AppContext:
        ops = Operations("zh")
        ops.show_errors = False
        return AppContext(db=db, actor=people[role], ops=ops, lang="zh")

    return make


@pytest.fixture
def written_boxes() -> list[object]:
    """The "saved to …" messages shown during a test, in order."""
    return []


@pytest.fixture(autouse=True)
def saved_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                written_boxes: list[object]) -> list[str]:
    """The user accepts the proposed file name, in a temporary folder: no file dialog blocks a test. The
    proposed names are collected."""
    from ui.widgets import save_pdf

    folder = tmp_path_factory.mktemp("saved")
    proposed: list[str] = []

    def accept(_parent: object, _ctx: object, _title: str, file_name: str, _filter: str = "") -> object:
        proposed.append(file_name)
        return folder / save_pdf.safe_file_name(file_name)

    monkeypatch.setattr(save_pdf, "ask_save_path", accept)
    monkeypatch.setattr(save_pdf, "present", written_boxes.append)
    return proposed


@pytest.fixture(autouse=True)
def _desk_settings_in_tmp(tmp_path, monkeypatch) -> None:
    """Window geometry and column widths of the tests go to a temporary folder, never the user's own."""
    monkeypatch.setenv("WORKSHOP_SETTINGS_DIR", str(tmp_path / "desk-settings"))


@pytest.fixture(autouse=True)
def _background_work_finished() -> Iterator[None]:
    """After each test, the reads and jobs still running on the worker threads finish before the next test
    empties the database: a read left running holds its table locks against the TRUNCATE (on PostgreSQL a
    deadlock) and would write into the next test's rows."""
    yield
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(60_000), "background work still running after 60 s"
    for thread in threading.enumerate():
        if thread.name == "workshop-db-prep":
            thread.join(60)
