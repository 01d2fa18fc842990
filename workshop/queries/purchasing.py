"""The purchase orders list (P3, P5, S1): every order with its supplier, work order, lines and amount."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from workshop.db.models import PurchaseOrder, PurchaseOrderLine, Supplier, WorkOrder
from workshop.db.uow import Database
from workshop.domain.money import money

STATES = ("open", "received", "cancelled")


@dataclass(frozen=True)
class PurchaseOrderRow:
    number: str
    supplier: str
    state: str
    is_self_purchase: bool
    work_order_no: str | None
    created_at: datetime
    lines: int
    amount: Decimal
    from_quote: bool


def purchase_order_list(db: Database, *, state: str | None = "open", limit: int = 200) -> list[PurchaseOrderRow]:
    """Newest first; state None: every order."""
    totals = (select(PurchaseOrderLine.purchase_order_id.label("po"), func.count().label("n"),
                     func.sum(PurchaseOrderLine.quantity * PurchaseOrderLine.unit_cost).label("amount"),
                     func.count(PurchaseOrderLine.quote_line_id).label("quoted"))
              .group_by(PurchaseOrderLine.purchase_order_id).subquery())
    stmt = (select(PurchaseOrder, Supplier.name, WorkOrder.number, totals.c.n, totals.c.amount, totals.c.quoted)
            .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
            .outerjoin(WorkOrder, WorkOrder.id == PurchaseOrder.work_order_id)
            .outerjoin(totals, totals.c.po == PurchaseOrder.id)
            .order_by(PurchaseOrder.created_at.desc(), PurchaseOrder.id.desc()).limit(limit))
    if state is not None:
        stmt = stmt.where(PurchaseOrder.state == state)
    with db.read() as s:
        return [PurchaseOrderRow(po.number, supplier, po.state, po.is_self_purchase, wo_no, po.created_at, int(n or 0),
                                 money(Decimal(str(amount or 0))), bool(quoted))
                for po, supplier, wo_no, n, amount, quoted in s.execute(stmt)]
