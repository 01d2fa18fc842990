"""Reading the shop's settings: the stored value or its default (workshop.domain.settings_catalog). Shared by
the services (which decide by them) and the queries (which show by them); writing (checked and audited) is workshop.services.settings."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import Setting
from workshop.db.uow import Database
from workshop.domain.calendar import WorkingCalendar, parse_dates
from workshop.domain.settings_catalog import CALENDAR_KEYS, DEFAULTS, default_of


def get_setting(session: Session, key: str) -> str:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    if value is None:
        default = default_of(key)
        if default is None:
            raise KeyError(key)
        return default
    return value


def put_setting(session: Session, key: str, value: str) -> str | None:
    """Store one setting's value (the caller checked and audits it); returns the value stored before, if any."""
    row = session.get(Setting, key)
    before = row.value if row is not None else None
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    return before


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


def working_calendar(session: Session) -> WorkingCalendar:
    """S2: the calendar every deadline in working days uses (public holidays, 调休, the shop's closed days)."""
    closed, holidays, working = (parse_dates(get_setting(session, k)) for k in CALENDAR_KEYS)
    return WorkingCalendar(closed=closed, holidays=holidays, working=working)
