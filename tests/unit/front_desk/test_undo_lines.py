"""Lines that can be undone (F6, W3, P4): a part line whose parts all came back unused is lowered to 0 or
removed — kept at 0 while the stock ledger's moves point at it — and an added item whose parts are returned
can still be declined; settlement (W3: what is charged is what was fitted) then passes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.helpers.front_desk_data import OIL, PADS, add_shop, started_order
from workshop.db.models import PartLine, StockMove
from workshop.db.uow import Database
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, parts_counter, workshop_floor
from workshop.services.work_order_dto import ProposedPart


def _taken_and_issued(db: Database, people: dict[Role, Actor]) -> tuple[str, int]:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)
    parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], wo.number, OIL)
    line = front_desk.get_work_order(db, wo.number).part_lines[0]
    return wo.number, line.id


def _settle(db: Database, people: dict[Role, Actor], number: str) -> str:
    workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], number, self_check_note="已自检")
    workshop_floor.qc_pass(db.uow(), people[Role.QC_INSPECTOR], number, note="路试正常")
    return front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], number).state


def _moves(db: Database, line_id: int) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(StockMove).where(StockMove.part_line_id == line_id))
                   or 0)


def test_p4_w3_part_line_all_returned_is_lowered_to_zero_and_the_order_settles(
        db: Database, people: dict[Role, Actor]) -> None:
    number, line_id = _taken_and_issued(db, people)
    advisor = people[Role.ADVISOR]
    wo = front_desk.get_work_order(db, number)
    with pytest.raises(RuleViolation, match="已发料"):
        front_desk.change_part_quantity(db.uow(), advisor, number, line_id, expected_version=wo.version, quantity=0)
    parts_counter.return_part(db.uow(), people[Role.PARTS_CLERK], number, OIL, reason="客户自带机滤")
    wo = front_desk.get_work_order(db, number)
    wo = front_desk.change_part_quantity(db.uow(), advisor, number, line_id, expected_version=wo.version,
                                         quantity="0")
    assert wo.part_lines[0].quantity == 0
    assert _moves(db, line_id) == 2  # the issue and the return stay in the ledger
    assert _settle(db, people, number) == "settled"


def test_p4_w3_part_line_all_returned_is_removed_and_kept_at_zero_for_the_ledger(
        db: Database, people: dict[Role, Actor]) -> None:
    number, line_id = _taken_and_issued(db, people)
    advisor = people[Role.ADVISOR]
    wo = front_desk.get_work_order(db, number)
    with pytest.raises(RuleViolation, match="退回仓库"):
        front_desk.remove_part_line(db.uow(), advisor, number, line_id, expected_version=wo.version)
    parts_counter.return_part(db.uow(), people[Role.PARTS_CLERK], number, OIL, reason="不需要更换")
    wo = front_desk.get_work_order(db, number)
    front_desk.remove_part_line(db.uow(), advisor, number, line_id, expected_version=wo.version)
    with db.read() as s:
        kept = s.get(PartLine, line_id)
        assert kept is not None and kept.quantity == 0 and kept.issued_qty == kept.returned_qty == 1
    assert _moves(db, line_id) == 2
    # a line never issued simply goes
    wo = front_desk.add_part_line(db.uow(), advisor, number, expected_version=front_desk.get_work_order(
        db, number).version, part_no=PADS)
    fresh = wo.part_lines[-1].id
    wo = front_desk.remove_part_line(db.uow(), advisor, number, fresh, expected_version=wo.version)
    assert fresh not in {pl.id for pl in wo.part_lines}
    assert _settle(db, people, number) == "settled"


def test_f6_added_item_is_declined_after_its_parts_are_returned_and_the_order_settles(
        db: Database, people: dict[Role, Actor]) -> None:
    number, _ = _taken_and_issued(db, people)
    advisor, clerk = people[Role.ADVISOR], people[Role.PARTS_CLERK]
    item = workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], number, description="换前刹车片",
                                             parts=[ProposedPart(PADS, Decimal(1))])
    front_desk.confirm_added_item(db.uow(), advisor, item.id, consent_method="phone")
    parts_counter.issue_part(db.uow(), clerk, number, PADS)
    with pytest.raises(RuleViolation, match="退回仓库"):
        front_desk.decline_added_item(db.uow(), advisor, item.id, reason="客户改变主意")
    parts_counter.return_part(db.uow(), clerk, number, PADS, reason="客户改变主意")
    declined = front_desk.decline_added_item(db.uow(), advisor, item.id, reason="客户改变主意")
    assert declined.state == "declined"
    with pytest.raises(RuleViolation, match="已经取消"):
        front_desk.decline_added_item(db.uow(), advisor, item.id)
    wo = front_desk.get_work_order(db, number)
    pads = [pl for pl in wo.part_lines if pl.added_item_id == item.id]
    assert [pl.quantity for pl in pads] == [0]  # issued and returned: kept at 0 for the ledger
    assert _settle(db, people, number) == "settled"
