"""S2: working days follow China's public holidays and 调休 working weekends, plus the shop's closed days; a
year the package does not know counts Monday to Friday, with a warning, until the shop enters its holidays;
every deadline in working days (F7, Q2) uses it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.helpers.front_desk_data import add_shop
from workshop.db.uow import Database
from workshop.domain.calendar import PUBLIC_CALENDAR, WorkingCalendar, parse_dates
from workshop.domain.clock import SHOP_TZ, add_working_days
from workshop.domain.errors import InvalidInput
from workshop.domain.roles import Actor, Role
from workshop.domain.work_order import service_deadlines
from workshop.queries.calendar import calendar_status, working_days_between
from workshop.services import quality, settings
from workshop.services.settings import working_calendar
from workshop.services.work_order_common import deadlines

FAR_YEAR = 2035  # a year chinesecalendar cannot know yet


def _at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=SHOP_TZ)


def test_s2_national_day_week_and_its_adjusted_saturday() -> None:
    cal = PUBLIC_CALENDAR
    assert not any(cal.is_working_day(date(2026, 10, d)) for d in range(1, 8))  # 国庆 1-7 October
    assert cal.is_working_day(date(2026, 10, 10))  # 调休: Saturday 10 October is a working day
    assert not cal.is_working_day(date(2026, 10, 11))  # an ordinary Sunday
    # Wednesday 30 September + 3 working days: Thu 8, Fri 9, Sat 10 October (调休)
    assert add_working_days(_at(2026, 9, 30), 3) == _at(2026, 10, 10)


def test_s2_f7_normal_priority_five_working_days_skip_the_holiday() -> None:
    _respond, resolve = service_deadlines("normal", _at(2026, 9, 29))
    # Tue 29 Sep: Wed 30 (1), Oct 1-7 holiday, Thu 8 (2), Fri 9 (3), Sat 10 调休 (4), Mon 12 (5)
    assert resolve == _at(2026, 10, 12)


def test_s2_shop_closed_days_also_count() -> None:
    cal = WorkingCalendar(closed=frozenset({date(2026, 10, 9)}))
    assert add_working_days(_at(2026, 9, 30), 3, cal) == _at(2026, 10, 12)


def test_s2_unknown_year_is_monday_to_friday_until_its_holidays_are_entered() -> None:
    assert not PUBLIC_CALENDAR.knows(FAR_YEAR)
    new_year = date(FAR_YEAR, 1, 1)  # a Monday
    assert new_year.weekday() == 0 and PUBLIC_CALENDAR.is_working_day(new_year)
    entered = WorkingCalendar(holidays=frozenset({new_year}), working=frozenset({date(FAR_YEAR, 1, 6)}))
    assert entered.knows(FAR_YEAR) and not entered.is_working_day(new_year)
    assert entered.is_working_day(date(FAR_YEAR, 1, 6))  # a Saturday entered as 调休


def test_s2_dates_typed_by_the_shop() -> None:
    assert parse_dates("2035-01-01, 2035/1/2　２０３５年１月３日") == {date(2035, 1, d) for d in (1, 2, 3)}
    assert parse_dates("") == frozenset()
    with pytest.raises(InvalidInput):
        parse_dates("2035-02-30")
    with pytest.raises(InvalidInput):
        parse_dates("next Monday")


def test_s2_settings_drive_q2_and_f7_deadlines_and_the_admin_warning(
        db: Database, people: dict[Role, Actor]) -> None:
    admin, cs = people[Role.ADMIN], people[Role.CUSTOMER_SERVICE]
    status = calendar_status(db, date(FAR_YEAR, 3, 1))
    assert status.unknown_years == (FAR_YEAR,) and str(FAR_YEAR) in status.warning("zh")
    settings.set_setting(db.uow(), admin, "public_holidays", f"{FAR_YEAR}-01-01 {FAR_YEAR}-02-05")
    settings.set_setting(db.uow(), admin, "adjusted_working_days", f"{FAR_YEAR}/2/10")
    settings.set_setting(db.uow(), admin, "shop_closed_days", "2026-10-09")
    with pytest.raises(InvalidInput):
        settings.set_setting(db.uow(), admin, "shop_closed_days", "every Friday")
    status = calendar_status(db, date(FAR_YEAR, 3, 1))
    assert status.unknown_years == () and status.warning() == ""
    assert status.adjusted_working_days == f"{FAR_YEAR}-02-10"
    assert date(FAR_YEAR, 2, 10) in working_days_between(db, date(FAR_YEAR, 2, 4), date(FAR_YEAR, 2, 11))
    assert date(FAR_YEAR, 2, 5) not in working_days_between(db, date(FAR_YEAR, 2, 4), date(FAR_YEAR, 2, 11))
    with db.read() as s:
        cal = working_calendar(s)
    d = deadlines("normal", _at(2026, 9, 29), None, "draft", now=_at(2026, 9, 29, 11), calendar=cal)
    assert d.resolve_by == _at(2026, 10, 13)  # the shop's closed 9 October moves it one more day
    shop = add_shop(db, people)
    c = quality.record_complaint(db.uow(), cs, content="等待时间太长", customer_id=shop.customer.id,
                                 received_at=_at(2026, 9, 30))
    assert c.verify_due == _at(2026, 10, 12)  # Thu 8, (Fri 9 closed), Sat 10 调休, Mon 12
    assert c.answer_due == _at(2026, 9, 30) + timedelta(hours=24)
