"""A3/A4 read side: the inbox serves every approver (director sees all), badge counts, the advisor sees the
decision and its reason, and the discount report lists every discount with its reason per advisor per week."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.helpers.approvals_data import make_work_order
from tests.helpers.people import make_user
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.roles import Actor, Role
from workshop.queries import approvals as q
from workshop.services import approvals

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn

D = Decimal


def test_a3_inbox_per_role_director_sees_all(db: Database, people: dict[Role, Actor]) -> None:
    lead, manager, director = (people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER],
                               people[Role.SERVICE_DIRECTOR])
    mid = approvals.request_discount_approval(db.uow(), lead, make_work_order(db, lead), pct="15", reason="老客户")
    big = approvals.request_discount_approval(db.uow(), lead, make_work_order(db, lead), pct="30", reason="投诉补偿")
    assert [r.id for r in q.inbox(db, manager)] == [mid.id]
    assert [r.id for r in q.inbox(db, director)] == [mid.id, big.id]
    assert (q.badge_count(db, manager), q.badge_count(db, director), q.badge_count(db, lead)) == (1, 2, 0)
    row = q.inbox(db, director)[1]
    assert row.work_order_no and row.requested_by_name == "front_desk_lead" and row.reason == "投诉补偿"
    assert row.details["pct"] == "30.00"
    approvals.decide(db.uow(), director, big.id, False, "太多了")
    assert q.badge_count(db, director) == 1
    assert {r.id for r in q.inbox(db, director, pending_only=False)} == {mid.id, big.id}


def test_a4_inbox_never_shows_own_requests(db: Database, people: dict[Role, Actor]) -> None:
    boss = make_user(db, "boss", [Role.FRONT_DESK_LEAD, Role.SERVICE_DIRECTOR])
    approvals.request_discount_approval(db.uow(), boss, make_work_order(db, boss), pct="25", reason="老客户")
    assert q.badge_count(db, boss) == 0
    assert q.badge_count(db, people[Role.SERVICE_DIRECTOR]) == 1


def test_a4_advisor_sees_the_refusal_reason(db: Database, people: dict[Role, Actor]) -> None:
    lead, director = people[Role.FRONT_DESK_LEAD], people[Role.SERVICE_DIRECTOR]
    wo_id = make_work_order(db, lead)
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, pct="25", reason="老客户")
    assert q.pending_for_work_order(db, wo_id) is not None
    approvals.decide(db.uow(), director, req.id, False, "本月折扣预算已用完")
    mine = q.my_requests(db, lead)
    assert [(r.state, r.decision_reason, r.decided_by_name) for r in mine] == [
        ("refused", "本月折扣预算已用完", "service_director")]
    assert q.pending_for_work_order(db, wo_id) is None
    assert len(q.approvals_for_work_order(db, wo_id)) == 1


def test_a1_discount_report_per_advisor_per_week(db: Database, people: dict[Role, Actor]) -> None:
    lead, manager = people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    approvals.give_discount(db.uow(), lead, make_work_order(db, lead), pct="10", reason="老客户")
    approvals.give_discount(db.uow(), lead, make_work_order(db, lead), amount="50", reason="洗车券抵扣")
    req = approvals.request_discount_approval(db.uow(), lead, make_work_order(db, lead), pct="15", reason="投诉")
    approvals.decide(db.uow(), manager, req.id, True)
    summary = q.discount_summary(db, start=utcnow(), end=utcnow())
    assert [(s.advisor_name, s.work_orders, s.amount, s.approved) for s in summary] == [
        ("front_desk_lead", 3, D("300.00"), 1)]  # 100 + 50 + 150 off
    details = q.discount_details(db)
    assert [d.reason for d in details] == ["投诉", "洗车券抵扣", "老客户"]
    assert details[0].approved_by == "workshop_manager"
    assert q.advisors_with_discounts(db) == [(lead.user_id, "front_desk_lead")]


def test_a1_preview_says_within_limit_or_why_not(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead)
    ok = q.preview_discount(db, lead, wo_id, pct="10")
    assert ok.allowed and (ok.discount, ok.total, ok.margin_pct) == (D("100.00"), D("900.00"), D("67.78"))
    no = q.preview_discount(db, lead, wo_id, amount="150")
    assert not no.allowed and no.needs_role == "workshop_manager" and "15% is above your 10%" in no.reason_en
