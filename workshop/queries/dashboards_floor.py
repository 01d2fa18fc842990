"""Figures for the workshop manager: cars in the workshop by state, time in workshop, technician load,
late work orders (F7) and the first-time fix rate."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from workshop.db.models import LaborLine, User, UserRole, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.kind_policy import CUSTOMER_KINDS
from workshop.domain.roles import Role
from workshop.domain.work_order import BEFORE_QC, IN_WORKSHOP, Priority, State, service_deadlines
from workshop.queries.dashboards_base import (
    Column,
    FigureData,
    Headline,
    Params,
    at_param,
    bucket_case,
    dec,
    hours_of,
    pct,
    seconds_between,
    within_days_after,
)
from workshop.queries.dashboards_lists import WO_COLUMNS, Row, kind_filter, work_order_page

COMEBACK_DAYS = 30
TIW_BOUNDS_HOURS = (4, 8, 24, 48, 72, 120, 240)


# --- cars in the workshop ----------------------------------------------------------------------------------
def cars_in_workshop(db: Database, p: Params) -> FigureData:
    waited = seconds_between(db.dialect, WorkOrder.started_at, at_param("now", p.at))
    stmt = (select(WorkOrder.state, func.count(), func.avg(waited), func.max(waited))
            .where(WorkOrder.state.in_(IN_WORKSHOP), *kind_filter(p)).group_by(WorkOrder.state))
    with db.read() as s:
        got = {st: (int(n), hours_of(avg), hours_of(mx)) for st, n, avg, mx in s.execute(stmt)}
    rows = tuple((st.value, *got.get(st.value, (0, None, None))) for st in IN_WORKSHOP)
    return FigureData(
        columns=(Column("state", "状态", "State", "label"), Column("count", "在厂车辆", "Cars", "int"),
                 Column("avg_hours", "平均已开工小时", "Avg hours since start", "hours"),
                 Column("max_hours", "最长已开工小时", "Longest, hours", "hours")),
        rows=rows,
        headline=(Headline("在厂车辆", "Cars in the workshop", sum(r[1] for r in rows)),),
    )


def in_state(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    return work_order_page(db, [WorkOrder.state == str(key), *kind_filter(p)],
                           [WorkOrder.started_at], offset, limit, extra=[WorkOrder.started_at])


STARTED_COLUMNS = (*WO_COLUMNS, Column("started_at", "开工时间", "Started", "datetime"))


# --- time in workshop: reception (opened) to delivery, for cars delivered in the range ------------------
def _stay(db: Database) -> ColumnElement[float]:
    return seconds_between(db.dialect, WorkOrder.opened_at, WorkOrder.delivered_at)


def _delivered(p: Params) -> list[ColumnElement[bool]]:
    return [WorkOrder.delivered_at >= p.start, WorkOrder.delivered_at < p.end, *kind_filter(p)]


def time_in_workshop(db: Database, p: Params) -> FigureData:
    bucket = bucket_case(_stay(db), TIW_BOUNDS_HOURS).label("bucket")
    stmt = select(bucket, func.count(), func.sum(_stay(db))).where(*_delivered(p)).group_by(bucket)
    with db.read() as s:
        got = {int(b): (int(n), dec(secs)) for b, n, secs in s.execute(stmt)}
    rows = tuple((f"tiw:{i}", got.get(i, (0, 0))[0]) for i in range(len(TIW_BOUNDS_HOURS) + 1))
    count = sum(r[1] for r in rows)
    secs = sum((v[1] for v in got.values()), Decimal(0))
    return FigureData(
        columns=(Column("bucket", "在厂时长", "Time in workshop", "label"), Column("count", "车辆数", "Cars", "int")),
        rows=rows,
        headline=(Headline("交车数", "Delivered", count),
                  Headline("平均在厂小时", "Average hours", hours_of(secs / count) if count else None, "hours"),
                  Headline("24 小时内交车", "Delivered within 24 h", pct(sum(r[1] for r in rows[:3]), count), "pct")),
    )


def stay_in_bucket(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    index = int(str(key).split(":")[1])
    cond = [*_delivered(p), bucket_case(_stay(db), TIW_BOUNDS_HOURS) == index]
    return work_order_page(db, cond, [WorkOrder.delivered_at], offset, limit,
                           extra=[WorkOrder.delivered_at, _stay(db) / 3600])


DELIVERED_COLUMNS = (*WO_COLUMNS, Column("delivered_at", "交车时间", "Delivered", "datetime"),
                     Column("hours", "在厂小时", "Hours", "hours"))


# --- technician load: open labor lines on cars in the workshop ----------------------------------------
def _line_tech() -> ColumnElement[int]:
    return func.coalesce(LaborLine.technician_id, WorkOrder.technician_id)


def technician_load(db: Database, p: Params) -> FigureData:
    tech = _line_tech().label("tid")
    load = (
        select(tech, func.count(func.distinct(LaborLine.work_order_id)).label("wos"),
               func.count().label("lines"), func.sum(LaborLine.hours).label("hours"))
        .join(WorkOrder, WorkOrder.id == LaborLine.work_order_id)
        .where(WorkOrder.state.in_(IN_WORKSHOP), LaborLine.done.is_(False), *kind_filter(p))
        .group_by(tech)
        .subquery()
    )
    technicians = select(UserRole.user_id).where(UserRole.role.in_([Role.TECHNICIAN, Role.TEAM_LEADER]))
    stmt = (
        select(User.display_name, User.team, load.c.wos, load.c.lines, load.c.hours, User.id)
        .outerjoin(load, load.c.tid == User.id)
        .where(or_(and_(User.id.in_(technicians), User.is_active.is_(True)), load.c.tid.is_not(None)))
        .order_by(User.team, User.display_name)
    )
    with db.read() as s:
        rows = tuple((name, team or "", int(w or 0), int(n or 0), dec(h), uid)
                     for name, team, w, n, h, uid in s.execute(stmt))
    return FigureData(
        columns=(Column("technician", "技工", "Technician"), Column("team", "班组", "Team"),
                 Column("wos", "在修工单", "Work orders", "int"), Column("lines", "未完工项", "Open jobs", "int"),
                 Column("hours", "未完工时", "Open hours", "hours"), Column("user_id", "编号", "Id", "int")),
        rows=rows,
        headline=(Headline("未完工时合计", "Open hours", sum((r[4] for r in rows), Decimal(0)), "hours"),
                  Headline("空闲技工", "Technicians without work", sum(1 for r in rows if r[3] == 0))),
    )


LOAD_COLUMNS = (Column("number", "工单号", "Work order"), Column("plate", "车牌", "Plate"),
                Column("state", "状态", "State", "label"), Column("job", "维修项目", "Job"),
                Column("hours", "工时", "Hours", "hours"), Column("started_at", "开工时间", "Started", "datetime"))


def jobs_of_technician(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    stmt = (
        select(WorkOrder.number, Vehicle.shown_plate, WorkOrder.state, LaborLine.description, LaborLine.hours,
               WorkOrder.started_at)
        .join(WorkOrder, WorkOrder.id == LaborLine.work_order_id)
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .where(WorkOrder.state.in_(IN_WORKSHOP), LaborLine.done.is_(False), _line_tech() == int(key),
               *kind_filter(p))
        .order_by(WorkOrder.started_at, LaborLine.id).offset(offset).limit(limit)
    )
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]


# --- late work orders (F7), the same rule as the workshop board (services.work_order_common.deadlines) ----
def _opened_before_is_late(priority: str, now: datetime, which: int) -> datetime:
    """The earliest opening time whose F7 deadline (0 respond, 1 resolve) is not yet past. A deadline never
    moves back when the opening moves later, so everything opened before this is past it (binary search)."""
    lo, hi = now - timedelta(days=30), now
    while hi - lo > timedelta(microseconds=1):
        mid = lo + (hi - lo) / 2
        if service_deadlines(priority, mid)[which] < now:
            lo = mid
        else:
            hi = mid
    return hi


NOT_READY = BEFORE_QC


def late_condition(now: datetime) -> ColumnElement[bool]:
    """Late (F7): not ready (QC not passed) by the expected finish — the promised time, else the resolve
    deadline of the priority (urgent 24 h, important 72 h, normal 5 working days from opening) — or still a
    draft past the respond deadline (2 h / 4 h / 8 h)."""
    past_resolve = [and_(WorkOrder.priority == pr.value, WorkOrder.opened_at < _opened_before_is_late(pr, now, 1))
                    for pr in Priority]
    past_respond = [and_(WorkOrder.priority == pr.value, WorkOrder.opened_at < _opened_before_is_late(pr, now, 0))
                    for pr in Priority]
    expected_past = or_(and_(WorkOrder.promised_at.is_not(None), WorkOrder.promised_at < at_param("now", now)),
                        and_(WorkOrder.promised_at.is_(None), or_(*past_resolve)))
    return or_(and_(WorkOrder.state.in_(NOT_READY), expected_past),
               and_(WorkOrder.state == State.DRAFT, or_(*past_respond)))


def late_work_orders(db: Database, p: Params) -> FigureData:
    team = func.coalesce(WorkOrder.team, "").label("team")
    late = late_condition(p.at)
    stmt = (select(team, func.count(), func.sum(case((late, 1), else_=0)))
            .where(WorkOrder.state.in_(IN_WORKSHOP), *kind_filter(p)).group_by(team).order_by(team))
    with db.read() as s:
        rows = tuple((f"team:{t}", int(n), int(k or 0), pct(int(k or 0), int(n))) for t, n, k in s.execute(stmt))
    return FigureData(
        columns=(Column("team", "班组", "Team", "label"), Column("in_workshop", "在厂", "In workshop", "int"),
                 Column("late", "已超时", "Late", "int"), Column("late_pct", "超时比例", "Late share", "pct")),
        rows=rows,
        headline=(Headline("超时工单", "Late work orders", sum(r[2] for r in rows)),),
    )


def late_of_team(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    team = str(key).removeprefix("team:")
    cond = [WorkOrder.state.in_(IN_WORKSHOP), late_condition(p.at), func.coalesce(WorkOrder.team, "") == team,
            *kind_filter(p)]
    # by state, then oldest first: the order of ix_work_orders_state_opened, so no scan of the whole table
    return work_order_page(db, cond, [WorkOrder.state, WorkOrder.opened_at], offset, limit,
                           extra=[WorkOrder.priority])


LATE_COLUMNS = (*WO_COLUMNS, Column("priority", "优先级", "Priority"))


# --- first-time fix rate: no comeback (same vehicle, new work order) within 30 days of delivery ----------
# Internal work orders are left out on both sides: they book a department's consumables (P6) against a
# department car that is "back" every few days, which says nothing about the quality of a repair.
def _visit(w: Any) -> list[ColumnElement[bool]]:
    """A work order that counts as a car's visit: not cancelled, for a customer."""
    return [w.state != State.CANCELLED, w.kind.in_(CUSTOMER_KINDS)]


def _back_within(dialect: str, again: Any, first: Any) -> list[ColumnElement[bool]]:
    """`again` (a row with id, vehicle_id, opened_at) is `first`'s car back within COMEBACK_DAYS of delivery."""
    return [again.vehicle_id == first.vehicle_id, again.id != first.id,
            within_days_after(dialect, again.opened_at, first.delivered_at, COMEBACK_DAYS)]


def _comeback(dialect: str, first: Any = WorkOrder) -> Any:
    """A later visit of `first`'s car (a work order, or a row with its id, vehicle_id and delivered_at)."""
    again = aliased(WorkOrder)
    return select(again.id).where(*_back_within(dialect, again, first), *_visit(again)).exists()


def _ftf_delivered(p: Params) -> list[ColumnElement[bool]]:
    return [*_delivered(p), WorkOrder.kind.in_(CUSTOMER_KINDS)]


def _ftf_deliveries(p: Params) -> Select[int, int, datetime | None, str]:
    return select(WorkOrder.id, WorkOrder.vehicle_id, WorkOrder.delivered_at, WorkOrder.kind).where(*_ftf_delivered(p))


JOIN_DAYS = 120  # the first-time fix of a period up to this long joins its later visits; a longer one probes


def _ftf_joined(dialect: str, p: Params) -> Select[Any]:
    """(kind, delivered, comebacks) of a short period. Its comebacks are visits opened after its start (at most
    30 days after its end): read once, by date, from ix_work_orders_opened_cars alone (0024; a materialized set
    of a few thousand rows) and joined to the period's deliveries (ix_work_orders_delivered_kind alone) by car,
    so that the cost follows the period, not the years of history behind it (issue 22, the large demo's 90 days:
    SQLite 25.8 ms against 19.3 after 120 days of history, now ~21 on both; PostgreSQL 39.7 -> 19.8 ms). The
    join pairs every delivery of a car with every later visit of it, so for a year a fleet car's ~40 x 40 pairs
    cost more than the probes (SQLite, 365 days: 93 -> 119 ms; 3 years 658 -> 986 ms): JOIN_DAYS."""
    first = _ftf_deliveries(p).cte("delivered")
    later = (select(WorkOrder.id, WorkOrder.vehicle_id, WorkOrder.opened_at)
             .where(WorkOrder.opened_at > p.start, *_visit(WorkOrder))
             .cte("later").prefix_with("MATERIALIZED"))
    back = select(first.c.id).distinct().where(*_back_within(dialect, later.c, first.c)).subquery("back")
    return (select(first.c.kind, func.count(), func.count(back.c.id))
            .select_from(first.outerjoin(back, back.c.id == first.c.id))
            .group_by(first.c.kind).order_by(first.c.kind))


def _ftf_probed(dialect: str, p: Params) -> Select[Any]:
    """(kind, delivered, comebacks) of a long period: each delivery's car probed for a later visit. The
    deliveries (ix_work_orders_delivered_kind alone) in the order of their cars, so that the probes walk
    ix_work_orders_vehicle_visits (covering) from one end to the other instead of jumping about it."""
    first = _ftf_deliveries(p).order_by(WorkOrder.vehicle_id, WorkOrder.delivered_at).subquery()
    return (select(first.c.kind, func.count(), func.sum(case((_comeback(dialect, first.c), 1), else_=0)))
            .group_by(first.c.kind).order_by(first.c.kind))


def first_time_fix(db: Database, p: Params) -> FigureData:
    short = p.end - p.start <= timedelta(days=JOIN_DAYS)
    stmt = (_ftf_joined if short else _ftf_probed)(db.dialect, p)
    with db.read() as s:
        rows = tuple((k, int(n), int(c or 0), pct(int(n) - int(c or 0), int(n))) for k, n, c in s.execute(stmt))
    n_all, c_all = sum(r[1] for r in rows), sum(r[2] for r in rows)
    return FigureData(
        columns=(Column("kind", "类型", "Kind", "label"), Column("delivered", "交车数", "Delivered", "int"),
                 Column("comebacks", "30 天内返修", "Comebacks", "int"),
                 Column("ftf_pct", "一次修复率", "First-time fix", "pct")),
        rows=rows,
        headline=(Headline("一次修复率", "First-time fix rate", pct(n_all - c_all, n_all), "pct"),
                  Headline("返修车辆", "Comebacks", c_all)),
    )


def comebacks_of_kind(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    again = aliased(WorkOrder)
    first_again = (select(func.min(again.number))
                   .where(*_back_within(db.dialect, again, WorkOrder), *_visit(again)).scalar_subquery())
    cond = [*_ftf_delivered(p), WorkOrder.kind == str(key), _comeback(db.dialect)]
    return work_order_page(db, cond, [WorkOrder.delivered_at], offset, limit,
                           extra=[WorkOrder.delivered_at, first_again])


COMEBACK_COLUMNS = (*WO_COLUMNS, Column("delivered_at", "交车时间", "Delivered", "datetime"),
                    Column("again", "返修工单", "Comeback work order"))
