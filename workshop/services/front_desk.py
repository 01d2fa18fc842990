"""The front desk (F1-F8): customers and vehicles, opening and editing work orders, labor and part lines,
job start, added items confirmed with the customer, settlement, delivery and cancellation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from workshop.db.models import (
    AddedItem,
    ClaimOrderLine,
    Customer,
    LaborLine,
    LaborOperation,
    Part,
    PartLine,
    Vehicle,
    VehiclePlate,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.clock import to_shop
from workshop.domain.codes import ConsentMethod
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation, StaleEdit
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_phone, clean_text
from workshop.domain.vehicle import normalise_vin, plate_search_key, reception_plate
from workshop.domain.warranty import warranty_status
from workshop.domain.work_order import PAYER_OF_KIND, ChargingMode, Kind, Priority, State, transition_for
from workshop.services import quality
from workshop.services.approval_requests import check_lines_unlocked, revalidate_after_change
from workshop.services.consent import item_amounts, recheck_consents
from workshop.services.declined_record import record_declined_item
from workshop.services.numbering import next_number
from workshop.services.stock import fmt_qty
from workshop.services.work_order_common import (
    added_item_info,
    apply_transition,
    check_fields_editable,
    check_lines_editable,
    check_team,
    check_technician,
    check_version,
    deadlines,
    get_work_order,
    load_work_order,
    net_issued,
    perm_of,
    touch,
    work_order_info,
)
from workshop.services.work_order_dto import (
    AddedItemInfo,
    CustomerInfo,
    VehicleInfo,
    WorkOrderInfo,
)

__all__ = [
    "add_customer", "add_labor_line", "add_part_line", "add_vehicle", "cancel_work_order", "change_part_quantity",
    "confirm_added_item", "deadlines", "decline_added_item", "deliver_work_order", "edit_customer",
    "edit_vehicle", "edit_work_order", "get_work_order", "open_work_order", "remove_labor_line",
    "remove_part_line", "settle_work_order", "start_work_order", "update_mileage",
    "warranty_status",
]

MAX_MILEAGE = 2_000_000


# ---------------------------------------------------------------- customers and vehicles


def _customer_info(c: Customer) -> CustomerInfo:
    return CustomerInfo(id=c.id, name=c.name, phone=c.phone, address=c.address, version=c.version)


def _vehicle_info(v: Vehicle) -> VehicleInfo:
    return VehicleInfo(
        id=v.id, customer_id=v.customer_id, plate=v.plate or "", vin=v.vin, brand=v.brand, model=v.model,
        purchase_date=v.purchase_date, last_mileage=v.last_mileage, warranty_months=v.warranty_months,
        warranty_km=v.warranty_km, version=v.version, plate_unrecognised=bool(v.plate_unrecognised),
    )


def add_customer(uow: UnitOfWork, actor: Actor, *, name: str, phone: str, address: str = "") -> CustomerInfo:
    with uow:
        uow.authorize(actor, Perm.CUSTOMER_EDIT)
        c = Customer(
            name=clean_text(name, "客户姓名", "Customer name", max_len=100), phone=clean_phone(phone),
            address=clean_text(address, "地址", "Address", required=False), created_at=uow.now, version=1,
        )
        uow.session.add(c)
        uow.session.flush()
        uow.audit(actor, "customer.add", "customer", c.id, name=c.name, phone=c.phone)
        info = _customer_info(c)
        uow.commit()
    return info


def _get_customer(uow: UnitOfWork, customer_id: int) -> Customer:
    c = uow.session.get(Customer, customer_id, with_for_update=True)
    if c is None:
        raise NotFound("找不到这个客户。", "No such customer.")
    return c


def edit_customer(uow: UnitOfWork, actor: Actor, customer_id: int, *, expected_version: int,
                  name: str | None = None, phone: str | None = None, address: str | None = None) -> CustomerInfo:
    with uow:
        uow.authorize(actor, Perm.CUSTOMER_EDIT)
        c = _get_customer(uow, customer_id)
        if c.version != expected_version:
            raise StaleEdit("此客户资料已被他人修改，请刷新后再改。", "This customer was changed by someone else — reload.")
        before = {"name": c.name, "phone": c.phone, "address": c.address}
        if name is not None:
            c.name = clean_text(name, "客户姓名", "Customer name", max_len=100)
        if phone is not None:
            c.phone = clean_phone(phone)
        if address is not None:
            c.address = clean_text(address, "地址", "Address", required=False)
        c.version += 1
        uow.audit(actor, "customer.edit", "customer", c.id, before=before,
                  after={"name": c.name, "phone": c.phone, "address": c.address})
        info = _customer_info(c)
        uow.commit()
    return info


def _check_unique_vehicle(uow: UnitOfWork, plate: str | None, vin: str, own_id: int | None) -> None:
    for column, value, zh, en in ((Vehicle.plate, plate, "车牌", "plate"), (Vehicle.vin, vin, "车架号", "VIN")):
        if value is None:
            continue
        other = uow.session.scalar(select(Vehicle).where(column == value, Vehicle.id != (own_id or 0)))
        if other is not None:
            raise RuleViolation(f"{zh} {value} 已登记在另一辆车上（{other.shown_plate}）。",
                                f"The {en} {value} is already on vehicle {other.shown_plate}.")


def _mileage(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput("里程必须是整数公里数。", "The mileage is a whole number of kilometres.")
    try:
        km = int(str(value).strip().replace(",", ""))
    except ValueError:
        raise InvalidInput("里程必须是整数公里数。", "The mileage is a whole number of kilometres.") from None
    if km < 0 or km > MAX_MILEAGE:
        raise InvalidInput("里程数不合理。", "The mileage is not plausible.")
    return km


def _apply_mileage(vehicle: Vehicle, mileage: object, confirm_lower_mileage: bool) -> int:
    km = _mileage(mileage)
    if km < vehicle.last_mileage and not confirm_lower_mileage:
        raise RuleViolation(
            f"本次里程 {km} 公里低于上次记录的 {vehicle.last_mileage} 公里，请与客户核对后确认（仪表更换或上次录错）。",
            f"The mileage {km} km is lower than the last recorded {vehicle.last_mileage} km; "
            "check with the customer and confirm (instrument replaced or a typing error last time).",
        )
    vehicle.last_mileage = km
    return km


def _purchase_date(value: object, today: date) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput("请填写购车日期。", "Please give the purchase date.")
    if value > today:
        raise InvalidInput("购车日期不能晚于今天。", "The purchase date cannot be in the future.")
    return value


def add_vehicle(uow: UnitOfWork, actor: Actor, *, customer_id: int, plate: str | None, vin: str, brand: str,
                model: str, purchase_date: date, mileage: int = 0, warranty_months: int = 36,
                warranty_km: int = 100000, confirm_unrecognised_plate: bool = False) -> VehicleInfo:
    """F1: plate None or 未上牌 (never an empty field) registers a new car by its VIN; a plate of no GA 36 form
    is kept, and the vehicle flagged, only with confirm_unrecognised_plate=True (UnrecognisedPlate until then)."""
    with uow:
        uow.authorize(actor, Perm.CUSTOMER_EDIT)
        reading = reception_plate(plate, confirm_unrecognised=confirm_unrecognised_plate)
        p, v = (reading.plate if reading else None), normalise_vin(vin)
        _get_customer(uow, customer_id)
        _check_unique_vehicle(uow, p, v, None)
        veh = Vehicle(
            customer_id=customer_id, plate=p, plate_key=plate_search_key(p or ""), vin=v,
            plate_unrecognised=bool(reading and not reading.recognised),
            brand=clean_text(brand, "品牌", "Brand", max_len=40), model=clean_text(model, "车型", "Model", max_len=60),
            purchase_date=_purchase_date(purchase_date, to_shop(uow.now).date()), last_mileage=_mileage(mileage),
            warranty_months=_positive_int(warranty_months, "保修月数", "Warranty months"),
            warranty_km=_positive_int(warranty_km, "保修里程", "Warranty kilometres"), created_at=uow.now, version=1,
        )
        uow.session.add(veh)
        uow.session.flush()
        uow.audit(actor, "vehicle.add", "vehicle", veh.id, plate=p, vin=v, customer_id=customer_id,
                  plate_unrecognised=veh.plate_unrecognised)
        info = _vehicle_info(veh)
        uow.commit()
    return info


def _positive_int(value: object, zh: str, en: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInput(f"{zh}必须是正整数。", f"{en} must be a positive whole number.")
    return value


def _get_vehicle(uow: UnitOfWork, vehicle_id: int) -> Vehicle:
    veh = uow.session.get(Vehicle, vehicle_id, with_for_update=True)
    if veh is None:
        raise NotFound("找不到这辆车。", "No such vehicle.")
    return veh


def edit_vehicle(uow: UnitOfWork, actor: Actor, vehicle_id: int, *, expected_version: int,
                 plate: str | None = None, vin: str | None = None, brand: str | None = None,
                 model: str | None = None, purchase_date: date | None = None, customer_id: int | None = None,
                 warranty_months: int | None = None, warranty_km: int | None = None,
                 mileage: int | None = None, confirm_lower_mileage: bool = False,
                 confirm_unrecognised_plate: bool = False) -> VehicleInfo:
    """None leaves a field as it is (未上牌 for the plate: none yet). A lower mileage than the last one
    needs confirm_lower_mileage=True. A plate change (one added to a 未上牌 car) is kept in the plate history."""
    with uow:
        uow.authorize(actor, Perm.CUSTOMER_EDIT)
        veh = _get_vehicle(uow, vehicle_id)
        if veh.version != expected_version:
            raise StaleEdit("此车辆资料已被他人修改，请刷新后再改。", "This vehicle was changed by someone else — reload.")
        before = _vehicle_info(veh)
        new_plate, unrecognised = veh.plate, veh.plate_unrecognised
        if plate is not None:
            same = isinstance(plate, str) and veh.plate is not None and plate_search_key(plate) == veh.plate_key
            reading = reception_plate(plate, confirm_unrecognised=confirm_unrecognised_plate or same)
            new_plate = reading.plate if reading else None
            unrecognised = bool(reading and not reading.recognised)
        new_vin = normalise_vin(vin) if vin is not None else veh.vin
        _check_unique_vehicle(uow, new_plate, new_vin, veh.id)
        if new_plate != veh.plate:
            uow.session.add(VehiclePlate(vehicle_id=veh.id, old_plate=veh.plate, new_plate=new_plate,
                                         changed_at=uow.now, changed_by=actor.user_id))
        veh.plate, veh.plate_key, veh.vin = new_plate, plate_search_key(new_plate or ""), new_vin
        veh.plate_unrecognised = unrecognised
        if brand is not None:
            veh.brand = clean_text(brand, "品牌", "Brand", max_len=40)
        if model is not None:
            veh.model = clean_text(model, "车型", "Model", max_len=60)
        if purchase_date is not None:
            veh.purchase_date = _purchase_date(purchase_date, to_shop(uow.now).date())
        if customer_id is not None:
            veh.customer_id = _get_customer(uow, customer_id).id
        if warranty_months is not None:
            veh.warranty_months = _positive_int(warranty_months, "保修月数", "Warranty months")
        if warranty_km is not None:
            veh.warranty_km = _positive_int(warranty_km, "保修里程", "Warranty kilometres")
        if mileage is not None:
            _apply_mileage(veh, mileage, confirm_lower_mileage)
        veh.version += 1
        after = _vehicle_info(veh)
        uow.audit(actor, "vehicle.edit", "vehicle", veh.id,
                  changed={k: [getattr(before, k), getattr(after, k)] for k in before.__dataclass_fields__
                           if k != "version" and getattr(before, k) != getattr(after, k)},
                  lower_mileage_confirmed=bool(mileage is not None and mileage < before.last_mileage))
        uow.commit()
    return after


def update_mileage(uow: UnitOfWork, actor: Actor, vehicle_id: int, mileage: int, *,
                   confirm_lower_mileage: bool = False) -> VehicleInfo:
    with uow:
        uow.authorize(actor, Perm.CUSTOMER_EDIT)
        veh = _get_vehicle(uow, vehicle_id)
        before = veh.last_mileage
        km = _apply_mileage(veh, mileage, confirm_lower_mileage)
        veh.version += 1
        uow.audit(actor, "vehicle.mileage", "vehicle", veh.id, before=before, after=km,
                  lower_mileage_confirmed=km < before)
        info = _vehicle_info(veh)
        uow.commit()
    return info


# ---------------------------------------------------------------- F3 warranty


# ---------------------------------------------------------------- opening and editing work orders


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
    dept = None
    if k is Kind.INTERNAL:
        dept = clean_text(internal_department, "领用部门", "Internal department", max_len=40)
    elif internal_department:
        raise InvalidInput("只有内部工单填写领用部门。", "Only internal work orders name a department.")
    now = uow.now
    promised = _promised(promised_at, now)
    cust = _get_customer(uow, customer_id if customer_id is not None else veh.customer_id)
    km = _apply_mileage(veh, mileage_in, confirm_lower_mileage)
    status = warranty_status(veh.purchase_date, veh.warranty_months, veh.warranty_km, km, to_shop(now).date())
    if k is Kind.WARRANTY and not status.in_warranty:
        raise RuleViolation(
            "这辆车已出保修（" + status.text("zh") + "），不能开索赔工单。",
            "This vehicle is out of warranty (" + status.text("en") + "); a warranty work order is not possible.",
        )
    wo = WorkOrder(
        number=next_number(uow, "work_order", now), kind=k.value, charging_mode=mode, payer=PAYER_OF_KIND[k],
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


# ---------------------------------------------------------------- lines (F8)


def find_operation(uow: UnitOfWork, code: str) -> LaborOperation:
    c = clean_code(code, "工时代码", "Operation code")
    op = uow.session.scalar(select(LaborOperation).where(LaborOperation.code == c))
    if op is None:
        raise NotFound(f"工时目录里没有代码 {c}。", f"No labor operation {c} in the catalog.")
    if op.retired_at is not None:  # it stays on the orders that carry it, but no new line takes it
        raise RuleViolation(f"工时 {c}（{op.name}）已停用，不能再加到工单上。",
                            f"The labor operation {c} ({op.name}) is retired and cannot be added any more.")
    return op


def find_part(uow: UnitOfWork, part_no: str) -> Part:
    c = clean_code(part_no, "零件号", "Part number")
    part = uow.session.scalar(select(Part).where(Part.part_no == c))
    if part is None:
        part = uow.session.scalar(select(Part).where(Part.barcode == c))
    if part is None:
        raise NotFound(f"配件目录里没有 {c}。", f"No part {c} in the catalog.")
    return part


def labor_values(op: LaborOperation, hours: object, rate: object) -> tuple[Decimal, Decimal]:
    """F8: the catalog's standard hours and rate apply; less is a discount and goes through approvals."""
    h = op.standard_hours if hours is None else parse_amount(hours, "工时", "Hours", allow_zero=False)
    r = op.rate if rate is None else parse_amount(rate, "工时单价", "Labor rate")
    if h < op.standard_hours or r < op.rate:
        raise RuleViolation(
            f"{op.code} 的标准工时为 {op.standard_hours}、单价 {op.rate} 元；少收属于优惠，请走折扣审批，不能在项目上改低。",
            f"{op.code} has standard hours {op.standard_hours} at {op.rate} 元; charging less is a discount "
            "and goes through approval, not through the line.",
        )
    return h, r


def part_values(part: Part, quantity: object, unit_price: object) -> tuple[Decimal, Decimal]:
    q = parse_amount(quantity, "数量", "Quantity", allow_zero=False)
    p = part.price if unit_price is None else parse_amount(unit_price, "单价", "Unit price")
    if p < part.price:
        raise RuleViolation(
            f"{part.part_no} 的标准价为 {part.price} 元；少收属于优惠，请走折扣审批，不能在项目上改低。",
            f"{part.part_no} has the standard price {part.price} 元; charging less is a discount and goes "
            "through approval, not through the line.",
        )
    return q, p


def _editable(uow: UnitOfWork, actor: Actor, number: str, expected_version: int | None) -> WorkOrder:
    uow.authorize(actor, Perm.WORK_ORDER_EDIT)
    wo = load_work_order(uow, number)
    check_version(uow.session, wo, expected_version)
    check_lines_editable(wo)
    check_lines_unlocked(uow.session, wo)  # A4: locked while a request for these figures is pending
    return wo


def _lines_changed(uow: UnitOfWork, actor: Actor, wo: WorkOrder) -> None:
    """A4: an approval of the old figures holds only if the new ones stay within it."""
    touch(uow, actor, wo)
    recheck_consents(uow, actor, wo)  # F6: a price change after consent needs a new consent
    revalidate_after_change(uow, actor, wo)


def add_labor_line(uow: UnitOfWork, actor: Actor, number: str, *, expected_version: int, operation_code: str,
                   hours: Decimal | str | None = None, rate: Decimal | str | None = None,
                   team: str | None = None, technician_id: int | None = None,
                   description: str | None = None) -> WorkOrderInfo:
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        add_labor_in(uow, actor, wo, operation_code=operation_code, hours=hours, rate=rate, team=team,
                     technician_id=technician_id, description=description)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def add_labor_in(uow: UnitOfWork, actor: Actor, wo: WorkOrder, *, operation_code: str,
                 hours: Decimal | str | None = None, rate: Decimal | str | None = None, team: str | None = None,
                 technician_id: int | None = None, description: str | None = None) -> LaborLine:
    """add_labor_line's step on a work order the caller loaded and may edit, inside the caller's transaction."""
    op = find_operation(uow, operation_code)
    h, r = labor_values(op, hours, rate)
    t = check_team(uow.session, team) or op.team
    check_technician(uow.session, technician_id, t)
    desc = op.name if description is None else clean_text(description, "项目说明", "Description")
    line = LaborLine(work_order_id=wo.id, operation_id=op.id, description=desc, hours=h, rate=r, team=t,
                     technician_id=technician_id, done=False)
    uow.session.add(line)
    _lines_changed(uow, actor, wo)
    uow.session.flush()
    uow.audit(actor, "work_order.labor_add", "work_order", wo.id, number=wo.number, line_id=line.id,
              code=op.code, hours=str(h), rate=str(r))
    return line


def remove_labor_line(uow: UnitOfWork, actor: Actor, number: str, line_id: int, *,
                      expected_version: int) -> WorkOrderInfo:
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        line = uow.session.get(LaborLine, line_id, with_for_update=True)
        if line is None or line.work_order_id != wo.id:
            raise NotFound("这个工时项目不在此工单上。", "This labor line is not on this work order.")
        if line.done:
            raise RuleViolation("已完工的工时项目不能删除。", "A labor line that is done cannot be removed.")
        uow.audit(actor, "work_order.labor_remove", "work_order", wo.id, number=wo.number, line_id=line.id,
                  description=line.description, hours=str(line.hours), rate=str(line.rate))
        uow.session.delete(line)
        _lines_changed(uow, actor, wo)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def add_part_line(uow: UnitOfWork, actor: Actor, number: str, *, expected_version: int, part_no: str,
                  quantity: Decimal | str | int = Decimal(1),
                  unit_price: Decimal | str | None = None) -> WorkOrderInfo:
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        part = find_part(uow, part_no)
        q, p = part_values(part, quantity, unit_price)
        line = PartLine(work_order_id=wo.id, part_id=part.id, quantity=q, unit_price=p)
        uow.session.add(line)
        _lines_changed(uow, actor, wo)
        uow.session.flush()
        uow.audit(actor, "work_order.part_add", "work_order", wo.id, number=wo.number, line_id=line.id,
                  part_no=part.part_no, quantity=str(q), unit_price=str(p))
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def _part_line(uow: UnitOfWork, wo: WorkOrder, line_id: int) -> PartLine:
    line = uow.session.get(PartLine, line_id, with_for_update=True)
    if line is None or line.work_order_id != wo.id:
        raise NotFound("这个配件项目不在此工单上。", "This part line is not on this work order.")
    return line


def change_part_quantity(uow: UnitOfWork, actor: Actor, number: str, line_id: int, *, expected_version: int,
                         quantity: Decimal | str | int) -> WorkOrderInfo:
    """Raise (P2: before issuing more) or lower a part line — to 0 once every part is back (P4) —; never below
    what is out on it."""
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        line = _part_line(uow, wo, line_id)
        q = parse_amount(quantity, "数量", "Quantity", allow_zero=True)  # 0: all returned, nothing charged
        if q < net_issued(line):
            raise RuleViolation(
                f"此项目已发料 {net_issued(line)}，数量不能改得比这更少（先退料）。",
                f"{net_issued(line)} are already issued on this line; return parts before lowering it.",
            )
        before = line.quantity
        line.quantity = q
        _lines_changed(uow, actor, wo)
        uow.audit(actor, "work_order.part_quantity", "work_order", wo.id, number=wo.number, line_id=line.id,
                  before=str(before), after=str(q))
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def _undo_part_line(uow: UnitOfWork, line: PartLine) -> bool:
    """Take a part line off the work order (F6/W3/P4): refused while a part of it is out or fitted; a line
    that was issued and all returned stays at quantity 0 — the ledger's moves keep pointing at it — and a line
    never issued goes. True when kept at 0."""
    if net_issued(line) > 0 or line.fitted:
        raise RuleViolation(
            f"此配件项目还有 {fmt_qty(net_issued(line))} 件在车上或未退回，不能删除：请先把配件退回仓库（P4）。",
            f"{fmt_qty(net_issued(line))} of this line are still out or fitted; return them to the store first.",
        )
    referenced = line.issued_qty > 0 or uow.session.scalar(
        select(ClaimOrderLine.id).where(ClaimOrderLine.part_line_id == line.id).limit(1)) is not None
    if referenced:
        line.quantity = Decimal(0)
        return True
    uow.session.delete(line)
    return False


def remove_part_line(uow: UnitOfWork, actor: Actor, number: str, line_id: int, *,
                     expected_version: int) -> WorkOrderInfo:
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        line = _part_line(uow, wo, line_id)
        quantity = line.quantity
        kept = _undo_part_line(uow, line)
        uow.audit(actor, "work_order.part_remove", "work_order", wo.id, number=wo.number, line_id=line.id,
                  part_id=line.part_id, quantity=str(quantity), kept_at_zero_for_the_ledger=kept)
        _lines_changed(uow, actor, wo)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


# ---------------------------------------------------------------- the life-cycle (F4)


def start_work_order(uow: UnitOfWork, actor: Actor, number: str, *,
                     expected_version: int | None = None) -> WorkOrderInfo:
    """开工: needs a team or technician (internal work orders excepted) and, out of warranty on a general or
    maintenance job, the customer's agreement to the charges (F3)."""
    with uow:
        uow.authorize(actor, perm_of("start"))
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        if wo.kind != Kind.INTERNAL:
            line_team = uow.session.scalar(
                select(LaborLine.team).where(LaborLine.work_order_id == wo.id, LaborLine.team.is_not(None)).limit(1)
            )
            line_tech = uow.session.scalar(
                select(LaborLine.technician_id)
                .where(LaborLine.work_order_id == wo.id, LaborLine.technician_id.is_not(None)).limit(1)
            )
            if wo.team is None and wo.technician_id is None and line_team is None and line_tech is None:
                raise RuleViolation("还没有指派班组或技工，不能开工。", "No team or technician is assigned; the job cannot start.")
            wo.team = wo.team or line_team
        if wo.kind in (Kind.GENERAL, Kind.MAINTENANCE) and not wo.in_warranty and not wo.out_of_warranty_agreed:
            raise RuleViolation(
                "这辆车已出保修，开工前请先与客户确认费用（在工单上勾选“客户已同意保外费用”）。",
                "The vehicle is out of warranty: agree the charges with the customer before the job starts.",
            )
        apply_transition(uow, actor, wo, "start")
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def _added_item(uow: UnitOfWork, added_item_id: int, *, declining: bool = False) -> tuple[AddedItem, WorkOrder]:
    """The item and its work order, locked; still proposed (or, declining, proposed or confirmed)."""
    item = uow.session.get(AddedItem, added_item_id, with_for_update=True)
    if item is None:
        raise NotFound("找不到这个增项。", "No such added item.")
    wo = uow.session.get(WorkOrder, item.work_order_id, with_for_update=True)
    assert wo is not None
    if declining and item.state not in ("proposed", "confirmed"):
        raise RuleViolation("这个增项已经取消了。", "This added item is already declined.")
    if not declining and item.state != "proposed":
        raise RuleViolation("这个增项已经处理过了。", "This added item has already been decided.")
    return item, wo


def confirm_added_item(uow: UnitOfWork, actor: Actor, added_item_id: int, *, consent_method: str,
                       consent_at: datetime | None = None, agreed_amount: object = None) -> AddedItemInfo:
    """F6: the advisor confirmed the priced added item with the customer (in person or by phone, at a time);
    the amount agreed is recorded. agreed_amount is what the customer was told: refused if the price changed."""
    with uow:
        uow.authorize(actor, Perm.ADDED_ITEM_CONFIRM)
        if not isinstance(consent_method, str) or consent_method not in set(ConsentMethod):
            raise InvalidInput("请选择客户同意的方式：当面或电话。", "Choose how the customer agreed: in person or by phone.")
        now = uow.now
        at = consent_at or now
        if not isinstance(at, datetime) or at.tzinfo is None or at > now + timedelta(minutes=5):
            raise InvalidInput("客户同意的时间不能晚于现在。", "The time of consent cannot be in the future.")
        item, wo = _added_item(uow, added_item_id)
        if at < item.proposed_at - timedelta(minutes=5):
            raise InvalidInput("客户同意的时间不能早于增项提出的时间。", "Consent cannot come before the item was proposed.")
        check_lines_editable(wo)
        check_lines_unlocked(uow.session, wo)
        amounts = item_amounts(uow.session, wo.id)
        if item.id not in amounts:
            raise RuleViolation(f"增项「{item.description}」还没有工时和配件报价：请车间补上项目，按价格征得客户同意。",
                                "The added item has no labor or parts yet: the customer consents to a priced item.")
        amount = amounts[item.id]
        if agreed_amount is not None and parse_amount(agreed_amount, "同意金额", "Amount agreed") != amount:
            raise RuleViolation(f"增项「{item.description}」的金额已变为 {amount} 元，请按新价格重新征得客户同意。",
                                f"The added item now comes to {amount} yuan; ask the customer again at this price.")
        item.state, item.decided_by, item.consent_method, item.consent_at = "confirmed", actor.user_id, consent_method, at
        item.consent_amount = amount
        _lines_changed(uow, actor, wo)
        uow.audit(actor, "added_item.confirm", "work_order", wo.id, number=wo.number, added_item_id=item.id,
                  consent_method=consent_method, consent_at=at, amount=str(amount))
        info = added_item_info(item, wo.number)
        uow.commit()
    return info


def decline_added_item(uow: UnitOfWork, actor: Actor, added_item_id: int, *, reason: str = "") -> AddedItemInfo:
    """The customer said no — before consenting, or withdrawing the consent before anything of it was done
    or fitted: the item is declined and its lines leave the work order (a part line whose parts were issued and
    all returned stays at 0 for the ledger, F6/P4)."""
    with uow:
        uow.authorize(actor, Perm.ADDED_ITEM_CONFIRM)
        why = clean_text(reason, "原因", "Reason", required=False)
        item, wo = _added_item(uow, added_item_id, declining=True)
        labor = list(uow.session.scalars(select(LaborLine).where(LaborLine.added_item_id == item.id)))
        parts = list(uow.session.scalars(select(PartLine).where(PartLine.added_item_id == item.id)))
        if any(net_issued(p) > 0 or p.fitted for p in parts):
            raise RuleViolation("此增项的配件已发料未退，请先把配件退回仓库。",
                                "Parts of this item are issued and not returned; return them first.")
        if any(ln.done for ln in labor):
            raise RuleViolation("此增项的工时项目已完工，不能取消。", "Work of this item is done; it cannot be declined.")
        if item.state == "confirmed":
            check_lines_editable(wo)
        record_declined_item(uow, actor, item, wo, labor, parts, item_amounts(uow.session, wo.id).get(item.id))  # R3
        for ln in labor:
            uow.session.delete(ln)
        for p in parts:
            _undo_part_line(uow, p)
        item.state, item.decided_by, item.consent_at = "declined", actor.user_id, uow.now
        touch(uow, actor, wo)
        uow.audit(actor, "added_item.decline", "work_order", wo.id, number=wo.number, added_item_id=item.id,
                  reason=why, labor=[ln.description for ln in labor], parts=[p.part_id for p in parts])
        info = added_item_info(item, wo.number)
        uow.commit()
    return info


def _check_charged_is_fitted(uow: UnitOfWork, wo: WorkOrder) -> None:
    """W3: what is charged is what was fitted — every approved part line is issued in full, net of returns."""
    confirmed = set(uow.session.scalars(
        select(AddedItem.id).where(AddedItem.work_order_id == wo.id, AddedItem.state == "confirmed")))
    rows = uow.session.execute(
        select(PartLine.quantity, PartLine.issued_qty - PartLine.returned_qty, PartLine.added_item_id, Part.part_no,
               Part.name)
        .join(Part, Part.id == PartLine.part_id).where(PartLine.work_order_id == wo.id).order_by(PartLine.id)
    ).all()
    for asked, net, added, part_no, name in rows:
        charged, fitted = Decimal(asked), Decimal(net or 0)
        if (added is None or added in confirmed) and fitted != charged:
            raise RuleViolation(
                f"{name}（{part_no}）工单上收 {fmt_qty(charged)}，实际发料 {fmt_qty(fitted)}：收费必须与装车一致，"
                "请先发料或退料，或修改数量。",
                f"{part_no} ({name}) is charged {fmt_qty(charged)} but {fmt_qty(fitted)} were issued: what is "
                "charged must be what was fitted; issue, return or change the quantity first.",
            )


def settle_work_order(uow: UnitOfWork, actor: Actor, number: str, *,
                      expected_version: int | None = None) -> WorkOrderInfo:
    """结算: after the QC pass, with every added item decided; totals and the approvals check (A1-A3)."""
    from workshop.services import approvals, receivables, totals

    with uow:
        uow.authorize(actor, perm_of("settle"))
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        pending = uow.session.scalar(
            select(AddedItem.description).where(AddedItem.work_order_id == wo.id, AddedItem.state == "proposed")
            .limit(1)
        )
        if pending is not None:
            raise RuleViolation(
                f"还有未经客户确认的增项（{pending}），不能结算：请先确认或取消。",
                f"An added item is not confirmed by the customer yet ({pending}); confirm or decline it first.",
            )
        transition_for("settle", wo.state)  # refuse before computing anything
        _check_charged_is_fitted(uow, wo)
        approvals.check_before_settlement(uow, actor, wo)
        t = totals.compute_totals(uow.session, wo)
        wo.labor_total, wo.parts_total, wo.total, wo.cost_total = t.labor_total, t.parts_total, t.total, t.cost_total
        apply_transition(uow, actor, wo, "settle", labor_total=str(t.labor_total), parts_total=str(t.parts_total),
                         total=str(t.total), cost_total=str(t.cost_total))
        receivables.bill_at_settlement(uow, actor, wo, totals.payer_split(uow.session, wo))  # M5
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def deliver_work_order(uow: UnitOfWork, actor: Actor, number: str, *,
                       expected_version: int | None = None) -> WorkOrderInfo:
    """交车: only after settlement (which needs the QC pass) and with the gate pass (M4); the return visit (Q1)
    falls due."""
    from workshop.services.cashier_gate import take_gate_pass

    with uow:
        uow.authorize(actor, perm_of("deliver"))
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        if wo.state in (State.DRAFT, State.STARTED, State.IN_PROGRESS, State.COMPLETED):
            raise RuleViolation("还没有质检通过，不能交车。", "The work order has not passed QC; the car cannot be delivered.")
        transition_for("deliver", wo.state)  # refuse a wrong state before asking for the pass
        take_gate_pass(uow, actor, wo)
        apply_transition(uow, actor, wo, "deliver")
        quality.schedule_return_visit(uow, wo)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def cancel_work_order(uow: UnitOfWork, actor: Actor, number: str, *, reason: str,
                      expected_version: int | None = None) -> WorkOrderInfo:
    """Only while no part is out on it (F4)."""
    with uow:
        uow.authorize(actor, perm_of("cancel"))
        why = clean_text(reason, "取消原因", "Reason for cancelling")
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        out = uow.session.scalar(
            select(PartLine.id).where(PartLine.work_order_id == wo.id,
                                      PartLine.issued_qty - PartLine.returned_qty > 0).limit(1)
        )
        if out is not None:
            raise RuleViolation("此工单已发料，不能取消：请先把配件退回仓库。",
                                "Parts are issued on this work order; return them to the store before cancelling.")
        apply_transition(uow, actor, wo, "cancel", note=why)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info
