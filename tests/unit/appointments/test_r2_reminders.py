"""R2: maintenance reminders — the next service by date or mileage whichever first, the daily mileage from the
visits, the call list a set number of days ahead with its outcomes, insurance and inspection dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from tests.helpers import appointments_data as ad
from tests.helpers.clock import ShopClock
from workshop.db.models import Appointment, ReminderCall, Vehicle
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.reminders import Interval, next_service_due, parse_model_intervals, predicted_daily_km
from workshop.domain.roles import Actor, Role
from workshop.queries.reminders import reminder_counts, reminder_list
from workshop.services import front_desk, reminders, settings

pytestmark = pytest.mark.clock

BOUGHT = date(2025, 1, 10)


def test_r2_service_due_by_date_or_mileage_whichever_comes_first() -> None:
    every = Interval(6, 5000)
    # 40 km a day from 30 000 km on 2026-03-01, last service there: 5000 km last 125 days, 6 months 184
    assert next_service_due(last_service=(date(2026, 3, 1), 30000), latest=(date(2026, 3, 1), 30000),
                            purchase_date=BOUGHT, daily_km=40, interval=every) == date(2026, 7, 4)
    # a car that drives little: the date comes first
    assert next_service_due(last_service=(date(2026, 3, 1), 30000), latest=(date(2026, 3, 1), 30000),
                            purchase_date=BOUGHT, daily_km=10, interval=every) == date(2026, 9, 1)
    # never serviced here: from the purchase, at 0 km
    assert next_service_due(last_service=None, latest=None, purchase_date=date(2026, 1, 31), daily_km=40,
                            interval=every) == date(2026, 6, 5)
    assert next_service_due(last_service=None, latest=None, purchase_date=date(2025, 8, 31), daily_km=1,
                            interval=every) == date(2026, 2, 28)  # month ends


def test_r2_daily_mileage_is_predicted_from_the_visits_or_a_default_for_a_new_car() -> None:
    visits = [(date(2026, 1, 1), 10000), (date(2026, 3, 2), 13000)]
    assert predicted_daily_km(visits, BOUGHT, 40) == 50
    assert predicted_daily_km([(date(2026, 1, 10), 7300)], BOUGHT, 40) == 20  # from the purchase
    assert predicted_daily_km([], date(2026, 3, 1), 40) == 40                 # a new car
    assert predicted_daily_km([(date(2025, 1, 20), 300)], BOUGHT, 40) == 40   # too soon to tell
    assert parse_model_intervals("朗逸=6/7500； 途观L = 12/10000") == {"朗逸": Interval(6, 7500),
                                                                      "途观L": Interval(12, 10000)}
    with pytest.raises(InvalidInput, match="车型=月数/公里数"):
        parse_model_intervals("朗逸 6/7500")


@pytest.fixture
def car(db: Database, people: dict[Role, Actor], shop_clock: ShopClock) -> ad.Shop:
    ad.at_monday(shop_clock)
    return ad.shop_car(db, people, mileage=20000)


def _vehicle(db: Database, vid: int) -> Vehicle:
    with db.read() as s:
        v = s.get(Vehicle, vid)
        assert v is not None
        s.expunge(v)
        return v


def test_r2_a_work_order_refreshes_the_due_date_with_the_model_interval(
        db: Database, people: dict[Role, Actor], car: ad.Shop) -> None:
    adv = people[Role.ADVISOR]
    front_desk.open_work_order(db.uow(), adv, vehicle_id=car.vehicle.id, kind="maintenance", mileage_in=20000,
                               fault_description="保养")
    v = _vehicle(db, car.vehicle.id)
    # 20000 km since 2025-01-10 (423 days): 47 km a day; 5000 km in 106 days, 6 months later: by mileage
    assert v.daily_km == 47 and v.service_due == date(2026, 3, 9) + timedelta(days=5000 // 47)
    settings.set_setting(db.uow(), people[Role.SERVICE_DIRECTOR], "service_intervals_by_model",
                         "帕萨特 330TSI=3/10000")
    assert reminders.recompute_service_due(db.uow(), people[Role.SERVICE_DIRECTOR]) == 1
    assert _vehicle(db, car.vehicle.id).service_due == date(2026, 6, 9)  # 3 months come first now


def _set_due(db: Database, vid: int, **dues: date | None) -> None:
    with db.uow() as uow:
        v = uow.session.get(Vehicle, vid)
        assert v is not None
        for k, d in dues.items():
            setattr(v, k, d)
        uow.commit()


def test_r2_the_call_list_and_its_outcomes(db: Database, people: dict[Role, Actor], car: ad.Shop) -> None:
    cs = people[Role.CUSTOMER_SERVICE]
    today = date(2026, 3, 9)
    _set_due(db, car.vehicle.id, service_due=today + timedelta(days=10))
    reminders.set_vehicle_due_dates(db.uow(), people[Role.ADVISOR], car.vehicle.id,
                                    insurance_due=today + timedelta(days=5), inspection_due=today + timedelta(days=60))
    rows = reminder_list(db, today)
    assert [(r.kind, r.days_left, r.calls) for r in rows] == [("insurance", 5, 0), ("service", 10, 0)]
    # the count is of the whole list, not of the rows a screen is given
    assert len(reminder_list(db, today, limit=1)) == 1 and reminder_counts(db, today) == (2, 0)
    assert reminder_counts(db, today + timedelta(days=7)) == (2, 1)  # the insurance is two days overdue then
    assert reminder_list(db, today, days_ahead=60)[-1].kind == "inspection"
    service_due = today + timedelta(days=10)
    reminders.record_reminder_call(db.uow(), cs, car.vehicle.id, kind="service", due_date=service_due,
                                   outcome="not_reached", note="无人接听")
    assert [(r.kind, r.calls) for r in reminder_list(db, today)] == [("insurance", 0), ("service", 1)]
    reminders.record_reminder_call(db.uow(), cs, car.vehicle.id, kind="insurance",
                                   due_date=today + timedelta(days=5), outcome="reached", note="已在别家续保")
    booked = reminders.record_reminder_call(
        db.uow(), cs, car.vehicle.id, kind="service", due_date=service_due, outcome="booked",
        booking={"day": ad.TUESDAY, "slot": "08:30", "team": "机修", "service": "常规保养", "channel": "phone",
                 "advisor_id": people[Role.ADVISOR].user_id})
    assert booked.appointment_id is not None
    assert reminder_list(db, today) == []
    with db.read() as s:
        a = s.get(Appointment, booked.appointment_id)
        assert a is not None and (a.day, a.service, a.state) == (ad.TUESDAY, "常规保养", "booked")


def test_r2_a_booked_call_into_a_full_slot_writes_nothing(
        db: Database, people: dict[Role, Actor], car: ad.Shop) -> None:
    cs = people[Role.CUSTOMER_SERVICE]
    ad.set_capacity(db, people, "机修", 0)
    with pytest.raises(RuleViolation, match="已约满"):
        reminders.record_reminder_call(
            db.uow(), cs, car.vehicle.id, kind="service", due_date=date(2026, 3, 20), outcome="booked",
            booking={"day": ad.TUESDAY, "slot": "08:30", "team": "机修", "service": "保养", "channel": "phone",
                     "advisor_id": people[Role.ADVISOR].user_id})
    with pytest.raises(InvalidInput, match="提醒结果"):
        reminders.record_reminder_call(db.uow(), cs, car.vehicle.id, kind="service", due_date=date(2026, 3, 20),
                                       outcome="maybe")
    with pytest.raises(InvalidInput, match="预约日期"):
        reminders.record_reminder_call(db.uow(), cs, car.vehicle.id, kind="service", due_date=date(2026, 3, 20),
                                       outcome="booked")
    with pytest.raises(PermissionDenied):
        reminders.record_reminder_call(db.uow(), people[Role.PARTS_CLERK], car.vehicle.id, kind="service",
                                       due_date=date(2026, 3, 20), outcome="reached")
    with pytest.raises(InvalidInput, match="不合理"):
        reminders.set_vehicle_due_dates(db.uow(), people[Role.ADVISOR], car.vehicle.id,
                                        insurance_due=date(1990, 1, 1), inspection_due=None)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ReminderCall)) == 0
        assert s.scalar(select(func.count()).select_from(Appointment)) == 0


def test_r2_an_empty_shop_has_an_empty_list(db: Database) -> None:
    assert reminder_list(db, date(2026, 3, 9)) == []


def test_r2_the_call_list_range_scans_the_due_date_indexes(db: Database) -> None:
    from workshop.domain.reminders import ReminderKind
    from workshop.queries.reminders import list_stmt

    for kind, index in ((ReminderKind.SERVICE, "ix_vehicles_service_due"),
                        (ReminderKind.INSURANCE, "ix_vehicles_insurance_due"),
                        (ReminderKind.INSPECTION, "ix_vehicles_inspection_due")):
        stmt = list_stmt(kind, date(2026, 3, 9), 14, 500)
        with db.read() as s:
            if db.dialect == "sqlite":
                plan = " ".join(str(r[-1]) for r in s.execute(
                    text("EXPLAIN QUERY PLAN " + str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True})))))
                assert index in plan and "ix_reminder_calls_vehicle_kind" in plan, plan
            else:  # the planner picks a scan on a tiny table; the statement must at least run
                s.execute(stmt).all()
