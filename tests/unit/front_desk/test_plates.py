"""F1 reception of every vehicle a 4S shop sees (GA 36 plates, 未上牌, an unrecognised plate kept after a
confirmation and flagged, the plate added later with its history) and F5's plate check for each of them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.helpers.front_desk_data import VIN, add_shop, started_order
from workshop.db.models import AuditEntry, Vehicle, VehiclePlate
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, RuleViolation, UnrecognisedPlate
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import PlateKind, car_matches, make_vin, read_plate, reception_plate
from workshop.queries.customers import customer_card, search
from workshop.queries.work_orders import list_work_orders
from workshop.services import front_desk, workshop_floor

FORMATS = [
    ("粤B12345", "粤B·12345", PlateKind.ORDINARY),
    ("粤ｂ·Ｄ１２３４５", "粤B·D12345", PlateKind.NEW_ENERGY_SMALL),
    ("粤B·DA1234", "粤B·DA1234", PlateKind.NEW_ENERGY_SMALL),
    ("粤B 12345F", "粤B·12345F", PlateKind.NEW_ENERGY_LARGE),
    ("粤B·1234挂", "粤B·1234挂", PlateKind.TRAILER),
    ("粤B·1234学", "粤B·1234学", PlateKind.COACH),
    ("粤B1234警", "粤B·1234警", PlateKind.POLICE),
    ("粤Z·1234港", "粤Z·1234港", PlateKind.HONG_KONG),
    ("粤z-A123澳", "粤Z·A123澳", PlateKind.MACAU),
    ("WJ粤12345", "WJ粤·12345", PlateKind.ARMED_POLICE),
    ("wj粤1234消", "WJ粤·1234消", PlateKind.ARMED_POLICE),
    ("使014578", "使014·578", PlateKind.EMBASSY),
    ("粤A·1234领", "粤A·1234领", PlateKind.CONSULATE),
    ("粤A·123456", "粤A·123456", PlateKind.TEMPORARY),
    ("临时粤A12345", "临粤A·12345", PlateKind.TEMPORARY),
    ("粤A·1234试", "粤A·1234试", PlateKind.TEMPORARY),
]


@pytest.mark.parametrize(("typed", "stored", "kind"), FORMATS)
def test_f1_every_ga36_plate_is_recognised(typed: str, stored: str, kind: PlateKind) -> None:
    r = read_plate(typed)
    assert (r.plate, r.kind, r.recognised) == (stored, kind, True)
    assert car_matches(stored.replace("·", ""), stored, VIN)


def test_f1_no_plate_and_unrecognised_plate_in_the_domain() -> None:
    for typed in (None, "未上牌", " 无牌 "):
        assert reception_plate(typed) is None
    for empty in ("", "  "):  # an empty field is a forgotten plate, not 未上牌
        with pytest.raises(InvalidInput, match="未上牌"):
            reception_plate(empty)
    with pytest.raises(UnrecognisedPlate, match="不是已知的号牌格式"):
        reception_plate("XX·B12345")
    kept = reception_plate("XX·B12345", confirm_unrecognised=True)
    assert kept is not None and kept.plate == "XXB12345" and not kept.recognised
    with pytest.raises(InvalidInput, match="只能含"):
        reception_plate("粤B#1234!", confirm_unrecognised=True)  # symbols: not a plate at all


@pytest.mark.parametrize(("typed", "stored", "kind"), FORMATS)
def test_f1_f5_each_plate_is_received_found_and_checked_at_the_take(
        db: Database, people: dict[Role, Actor], typed: str, stored: str, kind: PlateKind) -> None:
    shop = add_shop(db, people, plate=typed)
    assert shop.vehicle.plate == stored and not shop.vehicle.plate_unrecognised
    tail = stored.replace("·", "")[-4:]
    assert any(h.vehicle_id == shop.vehicle.id and h.plate == stored for h in search(db, tail))
    wo = started_order(db, people, shop)
    tech = people[Role.TECHNICIAN]
    with pytest.raises(RuleViolation, match="车牌不符"):
        workshop_floor.take_job(db.uow(), tech, wo.number, plate="粤B·54321")
    taken = workshop_floor.take_job(db.uow(), tech, wo.number, plate=typed.lower())
    assert taken.state == "in_progress"


def test_f1_new_car_without_plate_is_received_by_vin_and_the_plate_added_later(
        db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people, plate="未上牌")
    v = shop.vehicle
    assert v.plate == "" and v.shown_plate == f"未上牌·{VIN[-6:]}"
    assert any(h.vehicle_id == v.id for h in search(db, VIN[-6:]))
    # a second car without plates is no clash
    other = front_desk.add_vehicle(db.uow(), people[Role.ADVISOR], customer_id=shop.customer.id, plate=None,
                                   vin=make_vin("LFV3A23C1N3000002"),
                                   brand="大众", model="ID.4", purchase_date=date(2026, 1, 5))
    assert other.plate == ""
    wo = started_order(db, people, shop)
    assert [r.plate for r in list_work_orders(db, limit=5)] == [f"未上牌·{VIN[-6:]}"]
    tech = people[Role.TECHNICIAN]
    with pytest.raises(RuleViolation, match="车架号"):
        workshop_floor.take_job(db.uow(), tech, wo.number, plate="粤B·12345")
    workshop_floor.take_job(db.uow(), tech, wo.number, plate=VIN[-6:].lower())
    later = front_desk.edit_vehicle(db.uow(), people[Role.ADVISOR], v.id, expected_version=v.version,
                                    plate="粤B·D88888")
    assert later.plate == "粤B·D88888"
    card = customer_card(db, shop.customer.id)
    assert card is not None
    row = next(x for x in card.vehicles if x.id == v.id)
    assert [(h.old_plate, h.new_plate) for h in row.plate_history] == [(None, "粤B·D88888")]
    assert any(h.vehicle_id == v.id for h in search(db, "D888"))


def test_f1_unrecognised_plate_needs_confirmation_then_is_flagged(db: Database, people: dict[Role, Actor]) -> None:
    with pytest.raises(UnrecognisedPlate):
        add_shop(db, people, plate="AB·12345")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Vehicle)) == 0
    c = front_desk.add_customer(db.uow(), people[Role.ADVISOR], name="约翰", phone="13900001111")
    v = front_desk.add_vehicle(db.uow(), people[Role.ADVISOR], customer_id=c.id, plate="AB·12345", vin=VIN,
                               brand="福特", model="野马", purchase_date=date(2025, 6, 1),
                               confirm_unrecognised_plate=True)
    assert v.plate == "AB12345" and v.plate_unrecognised
    with db.read() as s:
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.action == "vehicle.add")) == "vehicle.add"
    # an edit of something else keeps the confirmed plate without asking again
    v2 = front_desk.edit_vehicle(db.uow(), people[Role.ADVISOR], v.id, expected_version=v.version,
                                 plate="AB12345", model="Mustang")
    assert v2.plate_unrecognised and v2.model == "Mustang"
    # corrected to a real plate: the flag goes, the history keeps the old one
    v3 = front_desk.edit_vehicle(db.uow(), people[Role.ADVISOR], v.id, expected_version=v2.version,
                                 plate="粤B·66666")
    assert not v3.plate_unrecognised
    with db.read() as s:
        assert s.execute(select(VehiclePlate.old_plate, VehiclePlate.new_plate)).all() == [("AB12345", "粤B·66666")]
    shop_like = started_order(db, people, type("S", (), {"customer": c, "vehicle": v3})())  # type: ignore[arg-type]
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], shop_like.number, plate="粤B66666")
