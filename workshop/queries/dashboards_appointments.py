"""R1 figures for the front desk: the appointment rate (work orders that came by appointment) and the show
rate (appointments that arrived, of those that arrived or did not come)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, exists, func, select

from workshop.db.models import Appointment, Customer, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.appointments import ApptState
from workshop.domain.kind_policy import CUSTOMER_KINDS
from workshop.domain.work_order import State
from workshop.queries.dashboards_base import Column, FigureData, Headline, Params, pct
from workshop.queries.dashboards_lists import Row, kind_filter

SOURCES = ("appt:booked", "appt:walk_in")
STATES = tuple(f"appt_state:{s.value}" for s in ApptState)


def _from_appointment() -> Any:
    return exists().where(Appointment.work_order_id == WorkOrder.id)


def _opened(p: Params) -> list[Any]:
    return [WorkOrder.opened_at >= p.start, WorkOrder.opened_at < p.end, WorkOrder.state != State.CANCELLED.value,
            WorkOrder.kind.in_(CUSTOMER_KINDS), *kind_filter(p)]


def appointment_rate(db: Database, p: Params) -> FigureData:
    source = case((_from_appointment(), "appt:booked"), else_="appt:walk_in").label("source")
    with db.read() as s:
        got = {k: int(n) for k, n in s.execute(select(source, func.count()).where(*_opened(p)).group_by(source))}
    rows = tuple((k, got.get(k, 0)) for k in SOURCES)
    return FigureData(
        columns=(Column("source", "来源", "Source", "label"), Column("count", "工单", "Work orders", "int")),
        rows=rows,
        headline=(Headline("预约率", "Appointment rate", pct(rows[0][1], rows[0][1] + rows[1][1]), "pct"),
                  Headline("预约到店工单", "By appointment", rows[0][1])),
    )


def work_orders_of_source(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    cond = _from_appointment() if key == "appt:booked" else ~_from_appointment()
    stmt = (select(WorkOrder.number, Customer.name, Vehicle.shown_plate, WorkOrder.opened_at)
            .join(Customer, Customer.id == WorkOrder.customer_id).join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .where(*_opened(p), cond).order_by(WorkOrder.opened_at).offset(offset).limit(limit))
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]


SOURCE_COLUMNS = (Column("number", "工单号", "Work order"), Column("customer", "客户", "Customer"),
                  Column("plate", "车牌", "Plate"), Column("opened_at", "开单时间", "Opened", "datetime"))


def _in_range(p: Params) -> list[Any]:
    return [Appointment.day >= p.date_from, Appointment.day <= p.date_to]


def show_rate(db: Database, p: Params) -> FigureData:
    state = Appointment.state
    with db.read() as s:
        got = {st: int(n) for st, n in s.execute(
            select(state, func.count()).where(*_in_range(p)).group_by(state))}
    rows = tuple((f"appt_state:{st.value}", got.get(st.value, 0)) for st in ApptState)
    arrived, no_show = got.get(ApptState.ARRIVED.value, 0), got.get(ApptState.NO_SHOW.value, 0)
    return FigureData(
        columns=(Column("state", "预约结果", "Outcome", "label"), Column("count", "预约", "Appointments", "int")),
        rows=rows,
        headline=(Headline("到店率", "Show rate", pct(arrived, arrived + no_show), "pct"),
                  Headline("未到店", "No-shows", no_show)),
    )


def appointments_in_state(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    st = str(key).removeprefix("appt_state:")
    stmt = (select(Appointment.day, Appointment.slot, Customer.name, Customer.phone, Vehicle.shown_plate,
                   Appointment.service)
            .join(Customer, Customer.id == Appointment.customer_id).join(Vehicle, Vehicle.id == Appointment.vehicle_id)
            .where(*_in_range(p), Appointment.state == st).order_by(Appointment.day, Appointment.slot, Appointment.id)
            .offset(offset).limit(limit))
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]


STATE_COLUMNS = (Column("day", "日期", "Day", "date"), Column("slot", "时段", "Slot"),
                 Column("customer", "客户", "Customer"), Column("phone", "电话", "Phone"),
                 Column("plate", "车牌", "Plate"), Column("service", "预约项目", "Service"))
