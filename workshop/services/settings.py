"""Shop settings with their defaults. Limits that change over time (A3) live in limit_settings instead."""

from __future__ import annotations

import re
from collections.abc import Mapping

from workshop.db.settings_store import all_settings as all_settings
from workshop.db.settings_store import current_settings as current_settings
from workshop.db.settings_store import get_decimal as get_decimal
from workshop.db.settings_store import get_setting as get_setting
from workshop.db.settings_store import put_setting
from workshop.db.settings_store import read_setting as read_setting
from workshop.db.settings_store import working_calendar as working_calendar
from workshop.db.uow import UnitOfWork
from workshop.domain.calendar import format_dates, parse_dates
from workshop.domain.errors import InvalidInput
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.settings_catalog import CALENDAR_KEYS as CALENDAR_KEYS
from workshop.domain.settings_catalog import DEFAULTS as DEFAULTS
from workshop.domain.settings_catalog import default_of
from workshop.domain.text import clean_text, halfwidth

_WHOLE_NUMBERS = ("claim_overdue_days", "return_visit_days", "return_visit_tries", "return_visit_retry_hours",
                  "dead_stock_days", "backup_keep", "label_dpi", "idle_lock_minutes", "clock_parallel",
                  "clock_team_only", "board_refresh_seconds", "shift_hours", "comeback_days", "comeback_deduction_pct",
                  "daily_km_default", "reminder_days_ahead")


def _check_structured(key: str, text: str) -> str:
    """R1/R2 settings with a shape: refused here, not when an advisor books or the list is computed."""
    from workshop.domain import appointments, reminders

    if key == "appointment_slots":
        return ", ".join(appointments.parse_slots(text))
    if key.startswith("appointment_capacity."):
        return ",".join(str(n) for n in appointments.parse_capacity(text))
    if key == "service_interval":
        i = reminders.parse_interval(text)
        return f"{i.months}/{i.km}"
    if key == "service_intervals_by_model":
        return "; ".join(f"{m}={i.months}/{i.km}" for m, i in reminders.parse_model_intervals(text).items())
    return text


_TIMES = {"closing_time": ("下班时间", "closing time"), "backup_time": ("每日备份时间", "daily backup time")}


def _checked(key: str, value: object) -> str:
    """A value the code that reads the setting can use: a typo here must not break delivery later."""
    if key in CALENDAR_KEYS:
        if not isinstance(value, str) or len(value) > 20000:
            raise InvalidInput("日期列表无效。", "The list of dates is not valid.")
        return format_dates(parse_dates(value))
    if key == "service_intervals_by_model":
        return _check_structured(key, clean_text(value, "设置值", "Setting value", max_len=4000, required=False))
    text = clean_text(value, "设置值", "Setting value", max_len=200)
    if key == "appointment_slots" or key.startswith("appointment_capacity.") or key == "service_interval":
        return _check_structured(key, text)
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
    before = put_setting(uow.session, key, value)
    uow.audit(actor, "setting.set", "setting", key, before=DEFAULTS[key] if before is None else before, after=value)


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
    if not isinstance(key, str) or default_of(key) is None:
        raise InvalidInput(f"未知的设置项：{key}", f"Unknown setting: {key}")
    return key


def save_settings(uow: UnitOfWork, actor: Actor, values: Mapping[str, object]) -> dict[str, str]:
    """Several settings from one screen, in one transaction: all are checked before any is written."""
    with uow:
        uow.authorize(actor, Perm.LIMITS_SET)
        checked = _write_changed(uow, actor, values)
        uow.commit()
    return checked


def _write_changed(uow: UnitOfWork, actor: Actor, values: Mapping[str, object]) -> dict[str, str]:
    """Inside an open unit of work whose caller checked LIMITS_SET: all checked, then those that changed written."""
    checked = {_known(key): _checked(key, value) for key, value in values.items()}
    current = all_settings(uow.session)
    for key, value in checked.items():
        if current[key] != value:
            _write(uow, actor, key, value)
    return checked


def set_setting_as_system(uow: UnitOfWork, key: str, value: str) -> None:
    with uow:
        put_setting(uow.session, key, value)
        uow.commit()
