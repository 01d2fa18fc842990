"""A1: two desks giving the same advisor's 5th and 6th discount at the same moment cannot both pass.

Two separate processes (separate connections) give the discount on two work orders at once; each one's
quota count is slowed down so that, without the lock on the advisor's row, both would count 4 and pass.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from tests.helpers.approvals_data import make_work_order, past_grants
from workshop.db.models import DiscountGrant
from workshop.db.uow import Database
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import approvals


def _give(url: str, actor: Actor, work_order_id: int, barrier: Any, results: Any) -> None:
    counted = approvals.week_count

    def slow_count(*args: Any, **kwargs: Any) -> int:
        n = counted(*args, **kwargs)
        time.sleep(0.5)  # widen the window between counting and writing
        return n

    approvals.week_count = slow_count  # type: ignore[assignment]
    db = Database(url, check_location=False)
    try:
        barrier.wait(timeout=30)
        try:
            r = approvals.give_discount(db.uow(), actor, work_order_id, pct="5", reason="老客户")
            results.put(("given", r.week_count))
        except RuleViolation as exc:
            results.put(("refused", exc.en))
    except Exception as exc:  # pragma: no cover - reported to the parent
        results.put(("error", repr(exc)))
    finally:
        db.dispose()


def test_a1_fifth_and_sixth_discount_at_once_only_one_passes(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    past_grants(db, lead, 4)
    orders = [make_work_order(db, lead), make_work_order(db, lead)]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=_give, args=(db.url, lead, wo, barrier, results)) for wo in orders]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=90) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["given", "refused"], outcomes
    given = next(v for k, v in outcomes if k == "given")
    refused = next(v for k, v in outcomes if k == "refused")
    assert given == 5
    assert "6th discounted work order this week; your limit is 5" in str(refused)
    with db.read() as s:
        count = s.scalar(select(func.count()).select_from(DiscountGrant).where(
            DiscountGrant.advisor_id == lead.user_id, DiscountGrant.active.is_(True)))
        assert count == 5
        assert s.scalar(select(func.sum(DiscountGrant.pct))) == Decimal(25)
