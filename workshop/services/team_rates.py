"""A5, W7, S1: each team's internal labor cost rate (元 per hour, what the margin counts) and piece rate (元 per
billed hour, what the technician is paid), with the moment each takes effect. A change is a new row, never an
update: a margin or a month's pay is computed with the rates in force at its time. Until the shop enters its
own rates, the cost rate is the setting labor_cost_rate.<team> (45/55 元) and the piece rate 0."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from workshop.db.models import TeamRate, User
from workshop.db.team_rates_store import COST_RATE_PREFIX as COST_RATE_PREFIX
from workshop.db.team_rates_store import TeamRateInfo as TeamRateInfo
from workshop.db.team_rates_store import cost_rates_at as cost_rates_at
from workshop.db.team_rates_store import rates_in_force as rates_in_force
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.services.teams import check_team


def set_team_rates(uow: UnitOfWork, actor: Actor | None, team: str, *, cost_rate: object, piece_rate: object,
                   effective_from: datetime | None = None) -> TeamRateInfo:
    """New rates for a team from `effective_from` (now when None); a time in the past needs no row after it."""
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.MASTER_DATA)
        name = str(check_team(uow.session, team))
        cost = parse_amount(cost_rate, "工时成本", "Labor cost rate", allow_zero=False, maximum=Decimal("9999"))
        piece = parse_amount(piece_rate, "计件单价", "Piece rate", maximum=Decimal("9999"))
        start = uow.now if effective_from is None else effective_from
        if not isinstance(start, datetime) or start.tzinfo is None:
            raise InvalidInput("生效时间缺少时区。", "The moment the rates take effect has no time zone.")
        clash = uow.session.scalar(select(TeamRate.id).where(TeamRate.team == name,
                                                             TeamRate.effective_from == start))
        if clash is not None:
            raise RuleViolation(f"{name} 在这个时间已有一组费率，请换一个生效时间。",
                                f"Team {name} already has rates taking effect at that moment.")
        row = TeamRate(team=name, cost_rate=cost, piece_rate=piece, effective_from=start,
                       created_by=actor.user_id if actor else None, created_at=uow.now)
        uow.session.add(row)
        uow.session.flush()
        uow.audit(actor, "team_rates.set", "team_rate", row.id, team=name, cost_rate=str(cost),
                  piece_rate=str(piece), effective_from=start.isoformat())
        info = TeamRateInfo(name, cost, piece, start, actor.display_name if actor else "")
        uow.commit()
    return info


def team_rate_history(db: Database) -> list[TeamRateInfo]:
    """Every rate ever entered, newest first per team."""
    with db.read() as s:
        rows = s.execute(select(TeamRate, User.display_name).outerjoin(User, User.id == TeamRate.created_by)
                         .order_by(TeamRate.team, TeamRate.effective_from.desc())).all()
        return [TeamRateInfo(r.team, r.cost_rate, r.piece_rate, r.effective_from, who or "") for r, who in rows]


def current_team_rates(db: Database, at: datetime | None = None) -> list[TeamRateInfo]:
    with db.read() as s:
        return list(rates_in_force(s, at).values())
