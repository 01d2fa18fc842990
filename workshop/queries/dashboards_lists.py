"""The lists behind the bars (drill-down): paged with offset/limit, sorted in SQL, plain tuples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import aliased

from workshop.db.models import User, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.queries.dashboards_base import Column, Params

Row = tuple[Any, ...]

WO_COLUMNS: tuple[Column, ...] = (
    Column("number", "工单号", "Work order"),
    Column("kind", "类型", "Kind", "label"),
    Column("state", "状态", "State", "label"),
    Column("plate", "车牌", "Plate"),
    Column("advisor", "服务顾问", "Advisor"),
    Column("technician", "技工", "Technician"),
    Column("opened_at", "开单时间", "Opened", "datetime"),
    Column("promised_at", "承诺交车", "Promised", "datetime"),
    Column("total", "金额", "Total", "money"),
)


def kind_filter(p: Params) -> list[ColumnElement[bool]]:
    return [WorkOrder.kind == p.kind] if p.kind else []


def work_order_page(db: Database, conditions: Sequence[ColumnElement[bool]], order_by: Sequence[Any],
                    offset: int, limit: int, extra: Sequence[Any] = ()) -> list[Row]:
    """Work orders matching `conditions`, one page, as WO_COLUMNS (+ the `extra` expressions)."""
    adv = aliased(User)
    tech = aliased(User)
    stmt = (
        select(WorkOrder.number, WorkOrder.kind, WorkOrder.state, Vehicle.shown_plate, adv.display_name,
               tech.display_name, WorkOrder.opened_at, WorkOrder.promised_at, WorkOrder.total, *extra)
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .join(adv, adv.id == WorkOrder.advisor_id)
        .outerjoin(tech, tech.id == WorkOrder.technician_id)
        .where(*conditions)
        .order_by(*order_by, WorkOrder.id)
        .offset(offset)
        .limit(limit)
    )
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]
