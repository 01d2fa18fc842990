"""Test data for the front desk / workshop board / customer service read side and screens: ORM rows written
directly (the write-side services are tested on their own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count, pairwise

from tests.helpers.numbers import hand_number
from workshop.db.models import (
    AddedItem,
    Complaint,
    ComplaintStep,
    Customer,
    LaborLine,
    LaborOperation,
    Part,
    PartLine,
    ReturnVisit,
    Vehicle,
    WorkOrder,
    WorkOrderEvent,
)
from workshop.db.uow import Database
from workshop.domain.clock import add_working_days, utcnow
from workshop.domain.kind_policy import PAYER_OF_KIND
from workshop.domain.vehicle import make_vin, normalise_plate, plate_search_key
from workshop.domain.work_order import Kind, State

_seq = count(1)
# the order a work order passes through (F4) and the time column each state stamps
PATH = (State.DRAFT, State.STARTED, State.IN_PROGRESS, State.COMPLETED, State.INSPECTED, State.SETTLED,
        State.DELIVERED, State.CLOSED)
STAMP = {State.STARTED: "started_at", State.COMPLETED: "completed_at", State.INSPECTED: "inspected_at",
         State.SETTLED: "settled_at", State.DELIVERED: "delivered_at", State.CLOSED: "closed_at",
         State.CANCELLED: "cancelled_at"}


@dataclass(frozen=True)
class Car:
    customer_id: int
    vehicle_id: int
    plate: str
    vin: str


def add_car(db: Database, name: str, phone: str, plate: str, *, vin16: str | None = None,
            brand: str = "大众", model: str = "帕萨特 330TSI", purchase: date = date(2024, 3, 1),
            mileage: int = 20000, warranty_months: int = 36, warranty_km: int = 100000) -> Car:
    n = next(_seq)
    vin = make_vin(vin16 or f"LSVAU2A3{n:08d}")
    plate = normalise_plate(plate)
    with db.uow() as uow:
        now = uow.now
        c = Customer(name=name, phone=phone, address="广州市天河区", created_at=now)
        uow.session.add(c)
        uow.session.flush()
        v = Vehicle(customer_id=c.id, plate=plate, plate_key=plate_search_key(plate), vin=vin, brand=brand,
                    model=model, purchase_date=purchase, last_mileage=mileage, warranty_months=warranty_months,
                    warranty_km=warranty_km, created_at=now)
        uow.session.add(v)
        uow.session.flush()
        car = Car(c.id, v.id, plate, vin)
        uow.commit()
    return car


def add_work_order(db: Database, car: Car, advisor_id: int, *, state: State = State.DRAFT,
                   kind: Kind = Kind.GENERAL, opened_at: datetime | None = None, priority: str = "normal",
                   promised_at: datetime | None = None, team: str | None = None, technician_id: int | None = None,
                   number: str | None = None, fault: str = "发动机异响", step: timedelta = timedelta(minutes=30),
                   total: Decimal = Decimal("0")) -> int:
    """A work order moved along F4 up to `state`, an event per step `step` apart (by the advisor)."""
    opened = opened_at or utcnow() - timedelta(hours=3)
    with db.uow() as uow:
        wo = WorkOrder(
            number=number or hand_number("RO"), kind=kind.value, charging_mode="paid",
            payer=PAYER_OF_KIND[kind], state=State.DRAFT.value, priority=priority, customer_id=car.customer_id,
            vehicle_id=car.vehicle_id, advisor_id=advisor_id, team=team, technician_id=technician_id,
            mileage_in=30000, fault_description=fault, requested_items="检查异响", in_warranty=True,
            promised_at=promised_at, opened_at=opened, updated_at=opened, updated_by=advisor_id, total=total,
        )
        uow.session.add(wo)
        uow.session.flush()
        uow.session.add(WorkOrderEvent(work_order_id=wo.id, from_state=None, to_state="draft", at=opened,
                                       user_id=advisor_id, note="开单"))
        at = opened
        path = [State.DRAFT, State.CANCELLED] if state == State.CANCELLED else list(PATH[: PATH.index(state) + 1])
        for before, after in pairwise(path):
            at = at + step
            if after in STAMP:
                setattr(wo, STAMP[after], at)
            uow.session.add(WorkOrderEvent(work_order_id=wo.id, from_state=before.value, to_state=after.value,
                                           at=at, user_id=advisor_id, note=""))
        wo.state = state.value
        wid = wo.id
        uow.commit()
    return wid


def add_labor_operation(db: Database, code: str = "JX0101", name: str = "更换机油机滤",
                        hours: str = "0.5", rate: str = "300", team: str = "机修") -> int:
    with db.uow() as uow:
        op = LaborOperation(code=code, name=name, standard_hours=Decimal(hours), rate=Decimal(rate), team=team)
        uow.session.add(op)
        uow.session.flush()
        oid = op.id
        uow.commit()
    return oid


def add_part(db: Database, part_no: str = "06L115562B", name: str = "机油滤清器", price: str = "68.00",
             on_hand: str = "20", avg_cost: str = "40.00") -> int:
    with db.uow() as uow:
        p = Part(part_no=part_no, name=name, price=Decimal(price), on_hand=Decimal(on_hand),
                 avg_cost=Decimal(avg_cost), unit="件")
        uow.session.add(p)
        uow.session.flush()
        pid = p.id
        uow.commit()
    return pid


def add_lines(db: Database, work_order_id: int, *, operation_id: int | None = None, part_id: int | None = None,
              hours: str = "1.0", rate: str = "300", qty: str = "1", price: str = "68.00",
              added_item_id: int | None = None, technician_id: int | None = None) -> None:
    with db.uow() as uow:
        if operation_id is not None or part_id is None:
            uow.session.add(LaborLine(work_order_id=work_order_id, operation_id=operation_id, description="更换机油机滤",
                                      hours=Decimal(hours), rate=Decimal(rate), team="机修",
                                      technician_id=technician_id, added_item_id=added_item_id))
        if part_id is not None:
            uow.session.add(PartLine(work_order_id=work_order_id, part_id=part_id, quantity=Decimal(qty),
                                     unit_price=Decimal(price), added_item_id=added_item_id))
        uow.commit()


def add_added_item(db: Database, work_order_id: int, proposed_by: int, description: str = "刹车片磨损，建议更换",
                   *, state: str = "proposed", proposed_at: datetime | None = None,
                   decided_by: int | None = None) -> int:
    with db.uow() as uow:
        at = proposed_at or utcnow() - timedelta(minutes=20)
        item = AddedItem(work_order_id=work_order_id, description=description, state=state,
                         proposed_by=proposed_by, proposed_at=at, decided_by=decided_by,
                         consent_method="phone" if state != "proposed" else None,
                         consent_at=at + timedelta(minutes=5) if state != "proposed" else None)
        uow.session.add(item)
        uow.session.flush()
        iid = item.id
        uow.commit()
    return iid


def add_return_visit(db: Database, work_order_id: int, due_at: datetime, *, done_by: int | None = None) -> int:
    with db.uow() as uow:
        v = ReturnVisit(work_order_id=work_order_id, due_at=due_at,
                        done_at=due_at - timedelta(hours=1) if done_by else None, done_by=done_by,
                        result="满意" if done_by else "", score=5 if done_by else None)
        uow.session.add(v)
        uow.session.flush()
        vid = v.id
        uow.commit()
    return vid


def add_complaint(db: Database, customer_id: int, received_by: int, *, received_at: datetime | None = None,
                  work_order_id: int | None = None, state: str = "accepted", content: str = "维修后仍有异响",
                  answered: bool = False) -> int:
    at = received_at or utcnow() - timedelta(hours=2)
    with db.uow() as uow:
        c = Complaint(number=hand_number("TS"), customer_id=customer_id, work_order_id=work_order_id,
                      content=content, received_at=at, received_by=received_by, state=state,
                      answer_due=at + timedelta(hours=24), verify_due=add_working_days(at, 3),
                      answered_at=at + timedelta(hours=1) if answered else None)
        uow.session.add(c)
        uow.session.flush()
        uow.session.add(ComplaintStep(complaint_id=c.id, step="accept", note="客户来电", at=at,
                                      user_id=received_by))
        cid = c.id
        uow.commit()
    return cid
