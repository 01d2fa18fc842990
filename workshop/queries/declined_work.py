"""R3, the read side: open declined work on a vehicle (reception, the front desk's history panel) and the report
of open declined work by customer and value (screen, `workshop report declined-work`). Other screens reuse
`declined_for_vehicle` — this module is the one source of what is open."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from workshop.db.id_lists import among
from workshop.db.models import Customer, DeclinedWork, User, Vehicle, WorkOrder
from workshop.db.planner import join_by_index
from workshop.db.uow import Database
from workshop.domain.declined_work import DeclinedSource, DeclinedState, reception_hint
from workshop.domain.kind_policy import CUSTOMER_KINDS
from workshop.domain.labels import label_of
from workshop.domain.money import ZERO, money


@dataclass(frozen=True)
class DeclinedRow:
    id: int
    vehicle_id: int
    customer_id: int
    customer_name: str
    phone: str
    plate: str
    source: str
    state: str
    description: str
    amount: Decimal | None
    noted_at: datetime
    noted_by: str
    work_order: str          # where it was declined or suggested
    close_reason: str = ""
    taken_into: str | None = None

    def hint(self, lang: str = "zh") -> str:
        return reception_hint(self.description, self.source, self.noted_at, lang)

    def source_label(self, lang: str = "zh") -> str:
        return label_of(DeclinedSource, self.source, lang)


@dataclass(frozen=True)
class CustomerTotal:
    customer_id: int
    customer_name: str
    phone: str
    items: int
    value: Decimal


def _select() -> Any:  # Select of the DeclinedRow fields in order (columns, not entities: 7,000 rows fast)
    taken = aliased(WorkOrder)
    return (select(DeclinedWork.id, DeclinedWork.vehicle_id, DeclinedWork.customer_id, Customer.name, Customer.phone,
                   Vehicle.shown_plate, DeclinedWork.source, DeclinedWork.state, DeclinedWork.description,
                   DeclinedWork.amount, DeclinedWork.noted_at, User.display_name, WorkOrder.number,
                   DeclinedWork.close_reason, taken.number)
            .join(Customer, Customer.id == DeclinedWork.customer_id)
            .join(Vehicle, Vehicle.id == DeclinedWork.vehicle_id)
            .join(User, User.id == DeclinedWork.noted_by)
            .join(WorkOrder, WorkOrder.id == DeclinedWork.work_order_id)
            .outerjoin(taken, taken.id == DeclinedWork.taken_into_id))


def _rows(db: Database, stmt: Any, params: dict[str, int] | None = None) -> list[DeclinedRow]:
    with db.read() as s:
        return [DeclinedRow(*row) for row in s.execute(stmt, params or {})]


@functools.cache
def open_on(by: str) -> Any:
    """The open declined work of one vehicle (by "vehicle") or of every vehicle of one customer (by "customer"),
    newest first; the vehicle or customer is the bound parameter "key". Read from ix_declined_work_vehicle_state /
    ix_declined_work_state_customer: as many rows as it lists, however many visits the car has had."""
    owner = DeclinedWork.vehicle_id if by == "vehicle" else DeclinedWork.customer_id
    return (_select().where(owner == bindparam("key"), DeclinedWork.state == DeclinedState.OPEN.value)
            .order_by(DeclinedWork.noted_at.desc(), DeclinedWork.id.desc()))


def declined_for_vehicle(db: Database, vehicle_id: int, *, open_only: bool = True) -> list[DeclinedRow]:
    """What reception shows when the vehicle is picked, newest first (the history panel reads `open_on`)."""
    if open_only:
        return _rows(db, open_on("vehicle"), {"key": vehicle_id})
    stmt = _select().where(DeclinedWork.vehicle_id == vehicle_id)
    return _rows(db, stmt.order_by(DeclinedWork.noted_at.desc(), DeclinedWork.id.desc()))


def _customer_work() -> ColumnElement[bool]:
    """R3: the report is customer service's list of work to sell again: what was noted on the shop's own
    internal work orders (its loan and service cars) stays on those cars for their next visit but is not listed
    (it topped the list: 47 items on the shop's own cars in the demo)."""
    return WorkOrder.kind.in_(CUSTOMER_KINDS)


def open_declined_work(db: Database, *, source: str | None = None, limit: int | None = None) -> list[DeclinedRow]:
    """The report's lines: every open item, the customers with the most value first (as `declined_totals`)."""
    return declined_report(db, source=source, limit=limit).lines


@dataclass(frozen=True)
class DeclinedReport:
    """The screen's read: every open item counted (customers, items, value), the customers with the most value
    first (at most `shown` of them) and their lines (at most `limit`)."""
    customers: list[CustomerTotal]
    lines: list[DeclinedRow]
    customer_count: int
    items: int
    value: Decimal


def declined_report(db: Database, *, source: str | None = None, limit: int | None = None,
                    shown: int | None = None) -> DeclinedReport:
    """The report in one read: the customers' items and value (one grouped query, the whole report's counts
    beside them) and the lines of the customers with the most value first, up to `limit` — read by customer
    (ix_declined_work_state_customer) for the customers those lines need, not by grouping every open item a
    second time to order them. `shown`: the customers listed (the large demo has 6,300; building them all took
    a third of the screen's first open); at least those the lines need."""
    with db.read() as s:
        shown = None if shown is None or limit is None else max(shown, limit)
        totals, count, items, value = _totals(s, source, shown)
        chosen: list[int] = []
        listed = 0
        for t in totals:
            if limit is not None and listed >= limit:
                break
            chosen.append(t.customer_id)
            listed += t.items
        if not chosen:
            return DeclinedReport(totals, [], count, items, value)
        rank = {cid: i for i, cid in enumerate(chosen)}
        stmt = _select().where(DeclinedWork.state == DeclinedState.OPEN.value, _customer_work())
        if limit is not None:
            stmt = stmt.where(among(s, DeclinedWork.customer_id, chosen))
        if source is not None:
            stmt = stmt.where(DeclinedWork.source == source)
        with join_by_index(s):  # PostgreSQL: each line's work order by its key, not every order hashed
            rows = [DeclinedRow(*row) for row in s.execute(stmt)]
    last = len(rank)  # an item noted between the two reads, of a customer not yet counted: at the end
    rows.sort(key=lambda r: (rank.get(r.customer_id, last), -(r.amount or ZERO), r.id))
    return DeclinedReport(totals, rows if limit is None else rows[:limit], count, items, value)


def declined_totals(db: Database, *, source: str | None = None) -> list[CustomerTotal]:
    """The report's customers in SQL (every open item counted, however many lines a screen lists): items and
    value per customer, the most value first — as totals_by_customer of all the lines."""
    with db.read() as s:
        return _totals(s, source, None)[0]


def _totals(s: Session, source: str | None, first: int | None) -> tuple[list[CustomerTotal], int, int, Decimal]:
    """The `first` customers with the most value (None: all), and the counts of the whole report: customers,
    items, value (window sums over the grouped rows, before the LIMIT)."""
    value = func.coalesce(DeclinedWork.amount, ZERO)
    per_customer = (select(DeclinedWork.customer_id, func.count().label("n"), func.sum(value).label("v"))
                    .join(WorkOrder, WorkOrder.id == DeclinedWork.work_order_id)
                    .where(DeclinedWork.state == DeclinedState.OPEN.value, _customer_work(),
                           *([] if source is None else [DeclinedWork.source == source]))
                    .group_by(DeclinedWork.customer_id).subquery())
    worth = func.round(per_customer.c.v, 2)  # SQLite sums floats: equal values must tie, by customer then
    ranked = (select(per_customer.c.customer_id, per_customer.c.n, per_customer.c.v, worth.label("worth"),
                     func.count().over().label("all_customers"), func.sum(per_customer.c.n).over().label("all_items"),
                     func.sum(per_customer.c.v).over().label("all_value"))
              .order_by(worth.desc(), per_customer.c.customer_id)
              .limit(None if first is None else max(first, 1)).subquery())  # one row at least: the counts
    stmt = (select(ranked.c.customer_id, Customer.name, Customer.phone, ranked.c.n, ranked.c.v,
                   ranked.c.all_customers, ranked.c.all_items, ranked.c.all_value)
            .join(Customer, Customer.id == ranked.c.customer_id)
            .order_by(ranked.c.worth.desc(), ranked.c.customer_id))
    # summed first, then the customers by key; on PostgreSQL each item's work order by its key: 45 ms for
    # 7,000 open items, where hashing all 150,000 orders (or 50,000 customers) took 77-94 ms
    with join_by_index(s):
        rows = s.execute(stmt).all()
    out = [CustomerTotal(cid, name, phone, int(n), money(v)) for cid, name, phone, n, v, *_all in rows[:first]]
    if not rows:
        return out, 0, 0, ZERO
    *_first, count, items, total = rows[0]
    return out, int(count), int(items), money(total)


def totals_by_customer(rows: Sequence[DeclinedRow]) -> list[CustomerTotal]:
    out: dict[int, CustomerTotal] = {}
    for r in rows:
        t = out.get(r.customer_id)
        amount = r.amount or ZERO
        out[r.customer_id] = CustomerTotal(r.customer_id, r.customer_name, r.phone, (t.items if t else 0) + 1,
                                           (t.value if t else ZERO) + amount)
    return sorted(out.values(), key=lambda t: (-t.value, t.customer_id))


REPORT_HEADERS = (("客户", "Customer"), ("电话", "Phone"), ("车牌", "Plate"), ("项目", "Item"), ("来源", "Source"),
                  ("金额", "Value"), ("记录时间", "Noted"), ("记录人", "Noted by"), ("原工单", "Work order"))


def report_records(rows: Sequence[DeclinedRow], lang: str = "zh") -> list[tuple[object, ...]]:
    """One tuple per line for the table, CSV, JSON and Excel of the report (money as Decimal, time aware)."""
    return [(r.customer_name, r.phone, r.plate, r.description, r.source_label(lang), r.amount, r.noted_at,
             r.noted_by, r.work_order) for r in rows]
