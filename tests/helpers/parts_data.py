"""Test data for the parts counter (P1-P8): parts stocked through the ledger, and work orders with part lines
built directly as ORM rows (work orders are opened by the front-desk services; here they only need to exist in
a given state with given lines)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.db.models import AddedItem, Bin, Customer, Part, PartLine, StockMove, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.barcodes import ean13_check_digit
from workshop.domain.clock import utcnow
from workshop.domain.roles import Actor
from workshop.services.stock import _move

_seq = itertools.count(1)


def ean13(body12: str) -> str:
    return body12 + str(ean13_check_digit(body12))


@dataclass(frozen=True)
class WO:
    id: int
    number: str
    lines: tuple[int, ...]  # part line ids in the order given


def make_part(db: Database, clerk: Actor, part_no: str, *, name: str = "机油滤清器", price: str = "88.00",
              stock: str = "0", cost: str = "50.00", barcode: str | None = None, bin_code: str | None = None,
              old_for_new: bool = False, min_stock: str = "0", last_move_at: datetime | None = None) -> int:
    """A catalog part; `stock` units received through the ledger at `cost` (so on-hand = sum of moves)."""
    uow = db.uow()
    with uow:
        s = uow.session
        bin_id = None
        if bin_code:
            bin_ = s.scalar(select(Bin).where(Bin.code == bin_code))
            if bin_ is None:
                bin_ = Bin(code=bin_code, description="")
                s.add(bin_)
                s.flush()
            bin_id = bin_.id
        part = Part(part_no=part_no, name=name, price=Decimal(price), barcode=barcode, bin_id=bin_id, unit="件",
                    on_hand=Decimal(0), avg_cost=Decimal(0), min_stock=Decimal(min_stock), old_for_new=old_for_new,
                    is_consumable=False, version=1)
        s.add(part)
        s.flush()
        if Decimal(stock) > 0:
            _move(uow, part, "receipt", Decimal(stock), Decimal(cost), user_id=clerk.user_id, reference="期初")
        if last_move_at is not None:
            part.last_move_at = last_move_at
            for m in s.scalars(select(StockMove).where(StockMove.part_id == part.id)):
                m.at = last_move_at
        part_id = part.id
        uow.commit()
    return part_id


def make_work_order(db: Database, advisor: Actor, lines: list[tuple[int, str]] | None = None, *,
                    kind: str = "general", state: str = "started", department: str | None = None,
                    plate: str | None = None) -> WO:
    """A work order in `state` with part lines (part id, quantity asked), approved (no added item)."""
    n = next(_seq)
    now = utcnow()
    with db.new_session() as s, s.begin():
        customer = Customer(name="王芳", phone="13900139000", address="广州市海珠区", created_at=now)
        s.add(customer)
        s.flush()
        plate = plate or f"粤B{n:05d}"
        vehicle = Vehicle(customer_id=customer.id, plate=plate, plate_key=plate.replace("·", ""),
                          vin=f"LFV2A21K5P3{n:06d}", brand="大众", model="迈腾", purchase_date=date(2023, 5, 1),
                          created_at=now)
        s.add(vehicle)
        s.flush()
        payer = {"accident": "insurer", "warranty": "manufacturer", "internal": "internal"}.get(kind, "customer")
        # month 00: never a number the numbering service gives (the demo and real orders use real months)
        wo = WorkOrder(number=f"RO2600-{n:04d}", kind=kind, charging_mode="paid", payer=payer, state=state,
                       customer_id=customer.id, vehicle_id=vehicle.id, advisor_id=advisor.user_id, mileage_in=30000,
                       internal_department=department, opened_at=now, updated_at=now,
                       started_at=None if state == "draft" else now)
        s.add(wo)
        s.flush()
        ids = []
        for part_id, qty in lines or []:
            ids.append(_line(s, wo.id, part_id, Decimal(qty), None))
        return WO(wo.id, wo.number, tuple(ids))


def _line(s: Session, wo_id: int, part_id: int, qty: Decimal, item_id: int | None) -> int:
    part = s.get(Part, part_id)
    assert part is not None
    line = PartLine(work_order_id=wo_id, part_id=part_id, quantity=qty, unit_price=part.price,
                    issued_qty=Decimal(0), returned_qty=Decimal(0), issued_cost=Decimal(0), fitted=False,
                    added_item_id=item_id, old_part_received=Decimal(0))
    s.add(line)
    s.flush()
    return line.id


def add_item_line(db: Database, wo: WO, proposer: Actor, part_id: int, qty: str, *,
                  item_state: str = "proposed") -> tuple[int, int]:
    """An added item (F6) with one part line; returns (added item id, part line id)."""
    now = utcnow()
    with db.new_session() as s, s.begin():
        item = AddedItem(work_order_id=wo.id, description="刹车片磨损，建议更换", state=item_state,
                         proposed_by=proposer.user_id, proposed_at=now,
                         consent_method="phone" if item_state == "confirmed" else None,
                         consent_at=now if item_state == "confirmed" else None)
        s.add(item)
        s.flush()
        return item.id, _line(s, wo.id, part_id, Decimal(qty), item.id)


def confirm_item(db: Database, item_id: int) -> None:
    with db.new_session() as s, s.begin():
        item = s.get(AddedItem, item_id)
        assert item is not None
        item.state = "confirmed"
        item.consent_at = utcnow()
        item.consent_method = "phone"


def set_state(db: Database, wo: WO, state: str) -> None:
    with db.new_session() as s, s.begin():
        row = s.get(WorkOrder, wo.id)
        assert row is not None
        row.state = state


def part(db: Database, part_id: int) -> Part:
    with db.read() as s:
        row = s.get(Part, part_id)
        assert row is not None
        s.expunge(row)
        return row


def line(db: Database, line_id: int) -> PartLine:
    with db.read() as s:
        row = s.get(PartLine, line_id)
        assert row is not None
        s.expunge(row)
        return row


def moves(db: Database, part_id: int) -> list[StockMove]:
    with db.read() as s:
        rows = list(s.scalars(select(StockMove).where(StockMove.part_id == part_id).order_by(StockMove.id)))
        for r in rows:
            s.expunge(r)
        return rows


def ledger_sum(db: Database, part_id: int) -> Decimal:
    return sum((m.quantity for m in moves(db, part_id)), Decimal(0))


def ledger_value(db: Database, part_id: int) -> Decimal:
    return sum((m.quantity * m.unit_cost for m in moves(db, part_id)), Decimal(0))


def move_count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(StockMove)) or 0)
