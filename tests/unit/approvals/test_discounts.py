"""A1: discounts within the giver's limit apply at once; above it they are refused with the reason."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.helpers.approvals_data import make_work_order, past_grants, work_order
from workshop.db.models import AuditEntry, DiscountGrant
from workshop.db.uow import Database
from workshop.domain.clock import utcnow, week_start
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import approvals

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn

D = Decimal


def test_a1_lead_within_limit_applies_and_is_reported(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead)
    result = approvals.give_discount(db.uow(), lead, wo_id, pct="10", reason="老客户")
    assert (result.discount, result.total, result.week_count) == (D("100.00"), D("900.00"), 1)
    wo = work_order(db, wo_id)
    assert (wo.discount_pct, wo.discount_reason) == (D("10"), "老客户")
    with db.read() as s:
        grant = s.scalars(select(DiscountGrant)).one()
        assert grant.week_start == week_start(utcnow())
        assert grant.approval_id is None
        assert grant.amount == D("100.00")  # the money off, for the director's report
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "discount.give")).one()
        assert json.loads(audit.summary)["reason"] == "老客户"


def test_a1_eleven_percent_refused_with_sentence(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead)
    with pytest.raises(RuleViolation) as exc:
        approvals.give_discount(db.uow(), lead, wo_id, pct="11", reason="老客户")
    assert "11% 超过您的 10% 上限" in exc.value.zh
    assert "11% is above your 10%" in exc.value.en
    assert "workshop manager" in exc.value.en
    assert work_order(db, wo_id).discount_pct == 0
    with db.read() as s:
        assert s.scalars(select(DiscountGrant)).all() == []


def test_a1_amount_counts_as_its_share_of_the_gross(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead)
    with pytest.raises(RuleViolation, match=r"10\.01% is above your 10%"):
        approvals.give_discount(db.uow(), lead, wo_id, amount="100.10", reason="老客户")
    result = approvals.give_discount(db.uow(), lead, wo_id, amount="100", reason="老客户")
    assert result.total == D("900.00")


def test_a1_sixth_discount_in_a_week_refused(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    past_grants(db, lead, 5)
    wo_id = make_work_order(db, lead)
    with pytest.raises(RuleViolation) as exc:
        approvals.give_discount(db.uow(), lead, wo_id, pct="5", reason="老客户")
    assert "本周第 6 张打折工单，您的上限是 5 张" in exc.value.zh
    assert "6th discounted work order this week; your limit is 5" in exc.value.en


def test_a1_changing_a_discount_on_the_same_order_is_not_another_order(
        db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    past_grants(db, lead, 4)
    wo_id = make_work_order(db, lead)
    approvals.give_discount(db.uow(), lead, wo_id, pct="5", reason="老客户")
    result = approvals.give_discount(db.uow(), lead, wo_id, pct="8", reason="老客户，再让一点")
    assert result.week_count == 5
    with db.read() as s:
        active = s.scalars(select(DiscountGrant).where(DiscountGrant.work_order_id == wo_id,
                                                       DiscountGrant.active.is_(True))).all()
        assert [g.pct for g in active] == [D("8")]


def test_a1_ordinary_advisor_needs_approval_by_default(db: Database, people: dict[Role, Actor]) -> None:
    advisor = people[Role.ADVISOR]
    wo_id = make_work_order(db, advisor)
    with pytest.raises(RuleViolation, match="may not give discounts yourself"):
        approvals.give_discount(db.uow(), advisor, wo_id, pct="5", reason="老客户")


def test_a1_reason_is_required_and_kind_checked(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead)
    with pytest.raises(InvalidInput):
        approvals.give_discount(db.uow(), lead, wo_id, pct="5", reason="  ")
    with pytest.raises(InvalidInput):
        approvals.give_discount(db.uow(), lead, wo_id, pct="5", amount="10", reason="x")
    accident = make_work_order(db, lead, kind="accident")
    with pytest.raises(RuleViolation, match="accident jobs go by margin"):
        approvals.give_discount(db.uow(), lead, accident, pct="5", reason="老客户")
