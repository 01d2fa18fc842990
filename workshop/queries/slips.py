"""What the small slips print, read in one go: the gate pass (M4), the cashier's receipt (M2) and the claim
deposit's receipt (C2). Rendering them is workshop.printing.gate_pass, .receipt and .deposit_receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import (
    ClaimOrder,
    ClaimOrderLine,
    Customer,
    Deposit,
    GatePass,
    Part,
    Payment,
    User,
    Vehicle,
    WorkOrder,
)
from workshop.db.shop_profile_store import company_name
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.errors import NotFound, RuleViolation
from workshop.domain.money import ZERO, money
from workshop.domain.text import halfwidth
from workshop.queries.cashier import Bill, PaymentRow, bill_in, receipt_payments


@dataclass(frozen=True)
class GatePassDoc:
    shop_name: str
    code: str
    work_order_no: str
    plate: str
    model: str
    customer: str
    basis: str
    issued_at: datetime
    issued_by: str
    used_at: datetime | None
    printed_at: datetime


def gate_pass_doc(db: Database, code: str) -> GatePassDoc:
    value = halfwidth(code or "").strip().upper()
    with db.read() as s:
        row = s.execute(
            select(GatePass, WorkOrder.number, Vehicle.plate, Vehicle.brand, Vehicle.model, Customer.name,
                   User.display_name)
            .join(WorkOrder, WorkOrder.id == GatePass.work_order_id).join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .join(Customer, Customer.id == WorkOrder.customer_id).join(User, User.id == GatePass.issued_by)
            .where(GatePass.code == value)
        ).first()
        if row is None:
            raise NotFound(f"找不到放行条 {value}。", f"No gate pass {value}.")
        gp, number, plate, brand, model, customer, issuer = row
        return GatePassDoc(company_name(s), gp.code, number, plate or "未上牌", f"{brand} {model}", customer,
                           gp.basis, gp.issued_at, issuer, gp.used_at, utcnow())


@dataclass(frozen=True)
class ReceiptDoc:
    shop_name: str
    receipt_no: str
    bill: Bill
    tenders: tuple[PaymentRow, ...]
    amount: Decimal
    voided: bool
    printed_at: datetime

    @property
    def taken_at(self) -> datetime:
        return self.tenders[0].at

    @property
    def cashier(self) -> str:
        return self.tenders[0].cashier


def receipt_doc(db: Database, receipt_no: str) -> ReceiptDoc:
    code = halfwidth(receipt_no or "").strip().upper()
    with db.read() as session:
        rows = receipt_payments(session, code)  # NotFound for an unknown receipt
        number = session.scalar(select(WorkOrder.number).join(Payment, Payment.work_order_id == WorkOrder.id)
                                .where(Payment.receipt_no == code).limit(1))
        assert number is not None
        b = bill_in(session, number)
        shop = company_name(session)
    tenders = tuple(r for r in rows if r.kind == "payment")
    return ReceiptDoc(shop, code, b, tenders, money(sum((t.amount for t in tenders), ZERO)),
                      any(t.voided for t in tenders), utcnow())


@dataclass(frozen=True)
class ReceiptData:
    shop_name: str
    receipt_no: str
    claim_no: str
    work_order_no: str
    customer_name: str
    customer_phone: str
    plate: str
    vin: str
    model: str
    parts: tuple[tuple[str, str, Decimal], ...]  # part no, name, quantity
    amount: Decimal
    method: str
    received_at: datetime
    received_by: str
    refunded_amount: Decimal | None
    refunded_at: datetime | None
    refund_method: str | None
    printed_at: datetime


def deposit_receipt_data(session: Session, claim_no: str) -> ReceiptData:
    number = halfwidth(claim_no or "").strip().upper()
    claim = session.scalar(select(ClaimOrder).where(ClaimOrder.number == number))
    if claim is None:
        raise NotFound(f"找不到索赔订货单 {number}。", f"No claim order {number}.")
    deposit = session.scalar(select(Deposit).where(Deposit.claim_order_id == claim.id))
    if deposit is None:
        raise RuleViolation(f"索赔订货单 {number} 没有收过订金，没有收据可打。",
                            f"No deposit was taken for claim order {number}; there is no receipt to print.")
    wo = session.get(WorkOrder, claim.work_order_id)
    assert wo is not None
    customer = session.get(Customer, wo.customer_id)
    vehicle = session.get(Vehicle, wo.vehicle_id)
    assert customer is not None and vehicle is not None
    parts = tuple(
        (pno, name, qty) for pno, name, qty in session.execute(
            select(Part.part_no, Part.name, ClaimOrderLine.quantity)
            .join(ClaimOrderLine, ClaimOrderLine.part_id == Part.id)
            .where(ClaimOrderLine.claim_order_id == claim.id).order_by(ClaimOrderLine.id)
        )
    )
    clerk = session.scalar(select(User.display_name).where(User.id == deposit.recorded_by)) or ""
    return ReceiptData(
        shop_name=company_name(session), receipt_no=deposit.receipt_no, claim_no=claim.number,
        work_order_no=wo.number, customer_name=customer.name, customer_phone=customer.phone, plate=vehicle.shown_plate,
        vin=vehicle.vin, model=f"{vehicle.brand} {vehicle.model}", parts=parts, amount=deposit.amount,
        method=deposit.method, received_at=deposit.received_at, received_by=clerk,
        refunded_amount=deposit.refunded_amount, refunded_at=deposit.refunded_at, refund_method=deposit.refund_method,
        printed_at=utcnow(),
    )
