"""S1: the shop's teams as they are read everywhere (checks, rates, calendars, boards): their codes in the
shop's order. Adding, renaming and retiring a team is workshop.services.teams."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import Team


def team_codes(session: Session, *, include_retired: bool = False) -> tuple[str, ...]:
    """The teams' codes in the shop's order (the order they were added)."""
    stmt = select(Team.code).order_by(Team.id)
    if not include_retired:
        stmt = stmt.where(Team.retired_at.is_(None))
    return tuple(session.scalars(stmt))


def default_team(session: Session) -> str | None:
    """The first team still in use: the rate of a labor line that names no team and sits on no team's order."""
    return next(iter(team_codes(session)), None)
