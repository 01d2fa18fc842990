"""Issue 22: the CLI runs its service calls with the runner's retry of transient lock errors (in_uow): a command
that meets a locked database once still saves, once; one that stays locked says so in a sentence."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from tests.helpers.people import PASSWORD
from workshop.cli import main
from workshop.db import retry
from workshop.db.settings_store import get_setting
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import settings


def _locked() -> OperationalError:
    return OperationalError("UPDATE settings", {}, sqlite3.OperationalError("database is locked"))


def _flaky(real: Callable[..., Any], failures: int, calls: list[int]) -> Callable[..., Any]:
    def service(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= failures:
            raise _locked()
        return real(*args, **kwargs)
    return service


def test_changes_cli_service_call_is_retried_after_a_transient_lock(
        db: Database, people: dict[Role, Actor], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(settings, "set_setting", _flaky(settings.set_setting, 1, calls))
    monkeypatch.setenv("WORKSHOP_PASSWORD", PASSWORD)
    code = main(["--lang", "en", "--db", db.url, "settings", "set", "shop_name", "重试店", "--user", "admin"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert len(calls) == 2
    with db.read() as s:
        assert get_setting(s, "shop_name") == "重试店"


def test_changes_in_uow_gives_up_with_a_sentence(db: Database, people: dict[Role, Actor]) -> None:
    calls: list[int] = []
    service = _flaky(settings.set_setting, 99, calls)
    with pytest.raises(retry.DatabaseBusy) as info:  # about a second of backing off
        retry.in_uow(db, service, people[Role.ADMIN], "shop_name", "x")
    assert len(calls) == retry.ATTEMPTS and info.value.zh.endswith("。")
