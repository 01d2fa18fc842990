"""W4 dispatch (派工): each labor line to one technician, or to several with shares that sum to 100 %. The
workshop manager dispatches anywhere, a team leader only inside the team; a reassignment records who and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import LaborAssignment, LaborLine, User, WorkOrder
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.job_clock import check_shares
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.text import clean_text
from workshop.domain.work_order import BEFORE_COMPLETION
from workshop.services.work_order_common import check_technician, find_work_order, load_work_order, touch

__all__ = ["DispatchLine", "Share", "current_shares", "dispatch_line", "dispatch_of", "self_dispatch"]

DISPATCHABLE = BEFORE_COMPLETION


@dataclass(frozen=True)
class Share:
    technician_id: int
    name: str
    team: str | None
    share_pct: Decimal
    assigned_by_name: str
    assigned_at: datetime
    reason: str


@dataclass(frozen=True)
class DispatchLine:
    """One labor line of a work order with whom it is dispatched to (the dialog, the terminal, the board)."""
    id: int
    description: str
    hours: Decimal
    team: str | None
    finished: bool
    shares: tuple[Share, ...]


def current_shares(session: Session, line_id: int) -> list[LaborAssignment]:
    return list(session.scalars(
        select(LaborAssignment).where(LaborAssignment.labor_line_id == line_id, LaborAssignment.ended_at.is_(None))
        .order_by(LaborAssignment.share_pct.desc(), LaborAssignment.id)
    ))


def _share_rows(session: Session, line_id: int) -> tuple[Share, ...]:
    rows = session.execute(
        select(LaborAssignment, User.display_name, User.team)
        .join(User, User.id == LaborAssignment.technician_id)
        .where(LaborAssignment.labor_line_id == line_id, LaborAssignment.ended_at.is_(None))
        .order_by(LaborAssignment.share_pct.desc(), LaborAssignment.id)
    ).all()
    names = dict(session.execute(select(User.id, User.display_name).where(
        User.id.in_({a.assigned_by for a, _, _ in rows}))).all()) if rows else {}
    return tuple(Share(a.technician_id, name, team, a.share_pct, names.get(a.assigned_by, ""), a.assigned_at,
                       a.reason) for a, name, team in rows)


def lines_of(session: Session, wo: WorkOrder) -> list[DispatchLine]:
    lines = session.scalars(select(LaborLine).where(LaborLine.work_order_id == wo.id).order_by(LaborLine.id))
    return [DispatchLine(ln.id, ln.description, ln.hours, ln.team, ln.finished_at is not None,
                         _share_rows(session, ln.id)) for ln in lines]


def dispatch_of(db: Database, number: str) -> list[DispatchLine]:
    """The labor lines of a work order with their current technicians and shares."""
    with db.read() as s:
        return lines_of(s, find_work_order(s, number))


def _is_manager(user: User) -> bool:
    return Role.WORKSHOP_MANAGER.value in {r.role for r in user.roles}


def write_shares(uow: UnitOfWork, actor: Actor, wo: WorkOrder, line: LaborLine,
                 shares: Sequence[tuple[int, Decimal]], teams: dict[int, str | None], reason: str,
                 now: datetime) -> list[LaborAssignment]:
    """End the line's current rows and write the new ones; the line's technician is the largest share."""
    before = current_shares(uow.session, line.id)
    for row in before:
        row.ended_at, row.ended_by = now, actor.user_id
    rows = [LaborAssignment(labor_line_id=line.id, work_order_id=wo.id, technician_id=tech, team=teams.get(tech),
                            share_pct=pct, assigned_by=actor.user_id, assigned_at=now, reason=reason)
            for tech, pct in shares]
    uow.session.add_all(rows)
    lead = max(shares, key=lambda s: s[1])[0]
    line.technician_id = lead
    team_set = {teams.get(t) for t, _ in shares} - {None}
    if len(team_set) == 1:
        line.team = team_set.pop()
    uow.audit(actor, "labor_line.dispatch", "labor_line", line.id, number=wo.number, line=line.description,
              before=[(a.technician_id, str(a.share_pct)) for a in before],
              after=[(t, str(p)) for t, p in shares], reason=reason)
    return rows


def dispatch_line(uow: UnitOfWork, actor: Actor, number: str, line_id: int,
                  shares: Sequence[tuple[int, Decimal]], *, reason: str = "",
                  now: datetime | None = None) -> list[DispatchLine]:
    """W4: dispatch one labor line. A line already dispatched to others is a reassignment: it needs a reason."""
    with uow:
        user = uow.authorize(actor, Perm.JOB_ASSIGN)
        checked = check_shares(shares)
        why = clean_text(reason, "改派原因", "Reason for the reassignment", max_len=200, required=False)
        wo = load_work_order(uow, number)
        if wo.state not in DISPATCHABLE:
            raise RuleViolation(f"工单 {wo.number} 已竣工或已结束，不能再派工。",
                                f"Work order {wo.number} is finished; it cannot be dispatched.")
        line = uow.session.get(LaborLine, line_id, with_for_update=True)
        if line is None or line.work_order_id != wo.id:
            raise NotFound("这个工时项目不在此工单上。", "This labor line is not on this work order.")
        if line.finished_at is not None:
            raise RuleViolation(f"「{line.description}」已完工，不能再派工。",
                                f"'{line.description}' is finished; it cannot be dispatched.")
        teams: dict[int, str | None] = {}
        for tech_id, _ in checked:
            tech = check_technician(uow.session, tech_id, None)
            assert tech is not None
            teams[tech_id] = tech.team
            if not _is_manager(user) and tech.team != user.team:
                raise PermissionDenied(
                    f"班组长只能在本班组（{user.team or '无'}）内派工：{tech.display_name} 属于{tech.team or '无班组'}。",
                    f"A team leader dispatches only inside their own team ({user.team or 'none'}): "
                    f"{tech.display_name} is in {tech.team or 'no team'}.",
                )
        if not _is_manager(user) and line.team not in (None, user.team):
            raise PermissionDenied(f"「{line.description}」属于{line.team}班组，班组长只能派本班组的工作。",
                                   f"'{line.description}' belongs to team {line.team}; a team leader dispatches "
                                   "only their own team's jobs.")
        before = {(a.technician_id, a.share_pct) for a in current_shares(uow.session, line.id)}
        if before == set(checked):
            raise InvalidInput("派工没有变化。", "The dispatch is unchanged.")
        if before and not why:
            raise InvalidInput("改派需要写明原因。", "A reassignment needs a reason.")
        write_shares(uow, actor, wo, line, checked, teams, why, now or uow.now)
        touch(uow, actor, wo)
        uow.session.flush()
        out = lines_of(uow.session, wo)
        uow.commit()
    return out


def self_dispatch(uow: UnitOfWork, actor: Actor, wo: WorkOrder, line: LaborLine, tech_id: int, team: str | None,
                  now: datetime) -> None:
    """A line nobody dispatched goes to the technician who clocks on it first, at 100 %."""
    write_shares(uow, actor, wo, line, [(tech_id, Decimal("100.00"))], {tech_id: team}, "上工自领", now)
