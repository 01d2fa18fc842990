"""Work order read side: the history list (paged newest first, keyset while scrolling), one work order's
whole detail, and the catalog look-ups the front desk needs to add lines."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from workshop.db.id_lists import among
from workshop.db.models import (
    AddedItem,
    Customer,
    LaborLine,
    LaborOperation,
    Part,
    PartLine,
    User,
    Vehicle,
    WorkOrder,
    WorkOrderEvent,
)
from workshop.db.settings_store import working_calendar
from workshop.db.totals_store import compute_totals
from workshop.db.uow import Database
from workshop.db.work_order_store import work_order_info
from workshop.domain.added_items import AddedItemState
from workshop.domain.clock import to_shop, utcnow
from workshop.domain.deadlines import Deadlines, deadlines
from workshop.domain.errors import NotFound
from workshop.domain.money import ZERO, money
from workshop.domain.text import halfwidth
from workshop.domain.totals import Totals
from workshop.domain.warranty import WarrantyStatus, warranty_status
from workshop.domain.work_order_info import WorkOrderInfo
from workshop.queries import search_rules, work_order_search

LIST_PAGE = 25  # the work order list's page: a 1366x768 screen shows ~20 rows; the next pages load on scroll


@dataclass(frozen=True)
class WorkOrderFilter:
    states: tuple[str, ...] = ()
    kind: str | None = None
    advisor_id: int | None = None
    text: str = ""  # a work order number (from its start), part of a plate, VIN tail, phone, name


@dataclass(frozen=True)
class WorkOrderListRow:
    id: int
    number: str
    kind: str
    state: str
    priority: str
    plate: str
    customer_name: str
    advisor_name: str
    opened_at: datetime
    promised_at: datetime | None
    total: Decimal
    late: bool  # F7
    invoiced: bool = False  # M7: every invoice asked for on it has its number (and at least one was asked)


def _conditions(session: Session, flt: WorkOrderFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if flt.states:
        where.append(WorkOrder.state.in_(flt.states))
    if flt.kind:
        where.append(WorkOrder.kind == flt.kind)
    if flt.advisor_id is not None:
        where.append(WorkOrder.advisor_id == flt.advisor_id)
    text = halfwidth(flt.text or "").strip().upper()
    if text:
        where.append(or_(*(branch for branch, _few in work_order_search.text_branches(session, text))))
    return where


work_order_conditions = _conditions  # the history screen's filter, also for its Excel export (queries.lists)


@functools.cache  # built once (0.7 ms a list): a statement is immutable, each .where() makes a new one
def _list_stmt() -> Select[int, str, str, str, str, str, str, str, datetime, datetime | None, Decimal]:
    advisor = aliased(User)
    return (
        select(WorkOrder.id, WorkOrder.number, WorkOrder.kind, WorkOrder.state, WorkOrder.priority,
               Vehicle.shown_plate, Customer.name, advisor.display_name, WorkOrder.opened_at, WorkOrder.promised_at,
               WorkOrder.total)
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .join(Customer, Customer.id == WorkOrder.customer_id)
        .join(advisor, advisor.id == WorkOrder.advisor_id)
    )


def list_work_orders(db: Database, flt: WorkOrderFilter = WorkOrderFilter(), *, offset: int = 0,
                     limit: int = 200, after: tuple[datetime, int] | None = None,
                     now: datetime | None = None) -> list[WorkOrderListRow]:
    """Newest first. `after` = (opened_at, id) of the last row already shown: the next page by keyset, which
    stays as fast on page 700 as on page 1; without it, OFFSET."""
    now = now or utcnow()
    with db.read() as s:
        keyset: list[ColumnElement[bool]] = []
        if after is not None:
            at, last_id = after
            keyset = [WorkOrder.opened_at <= at, or_(WorkOrder.opened_at < at, WorkOrder.id < last_id)]
        if halfwidth(flt.text or "").strip():
            anchor = now if after is None else min(now, after[0])
            rest = [*_conditions(s, dataclasses.replace(flt, text="")), *keyset]
            ids = work_order_search.text_matches(s, flt.text, rest, limit + (offset if after is None else 0), anchor)
            stmt = _list_stmt().where(among(s, WorkOrder.id, ids))
        else:
            stmt = _list_stmt().where(*_conditions(s, flt), *keyset)
        if after is None:
            stmt = stmt.offset(offset)
        stmt = stmt.order_by(WorkOrder.opened_at.desc(), WorkOrder.id.desc()).limit(limit)
        out = []
        cal = working_calendar(s)
        for wid, number, kind, state, priority, plate, name, advisor, opened, promised, total in s.execute(stmt):
            late = deadlines(priority, opened, promised, state, now, cal).late
            out.append(WorkOrderListRow(wid, number, kind, state, priority, plate, name, advisor, opened,
                                        promised, total, late))
        done = invoiced_ids(s, [r.id for r in out])
        return [replace(r, invoiced=True) if r.id in done else r for r in out]


def invoiced_ids(session: Session, ids: list[int]) -> set[int]:
    """M7: of these work orders, those invoiced (each invoice request issued), in one grouped query."""
    from workshop.db.models import InvoiceRequest

    if not ids:
        return set()
    return set(session.scalars(
        select(InvoiceRequest.work_order_id).where(InvoiceRequest.work_order_id.in_(ids))
        .group_by(InvoiceRequest.work_order_id)
        .having(func.count() == func.count(InvoiceRequest.invoice_number))))


@dataclass
class WorkOrderPager:
    """fetch_page(offset, limit) for a lazy table: continues by keyset when asked for the next page in
    order (the usual scroll), falls back to OFFSET otherwise."""

    db: Database
    flt: WorkOrderFilter = field(default_factory=WorkOrderFilter)
    _end: int = 0
    _last: tuple[datetime, int] | None = None

    def fetch_page(self, offset: int, limit: int) -> list[WorkOrderListRow]:
        if offset > 0 and offset == self._end and self._last is not None:
            rows = list_work_orders(self.db, self.flt, after=self._last, limit=limit)
        else:
            rows = list_work_orders(self.db, self.flt, offset=offset, limit=limit)
        self._end = offset + len(rows)
        self._last = (rows[-1].opened_at, rows[-1].id) if rows else self._last
        return rows


# --- one work order ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventRow:
    at: datetime
    from_state: str | None
    to_state: str
    user_name: str
    note: str


@dataclass(frozen=True)
class AddedItemRow:
    id: int
    description: str
    state: str
    proposed_by: str
    proposed_at: datetime
    decided_by: str
    consent_method: str | None
    consent_at: datetime | None
    amount: Decimal  # its labor and parts at list price


@dataclass(frozen=True)
class WorkOrderDetail:
    info: WorkOrderInfo
    customer_name: str
    customer_phone: str
    customer_address: str
    plate: str
    vin: str
    brand: str
    model: str
    advisor_name: str
    technician_name: str
    warranty: WarrantyStatus  # F3, at the opening date and the mileage in
    deadlines: Deadlines      # F7
    totals: Totals            # A5, the same computation as settlement
    events: tuple[EventRow, ...]
    added_items: tuple[AddedItemRow, ...]
    on_hand: dict[int, Decimal]        # part id -> stock now
    user_names: dict[int, str]         # technicians named on labor lines

    @property
    def pending_added_items(self) -> int:
        return sum(1 for a in self.added_items if a.state == AddedItemState.PROPOSED)


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    ids.discard(0)
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def _added_amounts(session: Session, work_order_id: int) -> dict[int, Decimal]:
    amounts: dict[int, Decimal] = {}
    for item_id, hours, rate in session.execute(
        select(LaborLine.added_item_id, LaborLine.hours, LaborLine.rate)
        .where(LaborLine.work_order_id == work_order_id, LaborLine.added_item_id.is_not(None))
    ):
        if item_id is not None:
            amounts[item_id] = amounts.get(item_id, ZERO) + money(hours * rate)
    for item_id, qty, price in session.execute(
        select(PartLine.added_item_id, PartLine.quantity, PartLine.unit_price)
        .where(PartLine.work_order_id == work_order_id, PartLine.added_item_id.is_not(None))
    ):
        if item_id is not None:
            amounts[item_id] = amounts.get(item_id, ZERO) + money(qty * price)
    return amounts


def work_order_detail(db: Database, number: str | None = None, *, work_order_id: int | None = None,
                      now: datetime | None = None) -> WorkOrderDetail:
    """Everything the work order screen shows, read in one session."""
    with db.read() as s:
        if work_order_id is not None:
            wo = s.get(WorkOrder, work_order_id)
        else:
            wo = s.scalar(select(WorkOrder).where(WorkOrder.number == halfwidth(number or "").strip().upper()))
        if wo is None:
            raise NotFound(f"找不到工单 {number or work_order_id}。", f"No work order {number or work_order_id}.")
        info = work_order_info(s, wo)
        customer = s.get(Customer, wo.customer_id)
        vehicle = s.get(Vehicle, wo.vehicle_id)
        assert customer is not None and vehicle is not None
        events = s.execute(
            select(WorkOrderEvent).where(WorkOrderEvent.work_order_id == wo.id)
            .order_by(WorkOrderEvent.at, WorkOrderEvent.id)
        ).scalars().all()
        items = s.scalars(select(AddedItem).where(AddedItem.work_order_id == wo.id).order_by(AddedItem.id)).all()
        ids = {wo.advisor_id, wo.technician_id or 0, *(e.user_id for e in events),
               *(i.proposed_by for i in items), *(i.decided_by or 0 for i in items),
               *(ln.technician_id or 0 for ln in info.labor_lines)}
        names = _names(s, ids)
        amounts = _added_amounts(s, wo.id)
        part_ids = {p.part_id for p in info.part_lines}
        on_hand = dict(s.execute(select(Part.id, Part.on_hand).where(Part.id.in_(part_ids))).all()) \
            if part_ids else {}
        return WorkOrderDetail(
            info=info, customer_name=customer.name, customer_phone=customer.phone,
            customer_address=customer.address, plate=vehicle.shown_plate, vin=vehicle.vin, brand=vehicle.brand,
            model=vehicle.model, advisor_name=names.get(wo.advisor_id, ""),
            technician_name=names.get(wo.technician_id or 0, ""),
            warranty=warranty_status(vehicle.purchase_date, vehicle.warranty_months, vehicle.warranty_km,
                                 wo.mileage_in, on=to_shop(wo.opened_at).date()),
            deadlines=deadlines(wo.priority, wo.opened_at, wo.promised_at, wo.state, now, working_calendar(s)),
            totals=compute_totals(s, wo),
            events=tuple(EventRow(e.at, e.from_state, e.to_state, names.get(e.user_id, ""), e.note)
                         for e in events),
            added_items=tuple(
                AddedItemRow(i.id, i.description, i.state, names.get(i.proposed_by, ""), i.proposed_at,
                             names.get(i.decided_by or 0, ""), i.consent_method, i.consent_at,
                             amounts.get(i.id, ZERO))
                for i in items
            ),
            on_hand=on_hand,
            user_names={k: v for k, v in names.items()},
        )


# --- catalog look-ups for adding lines ----------------------------------------------------------------------

@dataclass(frozen=True)
class LaborOperationRow:
    id: int
    code: str
    name: str
    standard_hours: Decimal
    rate: Decimal
    team: str


@dataclass(frozen=True)
class PartPickRow:
    id: int
    part_no: str
    name: str
    unit: str
    price: Decimal
    on_hand: Decimal


def find_labor_operations(db: Database, text: str = "", limit: int = 50) -> list[LaborOperationRow]:
    """The labor catalog by code, contained words of the name or pinyin initials (search_rules)."""
    t = halfwidth(text or "").strip()
    with db.read() as s:
        stmt = (select(LaborOperation).where(LaborOperation.retired_at.is_(None))
                .order_by(LaborOperation.code).limit(limit))
        if t:
            stmt = stmt.where(search_rules.catalog_condition(s, "labor", LaborOperation.id, LaborOperation.code,
                                                             LaborOperation.name, t))
        return [LaborOperationRow(o.id, o.code, o.name, o.standard_hours, o.rate, o.team) for o in s.scalars(stmt)]


def find_parts(db: Database, text: str, limit: int = 50) -> list[PartPickRow]:
    """Parts by number (from its start, without dashes, by its tail), by any contained word of the name or by
    the name's pinyin initials (search_rules), with price and stock."""
    t = halfwidth(text or "").strip()
    if not t:
        return []
    with db.read() as s:
        ids = search_rules.catalog_ids(s, "part", Part.id, Part.part_no, Part.name, t, limit)
        stmt = select(Part).where(Part.id.in_(ids) if ids else false()).order_by(Part.part_no)
        return [PartPickRow(p.id, p.part_no, p.name, p.unit, p.price, p.on_hand) for p in s.scalars(stmt)]


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    team: str | None


def people_with_role(db: Database, *roles: str, team: str | None = None) -> list[PersonRow]:
    """Active users holding one of the roles (technicians for assignment, advisors for the list filter)."""
    from workshop.db.models import UserRole

    with db.read() as s:
        stmt = (select(User.id, User.display_name, User.team).join(UserRole, UserRole.user_id == User.id)
                .where(UserRole.role.in_(roles), User.is_active.is_(True)).distinct().order_by(User.display_name))
        if team:
            stmt = stmt.where(User.team == team)
        return [PersonRow(i, n, t) for i, n, t in s.execute(stmt)]
