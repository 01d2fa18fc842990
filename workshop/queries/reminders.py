"""R2 read side: customer service's call list — vehicles whose next service, insurance renewal or annual
inspection falls due within the set number of days ahead (or is overdue, up to OVERDUE_DAYS), minus the ones a
call already settled (reached, or booked into an appointment); a call that did not reach the customer leaves
the vehicle on the list. Each kind is one range scan on its indexed due-date column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, select

from workshop.db.models import Customer, ReminderCall, Vehicle
from workshop.db.settings_store import get_setting
from workshop.db.uow import Database
from workshop.domain.reminders import CallOutcome, ReminderKind

OVERDUE_DAYS = 90  # older than this, a due date is no longer a reminder but a lost customer

DUE_COLUMN = {ReminderKind.SERVICE: Vehicle.service_due, ReminderKind.INSURANCE: Vehicle.insurance_due,
              ReminderKind.INSPECTION: Vehicle.inspection_due}


@dataclass(frozen=True)
class ReminderRow:
    vehicle_id: int
    kind: str
    due_date: date
    days_left: int           # negative: overdue
    plate: str
    model: str
    customer_id: int
    customer_name: str
    customer_phone: str
    last_mileage: int
    daily_km: int | None
    calls: int               # calls already made about this due date (not reached)


def _settled(kind: ReminderKind, due: Any) -> ColumnElement[bool]:
    return exists().where(ReminderCall.vehicle_id == Vehicle.id, ReminderCall.kind == kind.value,
                          ReminderCall.due_date == due,
                          ReminderCall.outcome.in_((CallOutcome.REACHED.value, CallOutcome.BOOKED.value)))


def list_stmt(kind: ReminderKind, today: date, ahead: int, limit: int) -> Select[Any]:
    """One kind's rows: a range scan on its due-date index, the settled ones left out (index on the calls)."""
    due = DUE_COLUMN[kind]
    calls = (select(func.count()).where(ReminderCall.vehicle_id == Vehicle.id, ReminderCall.kind == kind.value,
                                        ReminderCall.due_date == due).scalar_subquery())
    return (select(Vehicle.id, due, Vehicle.shown_plate, Vehicle.model, Customer.id, Customer.name, Customer.phone,
                   Vehicle.last_mileage, Vehicle.daily_km, calls)
            .join(Customer, Customer.id == Vehicle.customer_id)
            .where(*_on_the_list(kind, today, ahead))
            .order_by(due, Vehicle.id).limit(limit))


def _on_the_list(kind: ReminderKind, today: date, ahead: int) -> tuple[ColumnElement[bool], ...]:
    due = DUE_COLUMN[kind]
    return (and_(due >= today - timedelta(days=OVERDUE_DAYS), due <= today + timedelta(days=ahead)),
            ~_settled(kind, due))


def reminder_counts(db: Database, today: date, *, days_ahead: int | None = None,
                    kinds: tuple[ReminderKind, ...] = tuple(ReminderKind)) -> tuple[int, int]:
    """(on the list, of them overdue) for `today`: the whole list, however many rows the screen shows."""
    total = overdue = 0
    with db.read() as s:
        ahead = int(get_setting(s, "reminder_days_ahead")) if days_ahead is None else days_ahead
        for kind in kinds:
            due = DUE_COLUMN[kind]
            n, late = s.execute(select(func.count(), func.coalesce(func.sum(case((due < today, 1), else_=0)), 0))
                                .select_from(Vehicle).where(*_on_the_list(kind, today, ahead))).one()
            total, overdue = total + int(n), overdue + int(late)
    return total, overdue


def reminder_list(db: Database, today: date, *, days_ahead: int | None = None,
                  kinds: tuple[ReminderKind, ...] = tuple(ReminderKind), limit: int = 500) -> list[ReminderRow]:
    """The call list for `today` (shop day), the soonest due first."""
    out: list[ReminderRow] = []
    with db.read() as s:
        ahead = int(get_setting(s, "reminder_days_ahead")) if days_ahead is None else days_ahead
        for kind in kinds:
            stmt = list_stmt(kind, today, ahead, limit)
            out += [ReminderRow(vid, kind.value, d, (d - today).days, plate, model, cid, name, phone, int(km or 0),
                                daily, int(n or 0))
                    for vid, d, plate, model, cid, name, phone, km, daily, n in s.execute(stmt)]
    out.sort(key=lambda r: (r.due_date, r.kind, r.vehicle_id))
    return out[:limit]


@dataclass(frozen=True)
class ReminderCallRow:
    kind: str
    due_date: date
    outcome: str
    note: str
    called_at: object
    appointment_id: int | None


def calls_of_vehicle(db: Database, vehicle_id: int) -> list[ReminderCallRow]:
    with db.read() as s:
        return [ReminderCallRow(*r) for r in s.execute(
            select(ReminderCall.kind, ReminderCall.due_date, ReminderCall.outcome, ReminderCall.note,
                   ReminderCall.called_at, ReminderCall.appointment_id)
            .where(ReminderCall.vehicle_id == vehicle_id).order_by(ReminderCall.called_at.desc(), ReminderCall.id))]


@dataclass(frozen=True)
class VehicleDues:
    service_due: date | None
    daily_km: int | None
    insurance_due: date | None
    inspection_due: date | None


def vehicle_dues(db: Database, vehicle_id: int) -> VehicleDues | None:
    with db.read() as s:
        row = s.execute(select(Vehicle.service_due, Vehicle.daily_km, Vehicle.insurance_due, Vehicle.inspection_due)
                        .where(Vehicle.id == vehicle_id)).first()
    return VehicleDues(*row) if row else None
