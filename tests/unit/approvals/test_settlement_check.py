"""A1-A4 at settlement: check_before_settlement, the function settlement calls in its transaction."""

from __future__ import annotations

import pytest

from tests.helpers.approvals_data import make_work_order
from workshop.db.models import WorkOrder
from workshop.db.uow import Database
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import approvals

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def settle_check(db: Database, actor: Actor, wo_id: int) -> None:
    uow = db.uow()
    with uow:
        wo = uow.session.get(WorkOrder, wo_id)
        assert wo is not None
        approvals.check_before_settlement(uow, actor, wo)


def test_a4_plain_order_without_discount_passes(db: Database, people: dict[Role, Actor]) -> None:
    wo_id = make_work_order(db, people[Role.ADVISOR])
    settle_check(db, people[Role.ADVISOR], wo_id)  # raises nothing


def test_a1_discount_within_limit_passes_settlement(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead)
    approvals.give_discount(db.uow(), lead, wo_id, pct="10", reason="老客户")
    settle_check(db, lead, wo_id)


def test_a1_discount_written_around_the_rules_blocks_settlement(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead)
    uow = db.uow()
    with uow:
        wo = uow.session.get(WorkOrder, wo_id)
        assert wo is not None
        wo.discount_pct = 5  # type: ignore[assignment]
        uow.commit()
    with pytest.raises(RuleViolation, match="not given or approved"):
        settle_check(db, lead, wo_id)


def test_a4_settlement_service_refuses_while_pending_then_settles(db: Database, people: dict[Role, Actor]) -> None:
    from workshop.services import front_desk

    lead, manager = people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    wo_id = make_work_order(db, lead)
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, pct="15", reason="老客户")
    with db.read() as s:
        wo = s.get(WorkOrder, wo_id)
        assert wo is not None
        number = wo.number
    with pytest.raises(RuleViolation, match="waiting"):
        front_desk.settle_work_order(db.uow(), lead, number)
    approvals.decide(db.uow(), manager, req.id, True)
    info = front_desk.settle_work_order(db.uow(), lead, number)
    assert info.state == "settled"
    with db.read() as s:
        wo = s.get(WorkOrder, wo_id)
        assert wo is not None
        assert (wo.total, wo.cost_total) == (850, 290)  # A5: the same totals as on screen
