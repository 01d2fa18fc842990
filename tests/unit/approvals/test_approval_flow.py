"""A2 and A4: margin approvals for accident jobs; approvals are records, pending blocks, nobody approves
their own request, a refusal says why."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.helpers.approvals_data import make_work_order, past_grants, work_order
from tests.helpers.people import make_user
from tests.unit.approvals.test_settlement_check import settle_check
from workshop.db.models import Approval, AuditEntry, DiscountGrant, PartLine
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.clock import SHOP_TZ
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import approvals

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn

D = Decimal
LOW_MARGIN = {"labor": [("1", "100", "钣喷")], "parts": [("1", "400", "350")]}  # 500 revenue, 405 cost: 19%


def test_a2_margin_at_30_or_more_lead_settles(db: Database, people: dict[Role, Actor]) -> None:
    lead, advisor = people[Role.FRONT_DESK_LEAD], people[Role.ADVISOR]
    wo_id = make_work_order(db, advisor, kind="accident")  # 71% margin
    settle_check(db, lead, wo_id)  # the lead settling it is the lead's approval
    with pytest.raises(RuleViolation, match="front-desk lead's approval"):
        settle_check(db, advisor, wo_id)
    req = approvals.request_margin_approval(db.uow(), advisor, wo_id, "保险公司定损价")
    assert req.required_role == Role.FRONT_DESK_LEAD.value
    assert req.details["margin_pct"] == "71.00"
    approvals.decide(db.uow(), lead, req.id, True)
    settle_check(db, advisor, wo_id)


def test_a2_margin_below_30_needs_the_director_with_reason(db: Database, people: dict[Role, Actor]) -> None:
    lead, director = people[Role.FRONT_DESK_LEAD], people[Role.SERVICE_DIRECTOR]
    wo_id = make_work_order(db, lead, kind="accident", **LOW_MARGIN)  # type: ignore[arg-type]
    with pytest.raises(RuleViolation, match="below 30%"):
        settle_check(db, lead, wo_id)
    with pytest.raises(InvalidInput):
        approvals.request_margin_approval(db.uow(), lead, wo_id, "")
    req = approvals.request_margin_approval(db.uow(), lead, wo_id, "保险公司只认原厂价的 80%")
    assert req.required_role == Role.SERVICE_DIRECTOR.value
    assert req.details["margin_pct"] == "19.00"
    with pytest.raises(RuleViolation, match="waiting"):
        settle_check(db, lead, wo_id)
    other_lead = make_user(db, "lead2", [Role.FRONT_DESK_LEAD])
    with pytest.raises(PermissionDenied):
        approvals.decide(db.uow(), other_lead, req.id, True)
    approvals.decide(db.uow(), director, req.id, True, "同意")
    settle_check(db, lead, wo_id)


def test_a2_margin_worse_than_approved_asks_again(db: Database, people: dict[Role, Actor]) -> None:
    lead, director = people[Role.FRONT_DESK_LEAD], people[Role.SERVICE_DIRECTOR]
    wo_id = make_work_order(db, lead, kind="accident", **LOW_MARGIN)  # type: ignore[arg-type]
    req = approvals.request_margin_approval(db.uow(), lead, wo_id, "定损价低")
    approvals.decide(db.uow(), director, req.id, True)
    uow = db.uow()
    with uow:
        line = uow.session.scalars(select(PartLine).where(PartLine.work_order_id == wo_id)).one()
        line.issued_cost = D("380")
        uow.commit()
    with pytest.raises(RuleViolation, match=r"margin fell from 19 %"):
        settle_check(db, lead, wo_id)


def test_a4_request_and_decision_are_records(db: Database, people: dict[Role, Actor]) -> None:
    lead, manager = people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    past_grants(db, lead, 2)
    wo_id = make_work_order(db, lead)
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, pct="15", reason="车主是老客户，投诉过")
    assert req.state == "pending" and req.required_role == Role.WORKSHOP_MANAGER.value
    assert req.requested_by == lead.user_id and req.reason == "车主是老客户，投诉过"
    assert (req.details["discount"], req.details["total_after"], req.details["week_count_before"]) == (
        "150.00", "850.00", 2)
    assert req.details["margin_pct_after"] == "65.88"  # (850 - 290) / 850
    assert req.details["limits"]["max_discount_pct"]["front_desk_lead"] == "10"
    decided = approvals.decide(db.uow(), manager, req.id, True, "可以")
    assert (decided.state, decided.decided_by, decided.decision_reason) == ("approved", manager.user_id, "可以")
    assert decided.decided_at is not None
    wo = work_order(db, wo_id)
    assert wo.discount_pct == D(15)
    with db.read() as s:
        grant = s.scalars(select(DiscountGrant).where(DiscountGrant.work_order_id == wo_id)).one()
        assert grant.approval_id == req.id and grant.advisor_id == lead.user_id
        actions = set(s.scalars(select(AuditEntry.action)))
        assert {"approval.request", "approval.decide"} <= actions
    settle_check(db, lead, wo_id)
    with pytest.raises(RuleViolation, match="already been decided"):
        approvals.decide(db.uow(), manager, req.id, False, "改主意")


def test_a4_pending_blocks_settlement_and_new_discounts(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead)
    approvals.request_discount_approval(db.uow(), lead, wo_id, pct="15", reason="老客户")
    with pytest.raises(RuleViolation, match="nothing proceeds until it is decided"):
        settle_check(db, lead, wo_id)
    with pytest.raises(RuleViolation, match="waiting"):
        approvals.give_discount(db.uow(), lead, wo_id, pct="5", reason="老客户")


def test_a4_nobody_approves_their_own_request(db: Database, people: dict[Role, Actor]) -> None:
    boss = make_user(db, "boss", [Role.FRONT_DESK_LEAD, Role.SERVICE_DIRECTOR])
    wo_id = make_work_order(db, boss)
    req = approvals.request_discount_approval(db.uow(), boss, wo_id, pct="25", reason="老客户")
    assert req.required_role == Role.SERVICE_DIRECTOR.value
    with pytest.raises(PermissionDenied, match="Nobody approves their own request"):
        approvals.decide(db.uow(), boss, req.id, True)
    approvals.decide(db.uow(), people[Role.SERVICE_DIRECTOR], req.id, True)


def test_a4_refusal_needs_a_reason_and_the_order_stays_undiscounted(
        db: Database, people: dict[Role, Actor]) -> None:
    lead, director = people[Role.FRONT_DESK_LEAD], people[Role.SERVICE_DIRECTOR]
    wo_id = make_work_order(db, lead)
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, pct="25", reason="老客户")
    with pytest.raises(InvalidInput):
        approvals.decide(db.uow(), director, req.id, False, "")
    refused = approvals.decide(db.uow(), director, req.id, False, "本月折扣已超预算")
    assert (refused.state, refused.decision_reason) == ("refused", "本月折扣已超预算")
    assert work_order(db, wo_id).discount_pct == 0
    settle_check(db, lead, wo_id)  # nothing pending, no discount: may settle at full price


def test_a3_ladder_role_must_cover_the_request(db: Database, people: dict[Role, Actor]) -> None:
    lead, manager = people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    wo_id = make_work_order(db, lead)
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, pct="25", reason="老客户")
    assert req.required_role == Role.SERVICE_DIRECTOR.value
    with pytest.raises(PermissionDenied):
        approvals.decide(db.uow(), manager, req.id, True)
    approvals.decide(db.uow(), people[Role.SERVICE_DIRECTOR], req.id, True)
    with db.read() as s:
        details = json.loads(s.scalars(select(Approval.details)).one())
        assert details["decided_with_limits"]["approve_up_to_pct"]["workshop_manager"] == "20"


def _at(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    monkeypatch.setattr(UnitOfWork, "now", property(lambda self: when))


def test_a1_week_boundary_sunday_2359_vs_monday_0000(db: Database, people: dict[Role, Actor],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    sunday = datetime(2026, 3, 15, 23, 59, tzinfo=SHOP_TZ)
    past_grants(db, lead, 5, at=sunday - timedelta(days=2))
    wo_id = make_work_order(db, lead)
    _at(monkeypatch, sunday)
    with pytest.raises(RuleViolation, match="6th discounted work order this week"):
        approvals.give_discount(db.uow(), lead, wo_id, pct="5", reason="老客户")
    _at(monkeypatch, datetime(2026, 3, 16, 0, 0, tzinfo=SHOP_TZ))
    result = approvals.give_discount(db.uow(), lead, wo_id, pct="5", reason="老客户")
    assert result.week_count == 1


def test_a4_quote_signature_goes_through_the_one_mechanism(db: Database, people: dict[Role, Actor]) -> None:
    """P3 (another feature writes quotes): a signature request of the registry's QUOTE_SIGNATURE kind is filed,
    shows in the inbox of the kind's default role, is signed once by someone else, and runs its effect."""
    from workshop.domain.approval_kinds import ApprovalKind, QuoteSignatureDetails
    from workshop.queries import approvals as q

    advisor, lead, manager = people[Role.ADVISOR], people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    wo_id = make_work_order(db, advisor, kind="accident", state="in_progress")
    details = QuoteSignatureDetails(quote_id=41, revision=2, total=D("3480.00"), quote_no="BJ-TEST-1")
    seen: list[int] = []
    approvals.register_effect(ApprovalKind.QUOTE_SIGNATURE, lambda _u, _d, a, det: seen.append(det.revision))  # type: ignore[union-attr]
    try:
        req = approvals.request_signature(db.uow(), advisor, ApprovalKind.QUOTE_SIGNATURE, details,
                                          reason="定损报价第 2 版", work_order_id=wo_id)
        assert req.state == "pending" and req.required_role == Role.FRONT_DESK_LEAD.value
        assert req.typed == details
        assert [r.id for r in q.inbox(db, lead)] == [req.id]
        with pytest.raises(PermissionDenied):
            approvals.sign(db.uow(), advisor, req.id)  # no quote.sign permission (and it is their own)
        signed = approvals.sign(db.uow(), manager, req.id, "已核对")
        assert (signed.state, signed.decided_by, signed.decision_reason) == ("approved", manager.user_id, "已核对")
        assert seen == [2]
        with pytest.raises(RuleViolation, match="already been decided"):
            approvals.sign(db.uow(), lead, req.id)
    finally:
        from workshop.services.approval_requests import EFFECTS
        EFFECTS.pop(ApprovalKind.QUOTE_SIGNATURE, None)
