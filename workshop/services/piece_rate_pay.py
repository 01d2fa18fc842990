"""W7 piece-rate pay of a month without its job lines: what each technician was paid (billed hours and gross),
aggregated in SQL for the payroll summary screen and PDF; the statements (workshop.services.piece_rate) list
the same jobs one by one. Both price a job with the team rate table read here."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from workshop.db.models import LaborAssignment, LaborLine, TeamRate, User, WorkOrder
from workshop.db.work_order_store import share_in_force
from workshop.domain.money import ZERO
from workshop.domain.piece_rate import HUNDRED, billed_hours, job_pay, month_bounds

RateTable = dict[str, list[tuple[datetime, Decimal]]]


def rate_table(session: Session) -> RateTable:
    """Every team's piece rates, oldest first, with the moment each took effect."""
    table: RateTable = defaultdict(list)
    for team, start, rate in session.execute(select(TeamRate.team, TeamRate.effective_from, TeamRate.piece_rate)
                                             .order_by(TeamRate.effective_from)):
        table[team].append((start, rate))
    return table


def rate_at(table: RateTable, team: str | None, at: datetime) -> Decimal:
    """The team's piece rate in force at `at` (none entered: 0)."""
    rate = ZERO
    for start, value in table.get(team or "", []):
        if start <= at:
            rate = value
    return rate


def user_teams(session: Session) -> dict[int, str | None]:
    """Every user's own team: the rate of a share or line that names none."""
    return {uid: team for uid, team in session.execute(select(User.id, User.team))}


def month_pay(session: Session, month: date, rates: RateTable,
              teams: dict[int, str | None]) -> dict[int, tuple[Decimal, Decimal]]:
    """technician -> (billed hours, gross) of the work settled in the month: the sums of the statements' jobs.
    The jobs are grouped in SQL by what prices them — who, the team named on the share or the line, standard
    hours, share, and which rate epoch of the month (a rate that took effect inside it splits it) — so a
    month of ~15,000 jobs comes back as a few thousand groups, each priced once and counted n times."""
    start, end = month_bounds(month)
    in_force = and_(LaborAssignment.labor_line_id == LaborLine.id, share_in_force(session.get_bind().dialect.name))
    # a line nobody holds a share of (entered before dispatch per line) pays its own technician, else the
    # work order's, 100 %
    tech = func.coalesce(LaborAssignment.technician_id, LaborLine.technician_id, WorkOrder.technician_id)
    share = func.coalesce(LaborAssignment.share_pct, literal(HUNDRED, LaborAssignment.share_pct.type))
    team = func.coalesce(func.nullif(LaborAssignment.team, ""), func.nullif(LaborLine.team, ""))
    changes = sorted(set(session.scalars(select(TeamRate.effective_from).where(TeamRate.effective_from > start,
                                                                                  TeamRate.effective_from < end))))
    keys: list[Any] = [tech, team, LaborLine.hours, share]
    if changes:  # the epoch: how many of the month's rate changes had taken effect at the settlement
        keys.append(case(*((WorkOrder.settled_at < at, i) for i, at in enumerate(changes)), else_=len(changes)))
    rows = session.connection().execute(
        select(tech, team, LaborLine.hours, share, func.count(), func.min(WorkOrder.settled_at))
        .select_from(LaborLine).join(WorkOrder, WorkOrder.id == LaborLine.work_order_id)
        .outerjoin(LaborAssignment, in_force)
        .where(WorkOrder.settled_at >= start, WorkOrder.settled_at < end, WorkOrder.cancelled_at.is_(None))
        .group_by(*keys)
    )
    out: dict[int, tuple[Decimal, Decimal]] = {}
    for who, named, hours, pct, n, first in rows:
        if who is None:
            continue
        pct = Decimal(pct)  # the literal 100 comes back as the backend's number
        rate = rate_at(rates, named or teams.get(who), first)  # one rate in force over the whole epoch
        h, g = out.get(who, (ZERO, ZERO))
        out[who] = (h + billed_hours(hours, pct) * n, g + job_pay(hours, pct, rate) * n)
    return out
