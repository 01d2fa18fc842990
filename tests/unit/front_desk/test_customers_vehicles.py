"""F1/F3 reception data: customers and vehicles with VIN check digit, plate format (full-width normalised),
phone, and a lower mileage that needs an explicit confirmation. Bad input writes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.helpers.front_desk_data import VIN, add_shop
from workshop.db.models import AuditEntry, Customer, Vehicle
from workshop.db.uow import Database
from workshop.domain.clock import shop_today
from workshop.domain.errors import InvalidInput, RuleViolation, StaleEdit
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.queries import customers
from workshop.services import front_desk


def _count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_f1_customer_phone_is_cleaned_and_audited(db: Database, people: dict[Role, Actor]) -> None:
    c = front_desk.add_customer(db.uow(), people[Role.ADVISOR], name=" 李娜 ", phone="１３９-１２３４-５６７８")
    assert c.name == "李娜" and c.phone == "13912345678"
    with db.read() as s:
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.action == "customer.add")) == "customer.add"


def test_f1_bad_phone_refused_and_nothing_written(db: Database, people: dict[Role, Actor]) -> None:
    with pytest.raises(InvalidInput, match="电话"):
        front_desk.add_customer(db.uow(), people[Role.ADVISOR], name="李娜", phone="phone-me")
    assert _count(db, Customer) == 0


def test_f1_vehicle_plate_full_width_is_normalised(db: Database, people: dict[Role, Actor]) -> None:
    advisor = people[Role.ADVISOR]
    c = front_desk.add_customer(db.uow(), advisor, name="王强", phone="13700001111")
    v = front_desk.add_vehicle(db.uow(), advisor, customer_id=c.id, plate="粤Ｂ　１２３４５", vin=VIN.lower(),
                               brand="大众", model="途观L", purchase_date=date(2024, 3, 1))
    assert v.plate == "粤B·12345" and v.vin == VIN


@pytest.mark.parametrize(("plate", "vin"), [
    ("粤B12", VIN),                                    # plate too short
    ("XXB·12345", VIN),                                # no province
    ("粤B·12345", VIN[:8] + ("1" if VIN[8] != "1" else "2") + VIN[9:]),  # wrong check digit
    ("粤B·12345", VIN[:16]),                           # 16 characters
    ("粤B·12345", "LSVAU2180N21234O5"),                # letter O
])
def test_f1_malformed_vin_or_plate_refused_and_nothing_written(
        db: Database, people: dict[Role, Actor], plate: str, vin: str) -> None:
    advisor = people[Role.ADVISOR]
    c = front_desk.add_customer(db.uow(), advisor, name="王强", phone="13700001111")
    with pytest.raises(InvalidInput):
        front_desk.add_vehicle(db.uow(), advisor, customer_id=c.id, plate=plate, vin=vin, brand="大众",
                               model="途观L", purchase_date=date(2024, 3, 1))
    assert _count(db, Vehicle) == 0


def test_f1_same_plate_or_vin_twice_refused(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    with pytest.raises(RuleViolation, match="已登记"):
        front_desk.add_vehicle(db.uow(), people[Role.ADVISOR], customer_id=shop.customer.id, plate="粤B·12345",
                               vin=make_vin("LFV2A21K0M3000001"), brand="大众", model="迈腾",
                               purchase_date=date(2024, 3, 1))


def test_f1_lower_mileage_needs_explicit_confirmation(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people, mileage=30000)
    advisor = people[Role.ADVISOR]
    with pytest.raises(RuleViolation, match="低于上次记录") as err:
        front_desk.update_mileage(db.uow(), advisor, shop.vehicle.id, 29000)
    assert "confirm" in err.value.en
    with pytest.raises(RuleViolation):
        front_desk.open_work_order(db.uow(), advisor, vehicle_id=shop.vehicle.id, kind="general",
                                   mileage_in=100, fault_description="异响")
    assert customers.warranty_at_reception(db, shop.vehicle.id).mileage == 30000  # nothing written
    v = front_desk.update_mileage(db.uow(), advisor, shop.vehicle.id, 29000, confirm_lower_mileage=True)
    assert v.last_mileage == 29000
    v = front_desk.update_mileage(db.uow(), advisor, shop.vehicle.id, 31000)
    assert v.last_mileage == 31000


def test_f1_vehicle_edit_refuses_stale_version_and_bad_input(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    advisor = people[Role.ADVISOR]
    v = front_desk.edit_vehicle(db.uow(), advisor, shop.vehicle.id, expected_version=shop.vehicle.version,
                                plate="粤b-54321", model="帕萨特 380TSI")
    assert v.plate == "粤B·54321" and v.version == shop.vehicle.version + 1
    with pytest.raises(StaleEdit):
        front_desk.edit_vehicle(db.uow(), advisor, shop.vehicle.id, expected_version=shop.vehicle.version,
                                model="旧的")
    with pytest.raises(InvalidInput):
        front_desk.edit_vehicle(db.uow(), advisor, shop.vehicle.id, expected_version=v.version, vin="123")
    with pytest.raises(InvalidInput):
        front_desk.edit_vehicle(db.uow(), advisor, shop.vehicle.id, expected_version=v.version,
                                purchase_date=shop_today() + timedelta(days=3))
    c = front_desk.edit_customer(db.uow(), advisor, shop.customer.id, expected_version=shop.customer.version,
                                 address="深圳市福田区")
    assert c.address == "深圳市福田区"
    with pytest.raises(StaleEdit):
        front_desk.edit_customer(db.uow(), advisor, shop.customer.id, expected_version=shop.customer.version,
                                 name="张三")
