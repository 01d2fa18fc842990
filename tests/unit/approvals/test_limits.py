"""A3: limits per role with the date they take effect; re-checked at settlement; past decisions keep theirs."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.helpers.approvals_data import limit_row, make_work_order
from tests.unit.approvals.test_settlement_check import settle_check
from workshop.db.models import Approval, AuditEntry
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import approvals, limits

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn

D = Decimal


def test_a3_limit_in_force_follows_effective_dates(db: Database, people: dict[Role, Actor]) -> None:
    now = utcnow()
    lead = Role.FRONT_DESK_LEAD
    with db.read() as s:
        assert limits.limit_in_force(s, lead, "max_discount_pct", now) == D(10)  # SPEC default
        assert limits.claim_director_threshold(s, now) == D(5000)
    limit_row(db, lead, "max_discount_pct", "8", now - timedelta(days=30))
    limit_row(db, lead, "max_discount_pct", "12", now - timedelta(days=3))
    limit_row(db, lead, "max_discount_pct", "6", now + timedelta(days=3))
    with db.read() as s:
        assert limits.limit_in_force(s, lead, "max_discount_pct", now - timedelta(days=40)) == D(10)
        assert limits.limit_in_force(s, lead, "max_discount_pct", now - timedelta(days=10)) == D(8)
        assert limits.limit_in_force(s, lead, "max_discount_pct", now) == D(12)
        assert limits.limit_in_force(s, lead, "max_discount_pct", now + timedelta(days=4)) == D(6)
        assert limits.policy_limits(s, now).max_discount_pct[lead] == D(12)


def test_a3_set_limit_is_audited_and_needs_the_permission(db: Database, people: dict[Role, Actor]) -> None:
    director = people[Role.SERVICE_DIRECTOR]
    row = limits.set_limit(db.uow(), director, Role.FRONT_DESK_LEAD, "discounts_per_week", "3")
    assert row.value == D(3)
    with db.read() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "limit.set")).one()
        summary = json.loads(audit.summary)
        assert (summary["before"], summary["after"], summary["key"]) == ("5", "3", "discounts_per_week")
    with pytest.raises(PermissionDenied):
        limits.set_limit(db.uow(), people[Role.FRONT_DESK_LEAD], Role.FRONT_DESK_LEAD, "max_discount_pct", "50")
    with pytest.raises(RuleViolation, match="before today"):
        limits.set_limit(db.uow(), director, Role.FRONT_DESK_LEAD, "max_discount_pct", "5",
                         utcnow() - timedelta(days=2))
    with pytest.raises(InvalidInput):
        limits.set_limit(db.uow(), director, Role.FRONT_DESK_LEAD, "max_discount_pct", "120")
    with pytest.raises(InvalidInput):
        limits.set_limit(db.uow(), director, Role.FRONT_DESK_LEAD, "nonsense", "1")
    future = limits.set_limit(db.uow(), people[Role.ADMIN], Role.WORKSHOP_MANAGER, "approve_up_to_pct", "25",
                              utcnow() + timedelta(days=7))
    assert future.effective_from is not None


def test_a3_advisor_limit_is_a_setting(db: Database, people: dict[Role, Actor]) -> None:
    advisor = people[Role.ADVISOR]
    limits.set_limit(db.uow(), people[Role.SERVICE_DIRECTOR], Role.ADVISOR, "max_discount_pct", "5")
    limits.set_limit(db.uow(), people[Role.SERVICE_DIRECTOR], Role.ADVISOR, "discounts_per_week", "2")
    wo_id = make_work_order(db, advisor)
    assert approvals.give_discount(db.uow(), advisor, wo_id, pct="5", reason="老客户").week_count == 1


def test_a3_request_goes_to_the_lowest_covering_role(db: Database, people: dict[Role, Actor]) -> None:
    advisor = people[Role.ADVISOR]
    limits.set_limit(db.uow(), people[Role.SERVICE_DIRECTOR], Role.FRONT_DESK_LEAD, "approve_up_to_pct", "8")
    small = approvals.request_discount_approval(db.uow(), advisor, make_work_order(db, advisor), pct="5",
                                                reason="老客户")
    mid = approvals.request_discount_approval(db.uow(), advisor, make_work_order(db, advisor), pct="12",
                                              reason="老客户")
    big = approvals.request_discount_approval(db.uow(), advisor, make_work_order(db, advisor), pct="21",
                                              reason="老客户")
    assert [r.required_role for r in (small, mid, big)] == ["front_desk_lead", "workshop_manager",
                                                            "service_director"]
    approvals.decide(db.uow(), people[Role.FRONT_DESK_LEAD], small.id, True)
    with pytest.raises(PermissionDenied):
        approvals.decide(db.uow(), people[Role.FRONT_DESK_LEAD], mid.id, True)
    approvals.decide(db.uow(), people[Role.WORKSHOP_MANAGER], mid.id, True)


def test_a3_changed_limit_is_rechecked_at_settlement(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead)
    approvals.give_discount(db.uow(), lead, wo_id, pct="10", reason="老客户")
    limits.set_limit(db.uow(), people[Role.SERVICE_DIRECTOR], Role.FRONT_DESK_LEAD, "max_discount_pct", "8")
    with pytest.raises(RuleViolation) as exc:
        settle_check(db, lead, wo_id)
    assert "10% is above your 8%" in exc.value.en
    assert "10% 超过您的 8% 上限" in exc.value.zh


def test_a3_past_decision_keeps_its_limit(db: Database, people: dict[Role, Actor]) -> None:
    lead, manager = people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    wo_id = make_work_order(db, lead)
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, pct="18", reason="老客户")
    approvals.decide(db.uow(), manager, req.id, True, "同意")
    limits.set_limit(db.uow(), people[Role.SERVICE_DIRECTOR], Role.WORKSHOP_MANAGER, "approve_up_to_pct", "10")
    limits.set_limit(db.uow(), people[Role.SERVICE_DIRECTOR], Role.FRONT_DESK_LEAD, "max_discount_pct", "5")
    settle_check(db, lead, wo_id)  # approved under the 20% that applied then
    with db.read() as s:
        row = s.get(Approval, req.id)
        assert row is not None
        info = approvals.approval_info(s, row)
    assert info.details["decided_with_limits"]["approve_up_to_pct"]["workshop_manager"] == "20"
    # a new request of the same size now goes to the director
    other = make_work_order(db, lead)
    again = approvals.request_discount_approval(db.uow(), lead, other, pct="18", reason="老客户")
    assert again.required_role == Role.SERVICE_DIRECTOR.value
