"""F1, F2, F3, F7: opening a work order at reception (the kind's policy decides payer, department and
warranty checks) and editing its fields before settlement."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from workshop.db.models import (
    Vehicle,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.clock import to_shop
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.kind_policy import policy_of
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text
from workshop.domain.warranty import warranty_status
from workshop.domain.work_order import ChargingMode, Kind, Priority, State
from workshop.services.customers import _apply_mileage, _get_customer, _get_vehicle
from workshop.services.numbering import next_number
from workshop.services.work_order_common import (
    check_fields_editable,
    check_version,
    load_work_order,
    touch,
    work_order_info,
)
from workshop.services.work_order_dto import (
    WorkOrderInfo,
)


def _choice(value: object, enum: Any, zh: str, en: str) -> str:
    try:
        return str(enum(value).value)
    except ValueError:
        raise InvalidInput(f"未知的{zh}：{value}", f"Unknown {en}: {value}") from None


def _promised(value: datetime | None, now: datetime) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidInput("承诺交车时间无效。", "The promised time is not valid.")
    if value < now - timedelta(minutes=5):
        raise InvalidInput("承诺交车时间不能早于现在。", "The promised time cannot be in the past.")
    return value


def open_work_order(uow: UnitOfWork, actor: Actor, *, vehicle_id: int, kind: str, mileage_in: int,
                    fault_description: str, requested_items: str = "", priority: str = "normal",
                    charging_mode: str = "paid", promised_at: datetime | None = None,
                    internal_department: str | None = None, out_of_warranty_agreed: bool = False,
                    confirm_lower_mileage: bool = False, customer_id: int | None = None) -> WorkOrderInfo:
    """F1: a new work order (state draft) with a unique number RO{yymm}-{nnnn}, for one vehicle and customer."""
    with uow:
        uow.authorize(actor, Perm.WORK_ORDER_OPEN)
        wo = open_in(uow, actor, _get_vehicle(uow, vehicle_id), kind=kind, mileage_in=mileage_in,
                     fault_description=fault_description, requested_items=requested_items, priority=priority,
                     charging_mode=charging_mode, promised_at=promised_at, internal_department=internal_department,
                     out_of_warranty_agreed=out_of_warranty_agreed, confirm_lower_mileage=confirm_lower_mileage,
                     customer_id=customer_id)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def open_in(uow: UnitOfWork, actor: Actor, veh: Vehicle, *, kind: str, mileage_in: int, fault_description: str,
            requested_items: str = "", priority: str = "normal", charging_mode: str = "paid",
            promised_at: datetime | None = None, internal_department: str | None = None,
            out_of_warranty_agreed: bool = False, confirm_lower_mileage: bool = False,
            customer_id: int | None = None) -> WorkOrder:
    """open_work_order's step inside a unit of work the caller holds (and authorised): an appointment's
    arrival opens its work order in the arrival's own transaction (R1)."""
    k = Kind(_choice(kind, Kind, "工单类型", "work order kind"))
    mode = _choice(charging_mode, ChargingMode, "收费方式", "charging mode")
    prio = _choice(priority, Priority, "优先级", "priority")
    fault = clean_text(fault_description, "故障描述（客户原话）", "Fault in the customer's words", max_len=2000)
    items = clean_text(requested_items, "维修项目", "Requested items", max_len=2000, required=False)
    policy = policy_of(k)
    dept = None
    if policy.names_department:
        dept = clean_text(internal_department, "领用部门", "Internal department", max_len=40)
    elif internal_department:
        raise InvalidInput("只有内部工单填写领用部门。", "Only internal work orders name a department.")
    now = uow.now
    promised = _promised(promised_at, now)
    cust = _get_customer(uow, customer_id if customer_id is not None else veh.customer_id)
    km = _apply_mileage(veh, mileage_in, confirm_lower_mileage)
    status = warranty_status(veh.purchase_date, veh.warranty_months, veh.warranty_km, km, to_shop(now).date())
    if policy.needs_warranty and not status.in_warranty:
        raise RuleViolation(
            "这辆车已出保修（" + status.text("zh") + "），不能开索赔工单。",
            "This vehicle is out of warranty (" + status.text("en") + "); a warranty work order is not possible.",
        )
    wo = WorkOrder(
        number=next_number(uow, "work_order", now), kind=k.value, charging_mode=mode, payer=policy.payer.value,
        internal_department=dept, state=State.DRAFT.value, priority=prio, customer_id=cust.id,
        vehicle_id=veh.id, advisor_id=actor.user_id, mileage_in=km, fault_description=fault,
        requested_items=items, in_warranty=status.in_warranty,
        out_of_warranty_agreed=bool(out_of_warranty_agreed), promised_at=promised, opened_at=now,
        updated_at=now, updated_by=actor.user_id,
    )
    uow.session.add(wo)
    uow.session.flush()
    uow.audit(actor, "work_order.open", "work_order", wo.id, number=wo.number, kind=wo.kind,
              plate=veh.shown_plate, in_warranty=status.in_warranty, mileage=km)
    from workshop.services.reminders import refresh_service_due  # R2: a new mileage reading

    refresh_service_due(uow.session, veh)
    return wo


def edit_work_order(uow: UnitOfWork, actor: Actor, number: str, *, expected_version: int,
                    fault_description: str | None = None, requested_items: str | None = None,
                    priority: str | None = None, promised_at: datetime | None = None,
                    charging_mode: str | None = None, out_of_warranty_agreed: bool | None = None,
                    mileage_in: int | None = None, confirm_lower_mileage: bool = False) -> WorkOrderInfo:
    """None leaves a field as it is. A stale expected_version is refused (StaleEdit)."""
    with uow:
        uow.authorize(actor, Perm.WORK_ORDER_EDIT)
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        check_fields_editable(wo)
        changed: dict[str, object] = {}

        def put(field: str, value: object) -> None:
            if getattr(wo, field) != value:
                changed[field] = [getattr(wo, field), value]
                setattr(wo, field, value)

        if fault_description is not None:
            put("fault_description", clean_text(fault_description, "故障描述", "Fault description", max_len=2000))
        if requested_items is not None:
            put("requested_items", clean_text(requested_items, "维修项目", "Requested items", max_len=2000,
                                              required=False))
        if priority is not None:
            put("priority", _choice(priority, Priority, "优先级", "priority"))
        if promised_at is not None:
            put("promised_at", _promised(promised_at, uow.now))
        if charging_mode is not None:
            put("charging_mode", _choice(charging_mode, ChargingMode, "收费方式", "charging mode"))
        if out_of_warranty_agreed is not None:
            put("out_of_warranty_agreed", bool(out_of_warranty_agreed))
        if mileage_in is not None and mileage_in != wo.mileage_in:
            veh = _get_vehicle(uow, wo.vehicle_id)
            km = _apply_mileage(veh, mileage_in, confirm_lower_mileage)
            put("mileage_in", km)
            status = warranty_status(veh.purchase_date, veh.warranty_months, veh.warranty_km, km,
                                     to_shop(wo.opened_at).date())
            put("in_warranty", status.in_warranty)
        if changed:
            touch(uow, actor, wo)
            uow.audit(actor, "work_order.edit", "work_order", wo.id, number=wo.number, changed=changed)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info
