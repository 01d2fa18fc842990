"""W4 dispatch and W5 the job clock (the data model is described in workshop.domain.job_clock)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import UTCDateTime

Share = Numeric(5, 2, asdecimal=True)


class LaborAssignment(Base):
    """W4: a technician on a labor line with a share (%); the current rows of a line (ended_at NULL) sum to 100.
    A reassignment ends them (ended_at, ended_by) and writes new rows with assigned_by, assigned_at and reason."""

    __tablename__ = "labor_assignments"
    __table_args__ = (
        Index("ix_labor_assignments_line", "labor_line_id", "ended_at"),
        Index("ix_labor_assignments_tech", "technician_id", "ended_at"),
        Index("ix_labor_assignments_wo", "work_order_id", "ended_at"),  # 0018_clock_indexes: the terminal's jobs of an order
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    labor_line_id: Mapped[int] = mapped_column(ForeignKey("labor_lines.id"))
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    technician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    team: Mapped[str | None] = mapped_column(String(20))  # the team code (User.team) the line was dispatched to
    share_pct: Mapped[Decimal] = mapped_column(Share)
    assigned_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(200), default="", server_default="")  # why (a reassignment)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class JobClock(Base):
    """W5: one stretch of a technician's work on one labor line, from clock-on to clock-off, less its pauses."""

    __tablename__ = "job_clocks"
    __table_args__ = (
        UniqueConstraint("technician_id", "open_key", name="uq_job_clocks_technician_open"),
        Index("ix_job_clocks_tech_started", "technician_id", "started_at"),
        Index("ix_job_clocks_wo", "work_order_id"),
        Index("ix_job_clocks_line", "labor_line_id"),
        Index("ix_job_clocks_started", "started_at"),
        Index("ix_job_clocks_flagged", "flagged_at"),
        Index("ix_job_clocks_ended", "ended_at"),  # 0018_clock_indexes: the open clocks (NULL) of the board and at closing
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    labor_line_id: Mapped[int] = mapped_column(ForeignKey("labor_lines.id"))
    status: Mapped[str] = mapped_column(String(20), default="running")  # ClockStatus
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    open_key: Mapped[int | None] = mapped_column(Integer)  # see workshop.domain.job_clock.open_key; NULL closed
    worked_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    terminal: Mapped[str] = mapped_column(String(40), default="", server_default="")
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    stopped_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # NULL: stopped at closing time
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # left running at closing: for the manager
    flag_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the manager dealt with the flag
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    corrected_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    correction_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    original_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    original_ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ClockPause(Base):
    """W5: a pause of a clock with its reason (PauseReason). Open while ended_at is NULL."""

    __tablename__ = "clock_pauses"
    __table_args__ = (
        Index("ix_clock_pauses_clock", "clock_id"),
        Index("ix_clock_pauses_open", "reason", "ended_at"),
        Index("ix_clock_pauses_wo", "work_order_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clock_id: Mapped[int] = mapped_column(ForeignKey("job_clocks.id"))
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    technician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    part_line_id: Mapped[int | None] = mapped_column(ForeignKey("part_lines.id"))  # the part waited for, if named
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    parts_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FloorNotice(Base):
    """A message for a technician's floor terminal, shown at its next refresh until seen."""

    __tablename__ = "floor_notices"
    __table_args__ = (Index("ix_floor_notices_tech", "technician_id", "seen_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    pause_id: Mapped[int | None] = mapped_column(ForeignKey("clock_pauses.id"))
    kind: Mapped[str] = mapped_column(String(20))  # NoticeKind
    text_zh: Mapped[str] = mapped_column(String(300))
    text_en: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
