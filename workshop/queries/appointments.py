"""R1 read side: the day and week calendars of slots with each team's capacity and bookings, the confirmation
call list for a day, and the figures (appointment rate, show rate) for the front-desk dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from workshop.db.appointment_places import capacities, slots_of
from workshop.db.models import Appointment, AppointmentSlot, Customer, User, Vehicle, WorkOrder
from workshop.db.settings_store import working_calendar
from workshop.db.uow import Database
from workshop.domain.appointments import ApptState, closed_for_appointments


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    day: date
    slot: str
    team: str
    state: str
    customer_name: str
    customer_phone: str
    plate: str
    vehicle_id: int
    model: str
    service: str
    operation_code: str | None
    channel: str
    advisor_name: str
    overbooked: bool
    confirmed_at: datetime | None
    work_order_number: str | None
    mileage: int


@dataclass(frozen=True)
class SlotCell:
    slot: str
    team: str
    capacity: int
    booked: int          # places taken (cancelled ones freed theirs)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)

    @property
    def full(self) -> bool:
        return self.booked >= self.capacity


@dataclass(frozen=True)
class DayPlan:
    day: date
    closed: bool
    slots: tuple[str, ...]
    cells: tuple[SlotCell, ...]
    appointments: tuple[AppointmentRow, ...]
    teams: tuple[str, ...] = ()  # the teams in use, in the shop's order

    def cell(self, slot: str, team: str) -> SlotCell:
        return next(c for c in self.cells if c.slot == slot and c.team == team)


def _rows_stmt() -> Select[Appointment, str, str, str, str, str, str | None, int]:
    advisor = aliased(User)
    return (select(Appointment, Customer.name, Customer.phone, Vehicle.shown_plate, Vehicle.model,
                   advisor.display_name, WorkOrder.number, Vehicle.last_mileage)
            .join(Customer, Customer.id == Appointment.customer_id)
            .join(Vehicle, Vehicle.id == Appointment.vehicle_id)
            .join(advisor, advisor.id == Appointment.advisor_id)
            .outerjoin(WorkOrder, WorkOrder.id == Appointment.work_order_id))


def _row(a: Appointment, name: str, phone: str, plate: str, model: str, adv: str | None, number: str | None,
         km: int) -> AppointmentRow:
    return AppointmentRow(a.id, a.day, a.slot, a.team, a.state, name, phone, plate, a.vehicle_id, model, a.service,
                          a.operation_code, a.channel, adv or "", a.overbooked, a.confirmed_at, number, int(km or 0))


def day_plan(db: Database, day: date) -> DayPlan:
    with db.read() as s:
        slots = slots_of(s)
        closed = closed_for_appointments(working_calendar(s), day)
        booked = {(slot, team): n for slot, team, n in s.execute(
            select(AppointmentSlot.slot, AppointmentSlot.team, AppointmentSlot.booked).where(AppointmentSlot.day == day))}
        places = capacities(s)
        cells = tuple(SlotCell(slot, team, 0 if closed else places[team][day.weekday()],
                               int(booked.get((slot, team), 0))) for slot in slots for team in places)
        rows = tuple(_row(*r) for r in s.execute(
            _rows_stmt().where(Appointment.day == day).order_by(Appointment.slot, Appointment.team, Appointment.id)))
    return DayPlan(day, closed, slots, cells, rows, tuple(places))


@dataclass(frozen=True)
class WeekDay:
    day: date
    closed: bool
    capacity: dict[str, int]   # team -> places over the day's slots
    booked: dict[str, int]


def week_plan(db: Database, monday: date) -> list[WeekDay]:
    days = [monday + timedelta(days=i) for i in range(7)]
    with db.read() as s:
        slots = slots_of(s)
        cal = working_calendar(s)
        got: dict[tuple[date, str], int] = {}
        for d, team, n in s.execute(
                select(AppointmentSlot.day, AppointmentSlot.team, func.sum(AppointmentSlot.booked))
                .where(AppointmentSlot.day >= days[0], AppointmentSlot.day <= days[-1])
                .group_by(AppointmentSlot.day, AppointmentSlot.team)):
            got[(d, team)] = int(n or 0)
        out = []
        places = capacities(s)
        for d in days:
            closed = closed_for_appointments(cal, d)
            out.append(WeekDay(d, closed, {t: 0 if closed else places[t][d.weekday()] * len(slots) for t in places},
                               {t: got.get((d, t), 0) for t in places}))
    return out


def confirmation_list(db: Database, day: date) -> list[AppointmentRow]:
    """The appointments of `day` still booked: customer service calls them the day before."""
    with db.read() as s:
        return [_row(*r) for r in s.execute(
            _rows_stmt().where(Appointment.day == day, Appointment.state == ApptState.BOOKED.value)
            .order_by(Appointment.confirmed_at.is_not(None), Appointment.slot, Appointment.id))]


def appointments_of_vehicle(db: Database, vehicle_id: int, limit: int = 20) -> list[AppointmentRow]:
    with db.read() as s:
        return [_row(*r) for r in s.execute(
            _rows_stmt().where(Appointment.vehicle_id == vehicle_id).order_by(Appointment.day.desc()).limit(limit))]


def advisors(db: Database) -> list[tuple[int, str]]:
    """The active advisors and front-desk leads an appointment can be booked for."""
    from workshop.db.models import UserRole
    from workshop.domain.appointments import ADVISOR_ROLES

    with db.read() as s:
        return [(uid, name) for uid, name in s.execute(
            select(User.id, User.display_name).join(UserRole, UserRole.user_id == User.id)
            .where(User.is_active.is_(True), UserRole.role.in_(ADVISOR_ROLES))
            .group_by(User.id, User.display_name).order_by(User.display_name))]
