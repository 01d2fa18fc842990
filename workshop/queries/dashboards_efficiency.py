"""W6: the floor's figures — efficiency = billed ÷ clocked hours, productivity = clocked ÷ attended hours — per
technician and per team, per day, week or month, aggregated in SQL (both databases).

- Billed hours: the standard hours of the jobs (labor lines) finished in the period × the technician's share.
- Clocked hours on them: the technician's worked time (clocked less pauses, W5) on those jobs: efficiency
  compares the two for the same jobs.
- Clocked hours of the period: every closed clock entry started in it.
- Attended hours: per technician and shop day, from the first clock-on to the last clock-off; when the setting
  shift_hours is above 0, that many hours for each day the technician clocked on."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Date, String, cast, func, literal_column, select, true

from workshop.db.models import JobClock, LaborAssignment, LaborLine, User, Vehicle, WorkOrder
from workshop.db.planner import join_by_index
from workshop.db.settings_store import get_setting
from workshop.db.uow import Database
from workshop.db.work_order_store import share_in_force
from workshop.domain.clock import shop_day_bounds
from workshop.queries.dashboards_base import (
    Column,
    FigureData,
    Headline,
    Params,
    dec,
    local_day,
    pct,
    seconds_between,
)
from workshop.queries.dashboards_lists import Row

PERIODS = ("all", "day", "week", "month")
HOUR = Decimal(3600)


@dataclass(frozen=True)
class EfficiencyRow:
    key: str                 # the technician's id, or the team
    name: str
    team: str
    period: str              # '' (the whole range), 'YYYY-MM-DD' (a day, a week's Monday) or 'YYYY-MM'
    billed_hours: Decimal
    clocked_on_billed: Decimal
    clocked_hours: Decimal
    attended_hours: Decimal

    @property
    def efficiency_pct(self) -> Decimal | None:
        return pct(self.billed_hours, self.clocked_on_billed)

    @property
    def productivity_pct(self) -> Decimal | None:
        return pct(self.clocked_hours, self.attended_hours)


def _of_day(dialect: str, day: Any, period: str) -> ColumnElement[str]:
    """The period holding a shop day ('YYYY-MM-DD'): the day, its week's Monday, its month, or '' (all)."""
    if period == "all":
        return literal_column("''")
    if period == "day":
        return cast(day, String)
    if period == "month":
        return func.substr(day, 1, 7)
    if dialect == "sqlite":
        return func.date(day, "weekday 0", "-6 days")
    return func.to_char(func.date_trunc("week", cast(day, Date)), "YYYY-MM-DD")


def _summed(inner: Any) -> Any:
    """SUM(v) per (tech, period) of a subquery: grouped on its columns, never on an expression with a bound
    parameter (PostgreSQL would not see two renderings of it as the same)."""
    q = inner.subquery()
    return select(q.c.tech, q.c.period, func.sum(q.c.v), func.count()).group_by(q.c.tech, q.c.period)


def efficiency_rows(db: Database, start: datetime, end: datetime, *, by: str = "technician",
                    period: str = "all") -> list[EfficiencyRow]:
    """The figures of [start, end) per technician (by='technician') or per team (by='team')."""
    if period not in PERIODS:
        raise ValueError(period)
    with db.read() as s:
        dialect = s.get_bind().dialect.name
        shift = Decimal(get_setting(s, "shift_hours") or "0")

        def per(col: Any) -> Any:
            return _of_day(dialect, local_day(dialect, col), period).label("period")

        share = LaborAssignment.share_pct / 100
        billed = _summed(
            select(LaborAssignment.technician_id.label("tech"), per(LaborLine.finished_at),
                   (LaborLine.hours * share).label("v"))
            .join(LaborLine, LaborLine.id == LaborAssignment.labor_line_id)
            .where(share_in_force(dialect), LaborLine.finished_at >= start, LaborLine.finished_at < end))
        on_billed = _summed(
            select(JobClock.technician_id.label("tech"), per(LaborLine.finished_at),
                   JobClock.worked_seconds.label("v"))
            .join(LaborLine, LaborLine.id == JobClock.labor_line_id)
            .where(JobClock.ended_at.is_not(None), LaborLine.finished_at >= start, LaborLine.finished_at < end))
        in_range = (JobClock.ended_at.is_not(None), JobClock.started_at >= start, JobClock.started_at < end)
        clocked = _summed(select(JobClock.technician_id.label("tech"), per(JobClock.started_at),
                                 JobClock.worked_seconds.label("v")).where(*in_range))
        stamps = select(JobClock.technician_id.label("tech"), local_day(dialect, JobClock.started_at).label("day"),
                        JobClock.started_at, JobClock.ended_at).where(*in_range).subquery()
        days = (select(stamps.c.tech, stamps.c.day,
                       seconds_between(dialect, func.min(stamps.c.started_at), func.max(stamps.c.ended_at))
                       .label("span"))
                .group_by(stamps.c.tech, stamps.c.day).subquery())
        attended = _summed(select(days.c.tech, _of_day(dialect, days.c.day, period).label("period"),
                                  days.c.span.label("v")))
        figures: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
        with join_by_index(s):  # the range's jobs, then their shares and clock entries by index (db/planner)
            for i, q in enumerate((billed, on_billed, clocked)):
                for tech, when, value, _ in s.execute(q):
                    figures[(tech, when or "")][i] += dec(value) / (HOUR if i else 1)
        for tech, when, span, n in s.execute(attended):
            figures[(tech, when or "")][3] += shift * n if shift > 0 else dec(span) / HOUR
        ids = {t for t, _ in figures}
        people = {uid: (name, team or "") for uid, name, team in
                  s.execute(select(User.id, User.display_name, User.team).where(User.id.in_(ids)))} if ids else {}
    rows: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    names: dict[str, tuple[str, str]] = {}
    for (tech, when), values in figures.items():
        name, team = people.get(tech, ("", ""))
        key = str(tech) if by == "technician" else team
        names[key] = (name if by == "technician" else team, team)
        for i, v in enumerate(values):
            rows[(key, when)][i] += v
    q2 = Decimal("0.01")
    out = [EfficiencyRow(key, names[key][0], names[key][1], when, *(v.quantize(q2) for v in values))
           for (key, when), values in rows.items()]
    out.sort(key=lambda r: (r.team, r.name, r.period))
    return out


_COLUMNS = (Column("name", "技工", "Technician"), Column("team", "班组", "Team"), Column("period", "期间", "Period"),
            Column("billed", "计费工时", "Billed hours", "hours"),
            Column("clocked_on_billed", "其实际工时", "Clocked on them", "hours"),
            Column("efficiency_pct", "效率", "Efficiency", "pct"),
            Column("clocked", "打卡工时", "Clocked hours", "hours"),
            Column("attended", "出勤工时", "Attended hours", "hours"),
            Column("productivity_pct", "生产率", "Productivity", "pct"), Column("key", "编号", "Id"))


def period_bounds(period: str, when: str) -> tuple[datetime, datetime]:
    """[start, end) of one day ('YYYY-MM-DD'), week (its Monday) or month ('YYYY-MM'), in shop time."""
    if period == "month":
        first = date.fromisoformat(f"{when}-01")
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return shop_day_bounds(first)[0], shop_day_bounds(following)[0]
    day = date.fromisoformat(when)
    return shop_day_bounds(day)[0], shop_day_bounds(day + timedelta(days=7 if period == "week" else 1))[0]


def period_label(period: str, when: str) -> str:
    """How a period reads: the day, the week as its Monday to Sunday, the month; '' for the whole range."""
    if period == "week" and when:
        monday = date.fromisoformat(when)
        return f"{monday.isoformat()} – {monday + timedelta(days=6):%m-%d}"
    return when


def _figure(db: Database, p: Params, by: str) -> FigureData:
    found = efficiency_rows(db, p.start, p.end, by=by, period=p.period)
    if p.period != "all":  # the latest period first; each row's drill-down is its own period's jobs
        found.sort(key=lambda r: r.period, reverse=True)
    rows = tuple((r.name or "—", r.team, period_label(p.period, r.period), r.billed_hours, r.clocked_on_billed,
                  r.efficiency_pct, r.clocked_hours, r.attended_hours, r.productivity_pct,
                  r.key if p.period == "all" else f"{r.key}|{p.period}|{r.period}") for r in found)
    billed = sum((r.billed_hours for r in found), Decimal(0))
    on_billed = sum((r.clocked_on_billed for r in found), Decimal(0))
    clocked = sum((r.clocked_hours for r in found), Decimal(0))
    attended = sum((r.attended_hours for r in found), Decimal(0))
    columns = _COLUMNS if by == "technician" else (Column("name", "班组", "Team"), *_COLUMNS[1:])
    return FigureData(columns=columns, rows=rows, headline=(
        Headline("效率", "Efficiency", pct(billed, on_billed), "pct"),
        Headline("生产率", "Productivity", pct(clocked, attended), "pct")))


def technician_efficiency(db: Database, p: Params) -> FigureData:
    return _figure(db, p, "technician")


def team_efficiency(db: Database, p: Params) -> FigureData:
    return _figure(db, p, "team")


JOB_COLUMNS = (Column("number", "工单号", "Work order"), Column("plate", "车牌", "Plate"),
               Column("job", "维修项目", "Job"), Column("technician", "技工", "Technician"),
               Column("billed", "计费工时", "Billed hours", "hours"),
               Column("clocked", "实际工时", "Clocked hours", "hours"),
               Column("finished_at", "完工时间", "Finished", "datetime"))


def _jobs(db: Database, p: Params, key: Any, where: Any, offset: int, limit: int) -> list[Row]:
    start, end = p.start, p.end
    _, period, when = str(key).split("|") if str(key).count("|") == 2 else ("", "", "")
    if period:  # a row of the per-day / week / month table: that period's jobs, inside the range
        first, after = period_bounds(period, when)
        start, end = max(start, first), min(end, after)
    clocked = (select(func.sum(JobClock.worked_seconds))
               .where(JobClock.labor_line_id == LaborLine.id, JobClock.technician_id == LaborAssignment.technician_id,
                      JobClock.ended_at.is_not(None))
               .correlate(LaborLine, LaborAssignment).scalar_subquery())
    stmt = (select(WorkOrder.number, Vehicle.shown_plate, LaborLine.description, User.display_name,
                   LaborLine.hours * LaborAssignment.share_pct / 100, clocked, LaborLine.finished_at)
            .select_from(LaborAssignment)
            .join(LaborLine, LaborLine.id == LaborAssignment.labor_line_id)
            .join(WorkOrder, WorkOrder.id == LaborLine.work_order_id)
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .join(User, User.id == LaborAssignment.technician_id)
            .where(LaborLine.finished_at >= start, LaborLine.finished_at < end, where)
            .order_by(LaborLine.finished_at, LaborLine.id).offset(offset).limit(limit))
    with db.read() as s:
        stmt = stmt.where(share_in_force(s.get_bind().dialect.name))
        return [(n, plate, job, who, dec(b).quantize(Decimal("0.01")),
                 (dec(c) / HOUR).quantize(Decimal("0.01")), at) for n, plate, job, who, b, c, at in s.execute(stmt)]


def _who(key: Any) -> str:
    """The technician's id or the team of a drill key ('19', or '19|week|2026-11-02' for a period's row)."""
    return str(key).split("|")[0] if key is not None else ""


def jobs_of_technician(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    """The jobs behind a technician's bar (or a row of one period): finished in the range, billed and clocked."""
    who = _who(key)
    return _jobs(db, p, key, LaborAssignment.technician_id == int(who) if who else true(), offset, limit)


def jobs_of_team(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    if key is None:  # "show all" under the per-period table
        return _jobs(db, p, key, true(), offset, limit)
    team = select(User.id).where(User.team == (_who(key) or None))
    return _jobs(db, p, key, LaborAssignment.technician_id.in_(team), offset, limit)
