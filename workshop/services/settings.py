"""Shop settings with their defaults. Limits that change over time (A3) live in limit_settings instead."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import Setting
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.calendar import WorkingCalendar, format_dates, parse_dates
from workshop.domain.errors import InvalidInput
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text, halfwidth

DEFAULTS: dict[str, str] = {
    # S1: the shop's profile (workshop.services.shop_profile), printed on every document; set at first start
    "shop_name": "",
    "shop_address": "",
    "shop_phone": "",
    "shop_tax_no": "",
    "shop_bank_account": "",
    "shop_logo_path": "",
    "closing_time": "18:00",              # T2: tools are due back at the end of the working day
    "claim_overdue_days": "14",           # C3
    "return_visit_days": "3",             # Q1
    "return_visit_tries": "3",            # Q1: calls before a visit counts as not reached
    "return_visit_retry_hours": "24",     # Q1: the next try after a call that did not reach the customer
    "dead_stock_days": "180",             # stock screen filter
    "labor_cost_rate.机修": "45.00",       # A5: the team's internal cost per hour (元) until the shop enters
    "labor_cost_rate.钣喷": "55.00",       # its own rates with dates (workshop.services.team_rates)
    "backup_keep": "7",
    "backup_time": "12:30",               # the daily backup runs by itself once the app is open past this time
    "demo_mode": "0",
    "label_preset": "50x30",              # labels: the printer's label size (workshop.printing.labels.PRESETS)
    "label_dpi": "203",                   # labels: the printer's resolution, 203 or 300
    "label_offset_x_mm": "0",             # labels: A4 sheet calibration, + moves right
    "label_offset_y_mm": "0",             # labels: A4 sheet calibration, + moves down
    "shop_closed_days": "",               # S2: the shop's own closed days (2027-01-01, ...)
    "public_holidays": "",                # S2: public holidays of a year chinesecalendar does not know yet
    "adjusted_working_days": "",          # S2: that year's 调休 working weekends
    "idle_lock_minutes": "15",            # a desk left alone this long locks (0: never)
    "board_refresh_seconds": "5",         # W8: the floor TV refreshes itself this often
    "shift_hours": "0",                   # W6: attended hours per day clocked on (0: first clock-on to last off)
    "comeback_days": "30",                # W7: a job repeated on the same vehicle within this is a comeback
    "comeback_deduction_pct": "100",      # W7: the share of the first job's pay a comeback takes back
    "clock_parallel": "0",                # W5: 1 lets a technician be clocked on several jobs at once
    "clock_team_only": "1",               # W5: a technician of a team clocks on only their team's jobs
}

CALENDAR_KEYS = ("shop_closed_days", "public_holidays", "adjusted_working_days")


def get_setting(session: Session, key: str) -> str:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    if value is None:
        if key not in DEFAULTS:
            raise KeyError(key)
        return DEFAULTS[key]
    return value


def get_decimal(session: Session, key: str) -> Decimal:
    return Decimal(get_setting(session, key))


def read_setting(db: Database, key: str) -> str:
    """One setting for the desktop (which holds no session): the stored value or its default."""
    with db.read() as session:
        return get_setting(session, key)


def all_settings(session: Session) -> dict[str, str]:
    out = dict(DEFAULTS)
    out.update({k: v for k, v in session.execute(select(Setting.key, Setting.value))})
    return out


def current_settings(db: Database) -> dict[str, str]:
    with db.read() as s:
        return all_settings(s)


_WHOLE_NUMBERS = ("claim_overdue_days", "return_visit_days", "return_visit_tries", "return_visit_retry_hours",
                  "dead_stock_days", "backup_keep", "label_dpi", "idle_lock_minutes", "clock_parallel",
                  "clock_team_only", "board_refresh_seconds", "shift_hours", "comeback_days", "comeback_deduction_pct")


def working_calendar(session: Session) -> WorkingCalendar:
    """S2: the calendar every deadline in working days uses (public holidays, 调休, the shop's closed days)."""
    closed, holidays, working = (parse_dates(get_setting(session, k)) for k in CALENDAR_KEYS)
    return WorkingCalendar(closed=closed, holidays=holidays, working=working)


_TIMES = {"closing_time": ("下班时间", "closing time"), "backup_time": ("每日备份时间", "daily backup time")}


def _checked(key: str, value: object) -> str:
    """A value the code that reads the setting can use: a typo here must not break delivery later."""
    if key in CALENDAR_KEYS:
        if not isinstance(value, str) or len(value) > 20000:
            raise InvalidInput("日期列表无效。", "The list of dates is not valid.")
        return format_dates(parse_dates(value))
    text = clean_text(value, "设置值", "Setting value", max_len=200)
    number = halfwidth(text).strip()
    if key in _WHOLE_NUMBERS and not (number.isascii() and number.isdigit()):
        raise InvalidInput(f"{key} 必须是不小于 0 的整数。", f"{key} must be a whole number, 0 or more.")
    if key == "comeback_deduction_pct" and int(number) > 100:
        raise InvalidInput("返修扣回比例不能超过 100 %。", "The comeback deduction is at most 100 %.")
    if key.startswith("labor_cost_rate."):
        return str(parse_amount(number, "工时成本", "Labor cost rate"))
    if key in _TIMES and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", number):
        raise InvalidInput(f"{_TIMES[key][0]}的格式是 时:分，例如 {DEFAULTS[key]}。",
                           f"The {_TIMES[key][1]} is hours:minutes, e.g. {DEFAULTS[key]}.")
    return number if key in _WHOLE_NUMBERS or key in _TIMES else text


def _write(uow: UnitOfWork, actor: Actor, key: str, value: str) -> None:
    row = uow.session.get(Setting, key)
    before = row.value if row else DEFAULTS[key]
    if row is None:
        uow.session.add(Setting(key=key, value=value))
    else:
        row.value = value
    uow.audit(actor, "setting.set", "setting", key, before=before, after=value)


def set_setting(uow: UnitOfWork, actor: Actor, key: str, value: str) -> None:
    if not isinstance(key, str):
        raise InvalidInput(f"未知的设置项：{key}", f"Unknown setting: {key}")
    set_settings(uow, actor, {key: value})


def set_settings(uow: UnitOfWork, actor: Actor, values: dict[str, str]) -> None:
    """Settings set on purpose (the command line, the calendar screen): all checked first, each written and
    audited even when its value stays the same, one transaction. save_settings writes only what changed."""
    with uow:
        uow.authorize(actor, Perm.LIMITS_SET)
        checked = {key: _checked(_known(key), value) for key, value in values.items()}
        for key, value in checked.items():
            _write(uow, actor, key, value)
        uow.commit()


def _known(key: object) -> str:
    if not isinstance(key, str) or key not in DEFAULTS:
        raise InvalidInput(f"未知的设置项：{key}", f"Unknown setting: {key}")
    return key


def save_settings(uow: UnitOfWork, actor: Actor, values: Mapping[str, object]) -> dict[str, str]:
    """Several settings from one screen, in one transaction: all are checked before any is written."""
    with uow:
        uow.authorize(actor, Perm.LIMITS_SET)
        checked = {_known(key): _checked(key, value) for key, value in values.items()}
        current = all_settings(uow.session)
        for key, value in checked.items():
            if current[key] != value:
                _write(uow, actor, key, value)
        uow.commit()
    return checked


def set_setting_as_system(uow: UnitOfWork, key: str, value: str) -> None:
    with uow:
        row = uow.session.get(Setting, key)
        if row is None:
            uow.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        uow.commit()
