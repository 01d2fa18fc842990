"""Shop settings with their defaults. Limits that change over time (A3) live in limit_settings instead."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import Setting
from workshop.db.uow import UnitOfWork
from workshop.domain.errors import InvalidInput
from workshop.domain.roles import Actor, Perm

DEFAULTS: dict[str, str] = {
    "shop_name": "广州粤通汽车销售服务有限公司",
    "closing_time": "18:00",              # T2: tools are due back at the end of the working day
    "claim_overdue_days": "14",           # C3
    "return_visit_days": "3",             # Q1
    "dead_stock_days": "180",             # stock screen filter
    "labor_cost_rate.机修": "45.00",       # A5: the team's internal cost per hour (元)
    "labor_cost_rate.钣喷": "55.00",
    "backup_keep": "7",
    "demo_mode": "0",
    "label_preset": "50x30",              # labels: the printer's label size (workshop.printing.labels.PRESETS)
    "label_dpi": "203",                   # labels: the printer's resolution, 203 or 300
    "label_offset_x_mm": "0",             # labels: A4 sheet calibration, + moves right
    "label_offset_y_mm": "0",             # labels: A4 sheet calibration, + moves down
}


def get_setting(session: Session, key: str) -> str:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    if value is None:
        if key not in DEFAULTS:
            raise KeyError(key)
        return DEFAULTS[key]
    return value


def get_decimal(session: Session, key: str) -> Decimal:
    return Decimal(get_setting(session, key))


def all_settings(session: Session) -> dict[str, str]:
    out = dict(DEFAULTS)
    out.update({k: v for k, v in session.execute(select(Setting.key, Setting.value))})
    return out


def set_setting(uow: UnitOfWork, actor: Actor, key: str, value: str) -> None:
    with uow:
        uow.authorize(actor, Perm.LIMITS_SET)
        if key not in DEFAULTS:
            raise InvalidInput(f"未知的设置项：{key}", f"Unknown setting: {key}")
        row = uow.session.get(Setting, key)
        before = row.value if row else DEFAULTS[key]
        if row is None:
            uow.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        uow.audit(actor, "setting.set", "setting", key, before=before, after=value)
        uow.commit()


def set_setting_as_system(uow: UnitOfWork, key: str, value: str) -> None:
    with uow:
        row = uow.session.get(Setting, key)
        if row is None:
            uow.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        uow.commit()
