"""Test data for the front desk, workshop floor, quality and printing tests: a labor catalog, a few parts,
a customer with a car, and helpers that walk a work order along its life through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from workshop.db.models import LaborOperation, Part, PartLine, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import shop_today
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.services import front_desk, workshop_floor
from workshop.services.work_order_dto import CustomerInfo, VehicleInfo, WorkOrderInfo

PLATE = "粤B·12345"
VIN = make_vin("LSVAU2180N2123456")
OIL_CHANGE = "JX001"   # 更换机油机滤, 0.5 h at 200 元/h
BRAKE_PADS = "JX002"   # 更换前刹车片, 1.0 h at 200 元/h
OIL = "06L115562"      # 机油滤清器 68 元
PADS = "5QD698151"     # 前刹车片 480 元


@dataclass(frozen=True)
class Shop:
    customer: CustomerInfo
    vehicle: VehicleInfo


def add_catalog(db: Database) -> None:
    with db.uow() as uow:
        s = uow.session
        if s.scalar(select(LaborOperation).where(LaborOperation.code == OIL_CHANGE)) is None:
            s.add_all([
                LaborOperation(code=OIL_CHANGE, name="更换机油机滤", standard_hours=Decimal("0.5"),
                               rate=Decimal("200.00"), team="机修"),
                LaborOperation(code=BRAKE_PADS, name="更换前刹车片", standard_hours=Decimal("1.0"),
                               rate=Decimal("200.00"), team="机修"),
                LaborOperation(code="BP001", name="前保险杠喷漆", standard_hours=Decimal("3.0"),
                               rate=Decimal("260.00"), team="钣喷"),
                Part(part_no=OIL, name="机油滤清器", price=Decimal("68.00"), unit="件", on_hand=Decimal("20"),
                     avg_cost=Decimal("40.00")),
                Part(part_no=PADS, name="前刹车片", price=Decimal("480.00"), unit="套", on_hand=Decimal("5"),
                     avg_cost=Decimal("300.00")),
            ])
        uow.commit()


def add_shop(db: Database, people: dict[Role, Actor], *, plate: str = PLATE, vin: str = VIN,
             purchase_date: date | None = None, mileage: int = 30000) -> Shop:
    add_catalog(db)
    advisor = people[Role.ADVISOR]
    customer = front_desk.add_customer(db.uow(), advisor, name="张伟", phone="13800138000", address="深圳市南山区科技园")
    vehicle = front_desk.add_vehicle(
        db.uow(), advisor, customer_id=customer.id, plate=plate, vin=vin, brand="大众", model="帕萨特 330TSI",
        purchase_date=purchase_date or (shop_today() - timedelta(days=400)), mileage=mileage,
    )
    return Shop(customer, vehicle)


def open_order(db: Database, people: dict[Role, Actor], shop: Shop, *, kind: str = "general",
               mileage: int | None = None, with_lines: bool = True, **kw: object) -> WorkOrderInfo:
    advisor = people[Role.ADVISOR]
    wo = front_desk.open_work_order(
        db.uow(), advisor, vehicle_id=shop.vehicle.id, kind=kind,
        mileage_in=mileage if mileage is not None else shop.vehicle.last_mileage + 1000,
        fault_description="刹车时有异响，仪表提示保养", requested_items="常规保养；检查刹车", **kw,  # type: ignore[arg-type]
    )
    if with_lines:
        wo = front_desk.add_labor_line(db.uow(), advisor, wo.number, expected_version=wo.version,
                                       operation_code=OIL_CHANGE, technician_id=people[Role.TECHNICIAN].user_id)
        wo = front_desk.add_part_line(db.uow(), advisor, wo.number, expected_version=wo.version, part_no=OIL)
    return wo


def started_order(db: Database, people: dict[Role, Actor], shop: Shop, **kw: object) -> WorkOrderInfo:
    wo = open_order(db, people, shop, **kw)
    return front_desk.start_work_order(db.uow(), people[Role.ADVISOR], wo.number)


def issue_all_parts(db: Database, people: dict[Role, Actor], number: str) -> None:
    """The parts counter issues every part line in full (W3: what is charged is what was fitted)."""
    from workshop.services import parts_counter

    with db.read() as s:
        lines = s.execute(
            select(Part.part_no, PartLine.quantity - PartLine.issued_qty + PartLine.returned_qty)
            .join(Part, Part.id == PartLine.part_id).join(WorkOrder, WorkOrder.id == PartLine.work_order_id)
            .where(WorkOrder.number == number)
        ).all()
    for part_no, remaining in lines:
        if remaining > 0:
            parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], number, part_no, remaining)


def inspected_order(db: Database, people: dict[Role, Actor], shop: Shop, **kw: object) -> WorkOrderInfo:
    wo = started_order(db, people, shop, **kw)
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)
    issue_all_parts(db, people, wo.number)
    workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], wo.number, self_check_note="已自检，无渗漏")
    return workshop_floor.qc_pass(db.uow(), people[Role.QC_INSPECTOR], wo.number, note="路试正常")


def fake_issue(db: Database, number: str, qty: Decimal = Decimal(1)) -> None:
    """Mark parts as issued on the first part line, as the parts counter would (for the cancel rule)."""
    with db.uow() as uow:
        wo_id = uow.session.scalar(select(WorkOrder.id).where(WorkOrder.number == number))
        line_id = uow.session.scalar(select(PartLine.id).where(PartLine.work_order_id == wo_id).limit(1))
        uow.session.execute(update(PartLine).where(PartLine.id == line_id).values(issued_qty=qty,
                                                                                   issued_cost=Decimal("40.00") * qty))
        uow.commit()

