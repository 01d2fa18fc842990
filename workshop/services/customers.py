"""F1: the customer and vehicle master records the front desk keeps — adding, editing, the mileage reading."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from workshop.db.models import (
    Customer,
    Vehicle,
    VehiclePlate,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.clock import to_shop
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation, StaleEdit
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_phone, clean_text
from workshop.domain.vehicle import normalise_vin, plate_search_key, reception_plate
from workshop.services.work_order_dto import (
    CustomerInfo,
    VehicleInfo,
)

MAX_MILEAGE = 2_000_000


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
