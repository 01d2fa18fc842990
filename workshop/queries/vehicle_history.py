"""One vehicle's (or customer's) history at the front desk (R3, issue 19): its work orders (number, date, kind,
state, mileage, total), the mileage over time, the added items the customer declined, and open claims.
Read through the indexes ix_work_orders_vehicle_visits / ix_work_orders_customer, ix_added_items_wo and
ix_claim_orders_wo: a handful of rows however large the shop. The newest MAX_ORDERS orders are listed (a fleet
car's three years of visits are 120; the work order list finds the rest by plate), all of them counted; the
declined items and open claims are those of every order, listed or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from workshop.db.models import AddedItem, ClaimOrder, User, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.added_items import AddedItemState
from workshop.domain.work_order import State
from workshop.queries.claims import OPEN_STATES as OPEN_CLAIM_STATES

MAX_ORDERS = 50


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
class DeclinedItem:
    id: int
    description: str
    work_order_no: str
    declined_at: datetime | None
    declined_by: str


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
    declined: list[DeclinedItem]  # newest first
    open_claims: list[OpenClaim]
    order_count: int = 0  # every order, listed or not

    @property
    def empty(self) -> bool:
        return not (self.orders or self.declined or self.open_claims)


def vehicle_history(db: Database, *, vehicle_id: int | None = None, customer_id: int | None = None,
                    work_order_id: int | None = None, limit: int = MAX_ORDERS) -> VehicleHistory:
    """The history of one vehicle (given, or the one of a work order), or of every vehicle of one customer."""
    if vehicle_id is None and work_order_id is not None:
        with db.read() as s:
            vehicle_id = s.scalar(select(WorkOrder.vehicle_id).where(WorkOrder.id == work_order_id))
        if vehicle_id is None:
            return VehicleHistory([], [], [], [])
    if vehicle_id is not None:
        where = WorkOrder.vehicle_id == vehicle_id
    elif customer_id is not None:
        where = WorkOrder.customer_id == customer_id
    else:
        return VehicleHistory([], [], [], [])
    with db.read() as s:
        orders = [HistoryOrder(*r) for r in s.execute(
            select(WorkOrder.id, WorkOrder.number, WorkOrder.opened_at, WorkOrder.kind, WorkOrder.state,
                   WorkOrder.mileage_in, WorkOrder.total, Vehicle.shown_plate)
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .where(where).order_by(WorkOrder.opened_at.desc(), WorkOrder.id.desc()).limit(limit))]
        count = len(orders)  # counted only when the list is full
        if count == limit:
            count = s.scalar(select(func.count()).select_from(WorkOrder).where(where)) or 0
        declined = [DeclinedItem(i, d, n, at, by or "") for i, d, n, at, by in s.execute(
            select(AddedItem.id, AddedItem.description, WorkOrder.number, AddedItem.consent_at, User.display_name)
            .join(WorkOrder, WorkOrder.id == AddedItem.work_order_id)
            .outerjoin(User, User.id == AddedItem.decided_by)
            .where(where, AddedItem.state == AddedItemState.DECLINED)
            .order_by(AddedItem.consent_at.desc(), AddedItem.id.desc()))] if orders else []
        claims = [OpenClaim(c, n, st, Decimal(a), at) for c, n, st, a, at in s.execute(
            select(ClaimOrder.number, WorkOrder.number, ClaimOrder.state, ClaimOrder.amount, ClaimOrder.created_at)
            .join(WorkOrder, WorkOrder.id == ClaimOrder.work_order_id)
            .where(where, ClaimOrder.state.in_(OPEN_CLAIM_STATES))
            .order_by(ClaimOrder.created_at.desc()))] if orders else []
    mileage = [MileagePoint(o.opened_at, o.mileage, o.number) for o in reversed(orders)
               if o.state != State.CANCELLED]
    return VehicleHistory(orders, mileage, declined, claims, count)
