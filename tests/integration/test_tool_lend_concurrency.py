"""T2: two desks lending the same tool at the same moment: exactly one succeeds.

Two separate processes (separate connections) lend one tool to two technicians at once. Each one's read of the
tool is slowed down after it is taken, so that without the row lock (SELECT ... FOR UPDATE on PostgreSQL,
BEGIN IMMEDIATE on SQLite) both would see the tool in the crib and both would lend it.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from typing import Any

from sqlalchemy import func, select

from tests.helpers.claims_tools_data import badge_of, make_tool
from tests.helpers.people import make_user
from workshop.db.models import AuditEntry, Tool, ToolLoan
from workshop.db.uow import Database
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import tools


def _lend(url: str, clerk: Actor, badge: str, barrier: Any, results: Any) -> None:
    locked = tools._locked_tool

    def slow_lock(*args: Any, **kwargs: Any) -> Any:
        tool = locked(*args, **kwargs)
        time.sleep(0.5)  # widen the window between reading the tool and writing the loan
        return tool

    tools._locked_tool = slow_lock  # type: ignore[assignment]
    db = Database(url, check_location=False)
    try:
        barrier.wait(timeout=30)
        try:
            loan = tools.lend_tool(db.uow(), clerk, badge, "VAS-6150")
            results.put(("lent", loan.borrower_name))
        except RuleViolation as exc:
            results.put(("refused", exc.en))
    except Exception as exc:  # pragma: no cover - reported to the parent
        results.put(("error", repr(exc)))
    finally:
        db.dispose()


def test_t2_two_desks_lend_same_tool_at_once_exactly_one_succeeds(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "VAS-6150")
    second_clerk = make_user(db, "clerk2", [Role.PARTS_CLERK])
    borrowers = [badge_of(db, people[Role.TECHNICIAN]), badge_of(db, people[Role.TEAM_LEADER])]
    clerks = [people[Role.PARTS_CLERK], second_clerk]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=_lend, args=(db.url, clerk, badge, barrier, results))
             for clerk, badge in zip(clerks, borrowers, strict=True)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=90) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert sorted(kind for kind, _ in outcomes) == ["lent", "refused"], outcomes
    winner = next(v for k, v in outcomes if k == "lent")
    refused = next(v for k, v in outcomes if k == "refused")
    assert f"out with {winner}" in refused
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ToolLoan)) == 1
        assert s.scalar(select(Tool.state).where(Tool.code == "VAS-6150")) == "out"
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "tool.lend")) == 1
