"""GUI tests: an AppContext on the test database, errors collected instead of shown in message boxes."""

from __future__ import annotations

from collections.abc import Callable

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


@pytest.fixture(autouse=True)
def _desk_settings_in_tmp(tmp_path, monkeypatch) -> None:
    """Window geometry and column widths of the tests go to a temporary folder, never the user's own."""
    monkeypatch.setenv("WORKSHOP_SETTINGS_DIR", str(tmp_path / "desk-settings"))
