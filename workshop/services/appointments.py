"""R1: appointments. A booking takes a place in a slot of a team (capacity per weekday, a setting; none on the
shop's closed days and public holidays, S2); a full slot is refused unless a front-desk lead or above
overbooks (a permission, not an approval request). The confirmation call the day before, the cancellation and
the no-show are recorded; the arrival opens the work order with its item in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from workshop.db.appointment_places import capacities as capacities
from workshop.db.appointment_places import capacity_of as capacity_of
from workshop.db.appointment_places import slots_of as slots_of
from workshop.db.models import Appointment, AppointmentSlot, User, Vehicle
from workshop.db.uow import UnitOfWork
from workshop.domain.appointments import ADVISOR_ROLES as ADVISOR_ROLES
from workshop.domain.appointments import (
    ApptState,
    check_place,
    closed_for_appointments,
)
from workshop.domain.appointments import channel as parse_channel
from workshop.domain.clock import SHOP_TZ, to_shop
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.master_data import LaborKind
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text
from workshop.services import front_desk
from workshop.services.settings import working_calendar
from workshop.services.teams import check_team

MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class AppointmentInfo:
    id: int
    customer_id: int
    vehicle_id: int
    day: date
    slot: str
    team: str
    service: str
    operation_code: str | None
    channel: str
    advisor_id: int
    state: str
    overbooked: bool
    confirmed_at: datetime | None
    work_order_number: str | None = None


def _info(a: Appointment, number: str | None = None) -> AppointmentInfo:
    return AppointmentInfo(a.id, a.customer_id, a.vehicle_id, a.day, a.slot, a.team, a.service, a.operation_code,
                           a.channel, a.advisor_id, a.state, a.overbooked, a.confirmed_at, number)


def slot_start(day: date, slot: str) -> datetime:
    hh, mm = (int(x) for x in slot.split(":"))
    return datetime.combine(day, time(hh, mm), tzinfo=SHOP_TZ)


def _take_place(session: Session, day: date, slot: str, team: str) -> int:
    """Atomic upsert-and-increment of the slot's counter; the row lock serialises two desks (both backends)."""
    make = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = make(AppointmentSlot).values(day=day, slot=slot, team=team, booked=1)
    stmt = stmt.on_conflict_do_update(index_elements=["day", "slot", "team"],
                                      set_={"booked": AppointmentSlot.booked + 1})
    return int(session.execute(stmt.returning(AppointmentSlot.booked)).scalar_one())


def _free_place(session: Session, a: Appointment) -> None:
    session.execute(update(AppointmentSlot).where(
        AppointmentSlot.day == a.day, AppointmentSlot.slot == a.slot, AppointmentSlot.team == a.team)
        .values(booked=AppointmentSlot.booked - 1))


def _check_advisor(session: Session, advisor_id: int) -> None:
    from workshop.db.models import UserRole

    ok = session.scalar(select(User.id).join(UserRole, UserRole.user_id == User.id).where(
        User.id == advisor_id, User.is_active.is_(True), UserRole.role.in_(ADVISOR_ROLES)).limit(1))
    if ok is None:
        raise InvalidInput("请选择一位在职的服务顾问。", "Choose an active service advisor.")


def book_in(uow: UnitOfWork, actor: Actor, veh: Vehicle, *, day: date, slot: str, team: str, service: str,
            channel: str, operation_code: str | None = None, advisor_id: int | None = None,
            overbook: bool = False, note: str = "") -> Appointment:
    """book_appointment's step inside the caller's transaction (a reminder call that books, R2)."""
    s = uow.session
    if not isinstance(day, date) or isinstance(day, datetime):
        raise InvalidInput("预约日期无效。", "The appointment date is not valid.")
    ch = parse_channel(channel)
    check_team(s, team)
    if slot not in slots_of(s):
        raise InvalidInput(f"没有 {slot} 这个预约时段。", f"There is no appointment slot at {slot}.")
    now = uow.now
    if slot_start(day, slot) < now:
        raise RuleViolation("这个时段已经过去了，不能再预约。", "This slot is in the past; it cannot be booked.")
    if day > to_shop(now).date() + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(f"预约最多提前 {MAX_DAYS_AHEAD} 天。", f"Appointments are booked at most {MAX_DAYS_AHEAD} days ahead.")
    if closed_for_appointments(working_calendar(s), day):
        raise RuleViolation(f"{day.isoformat()} 是本店休息日或法定节假日，不接受预约。",
                            f"{day.isoformat()} is a closed day or a public holiday; no appointments.")
    code = None
    text = clean_text(service, "预约项目", "Requested service", max_len=300, required=not operation_code)
    if operation_code:
        op = front_desk.find_operation(uow, operation_code)
        code, text = op.code, text or op.name
    remark = clean_text(note, "备注", "Note", max_len=300, required=False)
    advisor = actor.user_id if advisor_id is None else int(advisor_id)
    _check_advisor(s, advisor)
    twice = s.scalar(select(Appointment.id).where(Appointment.vehicle_id == veh.id, Appointment.day == day,
                                                  Appointment.state == ApptState.BOOKED.value).limit(1))
    if twice is not None:
        raise RuleViolation(f"这辆车 {day.isoformat()} 已经有预约了。", f"This vehicle is already booked on {day.isoformat()}.")
    booked = _take_place(s, day, slot, team)
    over = check_place(booked, capacity_of(s, team, day), overbook=overbook,
                       may_overbook=actor.has(Perm.APPOINTMENT_OVERBOOK),
                       label=f"{day.isoformat()} {slot} {team}")
    if over:
        uow.authorize(actor, Perm.APPOINTMENT_OVERBOOK)  # re-read from the database, not the desk's copy
    a = Appointment(customer_id=veh.customer_id, vehicle_id=veh.id, day=day, slot=slot, team=team, service=text,
                    operation_code=code, channel=ch.value, advisor_id=advisor, state=ApptState.BOOKED.value,
                    overbooked=over, note=remark, created_at=now, created_by=actor.user_id, confirm_note="",
                    close_reason="")
    s.add(a)
    s.flush()
    uow.audit(actor, "appointment.book", "appointment", a.id, day=day.isoformat(), slot=slot, team=team,
              plate=veh.shown_plate, service=text, channel=ch.value, overbooked=over, booked=booked)
    return a


def book_appointment(uow: UnitOfWork, actor: Actor, *, vehicle_id: int, day: date, slot: str, team: str,
                     service: str = "", channel: str, operation_code: str | None = None,
                     advisor_id: int | None = None, overbook: bool = False, note: str = "") -> AppointmentInfo:
    """R1: a booking for a vehicle (and its customer) in a slot of a team."""
    with uow:
        uow.authorize(actor, Perm.APPOINTMENT_BOOK)
        veh = front_desk._get_vehicle(uow, vehicle_id)
        a = book_in(uow, actor, veh, day=day, slot=slot, team=team, service=service, channel=channel,
                    operation_code=operation_code, advisor_id=advisor_id, overbook=overbook, note=note)
        info = _info(a)
        uow.commit()
    return info


def _open(uow: UnitOfWork, appointment_id: int) -> Appointment:
    a = uow.session.get(Appointment, appointment_id, with_for_update=True)
    if a is None:
        raise NotFound("找不到这个预约。", "No such appointment.")
    if a.state != ApptState.BOOKED.value:
        raise RuleViolation("这个预约已经处理过了（已到店、未到店或已取消）。",
                            "This appointment is already closed (arrived, no-show or cancelled).")
    return a


def confirm_appointment(uow: UnitOfWork, actor: Actor, appointment_id: int, *, note: str = "") -> AppointmentInfo:
    """The confirmation call the day before: the customer is coming."""
    with uow:
        uow.authorize(actor, Perm.APPOINTMENT_BOOK)
        a = _open(uow, appointment_id)
        a.confirmed_at, a.confirm_note = uow.now, clean_text(note, "确认记录", "Note", max_len=300, required=False)
        uow.audit(actor, "appointment.confirm", "appointment", a.id, note=a.confirm_note)
        info = _info(a)
        uow.commit()
    return info


def cancel_appointment(uow: UnitOfWork, actor: Actor, appointment_id: int, *, reason: str) -> AppointmentInfo:
    """The customer cancels: the place is free again."""
    with uow:
        uow.authorize(actor, Perm.APPOINTMENT_BOOK)
        why = clean_text(reason, "取消原因", "Reason for cancelling", max_len=300)
        a = _open(uow, appointment_id)
        a.state, a.closed_at, a.closed_by, a.close_reason = ApptState.CANCELLED.value, uow.now, actor.user_id, why
        _free_place(uow.session, a)
        uow.audit(actor, "appointment.cancel", "appointment", a.id, reason=why)
        info = _info(a)
        uow.commit()
    return info


def record_no_show(uow: UnitOfWork, actor: Actor, appointment_id: int, *, note: str = "") -> AppointmentInfo:
    """The customer did not come: only once the slot has begun."""
    with uow:
        uow.authorize(actor, Perm.APPOINTMENT_BOOK)
        a = _open(uow, appointment_id)
        if uow.now < slot_start(a.day, a.slot):
            raise RuleViolation("预约时间还没到，不能记为未到店。", "The appointment time has not come yet; it is not a no-show.")
        text = clean_text(note, "说明", "Note", max_len=300, required=False)
        a.state, a.closed_at, a.closed_by, a.close_reason = ApptState.NO_SHOW.value, uow.now, actor.user_id, text
        uow.audit(actor, "appointment.no_show", "appointment", a.id, note=text)
        info = _info(a)
        uow.commit()
    return info


def arrive_appointment(uow: UnitOfWork, actor: Actor, appointment_id: int, *, mileage_in: int,
                       kind: str | None = None, fault_description: str = "",
                       confirm_lower_mileage: bool = False) -> AppointmentInfo:
    """The car arrives: one transaction opens its work order (F1) with the requested service — the catalog
    operation as its labor line, the service text as the requested items — and closes the appointment."""
    with uow:
        uow.authorize(actor, Perm.WORK_ORDER_OPEN)
        a = _open(uow, appointment_id)
        if to_shop(uow.now).date() < a.day:
            raise RuleViolation(f"这个预约在 {a.day.isoformat()}，还没到日子。",
                                f"This appointment is on {a.day.isoformat()}; that day has not come.")
        veh = uow.session.get(Vehicle, a.vehicle_id)
        assert veh is not None
        op = front_desk.find_operation(uow, a.operation_code) if a.operation_code else None
        if kind is None:
            kind = "maintenance" if op is not None and op.kind == LaborKind.MAINTENANCE.value else "general"
        wo = front_desk.open_in(uow, actor, veh, kind=kind, mileage_in=mileage_in,
                                fault_description=fault_description or a.service, requested_items=a.service,
                                confirm_lower_mileage=confirm_lower_mileage, customer_id=a.customer_id)
        if op is not None:
            front_desk.add_labor_in(uow, actor, wo, operation_code=op.code, team=a.team if op.team != a.team else None)
        a.state, a.closed_at, a.closed_by, a.work_order_id = ApptState.ARRIVED.value, uow.now, actor.user_id, wo.id
        uow.audit(actor, "appointment.arrive", "appointment", a.id, number=wo.number)
        info = _info(a, wo.number)
        uow.commit()
    return info
