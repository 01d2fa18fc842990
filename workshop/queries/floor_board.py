"""W8: the floor board's picture — every car in the workshop as a card (plate, model, state, bay, its
technicians and their clock status, what it waits for and since when, promised time, late) and the bays.
The cars come in one SQL statement through the (state, opened_at) index, their crews in a second and the open
clocks in a third; the settings it needs (working calendar, refresh) and the bays in two more."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Subquery, and_, bindparam, func, select, union
from sqlalchemy.orm import aliased

from workshop.db.models import (
    AddedItem,
    BayPlacement,
    ClockPause,
    JobClock,
    LaborAssignment,
    User,
    Vehicle,
    WorkOrder,
    WorkOrderEvent,
    WorkshopBay,
)
from workshop.db.settings_store import all_settings
from workshop.db.uow import Database
from workshop.domain.added_items import AddedItemState
from workshop.domain.calendar import WorkingCalendar, parse_dates
from workshop.domain.clock import utcnow
from workshop.domain.deadlines import deadlines
from workshop.domain.floor_board import Bay, clock_status_rank
from workshop.domain.job_clock import ClockStatus, PauseReason
from workshop.domain.settings_catalog import CALENDAR_KEYS
from workshop.domain.work_order import IN_WORKSHOP, Priority

_PRIORITY_RANK = {Priority.URGENT.value: 0, Priority.IMPORTANT.value: 1, Priority.NORMAL.value: 2}
WAIT_CONSENT = PauseReason.APPROVAL.value   # proposed added items wait for the customer's consent
_CLOCK = {ClockStatus.RUNNING.value: "on", ClockStatus.PAUSED.value: "paused"}


@dataclass(frozen=True)
class CrewMember:
    technician_id: int
    name: str
    team: str | None
    clock: str                     # on | paused | off
    pause_reason: str | None = None
    since: datetime | None = None  # clocked on / paused since


@dataclass(frozen=True)
class BoardCard:
    id: int
    number: str
    plate: str
    model: str
    state: str
    priority: str
    team: str | None
    bay: str | None
    crew: tuple[CrewMember, ...]
    waiting_for: str | None        # a W5 pause reason (parts, approval, break, other), None: not waiting
    waiting_since: datetime | None
    state_since: datetime
    promised_at: datetime | None
    expected_finish: datetime
    late: bool
    version: int

    def waited(self, now: datetime) -> timedelta:
        return max(now - (self.waiting_since or self.state_since), timedelta(0))


@dataclass(frozen=True)
class BoardPicture:
    cards: tuple[BoardCard, ...]
    bays: tuple[Bay, ...]
    taken_at: datetime
    refresh_seconds: int


def _crew_rows(wanted: list[str]) -> Subquery:
    """(work order, technician) of every open car: those dispatched to its labor lines now (W4), those with a
    clock open on it (W5), and the work order's own technician (a car assigned before dispatch per line)."""
    open_ids = select(WorkOrder.id).where(WorkOrder.state.in_(wanted))
    return union(
        select(LaborAssignment.work_order_id.label("wo"), LaborAssignment.technician_id.label("tech"))
        .where(LaborAssignment.work_order_id.in_(open_ids), LaborAssignment.ended_at.is_(None)),
        select(JobClock.work_order_id.label("wo"), JobClock.technician_id.label("tech"))
        .where(JobClock.work_order_id.in_(open_ids), JobClock.ended_at.is_(None)),
        select(WorkOrder.id.label("wo"), WorkOrder.technician_id.label("tech"))
        .where(WorkOrder.state.in_(wanted), WorkOrder.technician_id.is_not(None)),
    ).subquery("crew")


def _cars_statement(by_team: bool) -> Any:
    wanted = [s.value for s in IN_WORKSHOP]
    since = (select(func.max(WorkOrderEvent.at)).where(WorkOrderEvent.work_order_id == WorkOrder.id)
             .correlate(WorkOrder).scalar_subquery())
    consent = (select(func.min(AddedItem.proposed_at))
               .where(AddedItem.work_order_id == WorkOrder.id, AddedItem.state == AddedItemState.PROPOSED)
               .correlate(WorkOrder).scalar_subquery())
    stmt = (
        select(WorkOrder.id, WorkOrder.number, WorkOrder.state, WorkOrder.priority, WorkOrder.team,
               WorkOrder.opened_at, WorkOrder.started_at, WorkOrder.promised_at, WorkOrder.version,
               Vehicle.shown_plate, Vehicle.model, BayPlacement.bay, since.label("since"), consent.label("consent"))
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .outerjoin(BayPlacement, BayPlacement.work_order_id == WorkOrder.id)
        .where(WorkOrder.state.in_(wanted))
    )
    return stmt.where(WorkOrder.team == bindparam("team")) if by_team else stmt


def _crew_statement() -> Any:
    crew = _crew_rows([s.value for s in IN_WORKSHOP])
    tech = aliased(User)
    return select(crew.c.wo, tech.id, tech.display_name, tech.team).select_from(crew).join(tech, tech.id == crew.c.tech)


# The open clocks (one per technician: a few dozen) with their open pause, through ix_job_clocks_ended: joined to
# each crew row instead, SQLite walked every open clock for each of the ~1,000 crew rows.
_CLOCKS = (select(JobClock.work_order_id, JobClock.technician_id, JobClock.status, ClockPause.reason,
                  func.coalesce(ClockPause.started_at, JobClock.started_at))
           .outerjoin(ClockPause, and_(ClockPause.clock_id == JobClock.id, ClockPause.ended_at.is_(None)))
           .where(JobClock.ended_at.is_(None)))


# Built once (building these selects cost a tenth of the board's time) and run on the connection. Two statements,
# the cars and their crews, rather than one: PostgreSQL planned the joined one in 5-12 ms, longer than it ran.
_CARS = {False: _cars_statement(False), True: _cars_statement(True)}
_CREW = _crew_statement()
_BAYS = select(WorkshopBay.name, WorkshopBay.kind, WorkshopBay.team).order_by(WorkshopBay.position)


def board_picture(db: Database, *, team: str | None = None, now: datetime | None = None) -> BoardPicture:
    """The cars in the workshop, late ones first, then by priority and expected finish."""
    now = now or utcnow()
    with db.read() as s:
        settings = all_settings(s)
        conn = s.connection()
        bays = tuple(Bay(n, k, t) for n, k, t in conn.execute(_BAYS))
        cars = conn.execute(_CARS[bool(team)], {"team": team} if team else {}).all()
        crew = conn.execute(_CREW).all()
        clocks = conn.execute(_CLOCKS).all()
    closed, holidays, working = (parse_dates(settings[k]) for k in CALENDAR_KEYS)
    cal = WorkingCalendar(closed=closed, holidays=holidays, working=working)
    cards = _cards(cars, crew, clocks, now, cal)
    cards.sort(key=lambda c: (not c.late, _PRIORITY_RANK.get(c.priority, 9), c.expected_finish, c.id))
    return BoardPicture(tuple(cards), bays, now,
                        max(2, int(settings["board_refresh_seconds"] or 5)))


def _cards(cars: Sequence[Any], crew: Sequence[Any], clocks: Sequence[Any], now: datetime,
           cal: WorkingCalendar) -> list[BoardCard]:
    heads = {row[0]: tuple(row) for row in cars}
    crews: dict[int, list[CrewMember]] = {wid: [] for wid in heads}
    on: dict[tuple[int, int], tuple[str, str | None, datetime | None]] = {}
    for wid, tid, status, reason, since in clocks:
        clock = _CLOCK.get(status or "", "off")
        known = on.get((wid, tid))
        if known is None or clock_status_rank(clock) < clock_status_rank(known[0]):
            on[(wid, tid)] = (clock, reason, since)  # clocked on two jobs of the car: the running one shows
    for wid, tid, name, team in crew:
        members = crews.get(wid)
        if members is None:  # a car of another team
            continue
        clock, reason, since = on.get((wid, tid), ("off", None, None))
        members.append(CrewMember(tid, name, team, clock, reason, since))
    out: list[BoardCard] = []
    for wid, (_, number, state, priority, wteam, opened, started, promised, version, plate, model, bay, entered,
              consent) in heads.items():
        members = sorted(crews[wid], key=lambda m: (clock_status_rank(m.clock), m.name))
        paused = next((m for m in members if m.clock == "paused"), None)
        working = any(m.clock == "on" for m in members)
        waiting_for, waiting_since = (None, None)
        if paused is not None and not working:
            waiting_for, waiting_since = paused.pause_reason, paused.since
        elif consent is not None:
            waiting_for, waiting_since = WAIT_CONSENT, consent
        d = deadlines(priority, opened, promised, state, now, cal)
        out.append(BoardCard(
            id=wid, number=number, plate=plate, model=model, state=state, priority=priority, team=wteam, bay=bay,
            crew=tuple(members), waiting_for=waiting_for, waiting_since=waiting_since,
            state_since=entered or started or opened, promised_at=promised, expected_finish=d.expected_finish,
            late=d.late, version=version))
    return out
