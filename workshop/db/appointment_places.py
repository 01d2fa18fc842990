"""R1: the appointment slots of a day and each team's places per slot (settings), for the booking service and
the calendars."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from workshop.db.settings_store import all_settings, get_setting
from workshop.db.teams_store import team_codes
from workshop.domain.appointments import parse_capacity, parse_slots


def slots_of(session: Session) -> tuple[str, ...]:
    return parse_slots(get_setting(session, "appointment_slots"))


def capacity_of(session: Session, team: str, day: date) -> int:
    return parse_capacity(get_setting(session, f"appointment_capacity.{team}"))[day.weekday()]


def capacities(session: Session) -> dict[str, tuple[int, ...]]:
    """Every team's places per slot, Monday to Sunday (one read of the settings, for the calendars)."""
    values = all_settings(session)
    return {team: parse_capacity(values.get(f"appointment_capacity.{team}") or
                                 get_setting(session, f"appointment_capacity.{team}"))
            for team in team_codes(session)}
