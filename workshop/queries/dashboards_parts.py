"""Figures for the parts counter: stock value, fill rate, dead stock, low stock, claim deposits held and
overdue (C1, C3), special tools out and overdue (T2)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, case, cast, func, or_, select, true
from sqlalchemy.orm import Session

from workshop.db.models import (
    Bin,
    ClaimOrder,
    Customer,
    Deposit,
    Part,
    PartLine,
    StockAge,
    Tool,
    ToolLoan,
    User,
    WorkOrder,
)
from workshop.db.settings_store import get_setting
from workshop.db.uow import Database
from workshop.domain.claims import ClaimState
from workshop.domain.money import money
from workshop.queries.claims import overdue_condition
from workshop.queries.dashboards_base import Column, FigureData, Headline, Params, at_param, dec, pct
from workshop.queries.dashboards_lists import Row, kind_filter

TOP = 10  # rows a table figure shows; the full list is behind it

AGE_BUCKETS = ("age:30", "age:90", "age:dead_soon", "age:dead")


def _value() -> ColumnElement[Decimal]:
    return Part.on_hand * Part.avg_cost


def _age_bucket(s: Session, p: Params) -> ColumnElement[str]:
    dead_days = int(get_setting(s, "dead_stock_days"))
    now = p.at
    cut30, cut90 = now - timedelta(days=30), now - timedelta(days=90)
    cut_dead = now - timedelta(days=dead_days)
    return case(
        (Part.last_move_at.is_(None), "age:dead"),
        (Part.last_move_at < cut_dead, "age:dead"),
        (Part.last_move_at >= cut30, "age:30"),
        (Part.last_move_at >= cut90, "age:90"),
        else_="age:dead_soon",
    )


def _cut(s: Session, p: Params) -> datetime:
    return p.at - timedelta(days=int(get_setting(s, "dead_stock_days")))


def _dead(s: Session, p: Params) -> ColumnElement[bool]:
    """Dead stock (积压件): on hand, and no stock move for the dead-stock days (setting, default 180)."""
    return _dead_at(_cut(s, p))


def _dead_at(cut: datetime) -> ColumnElement[bool]:
    return and_(Part.on_hand > 0, or_(Part.last_move_at.is_(None), Part.last_move_at < cut))


# --- stock value ------------------------------------------------------------------------------------------
def stock_value(db: Database, p: Params) -> FigureData:
    with db.read() as s:
        bucket = _age_bucket(s, p).label("bucket")
        stmt = select(bucket, func.count(), func.sum(_value())).where(Part.on_hand > 0).group_by(bucket)
        got = {b: (int(n), money(dec(v))) for b, n, v in s.execute(stmt)}
    rows = tuple((b, *got.get(b, (0, money(0)))) for b in AGE_BUCKETS)
    total = sum((r[2] for r in rows), Decimal(0))
    return FigureData(
        columns=(Column("age", "最近出入库", "Last movement", "label"), Column("parts", "品种数", "Parts", "int"),
                 Column("value", "库存金额", "Stock value", "money")),
        rows=rows,
        headline=(Headline("库存金额", "Stock value", money(total), "money"),
                  Headline("有库存品种", "Parts in stock", sum(r[1] for r in rows)),
                  Headline("积压占比", "Dead share", pct(rows[3][2], total), "pct")),
    )


PART_COLUMNS = (Column("part_no", "零件号", "Part no."), Column("name", "名称", "Name"),
                Column("bin", "货位", "Bin"), Column("on_hand", "库存", "On hand", "qty"),
                Column("min_stock", "最低库存", "Minimum", "qty"),
                Column("avg_cost", "平均成本", "Average cost", "money"),
                Column("value", "库存金额", "Value", "money"),
                Column("last_move_at", "最近出入库", "Last movement", "datetime"))


def _part_page(s: Session, cond: list[Any], order: list[Any], offset: int, limit: int) -> list[Row]:
    stmt = (
        select(Part.part_no, Part.name, Bin.code, Part.on_hand, Part.min_stock, Part.avg_cost, _value(),
               Part.last_move_at)
        .outerjoin(Bin, Bin.id == Part.bin_id)
        .where(*cond).order_by(*order, Part.part_no).offset(offset).limit(limit)
    )
    return [(*r[:6], money(dec(r[6])), r[7]) for r in s.execute(stmt)]


def parts_of_age(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    with db.read() as s:
        bucket = _age_bucket(s, p)
        return _part_page(s, [Part.on_hand > 0, bucket == str(key)], [_value().desc()], offset, limit)


# --- dead stock and low stock (tables: the top rows, the whole list behind) --------------------------
def dead_totals(s: Session, cut: datetime) -> tuple[int, Decimal]:
    """How many parts are dead stock at `cut` (on hand, last moved before it or never) and their value, without
    reading each of them: the days before cut's UTC day (and the never moved, on 0001-01-01) from stock_age,
    kept by triggers on parts; that day up to cut from the parts moved on it (ix_parts_last_move). Exact: the
    value is summed in 1/10,000 yuan as integers."""
    day = cut.astimezone(UTC).date()
    day_start = datetime.combine(day, time(), UTC)
    e4 = cast(func.round(Part.on_hand * Part.avg_cost * 10000), BigInteger)
    late = (Part.last_move_at >= day_start, Part.last_move_at < cut, Part.on_hand > 0)
    n_old, e4_old, n_new, e4_new = s.execute(select(  # one round trip
        select(func.coalesce(func.sum(StockAge.parts), 0)).where(StockAge.day < day).scalar_subquery(),
        select(func.coalesce(func.sum(StockAge.value_e4), 0)).where(StockAge.day < day).scalar_subquery(),
        select(func.count()).select_from(Part).where(*late).scalar_subquery(),
        select(func.coalesce(func.sum(e4), 0)).where(*late).scalar_subquery())).one()
    return int(n_old) + int(n_new), money(Decimal(int(e4_old) + int(e4_new)) / 10000)


def dead_stock(db: Database, p: Params) -> FigureData:
    """Counted and summed from stock_age (dead_totals), not from each dead part; the top rows found walking
    ix_parts_value (stock_value = on hand x average cost) from the most valuable part down, then read by id."""
    with db.read() as s:
        cut = _cut(s, p)
        n, value = dead_totals(s, cut)
        dead = _dead_at(cut)
        top = select(Part.id).where(dead).order_by(Part.stock_value.desc(), Part.part_no).limit(TOP)
        rows = tuple(_part_page(s, [Part.id.in_(top.scalar_subquery())], [_value().desc()], 0, TOP))
    return FigureData(
        columns=PART_COLUMNS, rows=rows,
        headline=(Headline("积压品种", "Dead parts", n), Headline("积压金额", "Dead stock value", value, "money")),
    )


def all_dead(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    with db.read() as s:
        return _part_page(s, [_dead(s, p)], [_value().desc()], offset, limit)


LOW = and_(Part.min_stock > 0, Part.on_hand <= Part.min_stock)  # as the stock screen's 'low' filter


def low_stock(db: Database, p: Params) -> FigureData:
    with db.read() as s:
        n = s.scalar(select(func.count()).select_from(Part).where(LOW)) or 0
        rows = tuple(_part_page(s, [LOW], [(Part.min_stock - Part.on_hand).desc()], 0, TOP))
    return FigureData(columns=PART_COLUMNS, rows=rows, headline=(Headline("不高于最低库存", "At or below minimum", n),))


def all_low(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    with db.read() as s:
        return _part_page(s, [LOW], [(Part.min_stock - Part.on_hand).desc()], offset, limit)


# --- fill rate: part lines issued in full at the first request / part lines requested ------------------
def _requested(p: Params) -> list[ColumnElement[bool]]:
    return [WorkOrder.opened_at >= p.start, WorkOrder.opened_at < p.end, PartLine.first_issue_full.is_not(None),
            *kind_filter(p)]


def fill_rate(db: Database, p: Params) -> FigureData:
    stmt = (
        select(WorkOrder.kind, func.count(), func.sum(case((PartLine.first_issue_full.is_(True), 1), else_=0)))
        .join(WorkOrder, WorkOrder.id == PartLine.work_order_id)
        .where(*_requested(p)).group_by(WorkOrder.kind).order_by(WorkOrder.kind)
    )
    if db.dialect == "postgresql":
        # PostgreSQL's planner hash-joins a sequential scan of every part line ever written (its cost grows with
        # history: 128 ms at 3 years against 39 ms at 4 months); per work order of the range, by the lines'
        # work-order index, it costs the same at any history (62 ms / 66 ms). SQLite plans that way already.
        lines = (select(func.count().label("n"), func.count().filter(PartLine.first_issue_full.is_(True)).label("f"))
                 .where(PartLine.work_order_id == WorkOrder.id, PartLine.first_issue_full.is_not(None)).lateral())
        stmt = (select(WorkOrder.kind, func.sum(lines.c.n), func.sum(lines.c.f)).join(lines, true())
                .where(WorkOrder.opened_at >= p.start, WorkOrder.opened_at < p.end, *kind_filter(p))
                .group_by(WorkOrder.kind)
                .having(func.sum(lines.c.n) > 0).order_by(WorkOrder.kind))
    with db.read() as s:
        rows = tuple((k, int(n), int(f or 0), pct(int(f or 0), int(n))) for k, n, f in s.execute(stmt))
    n_all, f_all = sum(r[1] for r in rows), sum(r[2] for r in rows)
    return FigureData(
        columns=(Column("kind", "类型", "Kind", "label"), Column("requested", "申领行数", "Lines requested", "int"),
                 Column("full", "首次足量发出", "Filled at first request", "int"),
                 Column("fill_pct", "满足率", "Fill rate", "pct")),
        rows=rows,
        headline=(Headline("满足率", "Fill rate", pct(f_all, n_all), "pct"),
                  Headline("未一次满足行数", "Lines short at first request", n_all - f_all)),
    )


SHORT_COLUMNS = (Column("number", "工单号", "Work order"), Column("part_no", "零件号", "Part no."),
                 Column("name", "名称", "Name"), Column("quantity", "需求数量", "Asked", "qty"),
                 Column("issued", "已发数量", "Issued", "qty"), Column("opened_at", "开单时间", "Opened", "datetime"))


def short_lines_of_kind(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    stmt = (
        select(WorkOrder.number, Part.part_no, Part.name, PartLine.quantity, PartLine.issued_qty,
               WorkOrder.opened_at)
        .join(WorkOrder, WorkOrder.id == PartLine.work_order_id)
        .join(Part, Part.id == PartLine.part_id)
        .where(*_requested(p), PartLine.first_issue_full.is_(False), WorkOrder.kind == str(key))
        .order_by(WorkOrder.opened_at, PartLine.id).offset(offset).limit(limit)
    )
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]


# --- claim deposits held, and claim parts overdue (arrived, not fitted within the set days) -----------
def _claim_overdue(s: Session, p: Params) -> ColumnElement[bool]:
    """The claims desk's definition (arrived before the cutoff, not fitted yet); needs the work order joined."""
    return overdue_condition(p.at - timedelta(days=int(get_setting(s, "claim_overdue_days"))))


def claim_deposits(db: Database, p: Params) -> FigureData:
    held = Deposit.refunded_at.is_(None)
    arrived = ClaimOrder.state == ClaimState.ARRIVED
    with db.read() as s:
        overdue = _claim_overdue(s, p)
        stmt = (select(func.count(), func.sum(Deposit.amount),
                       func.sum(case((arrived, 1), else_=0)), func.sum(case((arrived, Deposit.amount), else_=0)),
                       func.sum(case((overdue, 1), else_=0)), func.sum(case((overdue, Deposit.amount), else_=0)))
                .join(ClaimOrder, ClaimOrder.id == Deposit.claim_order_id)
                .join(WorkOrder, WorkOrder.id == ClaimOrder.work_order_id).where(held))
        n, amt, an, aa, on, oa = s.execute(stmt).one()
        overdue_orders = s.scalar(select(func.count()).select_from(ClaimOrder)
                                  .join(WorkOrder, WorkOrder.id == ClaimOrder.work_order_id).where(overdue)) or 0
    rows = (("deposit:held", int(n or 0), money(dec(amt))), ("deposit:arrived", int(an or 0), money(dec(aa))),
            ("deposit:overdue", int(on or 0), money(dec(oa))))
    return FigureData(
        columns=(Column("category", "订金", "Deposits", "label"), Column("count", "笔数", "Count", "int"),
                 Column("amount", "金额", "Amount", "money")),
        rows=rows,
        headline=(Headline("未退订金", "Deposits held", rows[0][2], "money"),
                  Headline("超期未装车索赔单", "Overdue claim orders", overdue_orders)),
    )


DEPOSIT_COLUMNS = (Column("claim", "索赔单号", "Claim order"), Column("wo", "工单号", "Work order"),
                   Column("customer", "客户", "Customer"), Column("phone", "电话", "Phone"),
                   Column("amount", "订金", "Deposit", "money"), Column("received_at", "收取时间", "Received", "datetime"),
                   Column("state", "索赔单状态", "Claim state"),
                   Column("arrived_at", "到货时间", "Arrived", "datetime"))


def deposits_in(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    with db.read() as s:
        cond: list[Any] = [Deposit.refunded_at.is_(None)]
        if key == "deposit:arrived":
            cond.append(ClaimOrder.state == ClaimState.ARRIVED)
        elif key == "deposit:overdue":
            cond.append(_claim_overdue(s, p))
        stmt = (
            select(ClaimOrder.number, WorkOrder.number, Customer.name, Customer.phone, Deposit.amount,
                   Deposit.received_at, ClaimOrder.state, ClaimOrder.arrived_at)
            .join(ClaimOrder, ClaimOrder.id == Deposit.claim_order_id)
            .join(WorkOrder, WorkOrder.id == ClaimOrder.work_order_id)
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .where(*cond).order_by(ClaimOrder.arrived_at, Deposit.received_at, Deposit.id)
            .offset(offset).limit(limit)
        )
        return [tuple(r) for r in s.execute(stmt)]


# --- special tools out and overdue (T2) -----------------------------------------------------------------
def tools_out(db: Database, p: Params) -> FigureData:
    late = ToolLoan.due_at < at_param("now", p.at)
    stmt = (select(func.count(), func.sum(case((late, 1), else_=0))).join(Tool, Tool.id == ToolLoan.tool_id)
            .where(ToolLoan.returned_at.is_(None), Tool.state == "out"))
    with db.read() as s:
        n, k = s.execute(stmt).one()
    n, k = int(n or 0), int(k or 0)
    return FigureData(
        columns=(Column("category", "借出", "Loans", "label"), Column("count", "件数", "Tools", "int")),
        rows=(("tool:out", n - k), ("tool:overdue", k)),
        headline=(Headline("借出工具", "Tools out", n), Headline("超期未还", "Overdue", k)),
    )


LOAN_COLUMNS = (Column("code", "工具编号", "Tool"), Column("name", "名称", "Name"),
                Column("borrower", "借用人", "Borrower"), Column("lent_at", "借出时间", "Lent", "datetime"),
                Column("due_at", "应还时间", "Due back", "datetime"), Column("wo", "工单号", "Work order"))


def loans_in(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    late = ToolLoan.due_at < at_param("now", p.at)
    stmt = (
        select(Tool.code, Tool.name, User.display_name, ToolLoan.lent_at, ToolLoan.due_at, WorkOrder.number)
        .join(Tool, Tool.id == ToolLoan.tool_id)
        .join(User, User.id == ToolLoan.borrower_id)
        .outerjoin(WorkOrder, WorkOrder.id == ToolLoan.work_order_id)
        .where(ToolLoan.returned_at.is_(None), Tool.state == "out", late if key == "tool:overdue" else ~late)
        .order_by(ToolLoan.due_at, ToolLoan.id).offset(offset).limit(limit)
    )
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]
