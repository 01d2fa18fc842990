"""Flat lists for `workshop list ...` exports: the record's number or code first, streamed in chunks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from workshop.db.models import Bin, Customer, Part, Tool, User, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop

LISTS: dict[str, tuple[str, ...]] = {
    "work-orders": ("number", "kind", "state", "priority", "plate", "customer", "advisor", "opened_at",
                    "promised_at", "total"),
    "parts": ("part_no", "name", "barcode", "bin", "price", "on_hand", "avg_cost", "min_stock"),
    "tools": ("code", "name", "brand", "model", "location", "original_price", "state"),
    "users": ("username", "display_name", "roles", "team", "badge_code", "active"),
}


def iter_list(db: Database, name: str, limit: int | None = None) -> Iterator[tuple[Any, ...]]:
    with db.read() as s:
        stmt: Select[*tuple[Any, ...]]
        fmt: dict[int, Any]
        if name == "work-orders":
            advisor = aliased(User)
            stmt = (select(WorkOrder.number, WorkOrder.kind, WorkOrder.state, WorkOrder.priority, Vehicle.shown_plate,
                           Customer.name, advisor.display_name, WorkOrder.opened_at, WorkOrder.promised_at,
                           WorkOrder.total)
                    .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
                    .join(Customer, Customer.id == WorkOrder.customer_id)
                    .join(advisor, advisor.id == WorkOrder.advisor_id)
                    .order_by(WorkOrder.opened_at.desc()))
            fmt = {7: fmt_shop, 8: fmt_shop}
        elif name == "parts":
            stmt = (select(Part.part_no, Part.name, Part.barcode, Bin.code, Part.price, Part.on_hand, Part.avg_cost,
                           Part.min_stock).outerjoin(Bin, Bin.id == Part.bin_id).order_by(Part.part_no))
            fmt = {}
        elif name == "tools":
            stmt = select(Tool.code, Tool.name, Tool.brand, Tool.model, Tool.location, Tool.original_price,
                          Tool.state).order_by(Tool.code)
            fmt = {}
        elif name == "users":
            for u in s.scalars(select(User).order_by(User.username)):
                yield (u.username, u.display_name, ",".join(sorted(r.role for r in u.roles)), u.team or "",
                       u.badge_code, u.is_active)
            return
        else:
            raise KeyError(name)
        if limit:
            stmt = stmt.limit(limit)
        for row in s.execute(stmt.execution_options(yield_per=2000)):
            yield tuple(fmt[i](v) if i in fmt else v for i, v in enumerate(row))
