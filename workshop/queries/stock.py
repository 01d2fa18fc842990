"""Read side of the parts counter: the stock list (paged, low / dead-stock filters), a part's ledger, the work
order as the counter sees it, and internal consumption per department per month (P6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, String, and_, cast, false, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from workshop.db.added_items_store import line_counts_clause
from workshop.db.models import (
    AddedItem,
    Bin,
    Customer,
    Part,
    PartLine,
    PurchaseOrder,
    PurchaseOrderLine,
    StockMove,
    Supplier,
    User,
    Vehicle,
    WorkOrder,
)
from workshop.db.settings_store import get_setting
from workshop.db.uow import Database
from workshop.domain.added_items import AddedItemState, item_state_counts
from workshop.domain.clock import utcnow
from workshop.domain.kind_policy import INTERNAL_USE_KINDS
from workshop.domain.money import money
from workshop.domain.text import halfwidth
from workshop.domain.work_order import BEFORE_COMPLETION, ON_THE_JOB
from workshop.queries import search_rules

FILTERS = ("all", "low", "dead")
_Q = TypeVar("_Q", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class StockRow:
    part_id: int
    part_no: str
    name: str
    bin_code: str | None
    unit: str
    on_hand: Decimal
    avg_cost: Decimal
    value: Decimal
    price: Decimal
    min_stock: Decimal
    last_move_at: datetime | None
    barcode: str | None


@dataclass(frozen=True)
class StockTotals:
    parts: int
    value: Decimal


@dataclass(frozen=True)
class LedgerRow:
    move_id: int
    at: datetime
    kind: str
    quantity: Decimal
    unit_cost: Decimal
    on_hand_after: Decimal
    avg_cost_after: Decimal
    user: str
    work_order_no: str | None
    reference: str
    reason: str


@dataclass(frozen=True)
class CounterLine:
    line_id: int
    part_id: int
    part_no: str
    part_name: str
    bin_code: str | None
    barcode: str | None
    quantity: Decimal
    issued: Decimal
    returned: Decimal
    remaining: Decimal
    on_hand: Decimal
    approved: bool
    added_item_state: str | None
    old_for_new: bool
    old_part_received: Decimal
    fitted: bool


@dataclass(frozen=True)
class CounterWorkOrder:
    id: int
    number: str
    kind: str
    state: str
    plate: str
    vehicle: str
    customer: str
    advisor: str
    technician: str | None
    internal_department: str | None
    lines: tuple[CounterLine, ...]


@dataclass(frozen=True)
class InternalUseRow:
    department: str
    month: str        # YYYY-MM, shop time
    amount: Decimal   # at moving-average cost


def _filtered(query: _Q, search: str, only: str, s: Session, now: datetime | None) -> _Q:
    key = "".join(halfwidth(search or "").split())
    if key:
        like = f"%{key}%"
        ids = search_rules.key_refs(s, "part", key)  # pinyin initials, part number without dashes or its tail
        query = query.where(or_(Part.part_no.like(f"{key.upper()}%"), Part.name.like(like), Part.barcode == key,
                                search_rules.contains_every_word(Part.name, search),
                                Part.id.in_(ids) if ids else false()))
    if only == "low":
        query = query.where(Part.min_stock > 0, Part.on_hand <= Part.min_stock)
    elif only == "dead":
        days = int(get_setting(s, "dead_stock_days"))
        cutoff = (now or utcnow()) - timedelta(days=days)
        query = query.where(Part.on_hand > 0, or_(Part.last_move_at.is_(None), Part.last_move_at < cutoff))
    elif only != "all":
        raise ValueError(only)
    return query


stock_conditions = _filtered  # the stock screen's filter, also for its Excel export (queries.lists)


def stock_list(db: Database, *, search: str = "", only: str = "all", offset: int = 0, limit: int = 200,
               now: datetime | None = None) -> list[StockRow]:
    with db.read() as s:
        query = (select(Part, Bin.code).outerjoin(Bin, Bin.id == Part.bin_id))
        query = _filtered(query, search, only, s, now).order_by(Part.part_no).offset(offset).limit(limit)
        return [
            StockRow(p.id, p.part_no, p.name, code, p.unit, p.on_hand, p.avg_cost, money(p.on_hand * p.avg_cost),
                     p.price, p.min_stock, p.last_move_at, p.barcode)
            for p, code in s.execute(query)
        ]


def stock_totals(db: Database, *, search: str = "", only: str = "all", now: datetime | None = None) -> StockTotals:
    with db.read() as s:
        query = select(func.count(Part.id), func.coalesce(func.sum(Part.on_hand * Part.avg_cost), 0))
        row = s.execute(_filtered(query, search, only, s, now)).one()
        return StockTotals(int(row[0] or 0), money(Decimal(str(row[1] or 0))))


def part_ledger(db: Database, part_id: int, *, offset: int = 0, limit: int = 200) -> list[LedgerRow]:
    """Every move of one part, newest first."""
    with db.read() as s:
        query = (
            select(StockMove, User.display_name, WorkOrder.number)
            .join(User, User.id == StockMove.user_id)
            .outerjoin(WorkOrder, WorkOrder.id == StockMove.work_order_id)
            .where(StockMove.part_id == part_id)
            .order_by(StockMove.at.desc(), StockMove.id.desc()).offset(offset).limit(limit)
        )
        return [
            LedgerRow(m.id, m.at, m.kind, m.quantity, m.unit_cost, m.on_hand_after, m.avg_cost_after, who, wo,
                      m.reference, m.reason)
            for m, who, wo in s.execute(query)
        ]


def work_order_parts(db: Database, number: str) -> CounterWorkOrder | None:
    """The work order as the counter sees it: vehicle, advisor and its part lines with asked/issued/returned."""
    key = "".join(halfwidth(number or "").split()).upper()
    if not key:
        return None
    advisor = aliased(User)
    tech = aliased(User)
    with db.read() as s:
        head = s.execute(
            select(WorkOrder, Vehicle.shown_plate, Vehicle.brand, Vehicle.model, Customer.name, advisor.display_name,
                   tech.display_name)
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .join(advisor, advisor.id == WorkOrder.advisor_id)
            .outerjoin(tech, tech.id == WorkOrder.technician_id)
            .where(WorkOrder.number == key)
        ).first()
        if head is None:
            return None
        wo, plate, brand, model, customer, advisor_name, tech_name = head
        rows = s.execute(
            select(PartLine, Part.part_no, Part.name, Part.barcode, Part.on_hand, Part.old_for_new, Bin.code,
                   AddedItem.state)
            .join(Part, Part.id == PartLine.part_id)
            .outerjoin(Bin, Bin.id == Part.bin_id)
            .outerjoin(AddedItem, AddedItem.id == PartLine.added_item_id)
            .where(PartLine.work_order_id == wo.id).order_by(PartLine.id)
        ).all()
        lines = tuple(
            CounterLine(
                line_id=ln.id, part_id=ln.part_id, part_no=pno, part_name=pname, bin_code=bin_code, barcode=barcode,
                quantity=ln.quantity, issued=ln.issued_qty, returned=ln.returned_qty,
                remaining=ln.quantity - ln.issued_qty + ln.returned_qty, on_hand=on_hand,
                approved=item_state_counts(item_state), added_item_state=item_state,
                old_for_new=ofn, old_part_received=ln.old_part_received, fitted=ln.fitted,
            )
            for ln, pno, pname, barcode, on_hand, ofn, bin_code, item_state in rows
        )
        return CounterWorkOrder(wo.id, wo.number, wo.kind, wo.state, plate, f"{brand} {model}".strip(), customer,
                                advisor_name, tech_name, wo.internal_department, lines)


def _shop_month(s: Session) -> Any:
    """The shop-time month (YYYY-MM) of a move, computed in SQL on either backend (Asia/Shanghai has no DST)."""
    if s.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", StockMove.at, "+8 hours")
    return func.to_char(func.timezone("Asia/Shanghai", StockMove.at), "YYYY-MM")


def internal_consumption(db: Database, start: datetime, end: datetime) -> list[InternalUseRow]:
    """P6: internal use at cost, per department and month, for moves in [start, end). Net of returns."""
    with db.read() as s:
        month = _shop_month(s).label("month")
        dept = func.coalesce(WorkOrder.internal_department, cast(literal("—"), String)).label("dept")
        query = (
            select(dept, month, func.sum(-StockMove.quantity * StockMove.unit_cost))
            .join(WorkOrder, WorkOrder.id == StockMove.work_order_id)
            .where(and_(StockMove.at >= start, StockMove.at < end), WorkOrder.kind.in_(INTERNAL_USE_KINDS),
                   StockMove.kind.in_(("internal", "issue", "return")))
            .group_by(dept, month).order_by(month, dept)
        )
        return [InternalUseRow(d, m, money(Decimal(str(a or 0)))) for d, m, a in s.execute(query)]


@dataclass(frozen=True)
class PurchaseLineRow:
    line_id: int
    part_id: int
    part_no: str
    part_name: str
    quantity: Decimal
    received: Decimal
    unit_cost: Decimal


@dataclass(frozen=True)
class PurchaseOrderView:
    number: str
    supplier: str
    state: str
    is_self_purchase: bool
    work_order_no: str | None
    lines: tuple[PurchaseLineRow, ...]


def purchase_order_view(db: Database, number: str) -> PurchaseOrderView | None:
    """A purchase order with what is ordered and what has arrived, for the receiving dialog."""
    key = "".join(halfwidth(number or "").split()).upper()
    with db.read() as s:
        head = s.execute(
            select(PurchaseOrder, Supplier.name, WorkOrder.number)
            .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
            .outerjoin(WorkOrder, WorkOrder.id == PurchaseOrder.work_order_id)
            .where(PurchaseOrder.number == key)
        ).first()
        if head is None:
            return None
        po, supplier, wo_no = head
        rows = s.execute(
            select(PurchaseOrderLine, Part.part_no, Part.name).join(Part, Part.id == PurchaseOrderLine.part_id)
            .where(PurchaseOrderLine.purchase_order_id == po.id).order_by(PurchaseOrderLine.id)
        ).all()
        return PurchaseOrderView(po.number, supplier, po.state, po.is_self_purchase, wo_no, tuple(
            PurchaseLineRow(ln.id, ln.part_id, pno, pname, ln.quantity, ln.received_qty, ln.unit_cost)
            for ln, pno, pname in rows))


def open_purchase_orders(db: Database, *, limit: int = 50) -> list[tuple[str, str, datetime]]:
    """(number, supplier, created at) of orders still waiting for goods, newest first."""
    with db.read() as s:
        return [(n, sup, at) for n, sup, at in s.execute(
            select(PurchaseOrder.number, Supplier.name, PurchaseOrder.created_at)
            .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
            .where(PurchaseOrder.state == "open").order_by(PurchaseOrder.created_at.desc()).limit(limit))]


def dead_stock_cutoff(db: Database, now: datetime | None = None) -> datetime:
    """Parts with stock and no move since this moment are dead stock (setting dead_stock_days, default 180)."""
    with db.read() as s:
        return (now or utcnow()) - timedelta(days=int(get_setting(s, "dead_stock_days")))


@dataclass(frozen=True)
class AwaitingRow:
    number: str
    plate: str
    advisor: str
    started_at: datetime | None
    lines_open: int


def work_orders_awaiting_parts(db: Database, *, offset: int = 0, limit: int = 100) -> list[AwaitingRow]:
    """Work orders in the workshop (started / in progress) with approved part lines still to issue, oldest
    start first: the cars the counter is holding up."""
    advisor = aliased(User)
    with db.read() as s:
        open_line = and_(PartLine.quantity > PartLine.issued_qty - PartLine.returned_qty,
                         line_counts_clause(PartLine.added_item_id))
        query = (
            select(WorkOrder.number, Vehicle.shown_plate, advisor.display_name, WorkOrder.started_at,
                   func.count(PartLine.id))
            .join(PartLine, PartLine.work_order_id == WorkOrder.id)
            .outerjoin(AddedItem, AddedItem.id == PartLine.added_item_id)
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .join(advisor, advisor.id == WorkOrder.advisor_id)
            .where(WorkOrder.state.in_(ON_THE_JOB), open_line)
            .group_by(WorkOrder.id, WorkOrder.number, Vehicle.shown_plate, advisor.display_name, WorkOrder.started_at)
            .order_by(WorkOrder.started_at, WorkOrder.number).offset(offset).limit(limit)
        )
        return [AwaitingRow(n, p, a, at, int(c)) for n, p, a, at, c in s.execute(query)]


# --- a scanned part, and what is free of a part ---------------------------------------------------------------

def part_by_scan(db: Database, code: str) -> StockRow | None:
    """The part a scan names exactly: its EAN-13 barcode or its part number, in any case, full-width or not (a
    manufacturer barcode wins over a part number that happens to be the same digits)."""
    key = "".join(halfwidth(code or "").split()).upper()
    if not key:
        return None
    with db.read() as s:
        rows = s.execute(select(Part, Bin.code).outerjoin(Bin, Bin.id == Part.bin_id)
                         .where(or_(Part.barcode == key, Part.part_no == key)).limit(2)).all()
        if not rows:
            return None
        p, code_ = next((r for r in rows if r[0].barcode == key), rows[0])
        return StockRow(p.id, p.part_no, p.name, code_, p.unit, p.on_hand, p.avg_cost,
                        money(p.on_hand * p.avg_cost), p.price, p.min_stock, p.last_move_at, p.barcode)


RESERVING_STATES = BEFORE_COMPLETION  # their parts are still to be issued


@dataclass(frozen=True)
class Availability:
    part_id: int
    on_hand: Decimal
    reserved: Decimal   # still to issue on the lines of other open work orders
    unit: str

    @property
    def free(self) -> Decimal:
        return self.on_hand - self.reserved

    def short_for(self, wanted: Decimal) -> Decimal:
        """How much of `wanted` the free stock cannot cover (0 when it can)."""
        return max(wanted - max(self.free, Decimal(0)), Decimal(0))


def part_availability(db: Database, part_ids: list[int], *,
                      excluding_work_order: str | None = None) -> dict[int, Availability]:
    """On hand less what other open work orders still wait for (asked, less issued net of returns, on lines not
    declined by the customer), per part: what a new line may count on."""
    ids = sorted(set(part_ids))
    if not ids:
        return {}
    outstanding = PartLine.quantity - PartLine.issued_qty + PartLine.returned_qty
    with db.read() as s:
        parts = {p.id: p for p in s.scalars(select(Part).where(Part.id.in_(ids)))}
        query = (
            select(PartLine.part_id, func.sum(outstanding))
            .join(WorkOrder, WorkOrder.id == PartLine.work_order_id)
            .outerjoin(AddedItem, AddedItem.id == PartLine.added_item_id)
            .where(PartLine.part_id.in_(ids), WorkOrder.state.in_([str(st) for st in RESERVING_STATES]),
                   outstanding > 0, or_(AddedItem.id.is_(None), AddedItem.state != AddedItemState.DECLINED))
            .group_by(PartLine.part_id)
        )
        if excluding_work_order:
            query = query.where(WorkOrder.number != "".join(halfwidth(excluding_work_order).split()).upper())
        reserved = {pid: Decimal(str(total or 0)) for pid, total in s.execute(query)}
        return {pid: Availability(pid, p.on_hand, reserved.get(pid, Decimal(0)), p.unit) for pid, p in parts.items()}
