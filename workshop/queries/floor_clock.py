"""W5 read side: what the floor terminal shows for a badge and a work order, the jobs waiting for parts (the
parts counter), what a work order waits for (the advisor's window), and the clocks flagged for the manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db import clock_store
from workshop.db.models import (
    ClockPause,
    JobClock,
    LaborLine,
    Part,
    PartLine,
    User,
    Vehicle,
    WorkOrder,
)
from workshop.db.uow import Database
from workshop.domain.job_clock import PauseReason
from workshop.domain.text import halfwidth
from workshop.domain.vehicle import plate_shown
from workshop.domain.work_order import State


@dataclass(frozen=True)
class OpenClock:
    id: int
    work_order_no: str
    labor_line_id: int
    description: str
    status: str
    started_at: datetime
    pause_reason: str | None
    paused_since: datetime | None


@dataclass(frozen=True)
class Notice:
    id: int
    work_order_no: str
    text_zh: str
    text_en: str
    created_at: datetime


@dataclass(frozen=True)
class TechnicianStatus:
    user_id: int
    name: str
    team: str | None
    active: bool
    clocks: tuple[OpenClock, ...]
    notices: tuple[Notice, ...]


@dataclass(frozen=True)
class TerminalJob:
    id: int
    description: str
    hours: Decimal
    team: str | None
    technicians: str       # "张三 60 %、李四 40 %"
    mine: bool
    finished: bool
    my_clock_id: int | None
    my_status: str | None  # running / paused / None


@dataclass(frozen=True)
class TerminalOrder:
    number: str
    plate: str
    model: str
    state: str
    needs_plate: bool      # the first clock-on checks the plate (F5)
    jobs: tuple[TerminalJob, ...]


def technician_status(db: Database, badge: str) -> TechnicianStatus | None:
    """The badge's technician with their open clocks and unseen notices (None: unknown badge): two reads."""
    code = halfwidth(badge or "").strip().upper()
    with db.read() as s:
        conn = s.connection()
        rows = clock_store.status_rows(conn, code)
        if not rows:
            return None
        user = rows[0]
        clocks = tuple(OpenClock(r.clock_id, r.number, r.labor_line_id, r.description, r.status, r.started_at,
                                 r.reason, r.paused_since) for r in rows if r.clock_id is not None)
        notices = tuple(Notice(n.id, n.number, n.text_zh, n.text_en, n.created_at)
                        for n in clock_store.notice_rows(conn, user.id))
        return TechnicianStatus(user.id, user.display_name, user.team, user.is_active, clocks, notices)


def terminal_order(db: Database, number: str, technician_id: int) -> TerminalOrder | None:
    """A work order as the terminal lists it for one technician: its jobs, who they are dispatched to (one read)."""
    code = halfwidth(number or "").strip().upper()
    with db.read() as s:
        rows = clock_store.order_rows(s.connection(), code, technician_id)
    if not rows:
        return None
    wo = rows[0]
    by_line: dict[int, list[Any]] = {}
    for r in rows:
        if r.line_id is not None:
            by_line.setdefault(r.line_id, []).append(r)
    jobs = []
    for line_rows in by_line.values():
        ln = line_rows[0]
        sh = [(r.technician_id, r.display_name, r.share_pct) for r in line_rows if r.technician_id is not None]
        names = "、".join(f"{n} {p.normalize():f} %" if len(sh) > 1 else n for _, n, p in sh)
        jobs.append(TerminalJob(ln.line_id, ln.description, ln.hours, ln.team, names,
                                any(t == technician_id for t, _, _ in sh), ln.finished_at is not None,
                                ln.clock_id, ln.status if ln.clock_id is not None else None))
    return TerminalOrder(wo.number, plate_shown(wo.plate, wo.vin), wo.model or "", wo.state,
                         wo.state == State.STARTED.value, tuple(jobs))


@dataclass(frozen=True)
class WaitingJob:
    pause_id: int
    work_order_no: str
    plate: str
    technician: str
    job: str
    reason: str
    since: datetime
    note: str
    part: str
    parts_issued_at: datetime | None


def _waiting(s: Session, *conds: object) -> list[WaitingJob]:
    rows = s.execute(
        select(ClockPause, WorkOrder.number, Vehicle.plate, Vehicle.vin, User.display_name, LaborLine.description,
               Part.name)
        .join(JobClock, JobClock.id == ClockPause.clock_id)
        .join(WorkOrder, WorkOrder.id == ClockPause.work_order_id).join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .join(User, User.id == ClockPause.technician_id).join(LaborLine, LaborLine.id == JobClock.labor_line_id)
        .outerjoin(PartLine, PartLine.id == ClockPause.part_line_id).outerjoin(Part, Part.id == PartLine.part_id)
        .where(ClockPause.ended_at.is_(None), *conds).order_by(ClockPause.started_at)  # type: ignore[arg-type]
    ).all()
    return [WaitingJob(p.id, number, plate or vin or "", tech, job, p.reason, p.started_at, p.note, part or "",
                       p.parts_issued_at) for p, number, plate, vin, tech, job, part in rows]


def waiting_for_parts(db: Database) -> list[WaitingJob]:
    """The parts counter's list: jobs paused 待料, oldest first, with their work order."""
    with db.read() as s:
        return _waiting(s, ClockPause.reason == PauseReason.PARTS.value)


def waiting_on(db: Database, number: str) -> list[WaitingJob]:
    """What a work order's jobs wait for now (the advisor's window shows 待审批 there)."""
    with db.read() as s:
        return _waiting(s, WorkOrder.number == halfwidth(number or "").strip().upper())


@dataclass(frozen=True)
class ClockRow:
    id: int
    technician: str
    work_order_no: str
    job: str
    started_at: datetime
    ended_at: datetime | None
    worked_seconds: int
    flagged: bool
    reviewed: bool
    correction_reason: str


def flagged_clocks(db: Database, *, include_reviewed: bool = False) -> list[ClockRow]:
    """Clocks stopped at closing time, for the manager to check and correct."""
    with db.read() as s:
        q = (select(JobClock, User.display_name, WorkOrder.number, LaborLine.description)
             .join(User, User.id == JobClock.technician_id).join(WorkOrder, WorkOrder.id == JobClock.work_order_id)
             .join(LaborLine, LaborLine.id == JobClock.labor_line_id).where(JobClock.flagged_at.is_not(None)))
        if not include_reviewed:
            q = q.where(JobClock.reviewed_at.is_(None))
        return [ClockRow(c.id, tech, number, job, c.started_at, c.ended_at, c.worked_seconds, True,
                         c.reviewed_at is not None, c.correction_reason)
                for c, tech, number, job in s.execute(q.order_by(JobClock.started_at.desc()).limit(500))]
