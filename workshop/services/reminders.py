"""R2: maintenance reminders. Each vehicle keeps its next service due date (by date or mileage, whichever
first; intervals per model or the default, settings; the daily mileage predicted from its visits), refreshed
whenever a work order brings a new mileage reading; insurance renewal and annual inspection dates are entered
at reception. Customer service calls the list (workshop.queries.reminders) and records each call: reached, not
reached (it stays on the list), or booked — the appointment is made in the same transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Select, Table, bindparam, select, update
from sqlalchemy.orm import Session

from workshop.db.models import ReminderCall, Vehicle, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.clock import to_shop
from workshop.domain.errors import InvalidInput
from workshop.domain.kind_policy import policy_of
from workshop.domain.reminders import (
    CallOutcome,
    Interval,
    call_outcome,
    checked_date,
    next_service_due,
    parse_interval,
    parse_model_intervals,
    predicted_daily_km,
    reminder_kind,
)
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text
from workshop.domain.work_order import State
from workshop.services.front_desk import _get_vehicle
from workshop.services.settings import all_settings

Visit = tuple[date, int, bool]  # shop day, mileage in, a service (maintenance work order)


@dataclass(frozen=True)
class DuePolicy:
    default: Interval
    by_model: dict[str, Interval]
    daily_km_default: int

    def interval(self, model: str) -> Interval:
        return self.by_model.get(model, self.default)


def due_policy(settings: dict[str, str]) -> DuePolicy:
    return DuePolicy(parse_interval(settings["service_interval"]),
                     parse_model_intervals(settings["service_intervals_by_model"]),
                     int(settings["daily_km_default"]))


def service_due_of(visits: list[Visit], purchase_date: date, model: str, policy: DuePolicy) -> tuple[date, int]:
    """(next service due, predicted km per day) from a vehicle's visits."""
    readings = [(d, km) for d, km, _ in visits]
    daily = predicted_daily_km(readings, purchase_date, policy.daily_km_default)
    services = [(d, km) for d, km, is_service in visits if is_service]
    due = next_service_due(last_service=max(services) if services else None,
                           latest=max(readings) if readings else None, purchase_date=purchase_date,
                           daily_km=daily, interval=policy.interval(model))
    return due, daily


def _visits_stmt() -> Select[int, datetime, int, str]:
    return (select(WorkOrder.vehicle_id, WorkOrder.opened_at, WorkOrder.mileage_in, WorkOrder.kind)
            .where(WorkOrder.state != State.CANCELLED.value))


def _visit(opened_at: datetime, km: int, kind: str) -> Visit:
    return (to_shop(opened_at).date(), int(km or 0), policy_of(kind).service_visit)


def refresh_service_due(session: Session, veh: Vehicle) -> None:
    """Called in the transaction that brought a new reading (a work order opened)."""
    policy = due_policy(all_settings(session))
    session.flush()
    visits = [_visit(at, km, kind) for _, at, km, kind in session.execute(
        _visits_stmt().where(WorkOrder.vehicle_id == veh.id))]
    veh.service_due, veh.daily_km = service_due_of(visits, veh.purchase_date, veh.model, policy)


def refresh_all_service_due(connection: Connection, settings: dict[str, str], batch: int = 2000) -> int:
    """Every vehicle's due date in one pass (after a bulk load, a change of intervals). Returns vehicles."""
    policy = due_policy(settings)
    visits: dict[int, list[Visit]] = defaultdict(list)
    for vid, at, km, kind in connection.execute(_visits_stmt()):
        visits[vid].append(_visit(at, km, kind))
    rows = []
    for vid, purchase, model in connection.execute(select(Vehicle.id, Vehicle.purchase_date, Vehicle.model)):
        due, daily = service_due_of(visits.get(vid, []), purchase, model, policy)
        rows.append({"vid": vid, "due": due, "daily": daily})
    table = Vehicle.__table__
    assert isinstance(table, Table)
    stmt = (update(table).where(table.c.id == bindparam("vid"))
            .values(service_due=bindparam("due"), daily_km=bindparam("daily")))
    for i in range(0, len(rows), batch):
        connection.execute(stmt, rows[i:i + batch])
    return len(rows)


def recompute_service_due(uow: UnitOfWork, actor: Actor) -> int:
    """After the intervals changed (settings): every vehicle again, one transaction."""
    with uow:
        uow.authorize(actor, Perm.LIMITS_SET)
        n = _recompute_all(uow, actor)
        uow.commit()
    return n


def _recompute_all(uow: UnitOfWork, actor: Actor) -> int:
    """Inside an open unit of work (LIMITS_SET checked by the caller): every vehicle's next service, audited."""
    n = refresh_all_service_due(uow.session.connection(), all_settings(uow.session))
    uow.audit(actor, "reminders.recompute", "vehicle", "*", vehicles=n)
    return n


def _due_date(value: object, zh: str, en: str) -> date | None:
    return None if value is None else checked_date(value, zh, en)


def set_vehicle_due_dates(uow: UnitOfWork, actor: Actor, vehicle_id: int, *, insurance_due: date | None,
                          inspection_due: date | None) -> tuple[date | None, date | None]:
    """At reception: the insurance renewal and annual inspection dates (None: not known)."""
    with uow:
        uow.authorize(actor, Perm.CUSTOMER_EDIT)
        ins = _due_date(insurance_due, "保险到期日", "insurance renewal date")
        insp = _due_date(inspection_due, "年检到期日", "annual inspection date")
        veh = _get_vehicle(uow, vehicle_id)
        before = (veh.insurance_due, veh.inspection_due)
        veh.insurance_due, veh.inspection_due = ins, insp
        veh.version += 1
        uow.audit(actor, "vehicle.due_dates", "vehicle", veh.id, before=[str(d) for d in before],
                  after=[str(ins), str(insp)])
        uow.commit()
    return ins, insp


@dataclass(frozen=True)
class ReminderCallInfo:
    id: int
    vehicle_id: int
    kind: str
    due_date: date
    outcome: str
    appointment_id: int | None


def record_reminder_call(uow: UnitOfWork, actor: Actor, vehicle_id: int, *, kind: str, due_date: date,
                         outcome: str, note: str = "", booking: dict[str, object] | None = None
                         ) -> ReminderCallInfo:
    """One call about one due date. booked: `booking` holds the appointment's day, slot, team, service and
    channel (appointments.book_in), made in this same transaction; a full slot refuses the whole call."""
    from workshop.services.appointments import book_in

    with uow:
        uow.authorize(actor, Perm.REMINDER_CALL)
        k = reminder_kind(kind)
        result = call_outcome(outcome)
        due_date = checked_date(due_date, "到期日", "due date")
        text = clean_text(note, "提醒记录", "Notes of the call", max_len=300, required=False)
        veh = _get_vehicle(uow, vehicle_id)
        appointment_id = None
        if result is CallOutcome.BOOKED:
            if not booking:
                raise InvalidInput("已预约：请填写预约日期、时段和项目。", "Booked: give the appointment's day, slot and service.")
            appt = book_in(uow, actor, veh, **booking)  # type: ignore[arg-type]
            appointment_id = appt.id
        elif booking:
            raise InvalidInput("只有“已预约”才填写预约。", "Only a booked call carries an appointment.")
        call = ReminderCall(vehicle_id=veh.id, kind=k.value, due_date=due_date, outcome=result.value, note=text,
                            called_at=uow.now, called_by=actor.user_id, appointment_id=appointment_id)
        uow.session.add(call)
        uow.session.flush()
        uow.audit(actor, "reminder.call", "vehicle", veh.id, kind=k.value, due=due_date.isoformat(),
                  outcome=result.value, appointment=appointment_id)
        info = ReminderCallInfo(call.id, veh.id, k.value, due_date, result.value, appointment_id)
        uow.commit()
    return info
