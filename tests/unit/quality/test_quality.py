"""Q1 return visits after delivery, Q2 complaints with their 24-hour and 3-working-day clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.helpers.cashier_data import release
from tests.helpers.front_desk_data import add_shop, inspected_order
from workshop.db.models import ComplaintStep, ReturnVisit
from workshop.db.uow import Database
from workshop.domain.clock import add_working_days, utcnow
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, quality
from workshop.services.settings import set_setting

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def _delivered(db: Database, people: dict[Role, Actor]) -> str:
    shop = add_shop(db, people)
    wo = inspected_order(db, people, shop)
    front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    release(db, people[Role.CASHIER], wo.number)
    return front_desk.deliver_work_order(db.uow(), people[Role.ADVISOR], wo.number).number


def test_q1_return_visit_falls_due_three_days_after_delivery(db: Database, people: dict[Role, Actor]) -> None:
    number = _delivered(db, people)
    wo = front_desk.get_work_order(db, number)
    with db.read() as s:
        visit = s.scalar(select(ReturnVisit).where(ReturnVisit.work_order_id == wo.id))
        assert visit is not None and visit.done_at is None
        assert wo.delivered_at is not None and visit.due_at == wo.delivered_at + timedelta(days=3)


def test_q1_return_visit_days_is_a_setting(db: Database, people: dict[Role, Actor]) -> None:
    set_setting(db.uow(), people[Role.ADMIN], "return_visit_days", "2")
    number = _delivered(db, people)
    wo = front_desk.get_work_order(db, number)
    with db.read() as s:
        due = s.scalar(select(ReturnVisit.due_at).where(ReturnVisit.work_order_id == wo.id))
    assert wo.delivered_at is not None and due == wo.delivered_at + timedelta(days=2)


def test_q1_result_and_score_close_the_work_order(db: Database, people: dict[Role, Actor]) -> None:
    number = _delivered(db, people)
    cs = people[Role.CUSTOMER_SERVICE]
    for bad in (0, 6, "5"):
        with pytest.raises(InvalidInput, match="1 到 5"):
            quality.record_return_visit(db.uow(), cs, number, result="满意", score=bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        quality.record_return_visit(db.uow(), cs, number, result="", score=4)
    assert front_desk.get_work_order(db, number).state == "delivered"
    visit = quality.record_return_visit(db.uow(), cs, number, result="客户满意，异响已消除", score=4)
    assert visit.score == 4 and visit.done_by == cs.user_id and visit.done_at is not None
    assert front_desk.get_work_order(db, number).state == "closed"
    with pytest.raises(RuleViolation):
        quality.record_return_visit(db.uow(), cs, number, result="再来一次", score=5)


@pytest.mark.parametrize("at_the_gate", [False, True])
def test_q1_an_internal_order_closes_at_delivery_with_no_return_visit(db: Database, people: dict[Role, Actor],
                                                                      at_the_gate: bool) -> None:
    """The shop's own car (an internal work order) has no customer to call: delivered at the desk or by its pass
    scanned at the gate, it closes in the same step, and customer service's list has no visit for it."""
    from workshop.queries.customer_service import return_visits_due
    from workshop.queries.work_orders import work_order_detail
    from workshop.services import cashier_gate

    shop = add_shop(db, people)
    wo = inspected_order(db, people, shop, kind="internal", internal_department="销售部")
    front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    code = release(db, people[Role.CASHIER], wo.number)
    if at_the_gate:
        cashier_gate.scan_gate_pass(db.uow(), people[Role.CASHIER], code)
    else:
        front_desk.deliver_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    detail = work_order_detail(db, wo.number)
    delivered, closed = detail.info.delivered_at, detail.info.closed_at
    assert detail.info.state == "closed" and delivered and closed and timedelta(0) <= closed - delivered < timedelta(
        seconds=5)  # in the delivery's own step
    assert [(e.from_state, e.to_state) for e in detail.events][-2:] == [("settled", "delivered"),
                                                                       ("delivered", "closed")]
    assert detail.events[-1].note == quality.INTERNAL_CLOSE_NOTE
    with db.read() as s:
        assert s.scalar(select(ReturnVisit).where(ReturnVisit.work_order_id == wo.id)) is None
    assert all(r.work_order_number != wo.number for r in return_visits_due(db, include_done=True))
    with pytest.raises(RuleViolation):  # nothing to record
        quality.record_return_visit(db.uow(), people[Role.CUSTOMER_SERVICE], wo.number, result="x", score=5)


def test_q1_no_return_visit_before_delivery(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = inspected_order(db, people, shop)
    with pytest.raises(RuleViolation, match="还没有交车"):
        quality.record_return_visit(db.uow(), people[Role.CUSTOMER_SERVICE], wo.number, result="x", score=5)


def test_q2_due_times_are_24_hours_and_3_working_days() -> None:
    friday = datetime(2026, 1, 9, 3, 0, tzinfo=UTC)  # Friday 11:00 Shanghai
    answer, verify = quality.complaint_due_times(friday)
    assert answer == friday + timedelta(hours=24)
    assert verify == datetime(2026, 1, 14, 3, 0, tzinfo=UTC)  # Wednesday: Mon, Tue, Wed
    assert quality.complaint_overdue("accepted", answer, verify, friday + timedelta(hours=25)) == (True, False)
    assert quality.complaint_overdue("handled", answer, verify, verify + timedelta(minutes=1)) == (False, True)
    assert quality.complaint_overdue("verified", answer, verify, verify + timedelta(days=9)) == (False, False)


def test_q2_complaint_goes_accept_handle_verify_feedback_archive(db: Database, people: dict[Role, Actor]) -> None:
    number = _delivered(db, people)
    cs = people[Role.CUSTOMER_SERVICE]
    received = utcnow() - timedelta(hours=2)
    c = quality.record_complaint(db.uow(), cs, content="交车后仍有异响，等待时间太长", work_order_number=number,
                                 received_at=received)
    wo = front_desk.get_work_order(db, number)
    assert c.state == "accepted" and c.customer_id == wo.customer_id and c.work_order_id == wo.id
    assert c.number.startswith("TS") and c.received_at == received
    assert c.answer_due == received + timedelta(hours=24) and c.verify_due == add_working_days(received, 3)
    with pytest.raises(RuleViolation, match="受理→处理→验证→反馈→归档"):
        quality.verify_complaint(db.uow(), cs, c.number, note="跳过处理")
    c = quality.handle_complaint(db.uow(), cs, c.number, note="已致电客户道歉，约定免费复查")
    assert c.state == "handled" and c.answered_at is not None
    c = quality.verify_complaint(db.uow(), cs, c.number, note="复查异响已排除")
    assert c.state == "verified" and c.verified_at is not None
    c = quality.feed_back_complaint(db.uow(), cs, c.number, note="客户认可处理结果")
    assert c.state == "fed_back"
    with pytest.raises(InvalidInput):
        quality.archive_complaint(db.uow(), cs, c.number, note="")
    c = quality.archive_complaint(db.uow(), cs, c.number, note="归档")
    assert c.state == "archived" and c.closed_at is not None
    with db.read() as s:
        steps = list(s.scalars(select(ComplaintStep.step).where(ComplaintStep.complaint_id == c.id)
                               .order_by(ComplaintStep.id)))
    assert steps == ["accept", "handle", "verify", "feedback", "archive"]


def test_q2_complaint_needs_customer_and_content(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    cs = people[Role.CUSTOMER_SERVICE]
    with pytest.raises(InvalidInput, match="客户或工单"):
        quality.record_complaint(db.uow(), cs, content="服务态度差")
    with pytest.raises(InvalidInput):
        quality.record_complaint(db.uow(), cs, content=" ", customer_id=shop.customer.id)
    with pytest.raises(InvalidInput):
        quality.record_complaint(db.uow(), cs, content="x", customer_id=shop.customer.id,
                                 received_at=utcnow() + timedelta(days=1))
    c = quality.record_complaint(db.uow(), cs, content="前台电话打不通", customer_id=shop.customer.id)
    assert c.work_order_id is None and c.state == "accepted"


def test_q1_q2_the_counts_are_of_every_waiting_visit_and_complaint_as_the_rows_flag_them(
        db: Database, people: dict[Role, Actor]) -> None:
    from workshop.queries.customer_service import care_counts, open_complaints, return_visits_due

    number = _delivered(db, people)
    cs = people[Role.CUSTOMER_SERVICE]
    now = utcnow()
    quality.record_complaint(db.uow(), cs, content="等待时间太长", work_order_number=number,
                             received_at=now - timedelta(hours=30))  # its 24-hour answer is late
    quality.record_complaint(db.uow(), cs, content="洗车不干净", work_order_number=number,
                             received_at=now - timedelta(hours=2))
    for at in (now, now + timedelta(days=4), now + timedelta(days=9)):
        counts = care_counts(db, now=at)
        visits, complaints = return_visits_due(db, now=at), open_complaints(db, now=at)
        assert (counts.visits_due, counts.visits_overdue) == (len(visits), sum(v.overdue for v in visits))
        assert (counts.complaints_open, counts.complaints_overdue) == (
            len(complaints), sum(c.answer_overdue or c.verify_overdue for c in complaints))
    assert care_counts(db, now=now + timedelta(days=4)).visits_overdue == 1
    assert care_counts(db, now=now).complaints_overdue == 1
    assert len(open_complaints(db, limit=1)) == 1 and care_counts(db).complaints_open == 2  # not the listed rows
