"""Which records a unit of work changed, read from its session (no service has to say it).

`after_flush` sees the session's new, dirty and deleted objects (their ids assigned). Each table maps to a
RecordKind (TABLE_KINDS); a row's parent columns add the parent's kind too (PARENT_COLUMNS: a part line's
`work_order_id` marks its work order, a stock move's `part_id` its part), so an issue of parts at the counter
marks both the stock and the work order. ORM bulk statements (`update(User)…`) mark their table's kind as a
whole. The unit of work freezes what it saw into a ChangeSet at commit (`uow.changes`) and hands it to the
thread's collector (`collecting()`), which the GUI's runner opens around each job."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from workshop.domain.changes import NO_CHANGES, ChangeBuilder, ChangeSet, RecordKind

K = RecordKind

# The table's own kind (its id is the record's id); None: the table is only a child of its parents below.
TABLE_KINDS: dict[str, RecordKind | None] = {
    "work_orders": K.WORK_ORDERS, "work_order_events": None, "added_items": None, "labor_lines": None,
    "part_lines": None, "quotes": None, "quote_lines": None, "discount_grants": K.APPROVALS,
    "walkarounds": None, "walkaround_photos": None, "gate_passes": K.PAYMENTS, "return_visits": None,
    "parts": K.STOCK, "stock_moves": None, "stock_age": None, "bins": K.MASTER_DATA, "suppliers": K.MASTER_DATA,
    "labor_operations": K.MASTER_DATA,
    "purchase_orders": K.PURCHASE_ORDERS, "purchase_order_lines": None, "self_purchases": None,
    "supplier_quotes": None,
    "claim_orders": K.CLAIMS, "claim_order_lines": None, "deposits": None,
    "tools": K.TOOLS, "tool_loans": None, "tool_charges": None,
    "approvals": K.APPROVALS,
    "users": K.USERS, "user_roles": None,
    "appointments": K.APPOINTMENTS, "appointment_slots": K.APPOINTMENTS, "reminder_calls": K.APPOINTMENTS,
    "payments": K.PAYMENTS, "payer_terms": K.PAYMENTS, "invoice_requests": K.PAYMENTS,
    "day_closes": K.PAYMENTS,
    "receivables": K.RECEIVABLES, "receivable_events": None, "account_customers": K.RECEIVABLES,
    "settings": K.SETTINGS, "limit_settings": K.LIMITS,
    "teams": K.TEAMS, "team_rates": K.TEAMS,
    "complaints": K.COMPLAINTS, "complaint_steps": None,
    "job_clocks": K.CLOCKS, "clock_pauses": K.CLOCKS,
    "labor_assignments": K.FLOOR, "floor_notices": K.FLOOR, "workshop_bays": K.FLOOR, "bay_placements": K.FLOOR,
    "piece_rate_closes": K.PIECE_RATE, "piece_rate_statements": K.PIECE_RATE,
    "piece_rate_corrections": K.PIECE_RATE,
    "customers": K.CUSTOMERS, "vehicles": K.VEHICLES, "vehicle_plates": None, "declined_work": K.DECLINED_WORK,
}
# Bookkeeping no screen shows as records (the audit chain is read by its own screen on demand).
UNTRACKED = frozenset({"audit_log", "audit_head", "number_counters", "search_keys"})

# A column naming a parent record: the row changes that parent too.
PARENT_COLUMNS: dict[str, RecordKind] = {
    "work_order_id": K.WORK_ORDERS, "taken_into_id": K.WORK_ORDERS, "part_id": K.STOCK,
    "claim_order_id": K.CLAIMS, "tool_id": K.TOOLS, "user_id": K.USERS, "purchase_order_id": K.PURCHASE_ORDERS,
    "receivable_id": K.RECEIVABLES, "complaint_id": K.COMPLAINTS, "customer_id": K.CUSTOMERS,
    "vehicle_id": K.VEHICLES,
}
# Children whose parent column is not one of the above: (column, parent table, the parent's own parent column).
# Resolved from the session's identity map only (the service loaded the parent to change its child).
INDIRECT: dict[str, tuple[str, str, str]] = {
    "quote_lines": ("quote_id", "quotes", "work_order_id"),
    "supplier_quotes": ("self_purchase_id", "self_purchases", "part_id"),
}
# user_id on these tables names who acted, not the user record changed.
_ACTOR_USER_ID = frozenset({"stock_moves", "work_order_events", "complaint_steps", "tool_charges"})

_BUILDER_KEY = "workshop.changes"


def builder_of(session: Session) -> ChangeBuilder:
    found = session.info.get(_BUILDER_KEY)
    if found is None:
        found = session.info[_BUILDER_KEY] = ChangeBuilder()
    assert isinstance(found, ChangeBuilder)
    return found


# Per table, worked out once: (its own kind, its parent columns with their kinds, its indirect parent).
_PLAN: dict[str, tuple[RecordKind | None, tuple[tuple[str, RecordKind], ...], tuple[str, str, str] | None]] = {}


def _plan(table: Any) -> tuple[RecordKind | None, tuple[tuple[str, RecordKind], ...], tuple[str, str, str] | None]:
    found = _PLAN.get(table.name)
    if found is None:
        name = table.name
        parents = tuple((c, k) for c, k in PARENT_COLUMNS.items() if c in table.columns
                        and not (c == "user_id" and name in _ACTOR_USER_ID))
        found = _PLAN[name] = (TABLE_KINDS[name], parents, INDIRECT.get(name))  # KeyError: a table without kind
    return found


def _note(builder: ChangeBuilder, session: Session, obj: Any) -> None:
    table = obj.__table__
    if table.name in UNTRACKED:
        return
    kind, parents, indirect = _plan(table)
    values = obj.__dict__
    if kind is not None:
        builder.add(kind, values.get("id"))
    for column, parent in parents:
        value = values.get(column)
        if value is not None:
            builder.add(parent, value)
    if indirect is not None:
        column, parent_table, parent_column = indirect
        parent_id = values.get(column)
        parent_obj = session.identity_map.get((_mapped_class(obj, parent_table), (parent_id,), None))
        value = None if parent_obj is None else parent_obj.__dict__.get(parent_column)
        if value is not None:
            builder.add(PARENT_COLUMNS[parent_column], value)


_CLASS_BY_TABLE: dict[str, type[Any]] = {}


def _mapped_class(obj: Any, table: str) -> type[Any]:
    if not _CLASS_BY_TABLE:
        _CLASS_BY_TABLE.update({m.local_table.name: m.class_ for m in type(obj).registry.mappers})
    return _CLASS_BY_TABLE[table]


def _after_flush(session: Session, _context: object) -> None:
    builder = builder_of(session)
    for obj in session.new:
        _note(builder, session, obj)
    for obj in session.dirty:  # an attribute set to its old value counts too: a refresh more, never one less
        _note(builder, session, obj)
    for obj in session.deleted:
        _note(builder, session, obj)


def _bulk_statement(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is None:
        return
    for table in mapper.tables:
        kind = TABLE_KINDS.get(table.name)
        if kind is not None:
            builder_of(state.session).add(kind, None)


def track(sessions: sessionmaker[Session]) -> None:
    """Install the listeners on a session factory (Database does, once)."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _bulk_statement)


def discard(session: Session) -> None:
    """The transaction rolled back: nothing it saw changed."""
    session.info.pop(_BUILDER_KEY, None)


def take(session: Session) -> ChangeSet:
    """After commit: what the transaction changed; the session starts afresh."""
    builder = session.info.pop(_BUILDER_KEY, None)
    return NO_CHANGES if builder is None else builder.freeze()


# --- who hears of it: the job that ran the unit of work (the GUI runner collects per job and thread)

_local = threading.local()


@contextmanager
def collecting() -> Iterator[ChangeBuilder]:
    """Every unit of work committed on this thread inside the block adds its ChangeSet to the builder."""
    stack: list[ChangeBuilder] = getattr(_local, "stack", None) or []
    _local.stack = stack
    builder = ChangeBuilder()
    stack.append(builder)
    try:
        yield builder
    finally:
        stack.pop()


def committed(changes: ChangeSet) -> None:
    if changes:
        for builder in getattr(_local, "stack", ()):
            builder.add_set(changes)
