"""Figures for the front desk: my open work orders, return visits due and what they came to (Q1)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from workshop.db.models import Customer, ReturnVisit, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import shop_day_bounds, to_shop
from workshop.domain.work_order import OPEN_STATES
from workshop.queries.dashboards_base import (
    Column,
    FigureData,
    Headline,
    Params,
    at_param,
    dec,
    in_ids,
    ratio,
)
from workshop.queries.dashboards_floor import late_condition
from workshop.queries.dashboards_lists import Row, kind_filter, work_order_page

VISIT_BUCKETS = ("visit:overdue", "visit:today", "visit:later")


def _mine(p: Params) -> list[ColumnElement[bool]]:
    return [WorkOrder.advisor_id == p.user_id] if p.user_id is not None else []


def my_open_work_orders(db: Database, p: Params) -> FigureData:
    late = late_condition(p.at)
    stmt = (select(WorkOrder.state, func.count(), func.sum(case((late, 1), else_=0)))
            .where(WorkOrder.state.in_(OPEN_STATES), *_mine(p), *kind_filter(p)).group_by(WorkOrder.state))
    with db.read() as s:
        got = {st: (int(n), int(k or 0)) for st, n, k in s.execute(stmt)}
    rows = tuple((st.value, *got.get(st.value, (0, 0))) for st in OPEN_STATES)
    return FigureData(
        columns=(Column("state", "状态", "State", "label"), Column("count", "未结工单", "Open", "int"),
                 Column("late", "已超时", "Late", "int")),
        rows=rows,
        headline=(Headline("未结工单", "Open work orders", sum(r[1] for r in rows)),
                  Headline("已超时", "Late", sum(r[2] for r in rows))),
    )


def my_in_state(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    return work_order_page(db, [WorkOrder.state == str(key), *_mine(p), *kind_filter(p)],
                           [WorkOrder.opened_at], offset, limit)


def _visit_bucket(p: Params) -> ColumnElement[str]:
    end_of_today = shop_day_bounds(to_shop(p.at).date())[1]
    return case((ReturnVisit.due_at < at_param("now", p.at), "visit:overdue"),
                (ReturnVisit.due_at < end_of_today, "visit:today"), else_="visit:later")


def _visits_open(p: Params) -> list[ColumnElement[bool]]:
    """Not yet done and due within the next 7 days (or already overdue)."""
    return [ReturnVisit.done_at.is_(None), ReturnVisit.due_at < p.at + timedelta(days=7), *_mine(p)]


def return_visits_due(db: Database, p: Params) -> FigureData:
    bucket = _visit_bucket(p).label("bucket")
    stmt = (select(bucket, func.count()).join(WorkOrder, WorkOrder.id == ReturnVisit.work_order_id)
            .where(*_visits_open(p)).group_by(bucket))
    with db.read() as s:
        got = {b: int(n) for b, n in s.execute(stmt)}
    rows = tuple((b, got.get(b, 0)) for b in VISIT_BUCKETS)
    return FigureData(
        columns=(Column("due", "回访", "Return visits", "label"), Column("count", "待回访", "To do", "int")),
        rows=rows,
        headline=(Headline("超期回访", "Overdue visits", rows[0][1]), Headline("今日回访", "Due today", rows[1][1])),
    )


VISIT_COLUMNS = (Column("number", "工单号", "Work order"), Column("customer", "客户", "Customer"),
                 Column("phone", "电话", "Phone"), Column("plate", "车牌", "Plate"),
                 Column("delivered_at", "交车时间", "Delivered", "datetime"),
                 Column("due_at", "回访期限", "Due", "datetime"))


def visits_in(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    stmt = (
        select(WorkOrder.number, Customer.name, Customer.phone, Vehicle.shown_plate, WorkOrder.delivered_at,
               ReturnVisit.due_at)
        .join(WorkOrder, WorkOrder.id == ReturnVisit.work_order_id)
        .join(Customer, Customer.id == WorkOrder.customer_id)
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .where(*_visits_open(p), _visit_bucket(p) == str(key))
        .order_by(ReturnVisit.due_at, ReturnVisit.id).offset(offset).limit(limit)
    )
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]


# --- Q1/Q3: what the return visits came to: calls and reached visits counted apart ---------------------

RV_BUCKETS = ("rv:reached", "rv:not_reached", "rv:refused", "rv:open")


def _rv_bucket() -> ColumnElement[str]:
    return case((ReturnVisit.score.is_not(None), "rv:reached"), (ReturnVisit.done_at.is_(None), "rv:open"),
                (ReturnVisit.outcome == "refused", "rv:refused"), else_="rv:not_reached")


def _rv_period(p: Params) -> list[ColumnElement[bool]]:
    return [WorkOrder.delivered_at >= p.start, WorkOrder.delivered_at < p.end, *_mine(p), *kind_filter(p)]


def return_visit_results(db: Database, p: Params) -> FigureData:
    """Visits of the work orders delivered in the period, by outcome; calls (attempts) apart from visits; the
    satisfaction score over reached customers only (a call that did not reach anyone has no score)."""
    bucket = _rv_bucket().label("bucket")
    # the visits of the period's delivered work orders, probed by work order (uq_return_visits_work_order_id):
    # a join read all return visits ever made on PostgreSQL (a hash join), growing with the history
    delivered = select(WorkOrder.id).where(*_rv_period(p))
    stmt = (select(bucket, func.count(), func.coalesce(func.sum(ReturnVisit.attempts), 0), func.avg(ReturnVisit.score))
            .where(in_ids(db.dialect, ReturnVisit.work_order_id, delivered)).group_by(bucket))
    with db.read() as s:
        got = {b: (int(n), int(calls or 0), avg) for b, n, calls, avg in s.execute(stmt)}
    rows = tuple((b, got.get(b, (0, 0, None))[0], got.get(b, (0, 0, None))[1],
                  None if got.get(b, (0, 0, None))[2] is None else ratio(dec(got[b][2]), Decimal(1)))
                 for b in RV_BUCKETS)
    reached = got.get("rv:reached", (0, 0, None))
    return FigureData(
        columns=(Column("outcome", "回访结果", "Outcome", "label"), Column("count", "回访", "Visits", "int"),
                 Column("calls", "电话次数", "Calls", "int"), Column("score", "平均满意度", "Avg score", "text")),
        rows=rows,
        headline=(Headline("电话次数", "Calls", sum(r[2] for r in rows)),
                  Headline("接通的回访", "Visits reached", reached[0]),
                  Headline("平均满意度", "Avg satisfaction",
                           "—" if reached[2] is None else str(ratio(dec(reached[2]), Decimal(1))))),
    )


RV_COLUMNS = (Column("number", "工单号", "Work order"), Column("customer", "客户", "Customer"),
              Column("phone", "电话", "Phone"), Column("attempts", "电话次数", "Calls", "int"),
              Column("score", "满意度", "Score", "text"), Column("result", "回访记录", "Notes"))


def return_visits_in(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    stmt = (
        select(WorkOrder.number, Customer.name, Customer.phone, ReturnVisit.attempts, ReturnVisit.score,
               ReturnVisit.result)
        .join(WorkOrder, WorkOrder.id == ReturnVisit.work_order_id)
        .join(Customer, Customer.id == WorkOrder.customer_id)
        .where(*_rv_period(p), _rv_bucket() == str(key))
        .order_by(WorkOrder.delivered_at, ReturnVisit.id).offset(offset).limit(limit)
    )
    with db.read() as s:
        return [(n, c, ph, int(a or 0), "" if sc is None else str(sc), r) for n, c, ph, a, sc, r in s.execute(stmt)]
