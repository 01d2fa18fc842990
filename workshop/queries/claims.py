"""The read side of claim orders and deposits (C1-C3): the list with signatures and deposits, the call list,
refunds due, overdue claim parts, a claim's detail, and the figures for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from workshop.db.limits_store import claim_director_threshold
from workshop.db.models import (
    Approval,
    ClaimOrder,
    ClaimOrderLine,
    Customer,
    Deposit,
    Part,
    PartLine,
    User,
    Vehicle,
    WorkOrder,
)
from workshop.db.settings_store import get_setting
from workshop.db.uow import Database
from workshop.domain.approval_kinds import ApprovalKind, ApprovalState
from workshop.domain.claims import AWAITING_FITTING, ClaimState
from workshop.domain.claims import OPEN_STATES as OPEN_STATES
from workshop.domain.clock import utcnow
from workshop.domain.money import ZERO
from workshop.domain.text import halfwidth
from workshop.domain.work_order import FITTED


@dataclass(frozen=True)
class ClaimRow:
    id: int
    number: str
    work_order_no: str
    customer_name: str
    customer_phone: str
    plate: str
    state: str
    amount: Decimal
    created_at: datetime
    created_by: str
    manager_signed_by: str | None
    director_signed_by: str | None
    needs_director: bool
    deposit: Decimal | None
    deposit_held: Decimal  # taken and not yet refunded
    receipt_no: str | None
    ordered_at: datetime | None
    arrived_at: datetime | None
    customer_called_at: datetime | None
    fitted: bool           # parts issued on the work order and the work order completed
    refund_due: bool       # fitted (or cancelled) with a deposit still held
    overdue: bool          # arrived and not fitted within claim_overdue_days
    days_since_arrival: int | None


@dataclass(frozen=True)
class ClaimLineRow:
    id: int
    part_no: str
    part_name: str
    quantity: Decimal
    unit_price: Decimal
    arrived_qty: Decimal
    issued_qty: Decimal


@dataclass(frozen=True)
class SignatureRow:
    kind: str
    signed_by: str
    signed_at: datetime | None


@dataclass(frozen=True)
class ClaimDetail:
    claim: ClaimRow
    lines: tuple[ClaimLineRow, ...]
    signatures: tuple[SignatureRow, ...]
    deposit_method: str | None
    deposit_received_at: datetime | None
    refunded_amount: Decimal | None
    refunded_at: datetime | None
    refund_method: str | None


@dataclass(frozen=True)
class ClaimFigures:
    open_claims: int
    deposits_held: int
    deposits_held_amount: Decimal
    to_call: int
    refunds_due: int
    overdue: int
    overdue_deposit_held: Decimal


def _fitted_expr() -> ColumnElement[bool]:
    """SQL: the work order is completed (or further) and every claim part is issued on it (net of returns)."""
    issued = (
        select(func.coalesce(func.sum(PartLine.issued_qty - PartLine.returned_qty), 0))
        .where(PartLine.work_order_id == ClaimOrder.work_order_id, PartLine.part_id == ClaimOrderLine.part_id)
        .correlate(ClaimOrder, ClaimOrderLine)
        .scalar_subquery()
    )
    short = exists().where(ClaimOrderLine.claim_order_id == ClaimOrder.id, ClaimOrderLine.quantity > issued)
    return and_(WorkOrder.state.in_([s.value for s in FITTED]), ~short)


def _waiting_since() -> ColumnElement[datetime | None]:
    """SQL: the first arrival among the claim's lines that arrived (in full or in part) and are not fitted —
    each line counts from its own arrival, so a claim whose parts arrived partly is not forgotten."""
    issued = (
        select(func.coalesce(func.sum(PartLine.issued_qty - PartLine.returned_qty), 0))
        .where(PartLine.work_order_id == ClaimOrder.work_order_id, PartLine.part_id == ClaimOrderLine.part_id)
        .correlate(ClaimOrder, ClaimOrderLine)
        .scalar_subquery()
    )
    line_fitted = and_(WorkOrder.state.in_([s.value for s in FITTED]), issued >= ClaimOrderLine.quantity)
    lines_waiting = (
        select(func.min(func.coalesce(ClaimOrderLine.arrived_at, ClaimOrder.arrived_at)))
        .where(ClaimOrderLine.claim_order_id == ClaimOrder.id, ClaimOrderLine.arrived_qty > 0, ~line_fitted)
        .correlate(ClaimOrder, WorkOrder)
        .scalar_subquery()
    )
    no_lines = ~exists().where(ClaimOrderLine.claim_order_id == ClaimOrder.id)
    whole_claim = case((and_(no_lines, ClaimOrder.state == ClaimState.ARRIVED, ~_fitted_expr()), ClaimOrder.arrived_at))
    return func.coalesce(lines_waiting, whole_claim)


def overdue_condition(cutoff: datetime) -> ColumnElement[bool]:
    """C3, the one definition (claims list, figures, dashboard): a claim line arrived before the cutoff and is
    not fitted yet (the claim ordered — parts partly in — or arrived). Needs ClaimOrder joined with its
    WorkOrder."""
    return and_(ClaimOrder.state.in_(AWAITING_FITTING), _waiting_since() <= cutoff)


def _overdue_days(db: Database) -> int:
    with db.read() as s:
        try:
            return max(int(get_setting(s, "claim_overdue_days")), 0)
        except ValueError:
            return 14


def _signer(kind: ApprovalKind) -> Any:
    signer = aliased(User)
    return (
        select(signer.display_name)
        .join(Approval, Approval.decided_by == signer.id)
        .where(Approval.claim_order_id == ClaimOrder.id, Approval.kind == kind.value, Approval.state == ApprovalState.APPROVED)
        .correlate(ClaimOrder).limit(1).scalar_subquery()
    )


def _base() -> Any:
    creator = aliased(User)
    fitted = _fitted_expr()
    return (
        select(
            ClaimOrder, WorkOrder.number, Customer.name, Customer.phone, Vehicle.shown_plate, creator.display_name,
            _signer(ApprovalKind.CLAIM_SIGNATURE_MANAGER).label("mgr"),
            _signer(ApprovalKind.CLAIM_SIGNATURE_DIRECTOR).label("dir"), Deposit, fitted.label("fitted"),
            _waiting_since().label("waiting_since"),
        )
        .join(WorkOrder, WorkOrder.id == ClaimOrder.work_order_id)
        .join(Customer, Customer.id == WorkOrder.customer_id)
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .join(creator, creator.id == ClaimOrder.created_by)
        .outerjoin(Deposit, Deposit.claim_order_id == ClaimOrder.id)
    )


def _rows(db: Database, stmt: Any, now: datetime) -> list[ClaimRow]:
    days = _overdue_days(db)
    with db.read() as s:
        threshold = claim_director_threshold(s, now)
        out = []
        for claim, wo_no, name, phone, plate, creator, mgr, dir_, deposit, fitted, waiting in s.execute(stmt):
            fitted = bool(fitted)
            held = deposit.amount if deposit is not None and deposit.refunded_at is None else ZERO
            first = claim.arrived_at if waiting is None else waiting
            since = (now - first).days if first is not None else None
            overdue = (claim.state in AWAITING_FITTING and waiting is not None
                       and waiting <= now - timedelta(days=days))
            out.append(ClaimRow(
                id=claim.id, number=claim.number, work_order_no=wo_no, customer_name=name, customer_phone=phone,
                plate=plate, state=claim.state, amount=claim.amount, created_at=claim.created_at,
                created_by=creator, manager_signed_by=mgr, director_signed_by=dir_,
                needs_director=claim.amount > threshold or dir_ is not None,
                deposit=deposit.amount if deposit is not None else None, deposit_held=held,
                receipt_no=deposit.receipt_no if deposit is not None else None, ordered_at=claim.ordered_at,
                arrived_at=claim.arrived_at, customer_called_at=claim.customer_called_at, fitted=fitted,
                refund_due=held > 0 and (claim.state == ClaimState.CANCELLED or (claim.state == ClaimState.ARRIVED and fitted)),
                overdue=overdue, days_since_arrival=since,
            ))
        return out


def _search(text: str) -> list[Any]:
    key = halfwidth(text or "").strip()
    if not key:
        return []
    up = key.upper()
    return [or_(ClaimOrder.number.like(f"%{up}%"), WorkOrder.number.like(f"%{up}%"), Customer.phone.like(f"%{key}%"),
                Customer.name.like(f"%{key}%"), Vehicle.plate_key.like(f"%{up.replace('·', '')}%"))]


def list_claims(db: Database, *, state: str | None = None, search: str = "", open_only: bool = False,
                offset: int = 0, limit: int = 100, now: datetime | None = None) -> list[ClaimRow]:
    """Claim orders, newest first, with state, signatures and deposit."""
    now = now or utcnow()
    stmt = _base().where(*_search(search))
    if state:
        stmt = stmt.where(ClaimOrder.state == state)
    elif open_only:
        stmt = stmt.where(or_(ClaimOrder.state.in_(OPEN_STATES),
                              and_(ClaimOrder.state == ClaimState.CANCELLED, Deposit.id.is_not(None),
                                   Deposit.refunded_at.is_(None))))
    stmt = stmt.order_by(ClaimOrder.created_at.desc(), ClaimOrder.id.desc()).offset(offset).limit(limit)
    return _rows(db, stmt, now)


def count_claims(db: Database, *, state: str | None = None, search: str = "") -> int:
    stmt = (
        select(func.count()).select_from(ClaimOrder)
        .join(WorkOrder, WorkOrder.id == ClaimOrder.work_order_id)
        .join(Customer, Customer.id == WorkOrder.customer_id)
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .where(*_search(search))
    )
    if state:
        stmt = stmt.where(ClaimOrder.state == state)
    with db.read() as s:
        return int(s.scalar(stmt) or 0)


def claims_to_call(db: Database, *, now: datetime | None = None) -> list[ClaimRow]:
    """C3: 'arrived — call the customer': arrived claim orders whose customer has not been called, oldest first."""
    now = now or utcnow()
    stmt = (_base().where(ClaimOrder.state == ClaimState.ARRIVED, ClaimOrder.customer_called_at.is_(None))
            .order_by(ClaimOrder.arrived_at, ClaimOrder.id).limit(500))
    return _rows(db, stmt, now)


def refunds_due(db: Database, *, now: datetime | None = None) -> list[ClaimRow]:
    """C3: the part is fitted (or the claim cancelled) and the deposit is still held."""
    now = now or utcnow()
    stmt = (
        _base()
        .where(Deposit.id.is_not(None), Deposit.refunded_at.is_(None),
               or_(ClaimOrder.state == ClaimState.CANCELLED, and_(ClaimOrder.state == ClaimState.ARRIVED, _fitted_expr())))
        .order_by(ClaimOrder.arrived_at, ClaimOrder.id).limit(500)
    )
    return _rows(db, stmt, now)


def overdue_claims(db: Database, *, now: datetime | None = None, offset: int = 0, limit: int = 200) -> list[ClaimRow]:
    """C3: claim parts that arrived and were not fitted within claim_overdue_days, oldest first, with the
    customer's phone and the deposit held (so they don't become dead stock)."""
    now = now or utcnow()
    cutoff = now - timedelta(days=_overdue_days(db))
    stmt = (
        _base()
        .where(overdue_condition(cutoff))
        .order_by(_waiting_since(), ClaimOrder.id).offset(offset).limit(limit)
    )
    return _rows(db, stmt, now)


def claim_detail(db: Database, number: str, *, now: datetime | None = None) -> ClaimDetail | None:
    now = now or utcnow()
    key = halfwidth(number or "").strip().upper()
    rows = _rows(db, _base().where(ClaimOrder.number == key), now)
    if not rows:
        return None
    row = rows[0]
    issued = (
        select(func.coalesce(func.sum(PartLine.issued_qty - PartLine.returned_qty), 0))
        .where(PartLine.work_order_id == ClaimOrder.work_order_id, PartLine.part_id == ClaimOrderLine.part_id)
        .correlate(ClaimOrder, ClaimOrderLine).scalar_subquery()
    )
    with db.read() as s:
        lines = tuple(
            ClaimLineRow(ln.id, pno, pname, ln.quantity, ln.unit_price, ln.arrived_qty, Decimal(iss or 0))
            for ln, pno, pname, iss in s.execute(
                select(ClaimOrderLine, Part.part_no, Part.name, issued)
                .join(Part, Part.id == ClaimOrderLine.part_id)
                .join(ClaimOrder, ClaimOrder.id == ClaimOrderLine.claim_order_id)
                .where(ClaimOrderLine.claim_order_id == row.id).order_by(ClaimOrderLine.id)
            )
        )
        sigs = tuple(
            SignatureRow(kind, name, at)
            for kind, name, at in s.execute(
                select(Approval.kind, User.display_name, Approval.decided_at)
                .join(User, User.id == Approval.decided_by)
                .where(Approval.claim_order_id == row.id, Approval.state == ApprovalState.APPROVED)
                .order_by(Approval.decided_at)
            )
        )
        dep = s.execute(
            select(Deposit.method, Deposit.received_at, Deposit.refunded_amount, Deposit.refunded_at,
                   Deposit.refund_method).where(Deposit.claim_order_id == row.id)
        ).first()
    if dep is None:
        return ClaimDetail(row, lines, sigs, None, None, None, None, None)
    method, received_at, refunded_amount, refunded_at, refund_method = dep
    return ClaimDetail(row, lines, sigs, method, received_at, refunded_amount, refunded_at, refund_method)


def claim_figures(db: Database, *, now: datetime | None = None) -> ClaimFigures:
    """Q3: open claim deposits, customers to call, refunds due, and overdue claim parts with the deposit held."""
    now = now or utcnow()
    cutoff = now - timedelta(days=_overdue_days(db))
    held = Deposit.refunded_at.is_(None)
    fitted = _fitted_expr()
    joined = (select(func.count(ClaimOrder.id), func.coalesce(func.sum(Deposit.amount), 0))
              .join(WorkOrder, WorkOrder.id == ClaimOrder.work_order_id)
              .outerjoin(Deposit, Deposit.claim_order_id == ClaimOrder.id))
    with db.read() as s:
        open_n = s.scalar(select(func.count()).select_from(ClaimOrder).where(ClaimOrder.state.in_(OPEN_STATES))) or 0
        dep_n, dep_sum = s.execute(
            select(func.count(Deposit.id), func.coalesce(func.sum(Deposit.amount), 0)).where(held)
        ).one()
        to_call = s.scalar(select(func.count()).select_from(ClaimOrder).where(
            ClaimOrder.state == ClaimState.ARRIVED, ClaimOrder.customer_called_at.is_(None))) or 0
        due_n = s.scalar(
            select(func.count(ClaimOrder.id)).join(WorkOrder, WorkOrder.id == ClaimOrder.work_order_id)
            .join(Deposit, Deposit.claim_order_id == ClaimOrder.id)
            .where(held, or_(ClaimOrder.state == ClaimState.CANCELLED, and_(ClaimOrder.state == ClaimState.ARRIVED, fitted)))
        ) or 0
        over_n, over_sum = s.execute(
            joined.where(overdue_condition(cutoff), or_(Deposit.id.is_(None), held))
        ).one()
    return ClaimFigures(int(open_n), int(dep_n), Decimal(dep_sum), int(to_call), int(due_n), int(over_n),
                        Decimal(over_sum))


@dataclass(frozen=True)
class WorkOrderPart:
    part_no: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    on_hand: Decimal


@dataclass(frozen=True)
class WorkOrderParts:
    number: str
    kind: str
    state: str
    customer_name: str
    customer_phone: str
    plate: str
    parts: tuple[WorkOrderPart, ...]


def work_order_parts(db: Database, work_order_no: str) -> WorkOrderParts | None:
    """What a claim order can be raised for: the work order's kind and state, and its part lines."""
    key = halfwidth(work_order_no or "").strip().upper()
    with db.read() as s:
        head = s.execute(
            select(WorkOrder.id, WorkOrder.number, WorkOrder.kind, WorkOrder.state, Customer.name, Customer.phone,
                   Vehicle.shown_plate)
            .join(Customer, Customer.id == WorkOrder.customer_id).join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .where(WorkOrder.number == key)
        ).first()
        if head is None:
            return None
        wo_id, number, kind, state, name, phone, plate = head
        parts = tuple(
            WorkOrderPart(pno, pname, qty, price, on_hand)
            for pno, pname, qty, price, on_hand in s.execute(
                select(Part.part_no, Part.name, PartLine.quantity, PartLine.unit_price, Part.on_hand)
                .join(Part, Part.id == PartLine.part_id)
                .where(PartLine.work_order_id == wo_id).order_by(PartLine.id)
            )
        )
    return WorkOrderParts(number, kind, state, name, phone, plate, parts)
