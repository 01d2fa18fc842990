"""F4: the whole life of a work order through the real services, every transition an event and an audit row."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers.front_desk_data import add_shop, inspected_order
from workshop.db.models import AuditEntry, ReturnVisit, WorkOrderEvent
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, quality


def test_f4_reception_to_close_records_every_transition_with_who_and_when(
        db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = inspected_order(db, people, shop)
    assert wo.state == "inspected"
    wo = front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert wo.state == "settled" and wo.total > 0
    wo = front_desk.deliver_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert wo.state == "delivered"
    quality.record_return_visit(db.uow(), people[Role.CUSTOMER_SERVICE], wo.number, result="客户满意", score=5)
    wo = front_desk.get_work_order(db, wo.number)
    assert wo.state == "closed" and wo.closed_at is not None
    with db.read() as s:
        events = list(s.scalars(select(WorkOrderEvent).where(WorkOrderEvent.work_order_id == wo.id)
                                .order_by(WorkOrderEvent.id)))
        audits = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "work_order",
                                                                 AuditEntry.entity_id == str(wo.id))))
        visit = s.scalar(select(ReturnVisit).where(ReturnVisit.work_order_id == wo.id))
        assert [e.to_state for e in events] == ["started", "in_progress", "completed", "inspected", "settled",
                                                "delivered", "closed"]
        assert all(e.user_id and e.at for e in events)
        assert visit is not None and visit.score == 5
    for action in ("start", "take", "complete", "qc_pass", "settle", "deliver", "close"):
        assert f"work_order.{action}" in audits
