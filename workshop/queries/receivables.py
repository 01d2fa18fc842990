"""M5: the receivables — the list the cashier works through, and the aging by payer (0–30, 31–60, 61–90,
>90 days since billed) that the director's dashboard and `workshop report receivables` show. The buckets are
computed in SQL (billed_at against the cut-off moments, the same on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from workshop.db.models import Customer, Receivable, WorkOrder
from workshop.db.uow import Database
from workshop.domain.receivables import AGING, OPEN_STATES, ReceivableInfo
from workshop.queries.dashboards_base import Column, FigureData, Headline, Params, at_param, dec
from workshop.queries.dashboards_lists import Row


def outstanding_expr() -> ColumnElement[Any]:
    return func.coalesce(Receivable.approved_amount, Receivable.amount) - Receivable.paid_amount


def _buckets(now: datetime) -> list[ColumnElement[Any]]:
    out: list[ColumnElement[Any]] = []
    edges = [at_param(f"cut{lo}", now - timedelta(days=lo)) for *_, lo in AGING]  # billed at or before: older
    owed = outstanding_expr()
    for i, _ in enumerate(AGING):
        conds = [Receivable.billed_at <= edges[i]] if i else []
        if i + 1 < len(AGING):
            conds.append(Receivable.billed_at > edges[i + 1])
        out.append(func.coalesce(func.sum(case((and_(*conds), owed), else_=0)), 0))
    return out


AGING_COLUMNS = (Column("payer_name", "付款方", "Payer"), Column("payer", "类型", "Type", "label"),
                 *(Column(key, zh, en, "money") for key, zh, en, _ in AGING),
                 Column("total", "合计", "Total", "money"), Column("count", "笔数", "Count", "int"))


def receivables_aging(db: Database, p: Params) -> FigureData:
    """Open receivables (billed, approved, rejected not yet settled either way) by payer and age."""
    cols = _buckets(p.at)
    stmt = (select(Receivable.payer_name, Receivable.payer, *cols, func.sum(outstanding_expr()), func.count())
            .where(Receivable.state.in_([s.value for s in OPEN_STATES]))
            .group_by(Receivable.payer_name, Receivable.payer).order_by(Receivable.payer, Receivable.payer_name))
    with db.read() as s:
        rows = tuple((name, payer, *(dec(v) for v in vals[:-1]), int(vals[-1]))
                     for name, payer, *vals in s.execute(stmt))
    total = sum((r[-2] for r in rows), dec(0))
    over90 = sum((r[5] for r in rows), dec(0))
    return FigureData(columns=AGING_COLUMNS, rows=rows,
                      headline=(Headline("应收合计", "Owed", total, "money"),
                                Headline("超 90 天", "Over 90 days", over90, "money")))


LIST_COLUMNS = (Column("number", "工单号", "Work order"), Column("payer_name", "付款方", "Payer"),
                Column("state", "状态", "State", "label"), Column("amount", "开账金额", "Billed", "money"),
                Column("billed_at", "开账时间", "Billed", "datetime"))


def receivables_of_payer(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    stmt = (select(WorkOrder.number, Receivable.payer_name, literal("rec:") + Receivable.state, Receivable.amount,
                   Receivable.billed_at)
            .join(WorkOrder, WorkOrder.id == Receivable.work_order_id)
            .where(Receivable.payer_name == str(key), Receivable.state.in_([s.value for s in OPEN_STATES]))
            .order_by(Receivable.billed_at, Receivable.id).offset(offset).limit(limit))
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]


def receivables_list(db: Database, *, states: tuple[str, ...] | None = None, search: str = "",
                     limit: int = 500) -> list[tuple[ReceivableInfo, str]]:
    """The receivables for the cashier's screen, oldest first, with the customer's name."""
    stmt = (select(Receivable, WorkOrder.number, Customer.name)
            .join(WorkOrder, WorkOrder.id == Receivable.work_order_id)
            .join(Customer, Customer.id == WorkOrder.customer_id))
    if states:
        stmt = stmt.where(Receivable.state.in_(states))
    if search.strip():
        like = f"%{search.strip()}%"
        stmt = stmt.where(WorkOrder.number.ilike(like) | Receivable.payer_name.ilike(like))
    stmt = stmt.order_by(Receivable.billed_at, Receivable.id).limit(limit)
    with db.read() as s:
        return [(ReceivableInfo(r.id, number, r.payer, r.payer_name, r.amount, r.approved_amount, r.paid_amount,
                                r.rebilled_amount, r.state, r.reason, r.billed_at), name)
                for r, number, name in s.execute(stmt)]
