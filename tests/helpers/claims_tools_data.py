"""Test data for claims (C1-C3) and tools (T1-T3): customers, vehicles, work orders, parts and tools as ORM
rows (work orders are opened by the front-desk services; here we only need them to exist in a given state)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from tests.helpers.numbers import hand_number
from workshop.db.models import Customer, Part, PartLine, Tool, User, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.roles import Actor, Role
from workshop.services import claims

_seq = itertools.count(1)


@dataclass(frozen=True)
class WO:
    id: int
    number: str
    customer_phone: str


def make_part(db: Database, part_no: str, name: str = "前减震器总成", price: str = "1200.00",
              on_hand: str = "0") -> int:
    with db.new_session() as s, s.begin():
        part = Part(part_no=part_no, name=name, price=Decimal(price), on_hand=Decimal(on_hand),
                    avg_cost=Decimal(price) * Decimal("0.7"))
        s.add(part)
        s.flush()
        return part.id


def make_work_order(db: Database, advisor: Actor, *, kind: str = "warranty", state: str = "in_progress",
                    phone: str = "13800138000", name: str = "张伟", opened_at: datetime | None = None) -> WO:
    n = next(_seq)
    now = opened_at or utcnow()
    with db.new_session() as s, s.begin():
        customer = Customer(name=name, phone=phone, address="广州市天河区", created_at=now)
        s.add(customer)
        s.flush()
        vehicle = Vehicle(customer_id=customer.id, plate=f"粤A{n:05d}", plate_key=f"粤A{n:05d}",
                          vin=f"LSVAA4182E2{n:06d}", brand="大众", model="帕萨特", purchase_date=date(2024, 3, 1),
                          created_at=now)
        s.add(vehicle)
        s.flush()
        payer = {"warranty": "manufacturer", "accident": "insurer", "internal": "internal"}.get(kind, "customer")
        number = hand_number("RO")
        wo = WorkOrder(number=number, kind=kind, charging_mode="free" if kind == "warranty" else "paid",
                       payer=payer, state=state, customer_id=customer.id, vehicle_id=vehicle.id,
                       advisor_id=advisor.user_id, mileage_in=23000, in_warranty=kind == "warranty",
                       opened_at=now, updated_at=now,
                       started_at=now if state != "draft" else None)
        s.add(wo)
        s.flush()
        return WO(wo.id, number, phone)


def add_part_line(db: Database, work_order_id: int, part_id: int, qty: str = "1", price: str = "1200.00") -> int:
    with db.new_session() as s, s.begin():
        line = PartLine(work_order_id=work_order_id, part_id=part_id, quantity=Decimal(qty),
                        unit_price=Decimal(price))
        s.add(line)
        s.flush()
        return line.id


def issue_on_line(db: Database, part_line_id: int, qty: str = "1") -> None:
    """Stands in for the parts counter's issue: the line shows the part as issued."""
    with db.new_session() as s, s.begin():
        line = s.get(PartLine, part_line_id)
        assert line is not None
        line.issued_qty = Decimal(qty)


def set_wo_state(db: Database, work_order_id: int, state: str) -> None:
    with db.new_session() as s, s.begin():
        wo = s.get(WorkOrder, work_order_id)
        assert wo is not None
        wo.state = state
        if state == "completed":
            wo.completed_at = utcnow()


def make_tool(db: Database, code: str, *, name: str = "气门弹簧压缩器", model: str = "T10064",
              price: str = "860.00", state: str = "in") -> int:
    with db.new_session() as s, s.begin():
        tool = Tool(code=code, name=name, brand="大众", model=model, location="工具柜A-1",
                    original_price=Decimal(price), state=state)
        s.add(tool)
        s.flush()
        return tool.id


def badge_of(db: Database, actor: Actor) -> str:
    with db.read() as s:
        badge = s.scalar(select(User.badge_code).where(User.id == actor.user_id))
        assert badge is not None
        return badge


def disable(db: Database, actor: Actor) -> None:
    with db.new_session() as s, s.begin():
        user = s.get(User, actor.user_id)
        assert user is not None
        user.is_active = False


def shift(db: Database, model: type, row_id: int, **times: timedelta) -> None:
    """Move timestamps of a row into the past (e.g. arrived_at=timedelta(days=-20))."""
    with db.new_session() as s, s.begin():
        row = s.get(model, row_id)
        assert row is not None
        for attr, delta in times.items():
            setattr(row, attr, getattr(row, attr) + delta)


def shift_arrival(db: Database, claim_no: str, delta: timedelta) -> None:
    """The claim and each of its lines arrived `delta` earlier (C3 counts each line from its own arrival)."""
    from workshop.db.models import ClaimOrder, ClaimOrderLine

    with db.new_session() as s, s.begin():
        claim = s.scalar(select(ClaimOrder).where(ClaimOrder.number == claim_no))
        assert claim is not None and claim.arrived_at is not None
        claim.arrived_at += delta
        for line in s.scalars(select(ClaimOrderLine).where(ClaimOrderLine.claim_order_id == claim.id)):
            if line.arrived_at is not None:
                line.arrived_at += delta


@dataclass(frozen=True)
class ClaimSetup:
    wo: WO
    part_id: int
    part_no: str
    part_line_id: int
    claim_no: str


def warranty_claim(db: Database, advisor: Actor, *, qty: str = "1", price: str = "1200.00",
                   phone: str = "13800138000", part_no: str | None = None) -> ClaimSetup:
    """A warranty work order with one part line, and a claim order for that part (state draft)."""
    n = next(_seq)
    pno = part_no or f"3C0413031{n:03d}"
    part_id = make_part(db, pno, price=price)
    wo = make_work_order(db, advisor, phone=phone)
    line_id = add_part_line(db, wo.id, part_id, qty=qty, price=price)
    info = claims.create_claim_order(db.uow(), advisor, wo.number, [(pno, qty)])
    return ClaimSetup(wo, part_id, pno, line_id, info.number)


def ordered_claim(db: Database, people: dict[Role, Actor], **kw: str) -> ClaimSetup:
    """A claim order signed by the workshop manager (and director when needed) and marked ordered."""
    setup = warranty_claim(db, people[Role.ADVISOR], **kw)
    info = claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, claims.MANAGER)
    if info.claim_state != "signed":
        claims.sign_claim_order(db.uow(), people[Role.SERVICE_DIRECTOR], setup.claim_no, claims.DIRECTOR)
    claims.mark_ordered(db.uow(), people[Role.PARTS_CLERK], setup.claim_no)
    return setup


def arrived_claim(db: Database, people: dict[Role, Actor], deposit: str | None = "500.00",
                  **kw: str) -> ClaimSetup:
    setup = ordered_claim(db, people, **kw)
    if deposit is not None:
        claims.record_deposit(db.uow(), people[Role.ADVISOR], setup.claim_no, deposit, "wechat")
    claims.receive_claim_parts(db.uow(), people[Role.PARTS_CLERK], setup.claim_no)
    return setup
