"""The work order list's typed-text search (issue 19): a number from its start or by any tail, a plate,
VIN, phone or name - each way of finding its own indexed query, merged newest first (`work_orders` lists them)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from workshop.db.id_lists import among
from workshop.db.models import WorkOrder
from workshop.db.models.customers import SEARCH_KEY_LEN, SearchKey, search_text
from workshop.db.planner import look_up_by_key
from workshop.domain.text import halfwidth
from workshop.queries import search_rules

_TOP = "\U0010ffff"
_MAX_REFS = 500  # a text filter that matches more vehicles/customers than this is too vague to help


def _refs(session: Session, text: str) -> tuple[list[int], list[int]]:
    key = search_text(text)[:SEARCH_KEY_LEN]
    if not key:
        return [], []
    rows = session.execute(
        select(SearchKey.kind, SearchKey.ref_id)
        .where(SearchKey.key >= key, SearchKey.key < key + _TOP).limit(_MAX_REFS * 4)
    ).all()
    vehicles = sorted({r for k, r in rows if k in ("plate", "vin")})[:_MAX_REFS]
    customers = sorted({r for k, r in rows if k in ("phone", "name")})[:_MAX_REFS]
    return vehicles, customers


def text_branches(session: Session, text: str) -> list[tuple[ColumnElement[bool], bool]]:
    """Each way typed text finds a work order: its number from the start or by its tail, the car, the customer.
    With each, whether it finds few enough orders to read them all (the cars' and customers' orders)."""
    vehicles, customers = _refs(session, text)
    tail = search_rules.number_tail(session, text)
    return [(and_(WorkOrder.number >= text, WorkOrder.number < text + _TOP), False),
            *([] if tail is None else [(tail, False)]),
            *[(among(session, column, refs), True)  # no car or customer found: nothing to read for them
              for column, refs in ((WorkOrder.vehicle_id, vehicles), (WorkOrder.customer_id, customers)) if refs]]


_BANDS = (timedelta(days=90), timedelta(days=365), timedelta(days=3 * 365))  # back from now, widening


def _newest_of_few(session: Session, where: list[ColumnElement[bool]], need: int,
                   anchor: datetime) -> set[tuple[datetime, int]]:
    """The (opened_at, id) of a car / customer branch, enough of them for its newest `need`: read in widening
    bands back from `anchor` (the first with no upper end) and stopped once `need` are found, since every
    order older than the band is older than those `need`; if the bands do not find them, the rest of the
    history. (Read whole, a fleet car's thousands of visits made the search grow with the shop's history.)"""
    found: set[tuple[datetime, int]] = set()
    upper: datetime | None = None
    for back in _BANDS:
        lower = anchor - back
        band = [WorkOrder.opened_at >= lower, *([] if upper is None else [WorkOrder.opened_at < upper])]
        found.update((at, wid) for at, wid in session.execute(
            select(WorkOrder.opened_at, WorkOrder.id).where(*where, *band)))
        if len(found) >= need:
            return found
        upper = lower
    found.update((at, wid) for at, wid in session.execute(
        select(WorkOrder.opened_at, WorkOrder.id)
        .where(*where, *([] if upper is None else [WorkOrder.opened_at < upper]))))
    return found


def text_matches(session: Session, typed: str, rest: list[ColumnElement[bool]], need: int,
                 anchor: datetime) -> list[int]:
    """The ids of the newest `need` work orders the typed text finds: each way of finding them is its own indexed
    query, merged here. (One OR of them all made the database walk the whole history by date looking for the
    few that match: 33 ends ~1 % of the numbers.) The number branches are read newest first, at most `need`
    rows; the cars' and customers' orders (at most _MAX_REFS of each) are read with no ORDER BY, in widening
    date bands (_newest_of_few): with an ORDER BY, PostgreSQL walked the date index backwards filtering 28,000
    orders for the 436 cars whose plate starts with 33 (90 ms p95) instead of looking up their 1,500 orders.
    `rest`: the list's other conditions (state, kind, advisor, the keyset of the page)."""
    text = halfwidth(typed or "").strip().upper()
    found: set[tuple[datetime, int]] = set()
    branches = text_branches(session, text)
    for branch, few in branches:
        if not few:
            stmt = (select(WorkOrder.opened_at, WorkOrder.id).where(branch, *rest)
                    .order_by(WorkOrder.opened_at.desc(), WorkOrder.id.desc()).limit(need))
            found.update((at, wid) for at, wid in session.execute(stmt))
    few_ones = [branch for branch, few in branches if few]
    if few_ones:  # PostgreSQL: by the cars' (customers') index, not along the dates (db/planner); set once
        with look_up_by_key(session):
            for branch in few_ones:
                found |= _newest_of_few(session, [branch, *rest], need, anchor)
    return [wid for _at, wid in sorted(found, reverse=True)[:need]]
