"""One vehicle's (or customer's) history at the front desk (R3, issue 19): its work orders (number, date, kind,
state, mileage, total), the mileage over time, the work it declined that is still open (R3: until done or
dismissed, as reception shows it: queries.declined_work.open_on), and open claims. Read through the indexes
ix_work_orders_vehicle_opened / ix_work_orders_customer, ix_declined_work_vehicle_state and ix_claim_orders_wo:
a handful of rows however large the shop. The newest PAGE orders are read first (a fleet car's three years of
visits are 120; the panel loads more as it is scrolled: vehicle_orders), all of them counted; the declined work
and open claims are those of every order, listed or not.

The statements are built once, with the vehicle (or customer) as a bound parameter, and run on the session's
connection: building a select() and the ORM's row handling cost more than the SQL itself here (issue 22: the
panel's read 1.5 → 0.7 ms for a fleet car on the large SQLite demo)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, bindparam, func, select

from workshop.db.models import ClaimOrder, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.work_order import State
from workshop.queries.claims import OPEN_STATES as OPEN_CLAIM_STATES
from workshop.queries.declined_work import DeclinedRow, open_on

PAGE = 20  # the panel's first rows: two screens of its list at 1366x768 (~10 show); more load on scroll


@dataclass(frozen=True)
class HistoryOrder:
    id: int
    number: str
    opened_at: datetime
    kind: str
    state: str
    mileage: int
    total: Decimal
    plate: str


@dataclass(frozen=True)
class MileagePoint:
    at: datetime
    km: int
    number: str


@dataclass(frozen=True)
class OpenClaim:
    number: str
    work_order_no: str
    state: str
    amount: Decimal
    created_at: datetime


@dataclass(frozen=True)
class VehicleHistory:
    orders: list[HistoryOrder]  # newest first, at most the limit
    mileage: list[MileagePoint]  # oldest first, of the orders listed
    declined: list[DeclinedRow]  # the declined work still open (R3), newest first
    open_claims: list[OpenClaim]
    order_count: int = 0  # every order, listed or not
    vehicle_id: int | None = None  # whose history this is (the vehicle of the work order given): vehicle_orders
    customer_id: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.orders or self.declined or self.open_claims)


@functools.cache
def _statements(by: str) -> tuple[Select[int, str, datetime, str, str, int, Decimal, str],
                                  Select[int, str, datetime, str, str, int, Decimal, str, int],
                                  Select[str, str, str, Decimal, datetime]]:
    """(a page of orders, the first page with their count, the open claims) of one vehicle or of one customer."""
    where: ColumnElement[bool] = (WorkOrder.vehicle_id if by == "vehicle" else WorkOrder.customer_id) == bindparam("key")
    columns = (WorkOrder.id, WorkOrder.number, WorkOrder.opened_at, WorkOrder.kind, WorkOrder.state,
               WorkOrder.mileage_in, WorkOrder.total, Vehicle.shown_plate)
    page = (select(*columns).join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .where(where).order_by(WorkOrder.opened_at.desc(), WorkOrder.id.desc())
            .limit(bindparam("limit")).offset(bindparam("offset")))
    # the first page with every order counted beside it: one uncorrelated subquery, run once per statement
    # (an index-only count), not a second round trip for the cars with more than a page of visits
    count = select(func.count()).select_from(WorkOrder).where(where).scalar_subquery()
    first = page.add_columns(count.label("order_count"))
    claims = (select(ClaimOrder.number, WorkOrder.number, ClaimOrder.state, ClaimOrder.amount, ClaimOrder.created_at)
              .join(WorkOrder, WorkOrder.id == ClaimOrder.work_order_id)
              .where(where, ClaimOrder.state.in_(OPEN_CLAIM_STATES))
              .order_by(ClaimOrder.created_at.desc()))
    return page, first, claims


def _key(vehicle_id: int | None, customer_id: int | None) -> tuple[str, int] | None:
    if vehicle_id is not None:
        return "vehicle", vehicle_id
    if customer_id is not None:
        return "customer", customer_id
    return None


def mileage_of(orders: list[HistoryOrder]) -> list[MileagePoint]:
    """The mileage at each visit of these orders (newest first), oldest first; a cancelled order is no visit."""
    return [MileagePoint(o.opened_at, o.mileage, o.number) for o in reversed(orders) if o.state != State.CANCELLED]


def vehicle_orders(db: Database, *, vehicle_id: int | None = None, customer_id: int | None = None,
                   offset: int = 0, limit: int = PAGE) -> list[HistoryOrder]:
    """A page of the vehicle's (or the customer's) work orders, newest first: the panel's rows past the first."""
    key = _key(vehicle_id, customer_id)
    if key is None:
        return []
    with db.read() as s:
        return [HistoryOrder(*r) for r in s.connection().execute(
            _statements(key[0])[0], {"key": key[1], "limit": limit, "offset": offset})]


def vehicle_history(db: Database, *, vehicle_id: int | None = None, customer_id: int | None = None,
                    work_order_id: int | None = None, limit: int = PAGE) -> VehicleHistory:
    """The history of one vehicle (given, or the one of a work order), or of every vehicle of one customer:
    its newest `limit` orders, how many there are, the open declined work and open claims of all of them."""
    if vehicle_id is None and work_order_id is not None:
        with db.read() as s:
            vehicle_id = s.scalar(select(WorkOrder.vehicle_id).where(WorkOrder.id == work_order_id))
        if vehicle_id is None:
            return VehicleHistory([], [], [], [])
    key = _key(vehicle_id, customer_id)
    if key is None:
        return VehicleHistory([], [], [], [])
    _page, first_stmt, claims_stmt = _statements(key[0])
    bound = {"key": key[1]}
    with db.read() as s:
        conn = s.connection()
        rows = conn.execute(first_stmt, {**bound, "limit": limit, "offset": 0}).all()
        orders = [HistoryOrder(*r[:-1]) for r in rows]
        count = rows[0][-1] if rows else 0
        declined = [DeclinedRow(*r) for r in conn.execute(open_on(key[0]), bound)] if orders else []
        claims = [OpenClaim(c, n, st, Decimal(a), at)
                  for c, n, st, a, at in conn.execute(claims_stmt, bound)] if orders else []
    return VehicleHistory(orders, mileage_of(orders), declined, claims, count, vehicle_id, None if vehicle_id else customer_id)
