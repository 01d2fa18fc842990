"""R1 as pure rules: the channels and states of an appointment, the day's slots and each team's capacity per
weekday (settings), the days the shop takes no appointments (S2), and what a full slot allows."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import TypeVar

from workshop.domain.calendar import WorkingCalendar
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.roles import Role
from workshop.domain.text import halfwidth


class Channel(StrEnum):
    PHONE = "phone"
    WALK_IN = "walk_in"
    WECHAT = "wechat"
    OEM_APP = "oem_app"


class ApptState(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


E = TypeVar("E", bound=StrEnum)
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def enum_choice(enum: type[E], value: object, zh: str, en: str) -> E:
    """A choice from a closed list, or the sentence that names the list."""
    try:
        return enum(str(value))
    except ValueError:
        raise InvalidInput(zh, en) from None


def channel(value: object) -> Channel:
    return enum_choice(Channel, value, "请选择预约渠道：电话、到店、微信或厂家APP。",
                       "Choose the channel: phone, walk-in, WeChat or OEM app.")


def parse_slots(text: str) -> tuple[str, ...]:
    """The day's appointment times as the shop types them: 08:30, 10:00, 13:30 (shop time), sorted."""
    parts = [p for p in re.split(r"[\s,，、;；]+", halfwidth(text or "").strip()) if p]
    out: set[str] = set()
    for p in parts:
        m = _TIME.fullmatch(p)
        if m is None:
            raise InvalidInput(f"预约时段「{p}」不是 时:分，例如 08:30。", f"The slot '{p}' is not hours:minutes, e.g. 08:30.")
        out.add(f"{int(m.group(1)):02d}:{m.group(2)}")
    if not out:
        raise InvalidInput("至少要有一个预约时段，例如 08:30, 10:00。", "Give at least one slot, e.g. 08:30, 10:00.")
    return tuple(sorted(out))


def parse_capacity(text: str) -> tuple[int, ...]:
    """A team's places per slot, Monday to Sunday: seven whole numbers, e.g. 3,3,3,3,3,2,0 (0: no bookings)."""
    parts = [p for p in re.split(r"[\s,，、;；/]+", halfwidth(text or "").strip()) if p]
    if len(parts) != 7 or not all(p.isascii() and p.isdigit() for p in parts):
        raise InvalidInput("预约容量请写 7 个整数（周一到周日每个时段可约几台），例如 3,3,3,3,3,2,0。",
                           "Write 7 whole numbers (places per slot, Monday to Sunday), e.g. 3,3,3,3,3,2,0.")
    return tuple(int(p) for p in parts)


def closed_for_appointments(calendar: WorkingCalendar, day: date) -> bool:
    """S2: the shop's own closed days and the public holidays. Ordinary weekends stay open (a 4S shop works
    Saturday and Sunday); a weekday's capacity of 0 closes it in the capacity setting instead."""
    return day in calendar.closed or calendar.is_public_holiday(day)


def check_place(booked_after: int, capacity: int, *, overbook: bool, may_overbook: bool, label: str) -> bool:
    """booked_after counts this booking. Returns True when it overbooks; a full slot without the lead's
    overbooking is refused."""
    if booked_after <= capacity:
        return False
    if not overbook:
        raise RuleViolation(f"{label} 已约满（{capacity} 台）：请换一个时段，或由前台主管超额预约。",
                            f"{label} is full ({capacity} places): choose another slot, or a front-desk lead "
                            "may overbook it.")
    if not may_overbook:
        raise RuleViolation(f"{label} 已约满（{capacity} 台）：只有前台主管及以上可以超额预约。",
                            f"{label} is full ({capacity} places): only a front-desk lead or above may overbook.")
    return True


# who can be the advisor of an appointment (role values)
ADVISOR_ROLES = (Role.ADVISOR.value, Role.FRONT_DESK_LEAD.value)
