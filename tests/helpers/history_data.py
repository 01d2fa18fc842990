"""A vehicle with a past: a delivered-like earlier order at lower mileage, an order with a declined added item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from tests.helpers.front_desk_data import PADS, Shop, add_shop, open_order, started_order
from workshop.db.models import WorkOrder
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, workshop_floor
from workshop.services.work_order_dto import ProposedPart


@dataclass(frozen=True)
class Past:
    shop: Shop
    older: str  # closed a year ago, at 31,000 km
    newer: str  # in progress, at 32,000 km, with a declined added item


def vehicle_with_a_past(db: Database, people: dict[Role, Actor]) -> Past:
    shop = add_shop(db, people, mileage=30000)
    older = open_order(db, people, shop, mileage=31000, with_lines=False)
    with db.new_session() as s, s.begin():  # the first visit was a year ago, and is closed
        wo = s.get(WorkOrder, older.id)
        assert wo is not None
        wo.opened_at = wo.opened_at - timedelta(days=365)
        wo.state = "closed"
    newer = started_order(db, people, shop, mileage=32000)
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], newer.number, plate=shop.vehicle.plate)
    item = workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], newer.number, description="换前刹车片",
                                             parts=[ProposedPart(PADS, Decimal(1))])
    front_desk.decline_added_item(db.uow(), people[Role.ADVISOR], item.id, reason="客户下次再换")
    return Past(shop, older.number, newer.number)
