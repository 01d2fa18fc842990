"""Bringing customers back: appointments with their slot counters (R1) and maintenance-reminder calls (R2)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import UTCDateTime


class AppointmentSlot(Base):
    """R1: how many appointments (not cancelled) a slot of a team holds. Booking increments it with one atomic
    upsert: the row lock serialises two advisors booking the last place at the same moment."""

    __tablename__ = "appointment_slots"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    slot: Mapped[str] = mapped_column(String(5), primary_key=True)  # "08:30", shop time
    team: Mapped[str] = mapped_column(String(20), primary_key=True)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class Appointment(Base):
    """R1: customer, vehicle, requested service, channel, advisor; booked -> arrived / no_show / cancelled."""

    __tablename__ = "appointments"
    __table_args__ = (
        Index("ix_appointments_day_state", "day", "state"),
        Index("ix_appointments_vehicle", "vehicle_id"),
        Index("ix_appointments_created", "created_at"),
        Index("ix_appointments_work_order", "work_order_id"),  # the appointment rate: came by appointment?
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    day: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(5))
    team: Mapped[str] = mapped_column(String(20))
    service: Mapped[str] = mapped_column(String(300))
    operation_code: Mapped[str | None] = mapped_column(String(20))  # from the labor catalog, or free text only
    channel: Mapped[str] = mapped_column(String(12))  # phone, walk_in, wechat, oem_app
    advisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(12), default="booked")  # booked, arrived, no_show, cancelled
    overbooked: Mapped[bool] = mapped_column(default=False, server_default=false())
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the call the day before
    confirm_note: Mapped[str] = mapped_column(String(300), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # arrived, no-show or cancelled
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    close_reason: Mapped[str] = mapped_column(String(300), default="")
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"))


class ReminderCall(Base):
    """R2: one call of customer service about a vehicle's due date (service, insurance, inspection)."""

    __tablename__ = "reminder_calls"
    __table_args__ = (Index("ix_reminder_calls_vehicle_kind", "vehicle_id", "kind", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    kind: Mapped[str] = mapped_column(String(12))  # service, insurance, inspection
    due_date: Mapped[date] = mapped_column(Date)   # the due date the call was about
    outcome: Mapped[str] = mapped_column(String(12))  # reached, not_reached, booked
    note: Mapped[str] = mapped_column(String(300), default="")
    called_at: Mapped[datetime] = mapped_column(UTCDateTime())
    called_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
