"""Master data a new shop sets up (S1): the teams (data, not a fixed pair: a shop adds, renames and retires its
own), their internal cost rates (A5) and piece rates (W7), with the moment each takes effect. A rate change is a
new row; the rows in force at a time are the latest before it. Rates, users and work orders name a team by its
code (a plain string column), which never changes; the name shown may."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import Money, UTCDateTime


class TeamRate(Base):
    __tablename__ = "team_rates"
    __table_args__ = (
        UniqueConstraint("team", "effective_from", name="uq_team_rates_team_from"),
        Index("ix_team_rates_team_from", "team", "effective_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team: Mapped[str] = mapped_column(String(20))
    cost_rate: Mapped[Decimal] = mapped_column(Money)    # A5: 元 per hour, the team's internal labor cost
    piece_rate: Mapped[Decimal] = mapped_column(Money)   # W7: 元 per billed hour paid to the technician
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)   # what users.team, work_orders.team, rates hold
    name: Mapped[str] = mapped_column(String(40))                # shown in lists and combo boxes
    name_en: Mapped[str] = mapped_column(String(40), default="", server_default="")
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
