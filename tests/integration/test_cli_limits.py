"""A3 from the command line: `workshop limits list|set` logs in (issue 18) and goes through the limits service."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.helpers.clock import ShopClock
from tests.helpers.people import PASSWORD
from workshop.cli import main
from workshop.db.models import AuditEntry, LimitSetting
from workshop.db.uow import Database
from workshop.domain.clock import SHOP_TZ
from workshop.domain.roles import Actor, Role

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=SHOP_TZ)
SET = ["limits", "set", "front_desk_lead", "max_discount_pct", "12.5", "--from", "2026-03-12"]


def _run(db: Database, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--lang", "en", "--db", db.url, *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def _limit_rows(db: Database) -> list[tuple[str, str, Decimal, datetime]]:
    with db.read() as s:
        return [(r.role, r.key, Decimal(r.value), r.effective_from) for r in s.scalars(select(LimitSetting))]


def test_a3_cli_limits_set_logs_in_and_is_audited_as_that_user(
        db: Database, people: dict[Role, Actor], shop_clock: ShopClock, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shop_clock.move_to(NOW)
    monkeypatch.delenv("WORKSHOP_PASSWORD", raising=False)
    code, said = _run(db, SET, capsys)
    assert code == 2 and "--user" in said and _limit_rows(db) == []
    monkeypatch.setenv("WORKSHOP_PASSWORD", "not-the-password")
    code, said = _run(db, [*SET, "--user", "service_director"], capsys)
    assert code == 2 and "Wrong user name or password" in said and _limit_rows(db) == []
    monkeypatch.setenv("WORKSHOP_PASSWORD", PASSWORD)
    code, said = _run(db, [*SET, "--user", "advisor"], capsys)  # logged in, but may not set limits
    assert code == 2 and _limit_rows(db) == []
    code, said = _run(db, [*SET, "--user", "service_director"], capsys)
    assert code == 0, said
    (row,) = _limit_rows(db)
    assert row[:3] == ("front_desk_lead", "max_discount_pct", Decimal("12.5"))
    assert row[3] == datetime(2026, 3, 12, tzinfo=SHOP_TZ)
    with db.read() as s:
        audit = s.execute(select(AuditEntry.user_id).where(AuditEntry.action == "limit.set")).scalar_one()
    assert audit == people[Role.SERVICE_DIRECTOR].user_id
    code, said = _run(db, ["limits", "list", "--format", "csv"], capsys)
    assert code == 0 and "front_desk_lead,max_discount_pct,12.5" in said and "2026-03-12 00:00" in said
    assert "front_desk_lead,max_discount_pct,10,default" in said


@pytest.mark.parametrize("args, sentence", [
    (["front_desk_lead", "max_discount_pct", "12", "--from", "2026-03-01"], "before today"),
    (["front_desk_lead", "max_discount_pct", "12", "--from", "12/03/2026"], "must be YYYY-MM-DD"),
    (["front_desk_lead", "max_discount_pct", "abc"], ""),
    (["no_such_role", "max_discount_pct", "12"], "Unknown role"),
])
def test_a3_cli_limits_set_refuses_bad_input_with_a_sentence_and_writes_nothing(
        args: list[str], sentence: str, db: Database, people: dict[Role, Actor], shop_clock: ShopClock,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shop_clock.move_to(NOW)
    monkeypatch.setenv("WORKSHOP_PASSWORD", PASSWORD)
    code, said = _run(db, ["limits", "set", *args, "--user", "service_director"], capsys)
    assert code == 2 and sentence in said and _limit_rows(db) == []
