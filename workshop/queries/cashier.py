"""The read side of the cashier's desk: a work order's bill split by payer (M1) with what is paid and owed,
its receipts (M2), the deposits it could apply, and the bills waiting at the counter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from workshop.db.accounts_store import account_of
from workshop.db.models import (
    ClaimOrder,
    Customer,
    Deposit,
    InvoiceRequest,
    Payment,
    User,
    Vehicle,
    WorkOrder,
)
from workshop.db.totals_store import customer_balance
from workshop.db.uow import Database
from workshop.domain.errors import NotFound
from workshop.domain.payers import Payer, PayerSplit
from workshop.domain.text import halfwidth
from workshop.domain.work_order import State


@dataclass(frozen=True)
class PaymentRow:
    id: int
    receipt_no: str
    kind: str          # payment, void
    method: str
    amount: Decimal
    tendered: Decimal | None
    change: Decimal
    reference: str
    at: datetime
    business_day: date
    cashier: str
    reason: str
    voided: bool       # a payment row that a later void row cancels


@dataclass(frozen=True)
class HeldDeposit:
    claim_no: str
    receipt_no: str
    amount: Decimal


@dataclass(frozen=True)
class Bill:
    work_order_id: int
    number: str
    state: str
    kind: str
    customer_name: str
    customer_phone: str
    plate: str
    model: str
    split: PayerSplit
    paid: Decimal
    owed: Decimal
    payments: tuple[PaymentRow, ...]
    deposits: tuple[HeldDeposit, ...]
    invoices: tuple[tuple[str, str, Decimal, str | None], ...] = ()  # M7: title, kind, amount, invoice number
    rebilled: Decimal = Decimal(0)            # M5: an insurer's / manufacturer's refused part, now the customer's
    account_available: Decimal | None = None  # M3: an account customer's credit left (None: not an account)

    @property
    def customer_due(self) -> Decimal:
        return self.split.customer + self.rebilled

    @property
    def invoiced(self) -> bool:
        """M7: every invoice asked for on the order has been issued (and at least one was)."""
        return bool(self.invoices) and all(number for *_rest, number in self.invoices)


def _payments(session: Session, work_order_id: int) -> tuple[PaymentRow, ...]:
    void = aliased(Payment)
    rows = session.execute(
        select(Payment, User.display_name, void.id)
        .join(User, User.id == Payment.cashier_id)
        .outerjoin(void, void.voids_id == Payment.id)
        .where(Payment.work_order_id == work_order_id).order_by(Payment.id)
    ).all()
    return tuple(
        PaymentRow(p.id, p.receipt_no, p.kind, p.method, p.amount, p.tendered, p.change, p.reference, p.at,
                   p.business_day, name, p.reason, vid is not None)
        for p, name, vid in rows
    )


def receipt_payments(session: Session, receipt_no: str) -> tuple[PaymentRow, ...]:
    wo_id = session.scalar(select(Payment.work_order_id).where(Payment.receipt_no == receipt_no).limit(1))
    if wo_id is None:
        raise NotFound(f"找不到收据 {receipt_no}。", f"No receipt {receipt_no}.")
    return tuple(p for p in _payments(session, wo_id) if p.receipt_no == receipt_no)


def bill_in(session: Session, number: str) -> Bill:
    code = halfwidth(number or "").strip().upper()
    wo = session.scalar(select(WorkOrder).where(WorkOrder.number == code))
    if wo is None:
        raise NotFound(f"找不到工单 {code}。", f"No work order {code}.")
    customer = session.get(Customer, wo.customer_id)
    vehicle = session.get(Vehicle, wo.vehicle_id)
    assert customer is not None and vehicle is not None
    balance = customer_balance(session, wo)
    deposits = tuple(
        HeldDeposit(cno, rno, amount) for cno, rno, amount in session.execute(
            select(ClaimOrder.number, Deposit.receipt_no, Deposit.amount)
            .join(Deposit, Deposit.claim_order_id == ClaimOrder.id)
            .where(ClaimOrder.work_order_id == wo.id, Deposit.refunded_at.is_(None)).order_by(Deposit.id)
        )
    )
    invoices = tuple(
        (title, kind, amount, number) for title, kind, amount, number in session.execute(
            select(InvoiceRequest.title, InvoiceRequest.kind, InvoiceRequest.amount, InvoiceRequest.invoice_number)
            .where(InvoiceRequest.work_order_id == wo.id).order_by(InvoiceRequest.id)))
    return Bill(wo.id, wo.number, wo.state, wo.kind, customer.name, customer.phone, vehicle.shown_plate,
                f"{vehicle.brand} {vehicle.model}", balance.split, balance.paid, balance.owed,
                _payments(session, wo.id), deposits, invoices, balance.rebilled, _available(session, wo.customer_id))


def _available(session: Session, customer_id: int) -> Decimal | None:
    account = account_of(session, customer_id)
    return account.available if account is not None and account.active else None


def bill(db: Database, number: str) -> Bill:
    """What the cashier sees when a work order is scanned or typed."""
    with db.read() as session:
        return bill_in(session, number)


@dataclass(frozen=True)
class WaitingRow:
    number: str
    plate: str
    customer_name: str
    total: Decimal
    paid: Decimal
    settled_at: datetime | None


def waiting_at_counter(db: Database, limit: int = 50) -> list[WaitingRow]:
    """Settled work orders whose customer part is not paid in full yet (newest first); the settled total
    stands in for the customer's part here, the bill itself splits it."""
    paid = (select(Payment.work_order_id, func.sum(Payment.amount).label("paid"))
            .group_by(Payment.work_order_id).subquery())
    with db.read() as s:
        rows = s.execute(
            select(WorkOrder.number, Vehicle.plate, Customer.name, WorkOrder.total,
                   func.coalesce(paid.c.paid, 0), WorkOrder.settled_at)
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id).join(Customer, Customer.id == WorkOrder.customer_id)
            .outerjoin(paid, paid.c.work_order_id == WorkOrder.id)
            .where(WorkOrder.state == State.SETTLED, WorkOrder.payer == Payer.CUSTOMER,
                   func.coalesce(paid.c.paid, 0) < WorkOrder.total)
            .order_by(WorkOrder.settled_at.desc()).limit(limit)
        ).all()
    return [WaitingRow(n, p, c, Decimal(t), Decimal(pd), at) for n, p, c, t, pd, at in rows]
