"""The workshop board (W1, F7): every car in the workshop with its state, team, technician, how long it has
waited, the promised time and whether it is late; and the added items waiting at the front desk (F6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from workshop.db.models import (
    AddedItem,
    Customer,
    LaborLine,
    PartLine,
    User,
    Vehicle,
    WorkOrder,
    WorkOrderEvent,
)
from workshop.db.settings_store import working_calendar
from workshop.db.uow import Database
from workshop.domain.added_items import AddedItemState
from workshop.domain.clock import utcnow
from workshop.domain.deadlines import deadlines
from workshop.domain.money import ZERO, money
from workshop.domain.work_order import IN_WORKSHOP, Priority

_PRIORITY_RANK = {Priority.URGENT.value: 0, Priority.IMPORTANT.value: 1, Priority.NORMAL.value: 2}


@dataclass(frozen=True)
class BoardRow:
    id: int
    number: str
    plate: str
    model: str
    kind: str
    state: str
    priority: str
    team: str | None
    technician_id: int | None
    technician_name: str
    advisor_name: str
    opened_at: datetime
    state_since: datetime        # when it entered its present state
    waited: timedelta            # in the present state, until now
    in_shop: timedelta           # since it was opened (the car arrived)
    promised_at: datetime | None
    expected_finish: datetime    # F7: the promised time, else the resolve deadline
    late: bool                   # F7
    pending_added_items: int     # F6: proposed, not yet confirmed with the customer
    version: int


def workshop_board(db: Database, *, team: str | None = None, states: tuple[str, ...] | None = None,
                   now: datetime | None = None) -> list[BoardRow]:
    """Every car in the workshop (started, in progress, completed, inspected): late ones first, then by
    priority and expected finish. Reads only open work orders through the (state, opened_at) index."""
    now = now or utcnow()
    wanted = states or tuple(s.value for s in IN_WORKSHOP)
    tech = aliased(User)
    advisor = aliased(User)
    # per car, through the (work_order_id, at) and (work_order_id) indexes: never a scan of all events
    since = (select(func.max(WorkOrderEvent.at)).where(WorkOrderEvent.work_order_id == WorkOrder.id)
             .correlate(WorkOrder).scalar_subquery())
    pending = (select(func.count()).select_from(AddedItem)
               .where(AddedItem.work_order_id == WorkOrder.id, AddedItem.state == AddedItemState.PROPOSED)
               .correlate(WorkOrder).scalar_subquery())
    stmt = (
        select(WorkOrder.id, WorkOrder.number, WorkOrder.kind, WorkOrder.state, WorkOrder.priority, WorkOrder.team,
               WorkOrder.technician_id, WorkOrder.opened_at, WorkOrder.started_at, WorkOrder.promised_at,
               WorkOrder.version, Vehicle.shown_plate, Vehicle.model, tech.display_name, advisor.display_name,
               since.label("since"), pending.label("pending"))
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .join(advisor, advisor.id == WorkOrder.advisor_id)
        .outerjoin(tech, tech.id == WorkOrder.technician_id)
        .where(WorkOrder.state.in_(wanted))
    )
    if team:
        stmt = stmt.where(WorkOrder.team == team)
    rows: list[BoardRow] = []
    with db.read() as s:
        cal = working_calendar(s)
        for (wid, number, kind, state, priority, wteam, tech_id, opened, started, promised, version, plate, model,
             tech_name, advisor_name, entered, n_pending) in s.execute(stmt):
            entered = entered or started or opened
            d = deadlines(priority, opened, promised, state, now, cal)
            rows.append(BoardRow(
                id=wid, number=number, plate=plate, model=model, kind=kind, state=state, priority=priority,
                team=wteam, technician_id=tech_id, technician_name=tech_name or "",
                advisor_name=advisor_name or "", opened_at=opened, state_since=entered,
                waited=max(now - entered, timedelta(0)), in_shop=max(now - opened, timedelta(0)),
                promised_at=promised, expected_finish=d.expected_finish, late=d.late,
                pending_added_items=int(n_pending or 0), version=version,
            ))
    rows.sort(key=lambda r: (not r.late, _PRIORITY_RANK.get(r.priority, 9), r.expected_finish, r.id))
    return rows


@dataclass(frozen=True)
class PendingAddedItemRow:
    id: int
    work_order_id: int
    work_order_number: str
    plate: str
    customer_name: str
    customer_phone: str
    advisor_id: int
    description: str
    proposed_by: str
    proposed_at: datetime
    amount: Decimal   # the price to tell the customer: its labor and parts at list price
    version: int      # the work order's version


def pending_added_items(db: Database, *, advisor_id: int | None = None) -> list[PendingAddedItemRow]:
    """F6: items the workshop proposed that the front desk has not yet confirmed with the customer,
    oldest first (the customer is waiting for a call)."""
    proposer = aliased(User)
    stmt = (
        select(AddedItem, WorkOrder.number, WorkOrder.advisor_id, WorkOrder.version, Vehicle.shown_plate,
               Customer.name, Customer.phone, proposer.display_name)
        .join(WorkOrder, WorkOrder.id == AddedItem.work_order_id)
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .join(Customer, Customer.id == WorkOrder.customer_id)
        .join(proposer, proposer.id == AddedItem.proposed_by)
        .where(AddedItem.state == AddedItemState.PROPOSED)
        .order_by(AddedItem.proposed_at, AddedItem.id)
    )
    if advisor_id is not None:
        stmt = stmt.where(WorkOrder.advisor_id == advisor_id)
    with db.read() as s:
        found = s.execute(stmt).all()
        ids = [row[0].id for row in found]
        wo_ids = sorted({row[0].work_order_id for row in found})  # lines are indexed by work order
        amounts: dict[int, Decimal] = {}
        if ids:
            for item_id, hours, rate in s.execute(
                select(LaborLine.added_item_id, LaborLine.hours, LaborLine.rate)
                .where(LaborLine.work_order_id.in_(wo_ids), LaborLine.added_item_id.in_(ids))
            ):
                if item_id is not None:
                    amounts[item_id] = amounts.get(item_id, ZERO) + money(hours * rate)
            for item_id, qty, price in s.execute(
                select(PartLine.added_item_id, PartLine.quantity, PartLine.unit_price)
                .where(PartLine.work_order_id.in_(wo_ids), PartLine.added_item_id.in_(ids))
            ):
                if item_id is not None:
                    amounts[item_id] = amounts.get(item_id, ZERO) + money(qty * price)
        return [
            PendingAddedItemRow(
                id=item.id, work_order_id=item.work_order_id, work_order_number=number, plate=plate,
                customer_name=name, customer_phone=phone, advisor_id=adv, description=item.description,
                proposed_by=who, proposed_at=item.proposed_at, amount=amounts.get(item.id, ZERO), version=ver,
            )
            for item, number, adv, ver, plate, name, phone, who in found
        ]
