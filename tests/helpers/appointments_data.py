"""Test data for appointments (R1) and reminders (R2): a fixed shop clock, a car, and the capacity settings."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.helpers.clock import ShopClock
from tests.helpers.front_desk_data import OIL_CHANGE, Shop, add_shop
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.services import appointments, settings

# Monday 2026-03-09 09:00 in the shop (01:00 UTC); Tuesday 2026-03-10 is an ordinary working day
MONDAY_9AM = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)
TUESDAY = date(2026, 3, 10)


def at_monday(clock: ShopClock) -> None:
    clock.move_to(MONDAY_9AM)


def set_capacity(db: Database, people: dict[Role, Actor], team: str, places: int) -> None:
    settings.set_setting(db.uow(), people[Role.SERVICE_DIRECTOR], f"appointment_capacity.{team}",
                         ",".join([str(places)] * 7))


def shop_car(db: Database, people: dict[Role, Actor], **kw: object) -> Shop:
    return add_shop(db, people, purchase_date=date(2025, 1, 10), **kw)  # type: ignore[arg-type]


def other_car(db: Database, people: dict[Role, Actor], n: int = 1) -> Shop:
    return add_shop(db, people, plate=f"粤B·5432{n}", vin=make_vin(f"LSVAU218N265432{n}"))


def book(db: Database, actor: Actor, shop: Shop, *, day: date = TUESDAY, slot: str = "10:00", team: str = "机修",
         overbook: bool = False, code: str | None = OIL_CHANGE, service: str = "",
         channel: str = "phone") -> appointments.AppointmentInfo:
    return appointments.book_appointment(db.uow(), actor, vehicle_id=shop.vehicle.id, day=day, slot=slot, team=team,
                                         service=service, channel=channel, operation_code=code, overbook=overbook)
