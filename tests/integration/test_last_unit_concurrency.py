"""P8 under contention: desks in separate processes scan the last unit of a part at the same moment, against
PostgreSQL and against one SQLite file. Exactly one issue succeeds; the others are refused with the shortage
sentence; the ledger and on-hand agree and never go below zero. Same for the last unit a line asks for."""

from __future__ import annotations

import multiprocessing as mp
from decimal import Decimal
from typing import Any

from tests.helpers import parts_data as pd
from workshop.db.uow import Database
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Actor, Role

DESKS = 3
ROUNDS = 3


def _desk(url: str, clerk: Actor, jobs: list[tuple[str, str]], barrier: Any, results: Any) -> None:
    """One counter desk: for each round, wait for every desk, then scan at once."""
    from workshop.services import parts_counter

    db = Database(url)
    try:
        for rnd, (wo_number, code) in enumerate(jobs):
            barrier.wait(timeout=60)
            try:
                r = parts_counter.issue_part(db.uow(), clerk, wo_number, code)
                results.put((rnd, "ok", str(r.on_hand_after)))
            except WorkshopError as exc:
                results.put((rnd, type(exc).__name__, exc.zh))
            except Exception as exc:  # anything else is a failure of the test, reported to the parent
                results.put((rnd, "crash", repr(exc)))
    finally:
        db.dispose()


def _race(db: Database, clerk: Actor, jobs_per_desk: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(DESKS)
    results = ctx.Queue()
    desks = [ctx.Process(target=_desk, args=(db.url, clerk, jobs, barrier, results)) for jobs in jobs_per_desk]
    for p in desks:
        p.start()
    outcomes: list[list[tuple[str, str]]] = [[] for _ in range(ROUNDS)]
    for _ in range(DESKS * ROUNDS):
        rnd, status, detail = results.get(timeout=120)
        outcomes[rnd].append((status, detail))
    for p in desks:
        p.join(timeout=60)
        assert p.exitcode == 0
    return outcomes


def test_p8_two_desks_scanning_the_last_unit_exactly_one_succeeds(db: Database, people: dict[Role, Actor]) -> None:
    clerk, advisor = people[Role.PARTS_CLERK], people[Role.ADVISOR]
    parts = [pd.make_part(db, clerk, f"LAST{r:04d}", name="节温器", stock="1", cost="120.00") for r in range(ROUNDS)]
    # each round: one unit in stock, every desk serving a different work order that asks for it
    orders = [[pd.make_work_order(db, advisor, [(parts[r], "1")]) for _ in range(DESKS)] for r in range(ROUNDS)]
    jobs = [[(orders[r][d].number, f"LAST{r:04d}") for r in range(ROUNDS)] for d in range(DESKS)]
    outcomes = _race(db, clerk, jobs)
    for r, got in enumerate(outcomes):
        assert [s for s, _ in got].count("ok") == 1, got
        assert all(s == "RuleViolation" and "库存不足" in d for s, d in got if s != "ok"), got
        part = pd.part(db, parts[r])
        assert part.on_hand == 0 == pd.ledger_sum(db, parts[r])
        issues = [m for m in pd.moves(db, parts[r]) if m.kind == "issue"]
        assert len(issues) == 1 and issues[0].on_hand_after == 0
        issued = [pd.line(db, wo.lines[0]).issued_qty for wo in orders[r]]
        assert sorted(issued) == [Decimal(0)] * (DESKS - 1) + [Decimal(1)]


def test_p2_two_desks_scanning_the_last_unit_a_line_asks_for_exactly_one_succeeds(
    db: Database, people: dict[Role, Actor]
) -> None:
    clerk, advisor = people[Role.PARTS_CLERK], people[Role.ADVISOR]
    part_id = pd.make_part(db, clerk, "LINE0001", name="空调滤芯", stock="50", cost="35.00")
    orders = [pd.make_work_order(db, advisor, [(part_id, "1")]) for _ in range(ROUNDS)]
    jobs = [[(orders[r].number, "LINE0001") for r in range(ROUNDS)] for _ in range(DESKS)]
    outcomes = _race(db, clerk, jobs)
    for r, got in enumerate(outcomes):
        assert [s for s, _ in got].count("ok") == 1, got
        assert all(s == "RuleViolation" and "已发够" in d for s, d in got if s != "ok"), got
        assert pd.line(db, orders[r].lines[0]).issued_qty == 1
    assert pd.part(db, part_id).on_hand == 50 - ROUNDS == pd.ledger_sum(db, part_id)
