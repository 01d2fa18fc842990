"""Approvals (A1-A4) and quality: return visits (Q1) and complaints (Q2)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import UTCDateTime


class Approval(Base):
    """A4: who asked, why, who decided, what, when. Never deleted."""

    __tablename__ = "approvals"
    __table_args__ = (
        Index("ix_approvals_state_role", "state", "required_role"),
        Index("ix_approvals_wo", "work_order_id"),
        Index("ix_approvals_claim", "claim_order_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # discount, accident_margin, claim_manager, claim_director
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending, approved, refused
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"))
    claim_order_id: Mapped[int | None] = mapped_column(ForeignKey("claim_orders.id"))
    required_role: Mapped[str] = mapped_column(String(30))
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(300))
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the numbers and the limits in force
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str] = mapped_column(String(300), default="")


class ReturnVisit(Base):
    __tablename__ = "return_visits"
    __table_args__ = (Index("ix_return_visits_due", "done_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), unique=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    result: Mapped[str] = mapped_column(String(300), default="")
    score: Mapped[int | None] = mapped_column()  # 1..5, only when the customer was reached (Q1)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")  # calls made, reached or not
    # "" while open; reached, refused, not_reached (the last try failed); call_back leaves it open
    outcome: Mapped[str] = mapped_column(String(20), default="", server_default="")


class Complaint(Base):
    """Q2: accept -> handle -> verify -> feedback -> archive; answer within 24 h, verify within 3 working days."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_state", "state", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"))
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(20), default="accepted")  # accepted, handled, verified, fed_back, archived
    answer_due: Mapped[datetime] = mapped_column(UTCDateTime())
    verify_due: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ComplaintStep(Base):
    __tablename__ = "complaint_steps"
    __table_args__ = (Index("ix_complaint_steps_c", "complaint_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
    step: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
