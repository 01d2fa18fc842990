"""W5's hot path at the floor terminal, read in as few round trips as the checks allow: the statements are built
once with bind parameters (building a select() costs about as much as running it) and run on the connection, not
through the ORM. Used by workshop.services.job_clock (clock-on) and workshop.queries.floor_clock (the terminal)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, select

from workshop.db.models import (
    AddedItem,
    ClockPause,
    FloorNotice,
    JobClock,
    LaborAssignment,
    LaborLine,
    Setting,
    User,
    UserRole,
    Vehicle,
    WorkOrder,
)
from workshop.domain.settings_catalog import DEFAULTS

_u, _r = User.__table__.c, UserRole.__table__.c
_w, _l, _v = WorkOrder.__table__.c, LaborLine.__table__.c, Vehicle.__table__.c
_a, _c, _p = LaborAssignment.__table__.c, JobClock.__table__.c, ClockPause.__table__.c
_n, _s, _i = FloorNotice.__table__.c, Setting.__table__.c, AddedItem.__table__.c

# The badge holder with one row per role.
_BADGE = (select(_u.id, _u.username, _u.display_name, _u.team, _u.is_active, _u.locked_until, _r.role)
          .select_from(User.__table__.outerjoin(UserRole.__table__, _r.user_id == _u.id))
          .where(_u.badge_code == bindparam("badge")))
# Clock-on: two terminals clocking the same technician queue on this row lock (PostgreSQL; SQLite's write
# transactions begin immediate, one at a time); the open clocks are read after it.
_BADGE_LOCKED = _BADGE.with_for_update(of=User.__table__)


@dataclass(frozen=True)
class BadgeRow:
    id: int
    username: str
    display_name: str
    team: str | None
    is_active: bool
    locked_until: datetime | None
    roles: frozenset[str]


def badge_holder(conn: Connection, code: str, *, lock: bool = False) -> BadgeRow | None:
    rows = conn.execute(_BADGE_LOCKED if lock else _BADGE, {"badge": code}).all()
    if not rows:
        return None
    u = rows[0]
    return BadgeRow(u.id, u.username, u.display_name, u.team, bool(u.is_active), u.locked_until,
                    frozenset(r.role for r in rows if r.role is not None))


def _setting(key: str) -> Any:
    return select(_s.value).where(_s.key == key).scalar_subquery()


# A clock is open while open_key is set: 1, or its labor line's id (both >= 1), NULL once closed. ">= 1" lets
# SQLite range-search the unique (technician_id, open_key) index; with IS NOT NULL it read every clock the
# technician ever had (tens of thousands after a few years). The PostgreSQL plan is the same either way.
OPEN = _c.open_key >= 1


def _open_clock(*conds: Any) -> Any:
    """An open clock's id (LIMIT 1 on the index: min(id) made SQLite walk the whole table in id order)."""
    return (select(_c.id).where(_c.technician_id == bindparam("tech"), OPEN, *conds).limit(1)
            .scalar_subquery())


# Clock-on's facts in one statement: the work order by number (locked on PostgreSQL), the line if it is on it,
# the added item's consent, the line's current dispatch (one row per share), the two clock settings and the
# technician's open clocks (any, and one on this very line).
_FACTS = (
    select(_w.id.label("wo_id"), _w.number, _w.state, _l.id.label("line_id"), _l.description, _l.team.label("line_team"),
           _l.finished_at, _l.added_item_id, _i.state.label("item_state"), _a.technician_id.label("share_tech"),
           _setting("clock_team_only").label("team_only"), _setting("clock_parallel").label("parallel"),
           _open_clock().label("open_any"), _open_clock(_c.labor_line_id == bindparam("line")).label("open_here"))
    .select_from(WorkOrder.__table__
                 .outerjoin(LaborLine.__table__, and_(_l.id == bindparam("line"), _l.work_order_id == _w.id))
                 .outerjoin(AddedItem.__table__, _i.id == _l.added_item_id)
                 .outerjoin(LaborAssignment.__table__, and_(_a.labor_line_id == _l.id, _a.ended_at.is_(None))))
    .where(_w.number == bindparam("number"))
)
_FACTS_LOCKED = _FACTS.with_for_update(of=WorkOrder.__table__)


@dataclass(frozen=True)
class ClockOnFacts:
    wo_id: int
    number: str
    state: str
    line_id: int | None
    description: str
    line_team: str | None
    finished: bool
    approved: bool           # not an added item, or one the customer confirmed
    shares: frozenset[int]   # the technicians the line is dispatched to now
    team_only: bool
    parallel: bool
    open_any: int | None     # the technician's first open clock
    open_here: int | None    # their open clock on this line


def clock_on_facts(conn: Connection, number: str, line_id: int, tech_id: int, *, lock: bool) -> ClockOnFacts | None:
    rows = conn.execute(_FACTS_LOCKED if lock else _FACTS, {"number": number, "line": line_id, "tech": tech_id}).all()
    if not rows:
        return None
    f = rows[0]
    return ClockOnFacts(
        f.wo_id, f.number, f.state, f.line_id, f.description or "", f.line_team, f.finished_at is not None,
        f.added_item_id is None or f.item_state == "confirmed",
        frozenset(r.share_tech for r in rows if r.share_tech is not None),
        (f.team_only if f.team_only is not None else DEFAULTS["clock_team_only"]) == "1",
        (f.parallel if f.parallel is not None else DEFAULTS["clock_parallel"]) == "1", f.open_any, f.open_here)


_CLOCK_WHERE = (select(_w.number, _l.description).select_from(
    JobClock.__table__.join(WorkOrder.__table__, _w.id == _c.work_order_id)
    .join(LaborLine.__table__, _l.id == _c.labor_line_id)).where(_c.id == bindparam("clock")))


def clock_where(conn: Connection, clock_id: int) -> tuple[str, str]:
    """(work order number, job) of a clock."""
    row = conn.execute(_CLOCK_WHERE, {"clock": clock_id}).one()
    return row.number, row.description


def user_names(conn: Connection, ids: frozenset[int]) -> list[str]:
    return list(conn.scalars(select(_u.display_name).where(_u.id.in_(sorted(ids))).order_by(_u.id)))


_INSERT_CLOCK = insert(JobClock).returning(JobClock.id)


def insert_clock(conn: Connection, **values: Any) -> int:
    row = {"ended_at": None, "stopped_by": None, "flagged_at": None, "flag_reason": "", "reviewed_at": None,
           "reviewed_by": None, "corrected_at": None, "corrected_by": None, "correction_reason": "",
           "original_started_at": None, "original_ended_at": None, **values}
    return int(conn.execute(_INSERT_CLOCK, row).scalar_one())


# --- the terminal's reads ---------------------------------------------------------------------------------------

# The badge holder with their open clocks (one row each, none: one row of NULLs), each with its open pause.
_STATUS = (
    select(_u.id, _u.display_name, _u.team, _u.is_active, _c.id.label("clock_id"), _w.number, _c.labor_line_id,
           _l.description, _c.status, _c.started_at, _p.reason, _p.started_at.label("paused_since"))
    .select_from(User.__table__
                 .outerjoin(JobClock.__table__, and_(_c.technician_id == _u.id, OPEN))
                 .outerjoin(WorkOrder.__table__, _w.id == _c.work_order_id)
                 .outerjoin(LaborLine.__table__, _l.id == _c.labor_line_id)
                 .outerjoin(ClockPause.__table__, and_(_p.clock_id == _c.id, _p.ended_at.is_(None))))
    .where(_u.badge_code == bindparam("badge"))  # no ORDER BY: SQLite walked every clock in id order for it
)
_NOTICES = (select(_n.id, _w.number, _n.text_zh, _n.text_en, _n.created_at)
            .select_from(FloorNotice.__table__.join(WorkOrder.__table__, _w.id == _n.work_order_id))
            .where(_n.technician_id == bindparam("tech"), _n.seen_at.is_(None)).order_by(_n.id))


def status_rows(conn: Connection, code: str) -> list[Any]:
    """The badge holder's row(s): their open clocks, oldest first."""
    return sorted(conn.execute(_STATUS, {"badge": code}).all(), key=lambda r: r.clock_id or 0)


def notice_rows(conn: Connection, tech_id: int) -> list[Any]:
    return list(conn.execute(_NOTICES, {"tech": tech_id}).all())


# A work order as the terminal lists it: the car, then one row per job and current share (share NULL: none),
# with the technician's open clock on the job.
_ORDER = (
    select(_w.id, _w.number, _w.state, _v.plate, _v.vin, _v.model, _l.id.label("line_id"), _l.description,
           _l.hours, _l.team, _l.finished_at, _a.technician_id, _a.share_pct, _u.display_name,
           _c.id.label("clock_id"), _c.status)
    .select_from(WorkOrder.__table__.join(Vehicle.__table__, _v.id == _w.vehicle_id)
                 .outerjoin(LaborLine.__table__, _l.work_order_id == _w.id)
                 .outerjoin(LaborAssignment.__table__, and_(_a.labor_line_id == _l.id, _a.ended_at.is_(None)))
                 .outerjoin(User.__table__, _u.id == _a.technician_id)
                 .outerjoin(JobClock.__table__, and_(_c.labor_line_id == _l.id, _c.technician_id == bindparam("tech"),
                                                     OPEN)))
    .where(_w.number == bindparam("number"))
    .order_by(_l.id, _a.share_pct.desc(), _a.id)
)


def order_rows(conn: Connection, number: str, tech_id: int) -> list[Any]:
    return list(conn.execute(_ORDER, {"number": number, "tech": tech_id}).all())


__all__ = ["OPEN", "BadgeRow", "ClockOnFacts", "badge_holder", "clock_on_facts", "clock_where", "insert_clock",
           "notice_rows", "order_rows", "status_rows", "user_names"]
