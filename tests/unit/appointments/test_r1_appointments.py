"""R1: appointments — booking, full slots and overbooking, closed days, confirmation list, cancellation,
no-show, and the arrival that opens the work order with its item in one step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.helpers import appointments_data as ad
from tests.helpers.clock import ShopClock
from tests.helpers.front_desk_data import OIL_CHANGE
from workshop.db.models import Appointment, AppointmentSlot, LaborLine, WorkOrder
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.queries import appointments as aq
from workshop.queries.dashboards import figure
from workshop.queries.dashboards_base import Params
from workshop.services import appointments, front_desk, settings

pytestmark = pytest.mark.clock


@pytest.fixture
def shop(db: Database, people: dict[Role, Actor], shop_clock: ShopClock) -> ad.Shop:
    ad.at_monday(shop_clock)
    return ad.shop_car(db, people)


def _count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_r1_a_booking_records_customer_vehicle_service_channel_and_advisor(
        db: Database, people: dict[Role, Actor], shop: ad.Shop) -> None:
    a = ad.book(db, people[Role.ADVISOR], shop, channel="wechat")
    assert (a.customer_id, a.vehicle_id, a.day, a.slot, a.team) == (shop.customer.id, shop.vehicle.id, ad.TUESDAY,
                                                                    "10:00", "机修")
    assert (a.service, a.operation_code, a.channel, a.advisor_id, a.state) == (
        "更换机油机滤", OIL_CHANGE, "wechat", people[Role.ADVISOR].user_id, "booked")
    # customer service books for an advisor, with free text
    cs = appointments.book_appointment(db.uow(), people[Role.CUSTOMER_SERVICE], vehicle_id=shop.vehicle.id,
                                       day=ad.TUESDAY + timedelta(days=1), slot="08:30", team="机修",
                                       service="空调有异味", channel="oem_app",
                                       advisor_id=people[Role.ADVISOR].user_id)
    assert (cs.service, cs.operation_code, cs.advisor_id) == ("空调有异味", None, people[Role.ADVISOR].user_id)
    plan = aq.day_plan(db, ad.TUESDAY)
    assert plan.cell("10:00", "机修").booked == 1 and plan.cell("10:00", "机修").free == 2
    assert [r.plate for r in plan.appointments] == ["粤B·12345"]


def test_r1_a_full_slot_is_refused_and_only_a_lead_may_overbook(
        db: Database, people: dict[Role, Actor], shop: ad.Shop) -> None:
    ad.set_capacity(db, people, "机修", 1)
    other = ad.other_car(db, people)
    ad.book(db, people[Role.ADVISOR], shop)
    with pytest.raises(RuleViolation, match="已约满"):
        ad.book(db, people[Role.ADVISOR], other)
    with pytest.raises(RuleViolation, match="只有前台主管"):
        ad.book(db, people[Role.ADVISOR], other, overbook=True)
    assert _count(db, Appointment) == 1 and aq.day_plan(db, ad.TUESDAY).cell("10:00", "机修").booked == 1
    over = ad.book(db, people[Role.FRONT_DESK_LEAD], other, overbook=True)
    assert over.overbooked
    assert aq.day_plan(db, ad.TUESDAY).cell("10:00", "机修").booked == 2
    # the other team's slot is its own
    assert not ad.book(db, people[Role.ADVISOR], other, team="钣喷", code=None, service="补漆",
                       day=ad.TUESDAY + timedelta(days=1)).overbooked


def test_r1_no_bookings_on_closed_days_public_holidays_or_in_the_past(
        db: Database, people: dict[Role, Actor], shop: ad.Shop) -> None:
    settings.set_setting(db.uow(), people[Role.SERVICE_DIRECTOR], "shop_closed_days", "2026-03-11")
    with pytest.raises(RuleViolation, match="休息日或法定节假日"):
        ad.book(db, people[Role.ADVISOR], shop, day=date(2026, 3, 11))
    with pytest.raises(RuleViolation, match="休息日或法定节假日"):
        ad.book(db, people[Role.ADVISOR], shop, day=date(2026, 10, 1))  # 国庆
    with pytest.raises(RuleViolation, match="已经过去"):
        ad.book(db, people[Role.ADVISOR], shop, day=date(2026, 3, 9), slot="08:30")
    assert ad.book(db, people[Role.ADVISOR], shop, day=date(2026, 3, 14)).state == "booked"  # a Saturday: open
    assert aq.day_plan(db, date(2026, 3, 11)).closed
    week = aq.week_plan(db, date(2026, 3, 9))
    assert [w.closed for w in week] == [False, False, True, False, False, False, False]
    assert week[5].booked["机修"] == 1 and week[5].capacity["机修"] == 2 * 4


def test_r1_bad_input_is_refused_with_a_sentence_and_nothing_written(
        db: Database, people: dict[Role, Actor], shop: ad.Shop) -> None:
    adv = people[Role.ADVISOR]
    with pytest.raises(InvalidInput, match="预约渠道"):
        ad.book(db, adv, shop, channel="fax")
    with pytest.raises(InvalidInput, match="预约时段"):
        ad.book(db, adv, shop, slot="09:15")
    with pytest.raises(InvalidInput, match="预约项目"):
        ad.book(db, adv, shop, code=None, service="  ")
    with pytest.raises(PermissionDenied):
        ad.book(db, people[Role.PARTS_CLERK], shop)
    with pytest.raises(InvalidInput, match="7 个整数"):
        settings.set_setting(db.uow(), people[Role.SERVICE_DIRECTOR], "appointment_capacity.机修", "3,3,3")
    with pytest.raises(InvalidInput, match="时:分"):
        settings.set_setting(db.uow(), people[Role.SERVICE_DIRECTOR], "appointment_slots", "8点半")
    ad.book(db, adv, shop)
    with pytest.raises(RuleViolation, match="已经有预约"):
        ad.book(db, adv, shop, slot="13:30")
    assert _count(db, Appointment) == 1


def test_r1_confirmation_list_cancellation_and_no_show(
        db: Database, people: dict[Role, Actor], shop: ad.Shop, shop_clock: ShopClock) -> None:
    cs, adv = people[Role.CUSTOMER_SERVICE], people[Role.ADVISOR]
    other = ad.other_car(db, people)
    a = ad.book(db, adv, shop)
    b = ad.book(db, adv, other, slot="13:30")
    assert [r.id for r in aq.confirmation_list(db, ad.TUESDAY)] == [a.id, b.id]
    appointments.confirm_appointment(db.uow(), cs, a.id, note="客户确认准时到")
    calls = aq.confirmation_list(db, ad.TUESDAY)
    assert [r.id for r in calls] == [b.id, a.id] and calls[1].confirmed_at is not None  # still to call first
    with pytest.raises(RuleViolation, match="还没到"):
        appointments.record_no_show(db.uow(), adv, b.id)
    appointments.cancel_appointment(db.uow(), cs, a.id, reason="客户出差")
    assert aq.day_plan(db, ad.TUESDAY).cell("10:00", "机修").booked == 0  # the place is free again
    with pytest.raises(RuleViolation, match="已经处理过"):
        appointments.cancel_appointment(db.uow(), cs, a.id, reason="again")
    shop_clock.move_to(ad.MONDAY_9AM + timedelta(days=1, hours=6))  # Tuesday 15:00
    assert appointments.record_no_show(db.uow(), adv, b.id).state == "no_show"
    assert aq.confirmation_list(db, ad.TUESDAY) == []
    data = figure("show_rate").run(db, Params(ad.TUESDAY, ad.TUESDAY, now=ad.MONDAY_9AM))
    assert dict(data.rows)["appt_state:no_show"] == 1 and dict(data.rows)["appt_state:cancelled"] == 1


def test_r1_arrival_opens_the_work_order_with_its_item_in_one_step(
        db: Database, people: dict[Role, Actor], shop: ad.Shop, shop_clock: ShopClock) -> None:
    adv = people[Role.ADVISOR]
    a = ad.book(db, adv, shop)
    with pytest.raises(RuleViolation, match="还没到日子"):
        appointments.arrive_appointment(db.uow(), adv, a.id, mileage_in=31000)
    shop_clock.move_to(ad.MONDAY_9AM + timedelta(days=1, hours=1))  # Tuesday 10:00
    with pytest.raises(InvalidInput):
        appointments.arrive_appointment(db.uow(), adv, a.id, mileage_in=-5)
    assert _count(db, WorkOrder) == 0  # nothing half-written
    got = appointments.arrive_appointment(db.uow(), adv, a.id, mileage_in=31000)
    assert got.state == "arrived" and got.work_order_number
    wo = front_desk.get_work_order(db, got.work_order_number)
    assert (wo.mileage_in, wo.requested_items, wo.vehicle_id) == (31000, "更换机油机滤", shop.vehicle.id)
    with db.read() as s:
        lines = s.scalars(select(LaborLine.description).where(LaborLine.work_order_id == wo.id)).all()
    assert lines == ["更换机油机滤"]
    with pytest.raises(RuleViolation, match="已经处理过"):
        appointments.arrive_appointment(db.uow(), adv, a.id, mileage_in=31000)
    walk_in = front_desk.open_work_order(db.uow(), adv, vehicle_id=shop.vehicle.id, kind="general",
                                         mileage_in=31000, fault_description="异响")
    assert walk_in.number != got.work_order_number
    data = figure("appointment_rate").run(db, Params(ad.TUESDAY, ad.TUESDAY, now=ad.MONDAY_9AM))
    assert dict(data.rows) == {"appt:booked": 1, "appt:walk_in": 1}
    assert data.headline[0].value == 50


def test_r1_an_empty_shop_shows_an_empty_calendar(db: Database) -> None:
    plan = aq.day_plan(db, ad.TUESDAY)
    assert plan.slots == ("08:30", "10:00", "13:30", "15:00") and plan.appointments == ()
    assert all(c.booked == 0 and c.capacity > 0 for c in plan.cells)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AppointmentSlot)) == 0
