"""F6 as the database reads it: which added items the customer confirmed, and the same rule as a SQL condition
on a line joined to its item (the pure rule is workshop.domain.added_items.line_counts)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from workshop.db.models import AddedItem
from workshop.domain.added_items import AddedItemState


def confirmed_added_items(session: Session, work_order_id: int | None = None, *,
                          among: Collection[int] | None = None,
                          of_orders: Collection[int] | None = None) -> set[int]:
    """F6: the added items (of a work order, of these work orders, or among these item ids) the customer
    confirmed: their lines count."""
    if (among is not None and not among) or (of_orders is not None and not of_orders):
        return set()
    stmt = select(AddedItem.id).where(AddedItem.state == AddedItemState.CONFIRMED)
    if work_order_id is not None:
        stmt = stmt.where(AddedItem.work_order_id == work_order_id)
    if of_orders is not None:
        stmt = stmt.where(AddedItem.work_order_id.in_(of_orders))
    if among is not None:
        stmt = stmt.where(AddedItem.id.in_(among))
    return set(session.scalars(stmt))


def line_counts_clause(added_item_id: InstrumentedAttribute[int | None]) -> ColumnElement[bool]:
    """F6 in SQL, for a query that outer-joins AddedItem on the line's added_item_id."""
    return or_(added_item_id.is_(None), AddedItem.state == AddedItemState.CONFIRMED)
