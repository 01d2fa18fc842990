"""C3 as the parts counter, the claim services and the boards read it: claim parts reserved for their work
orders, and whether a claim's parts are fitted."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from workshop.db.models import ClaimOrder, ClaimOrderLine, PartLine, WorkOrder
from workshop.domain.claims import AWAITING_FITTING
from workshop.domain.money import ZERO
from workshop.domain.work_order import FITTED


def is_fitted(session: Session, claim: ClaimOrder) -> bool:
    """C3: every claim part is issued on the work order (net of returns) and the work order is completed."""
    wo = session.get(WorkOrder, claim.work_order_id)
    if wo is None or wo.state not in FITTED:
        return False
    for line in session.scalars(select(ClaimOrderLine).where(ClaimOrderLine.claim_order_id == claim.id)):
        issued = session.scalar(
            select(func.coalesce(func.sum(PartLine.issued_qty - PartLine.returned_qty), 0))
            .where(PartLine.work_order_id == wo.id, PartLine.part_id == line.part_id)
        )
        if Decimal(issued or 0) < line.quantity:
            return False
    return True


# built once: issue_part asks this on every scan (building a select() costs as much as running it)
_ARRIVED_CLAIM_PARTS = (
    select(ClaimOrderLine.arrived_qty, ClaimOrder.work_order_id)
    .join(ClaimOrder, ClaimOrder.id == ClaimOrderLine.claim_order_id)
    .where(ClaimOrderLine.part_id == bindparam("part_id"), ClaimOrderLine.arrived_qty > 0,
           ClaimOrder.state.in_(AWAITING_FITTING))
)


def reserved_qty(session: Session, part_id: int, *, excluding_work_order_id: int | None = None) -> Decimal:
    """Claim parts on hand that are reserved for their work orders (arrived, not yet issued there).
    The parts counter may subtract this from on-hand before issuing the part on another work order.
    Read on the session's connection (no ORM autoflush or result machinery: the scan's hottest read); the claim
    lines and other work orders' part lines it reads are not what the caller has pending."""
    total = ZERO
    for arrived, wo_id in session.connection().execute(_ARRIVED_CLAIM_PARTS, {"part_id": part_id}):
        if wo_id == excluding_work_order_id:
            continue
        issued = session.scalar(
            select(func.coalesce(func.sum(PartLine.issued_qty - PartLine.returned_qty), 0))
            .where(PartLine.work_order_id == wo_id, PartLine.part_id == part_id)
        )
        total += max(Decimal(arrived) - Decimal(issued or 0), ZERO)
    return total
