"""S2 read side: the shop's working calendar as the administration screen shows it, with a warning for a year
whose public holidays nobody knows yet (the `chinesecalendar` package is older than the year, and the shop has
not entered that year's holidays): deadlines then count Monday to Friday."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from workshop.db.settings_store import get_setting, working_calendar
from workshop.db.uow import Database
from workshop.domain.calendar import format_dates

LOOK_AHEAD = timedelta(days=45)  # the longest deadline in working days is far shorter: warn before a new year


@dataclass(frozen=True)
class CalendarStatus:
    shop_closed_days: str
    public_holidays: str
    adjusted_working_days: str
    unknown_years: tuple[int, ...]

    def warning(self, language: str = "zh") -> str:
        """"" when every year in use is known."""
        if not self.unknown_years:
            return ""
        years = "、".join(str(y) for y in self.unknown_years)
        if language.startswith("en"):
            return (f"The public holidays of {years} are not known yet (update chinesecalendar, or enter that "
                    "year's holidays and adjusted working weekends below): working days count Monday to Friday.")
        return (f"{years} 年的法定节假日尚未知道（请更新 chinesecalendar，或在下方录入当年的节假日和调休上班日）："
                "目前工作日按周一至周五计算。")


def calendar_status(db: Database, today: date) -> CalendarStatus:
    with db.read() as s:
        cal = working_calendar(s)
        texts = [get_setting(s, k) for k in ("shop_closed_days", "public_holidays", "adjusted_working_days")]
    years = sorted({today.year, (today + LOOK_AHEAD).year})
    return CalendarStatus(texts[0], texts[1], texts[2], tuple(cal.unknown_years(years)))


def working_days_between(db: Database, first: date, last: date) -> list[date]:
    """The working days from first to last inclusive (what the screen lists for a check)."""
    with db.read() as s:
        cal = working_calendar(s)
    days, d = [], first
    while d <= last:
        if cal.is_working_day(d):
            days.append(d)
        d += timedelta(days=1)
    return days


__all__ = ["CalendarStatus", "calendar_status", "format_dates", "working_days_between"]
