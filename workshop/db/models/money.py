"""Money at the counter (M1-M7): the insurer's terms, the payments ledger, gate passes and day closes.
Every money row is append-only: a void is a new row pointing at the one it cancels."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import Money, UTCDateTime


class PayerTerms(Base):
    """M1: an accident order's insurer, its assessed amount (定损金额) and the deductible (免赔额)."""

    __tablename__ = "payer_terms"

    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), primary_key=True)
    insurer: Mapped[str] = mapped_column(String(60))
    assessed_amount: Mapped[Decimal] = mapped_column(Money)
    deductible: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    set_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Payment(Base):
    """M2: one tender of a receipt (several methods share the receipt number), or the void of one."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_wo", "work_order_id"),
        Index("ix_payments_receipt", "receipt_no"),
        Index("ix_payments_day", "business_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(30))
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    kind: Mapped[str] = mapped_column(String(10))  # payment, void
    method: Mapped[str] = mapped_column(String(20))  # cash, wechat, alipay, card, transfer, deposit
    amount: Mapped[Decimal] = mapped_column(Money)  # a void carries the negative of what it cancels
    tendered: Mapped[Decimal | None] = mapped_column(Money)  # cash handed over
    change: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    reference: Mapped[str] = mapped_column(String(60), default="")  # POS slip / transfer reference
    deposit_id: Mapped[int | None] = mapped_column(ForeignKey("deposits.id"))
    voids_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), unique=True)
    business_day: Mapped[date] = mapped_column(Date)  # the shop's day it counts in (M6)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    cashier_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # a later void: the director


class DayClose(Base):
    """M6: a shop day closed by the cashier; its payments never change afterwards."""

    __tablename__ = "day_closes"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_day: Mapped[date] = mapped_column(Date, unique=True)
    expected_cash: Mapped[Decimal] = mapped_column(Money)
    counted_cash: Mapped[Decimal] = mapped_column(Money)
    difference: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(200), default="")
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class GatePass(Base):
    """M4: the car's exit pass, printed with a barcode; scanned at the gate, it records the delivery."""

    __tablename__ = "gate_passes"
    __table_args__ = (Index("ix_gate_passes_wo", "work_order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    basis: Mapped[str] = mapped_column(String(20))  # paid, nothing_owed, account (M3)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class InvoiceRequest(Base):
    """M7: the customer's invoice request (title, tax number, 普票/专票, amount) and the invoice number once issued."""

    __tablename__ = "invoice_requests"
    __table_args__ = (Index("ix_invoice_requests_wo", "work_order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    title: Mapped[str] = mapped_column(String(100))
    tax_number: Mapped[str] = mapped_column(String(20), default="")
    kind: Mapped[str] = mapped_column(String(10))  # normal (普票), special (专票)
    amount: Mapped[Decimal] = mapped_column(Money)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    invoice_number: Mapped[str | None] = mapped_column(String(30), unique=True)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
