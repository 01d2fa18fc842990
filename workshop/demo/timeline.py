"""Times as integer UTC epoch seconds while generating (fast), turned into aware datetimes when written.
Asia/Shanghai has had no daylight saving since 1991, so shop time is UTC+8 throughout."""

from __future__ import annotations

from datetime import UTC, datetime

SHOP_OFFSET = 8 * 3600
DAY = 86400
HOUR = 3600
MINUTE = 60
OPEN_SEC = 8 * HOUR + 30 * MINUTE   # 08:30 shop time
CLOSE_SEC = 18 * HOUR               # 18:00 shop time


def dt(t: int | None) -> datetime | None:
    return None if t is None else datetime.fromtimestamp(t, UTC)


def dtn(t: int) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def shop_day(t: int) -> int:
    """Days since the epoch of the shop-local calendar day holding t."""
    return (t + SHOP_OFFSET) // DAY


def shop_seconds(t: int) -> int:
    return (t + SHOP_OFFSET) % DAY


def at_shop(day: int, seconds: int) -> int:
    """The UTC epoch of a shop-local day and time of day."""
    return day * DAY + seconds - SHOP_OFFSET


def weekday(day: int) -> int:
    """Monday = 0 for a shop-local day number (1970-01-01 was a Thursday)."""
    return (day + 3) % 7


def in_hours(t: int) -> int:
    """Move a moment that falls outside opening hours to the next opening (08:30), keeping the overflow."""
    sec = shop_seconds(t)
    day = shop_day(t)
    if sec < OPEN_SEC:
        return at_shop(day, OPEN_SEC)
    if sec >= CLOSE_SEC:
        return at_shop(day + 1, OPEN_SEC + min(sec - CLOSE_SEC, 3 * HOUR))
    return t


def add_work(t: int, seconds: int) -> int:
    """Working time added during opening hours only (08:30-18:00), spilling over to the next days."""
    t = in_hours(t)
    while seconds > 0:
        left = CLOSE_SEC - shop_seconds(t)
        if seconds < left:
            return t + seconds
        seconds -= left
        t = at_shop(shop_day(t) + 1, OPEN_SEC)
    return t


def end_of_day(t: int) -> int:
    """Closing time (18:00) of t's day, or of the next day when that is past."""
    end = at_shop(shop_day(t), CLOSE_SEC)
    return end if end > t else end + DAY


def month_stamp(t: int) -> str:
    """yymm of the shop-local month, as the numbering service stamps numbers."""
    local = datetime.fromtimestamp(t + SHOP_OFFSET, UTC)
    return local.strftime("%y%m")


def week_start_epoch(t: int) -> int:
    day = shop_day(t)
    return at_shop(day - weekday(day), 0)
