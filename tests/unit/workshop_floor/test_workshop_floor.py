"""W1 assignment, F5 plate check at the take, F6 added items, W2 completion with self-check, QC pass/fail,
W3 every issued part on a work order line."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.helpers.front_desk_data import BRAKE_PADS, OIL, PADS, add_shop, open_order, started_order
from tests.helpers.people import make_user
from workshop.db.models import LaborLine, PartLine, StockMove, WorkOrderEvent
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation, StaleEdit
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, parts_counter, workshop_floor
from workshop.services.work_order_common import part_line_approved
from workshop.services.work_order_dto import ProposedLabor, ProposedPart

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def _taken(db: Database, people: dict[Role, Actor]) -> tuple[str, str]:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)
    return wo.number, shop.vehicle.plate


# ---------------------------------------------------------------- W1


def test_w1_workshop_manager_assigns_any_team(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, with_lines=False)
    painter = make_user(db, "painter", [Role.TECHNICIAN], "钣喷")
    wo = workshop_floor.assign_job(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number, technician_id=painter.user_id)
    assert (wo.team, wo.technician_id) == ("钣喷", painter.user_id)


def test_w1_team_leader_assigns_inside_own_team_only(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    leader = people[Role.TEAM_LEADER]  # 机修
    wo = workshop_floor.assign_job(db.uow(), leader, wo.number, team="机修",
                                   technician_id=people[Role.TECHNICIAN].user_id)
    assert wo.team == "机修"
    wo = workshop_floor.assign_job(db.uow(), leader, wo.number, technician_id=people[Role.TECHNICIAN].user_id,
                                   line_id=wo.labor_lines[0].id)
    assert wo.labor_lines[0].technician_id == people[Role.TECHNICIAN].user_id
    with pytest.raises(PermissionDenied, match="本班组"):
        workshop_floor.assign_job(db.uow(), leader, wo.number, team="钣喷")
    painter = make_user(db, "painter", [Role.TECHNICIAN], "钣喷")
    with pytest.raises(InvalidInput, match="钣喷"):
        workshop_floor.assign_job(db.uow(), leader, wo.number, team="机修", technician_id=painter.user_id)
    with pytest.raises(InvalidInput, match="不是维修技工"):
        workshop_floor.assign_job(db.uow(), leader, wo.number, technician_id=people[Role.ADVISOR].user_id)
    assert front_desk.get_work_order(db, wo.number).version == wo.version  # refusals wrote nothing


def test_w1_stale_assignment_refused(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    workshop_floor.assign_job(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number, team="机修",
                              expected_version=wo.version)
    with pytest.raises(StaleEdit):
        workshop_floor.assign_job(db.uow(), people[Role.TEAM_LEADER], wo.number, team="机修",
                                  expected_version=wo.version)


# ---------------------------------------------------------------- F5


def test_f5_take_checks_plate_against_the_car(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    tech = people[Role.TECHNICIAN]
    with pytest.raises(RuleViolation, match="车牌不符") as err:
        workshop_floor.take_job(db.uow(), tech, wo.number, plate="粤B·54321")
    assert "mismatch" in err.value.en
    with pytest.raises(InvalidInput):
        workshop_floor.take_job(db.uow(), tech, wo.number, plate="12345")
    assert front_desk.get_work_order(db, wo.number).state == "started"
    # scanned or typed with a Chinese input method: full-width, lower case, no dot
    wo = workshop_floor.take_job(db.uow(), tech, wo.number, plate="粤ｂ１２３４５")
    assert wo.state == "in_progress" and wo.technician_id == tech.user_id


def test_f5_another_technicians_car_cannot_be_taken(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    workshop_floor.assign_job(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number,
                              technician_id=people[Role.TECHNICIAN].user_id)
    other = make_user(db, "tech2", [Role.TECHNICIAN], "机修")
    with pytest.raises(RuleViolation, match="已派给"):
        workshop_floor.take_job(db.uow(), other, wo.number, plate=shop.vehicle.plate)


def test_f5_take_before_start_refused(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    with pytest.raises(RuleViolation, match="草稿"):
        workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)


# ---------------------------------------------------------------- F6


def test_f6_proposed_item_lines_wait_for_the_customer(db: Database, people: dict[Role, Actor]) -> None:
    number, _ = _taken(db, people)
    item = workshop_floor.propose_added_item(
        db.uow(), people[Role.TECHNICIAN], number, description="前刹车片磨损到限",
        labor=[ProposedLabor(BRAKE_PADS)], parts=[ProposedPart(PADS, Decimal(1))])
    assert item.state == "proposed" and item.work_order_number == number
    wo = front_desk.get_work_order(db, number)
    assert [ln.added_item_id for ln in wo.labor_lines] == [None, item.id]
    assert wo.part_lines[-1].unit_price == Decimal("480.00")  # standard price (F8)
    with db.read() as s:
        line = s.scalar(select(PartLine).where(PartLine.added_item_id == item.id))
        assert line is not None and not part_line_approved(s, line)
    with pytest.raises(RuleViolation, match="客户还没确认"):
        parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], number, PADS)
    with pytest.raises(RuleViolation, match="等客户确认"):
        workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], number, self_check_note="ok")
    # confirmed by phone, with the time the customer said yes
    said_yes = utcnow() - timedelta(minutes=1)
    confirmed = front_desk.confirm_added_item(db.uow(), people[Role.ADVISOR], item.id, consent_method="phone",
                                              consent_at=said_yes)
    assert confirmed.state == "confirmed" and confirmed.consent_method == "phone"
    assert confirmed.consent_at == said_yes and confirmed.decided_by == people[Role.ADVISOR].user_id
    with db.read() as s:
        line = s.scalar(select(PartLine).where(PartLine.added_item_id == item.id))
        assert line is not None and part_line_approved(s, line)
    issued = parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], number, PADS)
    assert issued.quantity == 1
    with pytest.raises(RuleViolation, match="已经处理"):
        front_desk.decline_added_item(db.uow(), people[Role.ADVISOR], item.id)


def test_f6_consent_needs_a_method_and_a_sensible_time(db: Database, people: dict[Role, Actor]) -> None:
    number, _ = _taken(db, people)
    advisor = people[Role.ADVISOR]
    unpriced = workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], number, description="空调滤芯脏")
    with pytest.raises(RuleViolation, match="还没有工时和配件报价"):  # F6: consent is to a priced item
        front_desk.confirm_added_item(db.uow(), advisor, unpriced.id, consent_method="in_person")
    front_desk.decline_added_item(db.uow(), advisor, unpriced.id, reason="先报价")
    item = workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], number, description="空调滤芯脏",
                                             parts=[ProposedPart(PADS, Decimal(1))])
    with pytest.raises(InvalidInput, match="当面或电话"):
        front_desk.confirm_added_item(db.uow(), advisor, item.id, consent_method="wechat")
    with pytest.raises(InvalidInput):
        front_desk.confirm_added_item(db.uow(), advisor, item.id, consent_method="in_person",
                                      consent_at=utcnow() + timedelta(hours=2))
    assert front_desk.confirm_added_item(db.uow(), advisor, item.id, consent_method="in_person").state == "confirmed"


def test_f6_declined_item_leaves_no_lines(db: Database, people: dict[Role, Actor]) -> None:
    number, _ = _taken(db, people)
    item = workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], number, description="换刹车片",
                                             parts=[ProposedPart(PADS, Decimal(1))])
    declined = front_desk.decline_added_item(db.uow(), people[Role.ADVISOR], item.id, reason="客户下次再换")
    assert declined.state == "declined"
    wo = front_desk.get_work_order(db, number)
    assert all(pl.added_item_id is None for pl in wo.part_lines) and len(wo.part_lines) == 1


def test_f6_technician_cannot_add_or_remove_lines(db: Database, people: dict[Role, Actor]) -> None:
    number, _ = _taken(db, people)
    wo = front_desk.get_work_order(db, number)
    tech = people[Role.TECHNICIAN]
    with pytest.raises(PermissionDenied, match=r"work_order\.edit"):
        front_desk.add_part_line(db.uow(), tech, number, expected_version=wo.version, part_no=PADS)
    with pytest.raises(PermissionDenied):
        front_desk.remove_labor_line(db.uow(), tech, number, wo.labor_lines[0].id, expected_version=wo.version)


def test_f6_propose_needs_a_started_job_and_valid_lines(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    with pytest.raises(RuleViolation, match="开工后"):
        workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], wo.number, description="x")
    wo = front_desk.start_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    with pytest.raises(InvalidInput):
        workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], wo.number, description="换片",
                                          parts=[ProposedPart(PADS, Decimal(-1))])
    assert front_desk.get_work_order(db, wo.number).added_items == ()


# ---------------------------------------------------------------- W2 and QC


def test_w2_completion_needs_the_self_check_note(db: Database, people: dict[Role, Actor]) -> None:
    number, _ = _taken(db, people)
    with pytest.raises(InvalidInput, match="自检记录"):
        workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], number, self_check_note="  ")
    other = make_user(db, "tech2", [Role.TECHNICIAN], "机修")
    with pytest.raises(RuleViolation, match="负责这辆车"):
        workshop_floor.complete_job(db.uow(), other, number, self_check_note="已检查")
    wo = workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], number, self_check_note="螺栓力矩已复核")
    assert wo.state == "completed" and all(ln.done for ln in wo.labor_lines)
    with db.read() as s:
        note = s.scalar(select(WorkOrderEvent.note).where(WorkOrderEvent.to_state == "completed"))
    assert note == "螺栓力矩已复核"


def test_f4_qc_fail_sends_the_car_back_with_the_reason(db: Database, people: dict[Role, Actor]) -> None:
    number, _ = _taken(db, people)
    workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], number, self_check_note="已自检")
    with pytest.raises(InvalidInput):
        workshop_floor.qc_fail(db.uow(), people[Role.QC_INSPECTOR], number, reason="")
    wo = workshop_floor.qc_fail(db.uow(), people[Role.QC_INSPECTOR], number, reason="机油液位偏低")
    assert wo.state == "in_progress" and not any(ln.done for ln in wo.labor_lines)
    with db.read() as s:
        ev = s.scalars(select(WorkOrderEvent).order_by(WorkOrderEvent.id.desc())).first()
        assert ev is not None and (ev.from_state, ev.to_state, ev.note) == ("completed", "in_progress", "机油液位偏低")
        assert ev.user_id == people[Role.QC_INSPECTOR].user_id
    workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], number, self_check_note="已补机油")
    assert workshop_floor.qc_pass(db.uow(), people[Role.QC_INSPECTOR], number).state == "inspected"


# ---------------------------------------------------------------- W3


def test_w3_every_issued_part_is_tied_to_a_work_order_line(db: Database, people: dict[Role, Actor]) -> None:
    number, _ = _taken(db, people)
    parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], number, OIL)
    wo = front_desk.get_work_order(db, number)
    with db.read() as s:
        moves = list(s.scalars(select(StockMove).where(StockMove.kind == "issue")))
        assert len(moves) == 1 and moves[0].part_line_id == wo.part_lines[0].id
        assert s.get(LaborLine, wo.labor_lines[0].id) is not None
    assert wo.part_lines[0].issued_qty == Decimal(1)
