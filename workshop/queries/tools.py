"""The read side of the tool crib (T1-T3): register, tools out, overdue, loans of a work order, charges."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal

from sqlalchemy import Row, Select, case, func, or_, select

from workshop.db.models import Tool, ToolCharge, ToolLoan, User, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import SHOP_TZ, utcnow
from workshop.domain.errors import InvalidInput
from workshop.domain.text import halfwidth


@dataclass(frozen=True)
class ToolRow:
    id: int
    code: str
    name: str
    brand: str
    model: str
    location: str
    original_price: Decimal
    state: str
    borrower_name: str | None
    due_at: datetime | None


@dataclass(frozen=True)
class LoanRow:
    loan_id: int
    tool_code: str
    tool_name: str
    borrower_name: str
    borrower_badge: str
    lent_at: datetime
    due_at: datetime
    work_order_no: str | None
    hours_overdue: Decimal  # 0 when not yet due


@dataclass(frozen=True)
class ChargeSummaryRow:
    user_id: int
    badge_code: str
    display_name: str
    month: str  # 2026-11
    charges: int
    replacements: int
    total: Decimal


@dataclass(frozen=True)
class ChargeRow:
    id: int
    at: datetime
    badge_code: str
    display_name: str
    tool_code: str
    tool_name: str
    kind: str
    amount: Decimal
    note: str


def _hours_overdue(due_at: datetime, now: datetime) -> Decimal:
    if now <= due_at:
        return Decimal("0.0")
    seconds = Decimal((now - due_at).total_seconds())
    return (seconds / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def _tool_filter(search: str) -> list[object]:
    text = halfwidth(search or "").strip()
    if not text:
        return []
    like = f"%{text.upper()}%"
    return [or_(Tool.code.like(like), Tool.name.like(f"%{text}%"), Tool.model.like(like))]


tool_conditions = _tool_filter  # the register's search, also for its Excel export (queries.lists)


def _register_stmt() -> Select[Tool, str | None, datetime | None]:
    open_loan = (
        select(ToolLoan.tool_id, ToolLoan.borrower_id, ToolLoan.due_at)
        .where(ToolLoan.returned_at.is_(None)).subquery()
    )
    return (
        select(Tool, User.display_name, open_loan.c.due_at)
        .outerjoin(open_loan, (open_loan.c.tool_id == Tool.id) & (Tool.state == "out"))
        .outerjoin(User, User.id == open_loan.c.borrower_id)
    )


def _tool_rows(db: Database, stmt: Select[Tool, str | None, datetime | None]) -> list[ToolRow]:
    with db.read() as s:
        return [
            ToolRow(t.id, t.code, t.name, t.brand, t.model, t.location, t.original_price, t.state, name, due)
            for t, name, due in s.execute(stmt)
        ]


def list_tools(db: Database, *, search: str = "", state: str | None = None, offset: int = 0,
               limit: int = 100) -> list[ToolRow]:
    """T1: the register, by code; a tool that is out shows its borrower and due time."""
    stmt = _register_stmt().where(*_tool_filter(search))  # type: ignore[arg-type]
    if state:
        stmt = stmt.where(Tool.state == state)
    return _tool_rows(db, stmt.order_by(Tool.code).offset(offset).limit(limit))


def count_tools(db: Database, *, search: str = "", state: str | None = None) -> int:
    stmt = select(func.count()).select_from(Tool).where(*_tool_filter(search))  # type: ignore[arg-type]
    if state:
        stmt = stmt.where(Tool.state == state)
    with db.read() as s:
        return int(s.scalar(stmt) or 0)


def _loans_stmt() -> Select[ToolLoan, str, str, str, str, str]:
    return (
        select(ToolLoan, Tool.code, Tool.name, User.display_name, User.badge_code, WorkOrder.number)
        .join(Tool, Tool.id == ToolLoan.tool_id)
        .join(User, User.id == ToolLoan.borrower_id)
        .outerjoin(WorkOrder, WorkOrder.id == ToolLoan.work_order_id)
        .where(ToolLoan.returned_at.is_(None), Tool.state == "out")
    )


def _loan_rows(rows: Iterable[Row[ToolLoan, str, str, str, str, str]], now: datetime) -> list[LoanRow]:
    return [
        LoanRow(loan.id, code, name, who, badge, loan.lent_at, loan.due_at, wo_no, _hours_overdue(loan.due_at, now))
        for loan, code, name, who, badge, wo_no in rows
    ]


def tools_out(db: Database, *, offset: int = 0, limit: int = 200, now: datetime | None = None) -> list[LoanRow]:
    """Every tool out now, the one due first on top."""
    now = now or utcnow()
    with db.read() as s:
        rows = s.execute(_loans_stmt().order_by(ToolLoan.due_at, ToolLoan.id).offset(offset).limit(limit))
        return _loan_rows(rows, now)


def overdue_loans(db: Database, *, now: datetime | None = None, offset: int = 0, limit: int = 200) -> list[LoanRow]:
    """T2: tools past their due time, longest overdue first, with the borrower and hours overdue."""
    now = now or utcnow()
    with db.read() as s:
        rows = s.execute(
            _loans_stmt().where(ToolLoan.due_at < now).order_by(ToolLoan.due_at, ToolLoan.id)
            .offset(offset).limit(limit)
        )
        return _loan_rows(rows, now)


def open_loans_for_work_order(db: Database, work_order_no: str, *, now: datetime | None = None) -> list[LoanRow]:
    """Tools lent against this work order and still out: the front desk warns before settling it."""
    now = now or utcnow()
    number = halfwidth(work_order_no or "").strip().upper()
    with db.read() as s:
        rows = s.execute(_loans_stmt().where(WorkOrder.number == number).order_by(ToolLoan.lent_at))
        return _loan_rows(rows, now)


@dataclass(frozen=True)
class ToolFigures:
    total: int
    out: int
    overdue: int
    lost: int


def tool_figures(db: Database, *, now: datetime | None = None) -> ToolFigures:
    """Q3: tools out and overdue (for the dashboard)."""
    now = now or utcnow()
    with db.read() as s:
        by_state: dict[str, int] = {st: int(n) for st, n in s.execute(select(Tool.state, func.count()).group_by(Tool.state))}
        overdue = s.scalar(
            select(func.count()).select_from(ToolLoan).join(Tool, Tool.id == ToolLoan.tool_id)
            .where(ToolLoan.returned_at.is_(None), Tool.state == "out", ToolLoan.due_at < now)
        ) or 0
    return ToolFigures(sum(by_state.values()), by_state.get("out", 0), int(overdue), by_state.get("lost", 0))


def parse_month(text: str) -> tuple[datetime, datetime]:
    """'2026-11' -> [start, end) of that calendar month in shop time (aware datetimes)."""
    try:
        year, month = (int(p) for p in halfwidth(text).strip().split("-"))
        start_day = date(year, month, 1)
    except ValueError:
        raise InvalidInput("月份格式应为 2026-11。", "The month is written like 2026-11.") from None
    end_day = date(year + (month == 12), month % 12 + 1, 1)
    return (datetime.combine(start_day, datetime.min.time(), tzinfo=SHOP_TZ),
            datetime.combine(end_day, datetime.min.time(), tzinfo=SHOP_TZ))


def tool_charges_by_person(db: Database, month: str) -> list[ChargeSummaryRow]:
    """T3 for payroll: per person, the lost-tool charges of one month (replacements counted, 0 元)."""
    start, end = parse_month(month)
    label = f"{start.year:04d}-{start.month:02d}"
    charges = func.sum(case((ToolCharge.kind == "charge", 1), else_=0))
    stmt = (
        select(User.id, User.badge_code, User.display_name, charges, func.count(ToolCharge.id),
               func.coalesce(func.sum(ToolCharge.amount), 0))
        .join(User, User.id == ToolCharge.user_id)
        .where(ToolCharge.at >= start, ToolCharge.at < end)
        .group_by(User.id, User.badge_code, User.display_name)
        .order_by(User.badge_code)
    )
    with db.read() as s:
        return [
            ChargeSummaryRow(uid, badge, name, label, int(n_charge), int(n) - int(n_charge), Decimal(total))
            for uid, badge, name, n_charge, n, total in s.execute(stmt)
        ]


def tool_charges_in_month(db: Database, month: str) -> list[ChargeRow]:
    """Every charge and replacement of the month, in time order (the detail behind the payroll export)."""
    start, end = parse_month(month)
    stmt = (
        select(ToolCharge, User.badge_code, User.display_name, Tool.code, Tool.name)
        .join(User, User.id == ToolCharge.user_id)
        .join(Tool, Tool.id == ToolCharge.tool_id)
        .where(ToolCharge.at >= start, ToolCharge.at < end)
        .order_by(ToolCharge.at, ToolCharge.id)
    )
    with db.read() as s:
        return [
            ChargeRow(c.id, c.at, badge, name, code, tname, c.kind, c.amount, c.note)
            for c, badge, name, code, tname in s.execute(stmt)
        ]


def tool_by_code(db: Database, code: str) -> ToolRow | None:
    """The tool a scan names (code, half-width, upper case), with its borrower when out."""
    key = halfwidth(code or "").strip().upper()
    if not key:
        return None
    rows = _tool_rows(db, _register_stmt().where(Tool.code == key))
    return rows[0] if rows else None


CSV_HEADER = ("月份 month", "工牌 badge", "姓名 name", "赔偿次数 charges", "以新换旧次数 replacements",
              "赔偿金额 amount (元)")


def charges_csv_text(db: Database, month: str) -> str:
    """T3 for payroll: one row per person for the month (UTF-8; write it with a BOM so Excel reads Chinese)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in tool_charges_by_person(db, month):
        writer.writerow((r.month, r.badge_code, r.display_name, r.charges, r.replacements, f"{r.total:.2f}"))
    return buf.getvalue()


def write_charges_csv(db: Database, month: str, path: str) -> int:
    """Write the month's charges per person to a CSV file (UTF-8 with BOM); returns the number of people."""
    text = charges_csv_text(db, month)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(text)
    return text.count("\r\n") - 1
