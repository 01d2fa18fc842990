"""Warranty claim orders and deposits (C1-C3); special tools, loans and charges (T1-T3)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import Money, Qty, UTCDateTime


class ClaimOrder(Base):
    __tablename__ = "claim_orders"
    __table_args__ = (Index("ix_claim_orders_wo", "work_order_id"), Index("ix_claim_orders_state", "state"),
                      Index("ix_claim_orders_created", "created_at", "id"))  # the claims list, newest first

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    # draft -> signed -> ordered -> arrived -> fitted -> refunded ; cancelled
    state: Mapped[str] = mapped_column(String(20), default="draft")
    amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ordered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    customer_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    fitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)


class ClaimOrderLine(Base):
    __tablename__ = "claim_order_lines"
    __table_args__ = (Index("ix_claim_order_lines_claim", "claim_order_id"),
                      Index("ix_claim_order_lines_part", "part_id"),  # the counter's claim reservation (C3)
                      Index("ix_claim_order_lines_part_line", "part_line_id"))  # the totals' claimed lines (A5)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_order_id: Mapped[int] = mapped_column(ForeignKey("claim_orders.id"))
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id"))
    quantity: Mapped[Decimal] = mapped_column(Qty)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    arrived_qty: Mapped[Decimal] = mapped_column(Qty, default=Decimal("0"))
    part_line_id: Mapped[int | None] = mapped_column(ForeignKey("part_lines.id"))  # reserved for this line
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # C3: this line's first arrival


class Deposit(Base):
    """C1/C3: the customer's deposit for a claim order; refunded once, never more than taken."""

    __tablename__ = "deposits"
    __table_args__ = (
        Index("ix_deposits_claim", "claim_order_id"),
        Index("ix_deposits_refunded", "refunded_at"),  # deposits held (NULL): not every deposit ever taken
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_order_id: Mapped[int] = mapped_column(ForeignKey("claim_orders.id"))
    amount: Mapped[Decimal] = mapped_column(Money)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    method: Mapped[str] = mapped_column(String(20))  # cash, wechat, alipay, card
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    refunded_amount: Mapped[Decimal | None] = mapped_column(Money)
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refund_method: Mapped[str | None] = mapped_column(String(20))
    refunded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Tool(Base):
    __tablename__ = "tools"
    __table_args__ = (Index("ix_tools_state", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    brand: Mapped[str] = mapped_column(String(40), default="")
    model: Mapped[str] = mapped_column(String(60), default="")
    location: Mapped[str] = mapped_column(String(40), default="")
    original_price: Mapped[Decimal] = mapped_column(Money)
    state: Mapped[str] = mapped_column(String(20), default="in")  # in, out, lost, retired
    version: Mapped[int] = mapped_column(default=1)


class ToolLoan(Base):
    __tablename__ = "tool_loans"
    __table_args__ = (
        Index("ix_tool_loans_tool", "tool_id", "lent_at"),
        Index("ix_tool_loans_open_due", "returned_at", "due_at"),
        Index("ix_tool_loans_borrower", "borrower_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tool_id: Mapped[int] = mapped_column(ForeignKey("tools.id"))
    borrower_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    lent_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    lent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    returned_to: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"))


class ToolCharge(Base):
    """T3: a lost tool charged at its original price to the borrower, or replaced with the same model."""

    __tablename__ = "tool_charges"
    __table_args__ = (Index("ix_tool_charges_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tool_id: Mapped[int] = mapped_column(ForeignKey("tools.id"))
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("tool_loans.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))  # charge, replacement
    amount: Mapped[Decimal] = mapped_column(Money)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
