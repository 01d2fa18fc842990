"""S2: the shop's working days — China's public holidays with their adjusted working weekends (调休), from the
`chinesecalendar` package, plus the shop's own closed days. For a year the package does not know yet, the
shop enters that year's holidays and working weekends (settings); until then Monday to Friday, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import chinese_calendar

from workshop.domain.errors import InvalidInput
from workshop.domain.text import halfwidth


@lru_cache(maxsize=8192)
def _package_workday(day: date) -> bool | None:
    """What the public calendar says, None for a year it does not know. Cached: the package checks each date
    against the span of its whole holiday table (a min and a max over it), which the board paid per car."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def package_knows(year: int) -> bool:
    return _package_workday(date(year, 6, 1)) is not None


@dataclass(frozen=True)
class WorkingCalendar:
    """closed: the shop's own closed days; holidays / working: the public holidays and 调休 working weekends
    the shop entered (they win over the package, and make a year the package lacks known)."""

    closed: frozenset[date] = field(default_factory=frozenset)
    holidays: frozenset[date] = field(default_factory=frozenset)
    working: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.closed or day in self.holidays:
            return False
        if day in self.working:
            return True
        public = _package_workday(day)
        return day.weekday() < 5 if public is None else public

    def is_public_holiday(self, day: date) -> bool:
        """A public holiday (春节, 国庆 …; not an ordinary weekend), from the package or entered by the shop."""
        if day in self.holidays:
            return True
        if day in self.working:
            return False
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return False
        return bool(on_holiday and name)

    def knows(self, year: int) -> bool:
        """The year's public holidays are known: from the package, or entered by the shop."""
        return package_knows(year) or any(d.year == year for d in self.holidays)

    def unknown_years(self, years: Iterable[int]) -> list[int]:
        return [y for y in years if not self.knows(y)]


PUBLIC_CALENDAR = WorkingCalendar()

_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def parse_dates(text: str) -> frozenset[date]:
    """A list of dates as the shop types it: 2027-01-01, 2027/1/2 or 2027年1月3日, separated by anything."""
    cleaned = halfwidth(text or "")
    found: set[date] = set()
    for y, m, d in _DATE.findall(cleaned):
        try:
            found.add(date(int(y), int(m), int(d)))
        except ValueError:
            raise InvalidInput(f"日期 {y}-{m}-{d} 不存在。", f"The date {y}-{m}-{d} does not exist.") from None
    rest = _DATE.sub("", cleaned)
    if any(ch.isalnum() for ch in rest):
        raise InvalidInput("日期请写成 2027-01-01，多个日期用逗号或空格分开。",
                           "Write dates as 2027-01-01, several separated by commas or spaces.")
    return frozenset(found)


def format_dates(days: Iterable[date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(days))
