"""W5 under contention: terminals in separate processes clock the same technician on at the same moment
(different jobs), against PostgreSQL and one SQLite file. Exactly one clock opens; the others are refused with a
sentence; never two open clocks."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

from sqlalchemy import func, select

from tests.helpers.clock_data import MORNING, badge_of, two_job_order
from tests.helpers.front_desk_data import OIL_CHANGE
from workshop.db.models import JobClock
from workshop.db.uow import Database
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, job_clock, workshop_floor

TERMINALS = 3


def _terminal(url: str, badge: str, number: str, line_id: int, barrier: Any, results: Any) -> None:
    db = Database(url)
    try:
        barrier.wait(timeout=60)
        try:
            job_clock.clock_on(db.uow(), badge, number, line_id, now=MORNING)
            results.put(("ok", ""))
        except WorkshopError as exc:
            results.put((type(exc).__name__, exc.zh))
        except Exception as exc:  # reported to the parent: a crash fails the test
            results.put(("crash", repr(exc)))
    finally:
        db.dispose()


def test_w5_two_terminals_clocking_the_same_technician_never_open_two_clocks(
        db: Database, people: dict[Role, Actor]) -> None:
    shop, wo = two_job_order(db, people)
    wo = front_desk.add_labor_line(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version,
                                   operation_code=OIL_CHANGE, description="检查底盘")
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)
    badge = badge_of(db, people[Role.TECHNICIAN])
    ctx = mp.get_context("spawn")
    for _ in range(2):  # two rounds: the second after the first clock stopped
        barrier, results = ctx.Barrier(TERMINALS), ctx.Queue()
        procs = [ctx.Process(target=_terminal, args=(db.url, badge, wo.number, line.id, barrier, results))
                 for line in wo.labor_lines[:TERMINALS]]
        for p in procs:
            p.start()
        outcomes = [results.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
            assert p.exitcode == 0
        assert sorted(o[0] for o in outcomes) == ["RuleViolation"] * (TERMINALS - 1) + ["ok"], outcomes
        assert all("计时" in zh or "另一台终端" in zh for status, zh in outcomes if status != "ok")
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(JobClock).where(JobClock.ended_at.is_(None))) == 1
        job_clock.clock_off(db.uow(), badge, now=MORNING)
