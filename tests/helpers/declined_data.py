"""R3 test data: a customer who declines new brake pads on one visit, and that work order taken to settlement,
through the real services."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers.front_desk_data import BRAKE_PADS, PADS, Shop, issue_all_parts, started_order
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, workshop_floor
from workshop.services.work_order_dto import ProposedLabor, ProposedPart


def declined_pads(db: Database, people: dict[Role, Actor], shop: Shop) -> str:
    """A started order on which the customer declines new brake pads (1.0 h × 200 + 480 = 680)."""
    number = started_order(db, people, shop).number
    item = workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], number, description="更换前刹车片",
                                             labor=[ProposedLabor(BRAKE_PADS)], parts=[ProposedPart(PADS, Decimal(1))])
    front_desk.decline_added_item(db.uow(), people[Role.ADVISOR], item.id, reason="下次再换")
    return number


def finish(db: Database, people: dict[Role, Actor], number: str, shop: Shop) -> None:
    """Taken, parts issued, completed, QC passed and settled."""
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], number, plate=shop.vehicle.plate or "")
    issue_all_parts(db, people, number)
    workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], number, self_check_note="已自检")
    workshop_floor.qc_pass(db.uow(), people[Role.QC_INSPECTOR], number)
    wo = front_desk.get_work_order(db, number)
    front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], number, expected_version=wo.version)
