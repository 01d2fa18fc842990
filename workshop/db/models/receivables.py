"""Account customers (M3) and what insurers and the manufacturer owe (M5).

The account's credit limit is one row per customer (who set it, when; every change audited). A receivable is
one payer's part of one settled work order; its state moves billed → approved → paid, or rejected → rebilled /
written off, and every move is a row of receivable_events (append-only, who/when/why, the amount)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import Money, UTCDateTime


class AccountCustomer(Base):
    """M3: a customer that is an account (挂账单位) with the credit limit the service director set."""

    __tablename__ = "account_customers"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    credit_limit: Mapped[Decimal] = mapped_column(Money)
    active: Mapped[bool] = mapped_column(default=True)
    set_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Receivable(Base):
    """M5: the insurer's or the manufacturer's part of one settled work order."""

    __tablename__ = "receivables"
    __table_args__ = (
        Index("ix_receivables_wo", "work_order_id"),
        Index("ix_receivables_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    payer: Mapped[str] = mapped_column(String(20))        # insurer, manufacturer
    payer_name: Mapped[str] = mapped_column(String(60))   # 平安保险, the brand's manufacturer
    amount: Mapped[Decimal] = mapped_column(Money)        # billed
    approved_amount: Mapped[Decimal | None] = mapped_column(Money)
    paid_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    rebilled_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))  # moved to the customer's bill
    state: Mapped[str] = mapped_column(String(20))        # billed, approved, paid, rejected, rebilled, written_off
    reason: Mapped[str] = mapped_column(String(200), default="")
    billed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)


class ReceivableEvent(Base):
    """M5: one move of a receivable (append-only)."""

    __tablename__ = "receivable_events"
    __table_args__ = (Index("ix_receivable_events_rec", "receivable_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    receivable_id: Mapped[int] = mapped_column(ForeignKey("receivables.id"))
    action: Mapped[str] = mapped_column(String(20))       # billed, approved, paid, rejected, rebilled, written_off
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str] = mapped_column(String(60), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approval_id: Mapped[int | None] = mapped_column(ForeignKey("approvals.id"))
