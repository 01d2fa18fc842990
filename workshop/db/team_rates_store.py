"""A5, W7, S1: the team rates in force at a moment, as the margin (A5) and the piece-rate pay (W7) read them.
Entering new rates is workshop.services.team_rates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import TeamRate
from workshop.db.settings_store import all_settings
from workshop.db.teams_store import default_team, team_codes
from workshop.domain.clock import utcnow
from workshop.domain.totals import Rates

COST_RATE_PREFIX = "labor_cost_rate."


@dataclass(frozen=True)
class TeamRateInfo:
    team: str
    cost_rate: Decimal
    piece_rate: Decimal
    effective_from: datetime | None   # None: the built-in default, no row entered yet
    set_by: str = ""


def rates_in_force(session: Session, at: datetime | None = None) -> dict[str, TeamRateInfo]:
    """Every team's rates at `at` (now when None): the latest row that took effect by then, else the default."""
    at = at or utcnow()
    settings = all_settings(session)
    out = {team: TeamRateInfo(team, Decimal(settings.get(COST_RATE_PREFIX + team, "0.00")),
                             Decimal("0.00"), None)
           for team in team_codes(session, include_retired=True)}
    rows = session.scalars(select(TeamRate).where(TeamRate.effective_from <= at)
                           .order_by(TeamRate.team, TeamRate.effective_from))
    for row in rows:  # ordered by time: the last one per team wins
        out[row.team] = TeamRateInfo(row.team, row.cost_rate, row.piece_rate, row.effective_from)
    return out


def cost_rates_at(session: Session, at: datetime | None = None) -> dict[str, Decimal]:
    return {team: info.cost_rate for team, info in rates_in_force(session, at).items()}


def cost_rates(session: Session, at: datetime | None = None) -> Rates:
    """The team cost rates in force at `at` (now when None) and the default (the first team's) rate."""
    return cost_rate_book(session)(at)


def cost_rate_book(session: Session) -> Callable[[datetime | None], Rates]:
    """cost_rates for many moments from one read: book(at) is the team cost rates in force at `at` (now when
    None) and the default (the first team's) rate."""
    settings = all_settings(session)
    codes = team_codes(session, include_retired=True)
    first = default_team(session)
    entered = session.execute(select(TeamRate.team, TeamRate.effective_from, TeamRate.cost_rate)
                              .order_by(TeamRate.effective_from, TeamRate.id)).all()

    def book(at: datetime | None) -> Rates:
        moment = at or utcnow()
        rates = {team: Decimal(settings.get(COST_RATE_PREFIX + team, "0.00")) for team in codes}
        for team, effective_from, cost_rate in entered:  # by time: the last one per team in force wins
            if effective_from > moment:
                break
            rates[team] = cost_rate
        return Rates(rates, rates.get(first, Decimal("0")) if first else Decimal("0"))

    return book
