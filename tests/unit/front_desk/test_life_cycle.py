"""F4: the whole life of a work order through the real services, every transition an event and an audit row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from tests.helpers.cashier_data import release
from tests.helpers.front_desk_data import (
    OIL,
    PADS,
    add_shop,
    fake_issue,
    inspected_order,
    issue_all_parts,
    open_order,
    started_order,
)
from workshop.db.models import AuditEntry, LaborLine, PartLine, ReturnVisit, WorkOrder, WorkOrderEvent
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, parts_counter, quality, workshop_floor
from workshop.services.work_order_dto import ProposedPart

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def test_f4_reception_to_close_records_every_transition_with_who_and_when(
        db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = inspected_order(db, people, shop)
    assert wo.state == "inspected"
    wo = front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert wo.state == "settled" and wo.total > 0
    with pytest.raises(RuleViolation, match="放行条"):  # M4: no gate pass, no delivery
        front_desk.deliver_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    release(db, people[Role.CASHIER], wo.number)
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


def _events(db: Database, wo_id: int) -> int:
    with db.read() as s:
        return len(list(s.scalars(select(WorkOrderEvent.id).where(WorkOrderEvent.work_order_id == wo_id))))


def test_f4_transition_not_in_the_table_is_refused(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    with pytest.raises(RuleViolation, match="不能执行「结算」"):
        front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    with pytest.raises(RuleViolation):
        workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], wo.number, self_check_note="ok")
    with pytest.raises(RuleViolation):
        workshop_floor.qc_pass(db.uow(), people[Role.QC_INSPECTOR], wo.number)
    assert front_desk.get_work_order(db, wo.number).state == "draft"
    assert _events(db, wo.id) == 0


def test_f4_start_without_technician_refused(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, with_lines=False)
    wo = front_desk.add_labor_line(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version,
                                   operation_code="JX001")
    # the catalog names the team, so unassign it to model a line nobody is assigned to
    with db.uow() as uow:
        uow.session.execute(update(LaborLine).values(team=None))
        uow.commit()
    with pytest.raises(RuleViolation, match="没有指派班组或技工") as err:
        front_desk.start_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert "technician" in err.value.en
    assert front_desk.get_work_order(db, wo.number).state == "draft" and _events(db, wo.id) == 0
    workshop_floor.assign_job(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number,
                              technician_id=people[Role.TECHNICIAN].user_id)
    assert front_desk.start_work_order(db.uow(), people[Role.ADVISOR], wo.number).state == "started"


def test_f4_internal_work_order_starts_without_technician(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, kind="internal", internal_department="销售部", with_lines=False)
    assert front_desk.start_work_order(db.uow(), people[Role.ADVISOR], wo.number).state == "started"


def test_f4_delivering_before_qc_pass_refused(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)
    workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], wo.number, self_check_note="已自检")
    with pytest.raises(RuleViolation, match="质检") as err:
        front_desk.deliver_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert "QC" in err.value.en
    assert front_desk.get_work_order(db, wo.number).state == "completed"
    with db.read() as s:
        assert s.scalar(select(ReturnVisit.id)) is None
    # after the QC pass it is settlement that comes first (the table), then delivery
    workshop_floor.qc_pass(db.uow(), people[Role.QC_INSPECTOR], wo.number)
    with pytest.raises(RuleViolation):
        front_desk.deliver_work_order(db.uow(), people[Role.ADVISOR], wo.number)


def test_f4_cancel_allowed_while_no_part_is_issued(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    with pytest.raises(InvalidInput):
        front_desk.cancel_work_order(db.uow(), people[Role.ADVISOR], wo.number, reason=" ")
    wo = front_desk.cancel_work_order(db.uow(), people[Role.ADVISOR], wo.number, reason="客户改天再来")
    assert wo.state == "cancelled" and wo.cancelled_at is not None
    with db.read() as s:
        note = s.scalar(select(WorkOrderEvent.note).where(WorkOrderEvent.to_state == "cancelled"))
    assert note == "客户改天再来"


def test_f4_cancelling_after_parts_issued_refused(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], wo.number, OIL)
    with pytest.raises(RuleViolation, match="已发料") as err:
        front_desk.cancel_work_order(db.uow(), people[Role.ADVISOR], wo.number, reason="客户不修了")
    assert "return" in err.value.en
    assert front_desk.get_work_order(db, wo.number).state == "started"
    with pytest.raises(RuleViolation):
        front_desk.remove_part_line(db.uow(), people[Role.ADVISOR], wo.number, wo.part_lines[0].id,
                                    expected_version=front_desk.get_work_order(db, wo.number).version)
    # once everything came back (issued - returned = 0) it can be cancelled
    fake_issue(db, wo.number, Decimal(1))
    with db.uow() as uow:
        uow.session.execute(update(PartLine).values(returned_qty=Decimal(1)))
        uow.commit()
    assert front_desk.cancel_work_order(db.uow(), people[Role.ADVISOR], wo.number, reason="客户不修了").state == "cancelled"


def test_f4_settling_with_unconfirmed_added_item_refused(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)
    issue_all_parts(db, people, wo.number)
    item = workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], wo.number,
                                             description="前刹车片磨损到限，建议更换",
                                             parts=[ProposedPart(PADS, Decimal(1))])
    # model a work order that got past QC with an undecided item (e.g. proposed by the inspector's team)
    with db.uow() as uow:
        uow.session.execute(update(WorkOrder).where(WorkOrder.id == wo.id).values(state="inspected"))
        uow.commit()
    with pytest.raises(RuleViolation, match="未经客户确认的增项") as err:
        front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert "not confirmed" in err.value.en
    after = front_desk.get_work_order(db, wo.number)
    assert after.state == "inspected" and after.total == 0
    front_desk.decline_added_item(db.uow(), people[Role.ADVISOR], item.id, reason="客户下次再换")
    settled = front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert settled.state == "settled"
    assert settled.total == Decimal("168.00")  # 0.5 h x 200 + 68, the declined pads are not on it
    assert settled.labor_total == Decimal("100.00") and settled.parts_total == Decimal("68.00")


def test_f4_settlement_stores_totals_and_cost(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], wo.number, OIL)
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)
    workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], wo.number, self_check_note="已自检")
    workshop_floor.qc_pass(db.uow(), people[Role.QC_INSPECTOR], wo.number)
    wo = front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert (wo.labor_total, wo.parts_total, wo.total) == (Decimal("100.00"), Decimal("68.00"), Decimal("168.00"))
    assert wo.cost_total == Decimal("62.50")  # oil filter at 40.00 + 0.5 h x 45.00
    assert wo.settled_at is not None


def test_w3_settlement_refused_until_what_is_charged_was_fitted(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)
    workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], wo.number, self_check_note="已自检")
    workshop_floor.qc_pass(db.uow(), people[Role.QC_INSPECTOR], wo.number)
    with pytest.raises(RuleViolation, match="收费必须与装车一致") as err:
        front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert "what is charged must be what was fitted" in err.value.en
    after = front_desk.get_work_order(db, wo.number)
    assert after.state == "inspected" and after.total == 0  # nothing written
    # the same work order with its filter issued before completion settles (test_f4_settlement_stores_totals_and_cost)
