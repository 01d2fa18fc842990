"""F1 numbers, F2 kinds and payers, F3 warranty, F7 priorities and deadlines, F8 standard prices."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.helpers.clock import ShopClock
from tests.helpers.front_desk_data import BRAKE_PADS, OIL, OIL_CHANGE, PADS, add_shop, open_order
from workshop.db.models import LaborLine, PartLine, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import SHOP_TZ, add_working_days, shop_today, to_shop, utcnow
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation, StaleEdit
from workshop.domain.kind_policy import PAYER_OF_KIND, policy_of
from workshop.domain.roles import Actor, Role
from workshop.domain.work_order import Kind
from workshop.queries import customers
from workshop.services import front_desk

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def test_f1_numbers_are_human_readable_and_unique(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    numbers = [open_order(db, people, shop, mileage=31000 + i, with_lines=False).number for i in range(3)]
    stamp = to_shop(utcnow()).strftime("%y%m")
    assert all(re.fullmatch(rf"RO{stamp}-\d{{4}}", n) for n in numbers)
    assert len(set(numbers)) == 3
    assert [int(n[-4:]) for n in numbers] == [1, 2, 3]


def test_f1_numbers_follow_the_shop_month_across_a_year_end(
        db: Database, people: dict[Role, Actor], shop_clock: ShopClock) -> None:
    """Numbering goes by the shop's month in Asia/Shanghai: 23:59 on 31 December is still 2612 (15:59 UTC),
    00:00 on 1 January starts 2701 at 0001."""
    shop = add_shop(db, people)
    shop_clock.move_to(datetime(2026, 12, 31, 23, 59, 0, tzinfo=SHOP_TZ))
    december = open_order(db, people, shop, mileage=31000, with_lines=False).number
    shop_clock.move_to(datetime(2027, 1, 1, 0, 0, 1, tzinfo=SHOP_TZ))
    january = [open_order(db, people, shop, mileage=31001 + i, with_lines=False).number for i in range(2)]
    assert [december, *january] == ["RO2612-0001", "RO2701-0001", "RO2701-0002"]


def test_f1_work_order_records_customer_vehicle_fault_and_advisor(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    promised = utcnow() + timedelta(hours=5)
    wo = open_order(db, people, shop, with_lines=False, promised_at=promised)
    assert wo.customer_id == shop.customer.id and wo.vehicle_id == shop.vehicle.id
    assert wo.advisor_id == people[Role.ADVISOR].user_id and wo.state == "draft"
    assert wo.fault_description == "刹车时有异响，仪表提示保养" and wo.promised_at == promised
    assert wo.mileage_in == 31000


@pytest.mark.parametrize("kind", list(Kind))
def test_f2_payer_follows_the_kind(db: Database, people: dict[Role, Actor], kind: Kind) -> None:
    shop = add_shop(db, people)
    extra = {"internal_department": "销售部"} if policy_of(kind).names_department else {}
    wo = open_order(db, people, shop, kind=kind.value, with_lines=False, **extra)
    assert wo.payer == PAYER_OF_KIND[kind] and wo.kind == kind.value


def test_f2_charging_modes_and_bad_kind(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    for mode in ("paid", "contract", "free"):
        assert open_order(db, people, shop, with_lines=False, charging_mode=mode).charging_mode == mode
    with pytest.raises(InvalidInput):
        open_order(db, people, shop, with_lines=False, charging_mode="gratis")
    with pytest.raises(InvalidInput):
        open_order(db, people, shop, kind="repair", with_lines=False)
    with pytest.raises(InvalidInput, match="领用部门"):
        open_order(db, people, shop, kind="internal", with_lines=False)


def test_f3_warranty_by_date_and_by_mileage() -> None:
    bought = date(2023, 5, 10)
    inside = front_desk.warranty_status(bought, 36, 100000, 50000, date(2026, 5, 9))
    assert inside.in_warranty and inside.ends_on == date(2026, 5, 9)
    by_date = front_desk.warranty_status(bought, 36, 100000, 50000, date(2026, 5, 10))
    assert not by_date.in_warranty and not by_date.by_date and by_date.by_mileage
    assert "到期" in by_date.text("zh")
    by_km = front_desk.warranty_status(bought, 36, 100000, 100001, date(2024, 1, 1))
    assert not by_km.in_warranty and by_km.by_date and not by_km.by_mileage
    assert "超过" in by_km.text("zh") and "over" in by_km.text("en")


def test_f3_out_of_warranty_charges_agreed_before_start(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people, purchase_date=shop_today() - timedelta(days=365 * 5))
    advisor = people[Role.ADVISOR]
    assert not customers.warranty_at_reception(db, shop.vehicle.id).in_warranty
    with pytest.raises(RuleViolation, match="出保修"):
        open_order(db, people, shop, kind="warranty", with_lines=False)
    wo = open_order(db, people, shop)
    assert wo.in_warranty is False
    with pytest.raises(RuleViolation, match="确认费用"):
        front_desk.start_work_order(db.uow(), advisor, wo.number)
    assert front_desk.get_work_order(db, wo.number).state == "draft"
    wo = front_desk.edit_work_order(db.uow(), advisor, wo.number, expected_version=wo.version,
                                    out_of_warranty_agreed=True)
    assert front_desk.start_work_order(db.uow(), advisor, wo.number).state == "started"


def test_f3_in_warranty_vehicle_starts_without_agreement(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    assert wo.in_warranty is True
    assert front_desk.start_work_order(db.uow(), people[Role.ADVISOR], wo.number).state == "started"


def test_f7_deadlines_by_priority_and_late_flag() -> None:
    opened = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # Monday 10:00 Shanghai
    urgent = front_desk.deadlines("urgent", opened, None, "in_progress", now=opened + timedelta(hours=23))
    assert urgent.respond_by == opened + timedelta(hours=2) and urgent.resolve_by == opened + timedelta(hours=24)
    assert not urgent.late
    assert front_desk.deadlines("urgent", opened, None, "in_progress", now=opened + timedelta(hours=25)).late
    important = front_desk.deadlines("important", opened, None, "started", now=opened)
    assert important.resolve_by == opened + timedelta(hours=72)
    normal = front_desk.deadlines("normal", opened, None, "draft", now=opened + timedelta(hours=9))
    assert normal.resolve_by == add_working_days(opened, 5) and normal.late  # not started within 8 h
    promised = opened + timedelta(hours=4)
    p = front_desk.deadlines("normal", opened, promised, "in_progress", now=opened + timedelta(hours=5))
    assert p.expected_finish == promised and p.late
    done = front_desk.deadlines("urgent", opened, None, "inspected", now=opened + timedelta(days=3))
    assert not done.late


def test_f7_priority_is_stored_and_checked(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, with_lines=False, priority="urgent")
    assert wo.priority == "urgent"
    with pytest.raises(InvalidInput):
        open_order(db, people, shop, with_lines=False, priority="asap")
    with pytest.raises(InvalidInput, match="早于现在"):
        open_order(db, people, shop, with_lines=False, promised_at=utcnow() - timedelta(days=1))


def test_f8_standard_rate_and_price_apply_by_default(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    labor, part = wo.labor_lines[0], wo.part_lines[0]
    assert (labor.operation_code, labor.hours, labor.rate, labor.amount) == (
        OIL_CHANGE, Decimal("0.50"), Decimal("200.00"), Decimal("100.00"))
    assert labor.team == "机修" and labor.technician_id == people[Role.TECHNICIAN].user_id
    assert (part.part_no, part.unit_price, part.quantity) == (OIL, Decimal("68.00"), Decimal("1.00"))
    # more than standard (e.g. two sets) is fine
    wo = front_desk.add_labor_line(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version,
                                   operation_code=BRAKE_PADS, hours="2")
    assert wo.labor_lines[-1].amount == Decimal("400.00")


@pytest.mark.parametrize(("what", "kwargs", "error"), [
    ("labor", {"operation_code": OIL_CHANGE, "rate": "150"}, RuleViolation),
    ("labor", {"operation_code": OIL_CHANGE, "hours": "0.2"}, RuleViolation),
    ("labor", {"operation_code": OIL_CHANGE, "hours": "-1"}, InvalidInput),
    ("labor", {"operation_code": OIL_CHANGE, "rate": "-200"}, InvalidInput),
    ("labor", {"operation_code": "NOPE"}, NotFound),
    ("part", {"part_no": PADS, "unit_price": "0"}, RuleViolation),
    ("part", {"part_no": PADS, "unit_price": "-480"}, InvalidInput),
    ("part", {"part_no": PADS, "quantity": "-1"}, InvalidInput),
    ("part", {"part_no": PADS, "quantity": "0"}, InvalidInput),
])
def test_f8_less_than_standard_or_negative_refused_and_nothing_written(
        db: Database, people: dict[Role, Actor], what: str, kwargs: dict[str, str], error: type) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, with_lines=False)
    add = front_desk.add_labor_line if what == "labor" else front_desk.add_part_line
    with pytest.raises(error):
        add(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version, **kwargs)  # type: ignore[operator]
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(LaborLine)) == 0
        assert s.scalar(select(func.count()).select_from(PartLine)) == 0
        assert s.scalar(select(WorkOrder.version).where(WorkOrder.id == wo.id)) == wo.version


def test_stale_edit_names_who_changed_it_and_when(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, with_lines=False)
    lead = people[Role.FRONT_DESK_LEAD]
    newer = front_desk.edit_work_order(db.uow(), lead, wo.number, expected_version=wo.version,
                                       requested_items="保养 + 四轮定位")
    with pytest.raises(StaleEdit) as err:
        front_desk.edit_work_order(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version,
                                   requested_items="只做保养")
    assert "front_desk_lead" in err.value.zh and "请刷新" in err.value.zh and "reload" in err.value.en
    assert to_shop(newer.updated_at).strftime("%H:%M") in err.value.zh
    with pytest.raises(StaleEdit):
        front_desk.add_part_line(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version,
                                 part_no=OIL)
    assert front_desk.get_work_order(db, wo.number).requested_items == "保养 + 四轮定位"


def test_f8_part_quantity_raised_and_never_below_issued(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    line = wo.part_lines[0]
    wo = front_desk.change_part_quantity(db.uow(), people[Role.ADVISOR], wo.number, line.id,
                                         expected_version=wo.version, quantity="2")
    assert wo.part_lines[0].quantity == Decimal("2.00")
    wo = front_desk.remove_part_line(db.uow(), people[Role.ADVISOR], wo.number, line.id, expected_version=wo.version)
    assert wo.part_lines == ()
    wo = front_desk.remove_labor_line(db.uow(), people[Role.ADVISOR], wo.number, wo.labor_lines[0].id,
                                      expected_version=wo.version)
    assert wo.labor_lines == ()
