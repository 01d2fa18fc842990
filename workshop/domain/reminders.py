"""R2 as pure rules: when a vehicle's next service falls due — by date or by mileage, whichever comes first —
with the daily mileage predicted from its visits; the service intervals (per model, else the default); what
a reminder call can come to (like a return visit: reached, not reached, or booked into an appointment)."""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from workshop.domain.appointments import enum_choice
from workshop.domain.errors import InvalidInput
from workshop.domain.text import halfwidth

MIN_SPAN_DAYS = 30  # visits closer together than this say nothing reliable about the daily mileage


class ReminderKind(StrEnum):
    SERVICE = "service"
    INSURANCE = "insurance"
    INSPECTION = "inspection"


class CallOutcome(StrEnum):
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    BOOKED = "booked"


def call_outcome(value: object) -> CallOutcome:
    return enum_choice(CallOutcome, value, "请选择提醒结果：已接通、未接通或已预约。",
                       "Choose the outcome: reached, not reached or booked.")


def reminder_kind(value: object) -> ReminderKind:
    return enum_choice(ReminderKind, value, "未知的提醒类型。", "Unknown kind of reminder.")


@dataclass(frozen=True)
class Interval:
    months: int
    km: int


def parse_interval(text: str) -> Interval:
    """'6/5000': every 6 months or 5000 km."""
    m = re.fullmatch(r"\s*(\d{1,2})\s*[/／]\s*(\d{3,6})\s*", halfwidth(text or ""))
    if m is None or int(m.group(1)) == 0 or int(m.group(2)) == 0:
        raise InvalidInput("保养间隔请写 月数/公里数，例如 6/5000。", "Write the service interval as months/km, e.g. 6/5000.")
    return Interval(int(m.group(1)), int(m.group(2)))


def parse_model_intervals(text: str) -> dict[str, Interval]:
    """Per model, one a line or separated by ';': '途观L=12/10000; 朗逸=6/7500'."""
    out: dict[str, Interval] = {}
    for item in re.split(r"[;；\n]+", halfwidth(text or "")):
        if not item.strip():
            continue
        if "=" not in item:
            raise InvalidInput(f"「{item.strip()}」请写成 车型=月数/公里数，例如 朗逸=6/7500。",
                               f"Write '{item.strip()}' as model=months/km, e.g. Lavida=6/7500.")
        model, value = item.split("=", 1)
        if not model.strip():
            raise InvalidInput("车型名称不能为空。", "The model name is empty.")
        out[model.strip()] = parse_interval(value)
    return out


def checked_date(value: object, zh: str, en: str) -> date:
    """A calendar date (not a time) within reason: 2000 to 2100."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{zh}无效。", f"The {en} is not valid.")
    if not date(2000, 1, 1) <= value <= date(2100, 1, 1):
        raise InvalidInput(f"{zh}不合理：{value.isoformat()}。", f"The {en} is not plausible: {value.isoformat()}.")
    return value


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, _calendar.monthrange(year, month)[1]))


def predicted_daily_km(visits: Sequence[tuple[date, int]], purchase_date: date, default: int) -> int:
    """km per day from the first to the last visit (at least MIN_SPAN_DAYS apart); else from the purchase to
    the last visit; else (a new car, nothing known) the default. Never less than 1."""
    known = sorted((d, km) for d, km in visits if km > 0)
    if len(known) >= 2 and (known[-1][0] - known[0][0]).days >= MIN_SPAN_DAYS and known[-1][1] > known[0][1]:
        return max(1, round((known[-1][1] - known[0][1]) / (known[-1][0] - known[0][0]).days))
    if known and (known[-1][0] - purchase_date).days >= MIN_SPAN_DAYS:
        return max(1, round(known[-1][1] / (known[-1][0] - purchase_date).days))
    return max(1, default)


def next_service_due(*, last_service: tuple[date, int] | None, latest: tuple[date, int] | None,
                     purchase_date: date, daily_km: int, interval: Interval) -> date:
    """By date: the last service (else the purchase) plus the interval's months. By mileage: the day the car
    reaches the last service's km (else 0) plus the interval's km, at the predicted daily mileage from the
    latest known reading. Whichever comes first."""
    base_day, base_km = last_service or (purchase_date, 0)
    by_date = add_months(base_day, interval.months)
    seen_day, seen_km = latest or (base_day, base_km)
    if seen_day < base_day:
        seen_day, seen_km = base_day, base_km
    km_left = base_km + interval.km - seen_km
    by_km = seen_day + timedelta(days=max(0, km_left) // max(daily_km, 1))
    return min(by_date, by_km)
