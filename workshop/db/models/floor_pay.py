"""The floor board's bays (W8) and the piece-rate month (W7): which bay or lift a car stands on, the closed
months with each technician's frozen pay, and the dated corrections a closed month may take afterwards."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import Money, Qty, UTCDateTime


class WorkshopBay(Base):
    """W8: a bay (工位) or lift (举升机) of the workshop floor, in the administrator's order."""

    __tablename__ = "workshop_bays"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10))          # bay | lift
    team: Mapped[str | None] = mapped_column(String(20))   # the team that works there; NULL: any
    position: Mapped[int] = mapped_column(Integer)


class BayPlacement(Base):
    """W8: the bay or lift (a name of workshop_bays) a car in the workshop stands on."""

    __tablename__ = "bay_placements"
    __table_args__ = (Index("ix_bay_placements_bay", "bay"),)

    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), primary_key=True)
    bay: Mapped[str] = mapped_column(String(40))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    placed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class PieceRateClose(Base):
    """W7: a piece-rate month closed by the director or the workshop manager."""

    __tablename__ = "piece_rate_closes"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, unique=True)   # the first day of the month
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class PieceRateStatement(Base):
    """W7: one technician's pay of a closed month, frozen at the close."""

    __tablename__ = "piece_rate_statements"
    __table_args__ = (UniqueConstraint("month", "technician_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)
    technician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    billed_hours: Mapped[Decimal] = mapped_column(Qty)
    gross: Mapped[Decimal] = mapped_column(Money)
    deduction: Mapped[Decimal] = mapped_column(Money)
    net: Mapped[Decimal] = mapped_column(Money)


class PieceRateCorrection(Base):
    """W7: a dated correction to a closed month (+ pays more, - pays less), with its reason."""

    __tablename__ = "piece_rate_corrections"
    __table_args__ = (Index("ix_piece_rate_corrections_month", "month", "technician_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)
    technician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    entry_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
