"""W7 piece-rate pay (计件): each technician's month — billed hours of settled work × share × the team's piece
rate in force at the settlement, less comebacks — the payroll summary, the month close (workshop manager or
service director, audited, the figures frozen) and the dated corrections a closed month takes afterwards.
The rules are in workshop.domain.piece_rate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple, TypeAlias, TypeVar

from sqlalchemy import ColumnElement, Interval, and_, func, literal, or_, select
from sqlalchemy.orm import QueryableAttribute, Session, aliased

from workshop.db.models import (
    LaborAssignment,
    LaborLine,
    PieceRateClose,
    PieceRateCorrection,
    PieceRateStatement,
    User,
    WorkOrder,
)
from workshop.db.uow import Database, UnitOfWork
from workshop.db.work_order_store import share_in_force
from workshop.domain.clock import to_shop, utcnow
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.money import ZERO, parse_amount
from workshop.domain.piece_rate import (
    HUNDRED,
    billed_hours,
    comeback_deduction,
    is_comeback,
    job_pay,
    month_bounds,
    month_of,
    next_month,
    totals,
)
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text, halfwidth
from workshop.services.piece_rate_pay import RateTable, month_pay, rate_at, rate_table, user_teams
from workshop.services.settings import all_settings


@dataclass(frozen=True)
class JobRow:
    work_order: str
    settled_at: datetime
    description: str
    hours: Decimal        # the line's standard hours
    share_pct: Decimal
    billed_hours: Decimal
    piece_rate: Decimal
    pay: Decimal


@dataclass(frozen=True)
class ComebackRow:
    work_order: str       # the first job's work order
    comeback: str         # the comeback's work order
    comeback_opened_at: datetime
    description: str
    pay: Decimal          # what the first job paid this technician
    deduction: Decimal


@dataclass(frozen=True)
class CorrectionRow:
    entry_date: date
    amount: Decimal
    reason: str
    by: str


@dataclass(frozen=True)
class Statement:
    month: date
    technician_id: int
    name: str
    team: str | None
    jobs: tuple[JobRow, ...]
    comebacks: tuple[ComebackRow, ...]
    corrections: tuple[CorrectionRow, ...]
    billed_hours: Decimal
    gross: Decimal
    deduction: Decimal
    correction_total: Decimal
    net: Decimal
    closed: bool


class _Line(NamedTuple):  # ~13,000 a month on the large demo: a tuple is built 4 x faster than a dataclass
    id: int
    wo_id: int
    number: str
    description: str
    hours: Decimal
    team: str | None
    settled_at: datetime
    paid_to: int | None = None  # a month's line: its own technician, else its work order's (read with it)


def _shares(session: Session, lines: list[_Line], month: date | None = None,
            month_lines: Sequence[_Line] = ()) -> dict[int, list[tuple[int, Decimal, str | None]]]:
    """Per labor line: (technician, share %, team) dispatched now; a line nobody dispatched (entered before
    dispatch per line) pays its own technician, else the work order's, 100 %. With month: the lines of the work
    settled in it are read by that criterion (not 500 ids at a time: ~50 statements on the large demo; who is
    paid for them came with month_lines, the month's lines), the others (comebacks' first jobs) by id."""
    out: dict[int, list[tuple[int, Decimal, str | None]]] = defaultdict(list)
    paid: dict[int, int | None] = {}  # line -> its own technician, else its work order's
    share_cols = (LaborAssignment.labor_line_id, LaborAssignment.technician_id, LaborAssignment.share_pct,
                  LaborAssignment.team)
    who_cols = (LaborLine.id, LaborLine.technician_id, WorkOrder.technician_id)
    ids = [ln.id for ln in lines]
    if month is not None:
        start, end = month_bounds(month)
        settled = (WorkOrder.settled_at >= start, WorkOrder.settled_at < end, WorkOrder.cancelled_at.is_(None))
        for line_id, tech, share, team in session.connection().execute(
            select(*share_cols).join(LaborLine, LaborLine.id == LaborAssignment.labor_line_id)
            .join(WorkOrder, WorkOrder.id == LaborLine.work_order_id)
            .where(*settled, share_in_force(session.get_bind().dialect.name)).order_by(LaborAssignment.id)
        ):
            out[line_id].append((tech, share, team))
        paid.update((ln.id, ln.paid_to) for ln in month_lines)
    rest = [i for i in dict.fromkeys(ids) if i not in paid]
    for chunk in (rest[i:i + 500] for i in range(0, len(rest), 500)):
        for line_id, tech, share, team in session.connection().execute(
            select(*share_cols).where(LaborAssignment.labor_line_id.in_(chunk), LaborAssignment.ended_at.is_(None))
            .order_by(LaborAssignment.id)
        ):
            out[line_id].append((tech, share, team))
        for line_id, line_tech, wo_tech in session.connection().execute(
            select(*who_cols).join(WorkOrder, WorkOrder.id == LaborLine.work_order_id).where(LaborLine.id.in_(chunk))
        ):
            paid[line_id] = line_tech or wo_tech
    for line_id in ids:
        who = paid.get(line_id)
        if line_id not in out and who is not None:
            out[line_id].append((who, HUNDRED, None))
    return out


_LINE_COLS = (LaborLine.id, WorkOrder.id, WorkOrder.number, LaborLine.description, LaborLine.hours, LaborLine.team,
              WorkOrder.settled_at, LaborLine.technician_id, WorkOrder.technician_id)


def _settled_lines(session: Session, month: date) -> list[_Line]:
    start, end = month_bounds(month)
    rows = session.connection().execute(select(*_LINE_COLS).join(WorkOrder, WorkOrder.id == LaborLine.work_order_id)
                           .where(WorkOrder.settled_at >= start, WorkOrder.settled_at < end,
                                  WorkOrder.cancelled_at.is_(None))
                           .order_by(WorkOrder.settled_at, LaborLine.id))
    return [_Line(lid, wid, number, desc, hours, team, settled, line_tech or wo_tech)
            for lid, wid, number, desc, hours, team, settled, line_tech, wo_tech in rows if settled is not None]


def _days_before(session: Session, moment: QueryableAttribute[datetime], days: int) -> ColumnElement[datetime]:
    """moment - days in SQL: SQLite keeps times as text (its datetime() drops the fraction: an earlier bound)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.datetime(moment, f"-{int(days)} days", type_=moment.type)
    return moment - literal(timedelta(days=days), Interval())  # an interval, not bound as the column's time


_T = TypeVar("_T")
_Expr: TypeAlias = ColumnElement[_T] | QueryableAttribute[_T]  # a statement's column, or a mapped (aliased) one


def _same_job(a: type[LaborLine], op: _Expr[int | None], description: _Expr[str]) -> ColumnElement[bool]:
    """The line a is the same job as (op, description): the same labor operation, or both none and the same text."""
    return or_(a.operation_id == op, and_(a.operation_id.is_(None), op.is_(None), a.description == description))


def _comebacks(session: Session, month: date, days: int) -> list[tuple[_Line, str, datetime]]:
    """(first job's line, comeback work order, opened at) of every job whose first comeback opened this month.
    A job with a comeback this month was settled at most `days` before the month began: its earliest comeback
    this month is read by pairs (later visits of this month only: a fleet car has thousands of visits), and it
    is kept unless an earlier comeback (opened after its settlement, before the month) took its pay already."""
    start, end = month_bounds(month)
    later, first, earlier = aliased(WorkOrder), aliased(WorkOrder), aliased(WorkOrder)
    later_line, first_line, earlier_line = aliased(LaborLine), aliased(LaborLine), aliased(LaborLine)
    # per first job only its earliest later visit: is_comeback holds for it or for none (the later ones opened
    # later still), so the first row of each job in (opened, id) order is the one the loop below would keep
    earliest = func.row_number().over(partition_by=first_line.id, order_by=(later.opened_at, later.id))
    pairs = (
        select(first_line.id.label("lid"), first.id.label("wid"), first.number.label("number"),
               first_line.description.label("description"), first_line.hours.label("hours"),
               first_line.team.label("team"), first.settled_at.label("settled"), later.number.label("later_number"),
               later.opened_at.label("opened"), later.id.label("later_id"), first.vehicle_id.label("vehicle"),
               first_line.operation_id.label("op"), earliest.label("rn"))
        .select_from(later)
        .join(later_line, later_line.work_order_id == later.id)
        .join(first, and_(first.vehicle_id == later.vehicle_id, first.id != later.id,
                          # is_comeback's window as a prefilter on ix_work_orders_vehicle_settled
                          first.settled_at < later.opened_at,
                          first.settled_at >= _days_before(session, later.opened_at, days + 1),
                          first.settled_at.is_not(None), first.cancelled_at.is_(None),
                          first.settled_at >= start - timedelta(days=days + 1), first.settled_at < end))
        .join(first_line, and_(first_line.work_order_id == first.id,
                               _same_job(first_line, later_line.operation_id, later_line.description)))
        .where(later.opened_at >= start, later.opened_at < end, later.cancelled_at.is_(None))
    ).subquery()
    before = (select(earlier.id).join(earlier_line, earlier_line.work_order_id == earlier.id)
              .where(earlier.vehicle_id == pairs.c.vehicle, earlier.id != pairs.c.wid,
                     earlier.opened_at > pairs.c.settled, earlier.opened_at < start, earlier.cancelled_at.is_(None),
                     _same_job(earlier_line, pairs.c.op, pairs.c.description)))
    rows = session.connection().execute(
        select(pairs.c.lid, pairs.c.wid, pairs.c.number, pairs.c.description, pairs.c.hours, pairs.c.team,
               pairs.c.settled, pairs.c.later_number, pairs.c.opened)
        .where(pairs.c.rn == 1, ~before.exists()).order_by(pairs.c.opened, pairs.c.later_id, pairs.c.lid)
    )
    found: dict[int, tuple[_Line, str, datetime]] = {}
    for lid, wid, number, desc, hours, team, settled, later_number, opened in rows:
        if lid not in found and settled is not None and is_comeback(settled, opened, days):
            found[lid] = (_Line(lid, wid, number, desc, hours, team, settled), later_number, opened)
    return [f for f in found.values() if start <= f[2] < end]


def _live(session: Session, month: date) -> dict[int, tuple[list[JobRow], list[ComebackRow]]]:
    rates, people = rate_table(session), user_teams(session)
    out: dict[int, tuple[list[JobRow], list[ComebackRow]]] = defaultdict(lambda: ([], []))
    lines = _settled_lines(session, month)
    shares = _shares(session, lines, month, lines)
    for ln in lines:
        for tech, share, team in shares.get(ln.id, []):
            rate = rate_at(rates, team or ln.team or people.get(tech), ln.settled_at)
            out[tech][0].append(JobRow(ln.number, ln.settled_at, ln.description, ln.hours, share,
                                       billed_hours(ln.hours, share), rate, job_pay(ln.hours, share, rate)))
    for tech, backs in _comeback_rows(session, month, rates, people).items():
        out[tech][1].extend(backs)
    return out


def _comeback_rows(session: Session, month: date, rates: RateTable,
                   people: dict[int, str | None]) -> dict[int, list[ComebackRow]]:
    """technician -> what the comebacks opened in the month take back from them (a job that paid nothing, none)."""
    settings = all_settings(session)
    days, pct = int(settings["comeback_days"]), Decimal(settings["comeback_deduction_pct"])
    comebacks = _comebacks(session, month, days)
    shares = _shares(session, [c[0] for c in comebacks])
    out: dict[int, list[ComebackRow]] = defaultdict(list)
    for ln, later_number, opened in comebacks:
        for tech, share, team in shares.get(ln.id, []):
            pay = job_pay(ln.hours, share, rate_at(rates, team or ln.team or people.get(tech), ln.settled_at))
            if pay:
                out[tech].append(ComebackRow(ln.number, later_number, opened, ln.description, pay,
                                             comeback_deduction(pay, pct)))
    return out


def month_statements(session: Session, month: date) -> list[Statement]:
    """Every technician paid, docked or corrected in the month, by name, with the jobs one by one. A closed
    month shows its frozen figures plus its corrections; the job lines are listed as they stand."""
    live = {tech: (tuple(jobs), tuple(backs), sum((j.billed_hours for j in jobs), ZERO),
                   sum((j.pay for j in jobs), ZERO)) for tech, (jobs, backs) in _live(session, month).items()}
    return _statements(session, month, live)


def month_summary(session: Session, month: date) -> list[Statement]:
    """month_statements without the job lines (the same totals, the jobs summed in SQL): the payroll summary."""
    rates, people = rate_table(session), user_teams(session)
    backs = _comeback_rows(session, month, rates, people)
    pay = month_pay(session, month, rates, people)
    live = {tech: ((), tuple(backs.get(tech, [])), *pay.get(tech, (ZERO, ZERO))) for tech in set(pay) | set(backs)}
    return _statements(session, month, live)


_LiveRow: TypeAlias = tuple[tuple[JobRow, ...], tuple[ComebackRow, ...], Decimal, Decimal]


def _statements(session: Session, month: date, live: Mapping[int, _LiveRow]) -> list[Statement]:
    """live: technician -> (jobs, comebacks, billed hours, gross) as they stand."""
    closed = _is_closed(session, month)
    frozen = {s.technician_id: s for s in session.scalars(
        select(PieceRateStatement).where(PieceRateStatement.month == month))}
    fixes: dict[int, list[CorrectionRow]] = defaultdict(list)
    for c, who in session.execute(select(PieceRateCorrection, User.display_name)
                                  .join(User, User.id == PieceRateCorrection.created_by)
                                  .where(PieceRateCorrection.month == month)
                                  .order_by(PieceRateCorrection.entry_date, PieceRateCorrection.id)):
        fixes[c.technician_id].append(CorrectionRow(c.entry_date, c.amount, c.reason, who))
    ids = set(live) | set(frozen) | set(fixes)
    names = {uid: (name, team) for uid, name, team in session.execute(
        select(User.id, User.display_name, User.team).where(User.id.in_(ids)))} if ids else {}
    out: list[Statement] = []
    for tech in ids:
        jobs, backs, hours, gross = live.get(tech, ((), (), ZERO, ZERO))
        t = totals([(hours, gross)], [b.deduction for b in backs], [c.amount for c in fixes.get(tech, [])])
        hours, gross, deduction = t.billed_hours, t.gross, t.deduction
        if closed:
            f = frozen.get(tech)
            hours, gross, deduction = (f.billed_hours, f.gross, f.deduction) if f else (ZERO, ZERO, ZERO)
        name, team = names.get(tech, ("", None))
        out.append(Statement(month, tech, name, team, jobs, backs, tuple(fixes.get(tech, [])),
                             hours, gross, deduction, t.corrections, gross - deduction + t.corrections, closed))
    out.sort(key=lambda s: (s.team or "", s.name, s.technician_id))
    return out


def payroll_summary(db: Database, month: object, *, jobs: bool = False) -> list[Statement]:
    """Every technician's figures of the month; with jobs, each statement lists its jobs too."""
    with db.read() as s:
        return (month_statements if jobs else month_summary)(s, month_of(month))


def statement_of(db: Database, month: object, technician_id: int) -> Statement:
    m = month_of(month)
    with db.read() as s:
        found = next((st for st in month_statements(s, m) if st.technician_id == technician_id), None)
        if found is None:
            name, team = s.execute(select(User.display_name, User.team).where(User.id == technician_id)).one()
            found = Statement(m, technician_id, name, team, (), (), (), ZERO, ZERO, ZERO, ZERO, ZERO,
                              _is_closed(s, m))
    return found


def _is_closed(session: Session, month: date) -> bool:
    return session.scalar(select(PieceRateClose.id).where(PieceRateClose.month == month)) is not None


def closed_months(db: Database) -> list[date]:
    with db.read() as s:
        return list(s.scalars(select(PieceRateClose.month).order_by(PieceRateClose.month)))


def close_month(uow: UnitOfWork, actor: Actor, month: object, *, now: datetime | None = None) -> list[Statement]:
    """W7: freeze every technician's figures of a finished month. Closed once; afterwards only corrections."""
    at = now or utcnow()
    with uow:
        user = uow.authorize(actor, Perm.PIECE_RATE_CLOSE)
        m = month_of(month)
        if month_bounds(m)[1] > at:
            raise RuleViolation(f"{m:%Y-%m} 还没有结束，不能结账。", f"{m:%Y-%m} has not ended; it cannot be closed.")
        if uow.session.scalar(select(PieceRateClose.id).where(PieceRateClose.month == m).with_for_update()):
            raise RuleViolation(f"{m:%Y-%m} 的计件工资已经结账，只能做更正。",
                                f"The piece-rate month {m:%Y-%m} is closed; it takes only corrections.")
        statements = month_statements(uow.session, m)
        uow.session.add(PieceRateClose(month=m, closed_at=at, closed_by=user.id))
        for st in statements:
            uow.session.add(PieceRateStatement(month=m, technician_id=st.technician_id, billed_hours=st.billed_hours,
                                               gross=st.gross, deduction=st.deduction,
                                               net=st.gross - st.deduction))
        uow.audit(actor, "piece_rate.close", "piece_rate_month", f"{m:%Y-%m}", technicians=len(statements),
                  net=str(sum((s.gross - s.deduction for s in statements), ZERO)))
        uow.commit()
    with uow:
        statements = month_statements(uow.session, m)
    return statements


def add_correction(uow: UnitOfWork, actor: Actor, month: object, technician_id: int, amount: object,
                   reason: str, *, now: datetime | None = None) -> CorrectionRow:
    """W7: a dated correction to a closed month (a negative amount pays less), with its reason, audited."""
    at = now or utcnow()
    with uow:
        user = uow.authorize(actor, Perm.PIECE_RATE_CLOSE)
        m = month_of(month)
        text = halfwidth("" if amount is None or isinstance(amount, float) else str(amount)).strip()
        value = parse_amount(text.lstrip("-").strip(), "更正金额", "Correction amount", allow_zero=False,
                             maximum=Decimal("999999.99"))
        if text.startswith("-"):
            value = -value
        why = clean_text(reason, "更正原因", "Reason for the correction", max_len=200)
        if not _is_closed(uow.session, m):
            raise RuleViolation(f"{m:%Y-%m} 还没有结账：未结账的月份按工单自动计算，不需要更正。",
                                f"{m:%Y-%m} is not closed: an open month is computed from the work orders.")
        if uow.session.get(User, technician_id) is None:
            raise NotFound("找不到这位技工。", "No such technician.")
        day = to_shop(at).date()
        if day < next_month(m):
            raise InvalidInput("更正日期必须在该月之后。", "A correction is dated after its month.")
        uow.session.add(PieceRateCorrection(month=m, technician_id=technician_id, entry_date=day, amount=value,
                                            reason=why, created_at=at, created_by=user.id))
        uow.audit(actor, "piece_rate.correct", "piece_rate_month", f"{m:%Y-%m}", technician_id=technician_id,
                  amount=str(value), reason=why, entry_date=day.isoformat())
        row = CorrectionRow(day, value, why, user.display_name)  # read before the commit ends the session
        uow.commit()
    return row
