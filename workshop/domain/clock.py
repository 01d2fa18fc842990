"""Times are stored timezone-aware (UTC) and shown in the shop's time zone, Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from workshop.domain.calendar import PUBLIC_CALENDAR, WorkingCalendar

SHOP_TZ = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_shop(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(SHOP_TZ)


def shop_today() -> date:
    """Today in the shop (Asia/Shanghai): at 00:02 there it is still yesterday in UTC and on a UTC machine."""
    return to_shop(utcnow()).date()


def fmt_shop(dt: datetime | None, with_seconds: bool = False) -> str:
    if dt is None:
        return ""
    return to_shop(dt).strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def week_start(dt: datetime) -> datetime:
    """Monday 00:00 Asia/Shanghai of the calendar week holding dt, as an aware datetime."""
    local = to_shop(dt)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time(0, 0), tzinfo=SHOP_TZ)


def shop_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0, 0), tzinfo=SHOP_TZ)
    return start, start + timedelta(days=1)


def add_working_days(dt: datetime, days: int, calendar: WorkingCalendar = PUBLIC_CALENDAR) -> datetime:
    """dt plus a number of working days (S2: China's public holidays and 调休 working weekends, and the shop's
    own closed days), in shop time: the same time of day on the n-th working day after dt's day."""
    local = to_shop(dt)
    return (local + (_working_day_after(local.date(), days, calendar) - local.date())).astimezone(UTC)


@lru_cache(maxsize=4096)
def _working_day_after(day: date, days: int, calendar: WorkingCalendar) -> date:
    """The n-th working day after `day`. Cached: the board asks it for every car, most opened on a few days."""
    added = 0
    while added < days:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            added += 1
    return day


def end_of_working_day(dt: datetime, closing: time = time(18, 0)) -> datetime:
    """The shop's closing time on dt's day; if that is past, closing time on the next day."""
    local = to_shop(dt)
    end = datetime.combine(local.date(), closing, tzinfo=SHOP_TZ)
    if end <= local:
        end += timedelta(days=1)
    return end.astimezone(UTC)
