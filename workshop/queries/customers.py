"""Front desk read side: search while typing (plate fragment, VIN, mobile number, name), a customer with
their vehicles, and the warranty status at reception (F3, workshop.domain.warranty).

The search reads the `search_keys` index (see workshop/db/models/customers.py): every fragment a clerk
types is the prefix of one stored suffix, so each keystroke is one range scan on a B-tree index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import Customer, User, Vehicle, VehiclePlate, WorkOrder
from workshop.db.models.customers import SEARCH_KEY_LEN, SearchKey, search_text
from workshop.db.uow import Database
from workshop.domain.clock import shop_today
from workshop.domain.vehicle import plate_shown
from workshop.domain.warranty import WarrantyStatus, warranty_status
from workshop.domain.work_order import OPEN_STATES

_TOP = "\U0010ffff"  # sorts after every character: key < typed + _TOP means "starts with typed"
_KIND_RANK = {"plate": 0, "vin": 1, "phone": 2, "name": 3}


@dataclass(frozen=True)
class SearchHit:
    """One line of the search-as-you-type list: a customer, and one of their vehicles when there is one."""

    customer_id: int
    customer_name: str
    phone: str
    vehicle_id: int | None
    plate: str
    vin: str
    brand: str
    model: str
    matched: str  # plate, vin, phone, name: what the typed text matched


@dataclass(frozen=True)
class VehicleRow:
    id: int
    plate: str
    vin: str
    brand: str
    model: str
    purchase_date: date
    last_mileage: int
    warranty_months: int
    warranty_km: int
    version: int
    open_work_order: str | None  # the number of a work order still open on this car
    plate_unrecognised: bool = False  # kept after a confirmation; to be checked against the registration
    plate_history: tuple[PlateChange, ...] = ()

    @property
    def shown_plate(self) -> str:
        """The plate, or 未上牌 and the VIN's last six ("" in plate: none yet)."""
        return plate_shown(self.plate or None, self.vin)


@dataclass(frozen=True)
class PlateChange:
    """One change in a vehicle's plate history (None: 未上牌)."""

    old_plate: str | None
    new_plate: str | None
    changed_at: datetime
    changed_by: str


@dataclass(frozen=True)
class CustomerCard:
    id: int
    name: str
    phone: str
    address: str
    version: int
    vehicles: tuple[VehicleRow, ...]


def _key_matches(session: Session, text: str, limit: int) -> list[tuple[str, int]]:
    """(kind, ref id) of the keys starting with text, shortest keys (closest matches) first, distinct,
    at most `limit` of them (each gives at least one line of the list)."""
    stmt = (
        select(SearchKey.kind, SearchKey.ref_id, SearchKey.key)
        .where(SearchKey.key >= text, SearchKey.key < text + _TOP)
        .order_by(SearchKey.key)
        .limit(limit * 8)
    )
    rows = list(session.execute(stmt).all())
    # an exact match beats a longer key; among equals, plate before VIN before phone before name
    rows.sort(key=lambda r: (len(r.key), _KIND_RANK.get(r.kind, 9)))
    seen: dict[tuple[str, int], None] = {}
    for kind, ref_id, _key in rows:
        seen.setdefault((kind, ref_id), None)
        if len(seen) >= limit:
            break
    return list(seen)


_HIT_COLUMNS = (Customer.id, Customer.name, Customer.phone, Vehicle.id, Vehicle.shown_plate, Vehicle.vin, Vehicle.brand,
                Vehicle.model)


def search(db: Database, typed: str, limit: int = 30) -> list[SearchHit]:
    """Customers and vehicles matching part of a plate, a VIN (or its tail), a phone (or its tail) or a name.

    One row per (customer, vehicle); a customer found by phone or name lists each of their vehicles.
    Plain columns, no ORM objects: each keystroke costs one index range scan and two indexed look-ups.
    """
    text = search_text(typed)[:SEARCH_KEY_LEN]
    if not text or (len(text) < 2 and text.isascii()):
        return []
    with db.read() as s:
        matches = _key_matches(s, text, limit)
        vehicle_ids = [ref for kind, ref in matches if kind in ("plate", "vin")]
        customer_ids = [ref for kind, ref in matches if kind in ("phone", "name")]
        by_vehicle: dict[int, tuple[Any, ...]] = {}
        if vehicle_ids:
            stmt = (select(*_HIT_COLUMNS).join(Vehicle, Vehicle.customer_id == Customer.id)
                    .where(Vehicle.id.in_(vehicle_ids)))
            by_vehicle = {row[3]: tuple(row) for row in s.execute(stmt)}
        by_customer: dict[int, list[tuple[Any, ...]]] = {}
        if customer_ids:
            stmt = (select(*_HIT_COLUMNS).outerjoin(Vehicle, Vehicle.customer_id == Customer.id)
                    .where(Customer.id.in_(customer_ids)).order_by(Customer.id, Vehicle.id))
            for row in s.execute(stmt):
                by_customer.setdefault(row[0], []).append(tuple(row))
    hits: list[SearchHit] = []
    shown: set[tuple[int, int | None]] = set()
    for kind, ref in matches:
        if kind in ("plate", "vin"):
            rows = [by_vehicle[ref]] if ref in by_vehicle else []
        else:
            rows = by_customer.get(ref, [])
        for cid, name, phone, vid, plate, vin, brand, model in rows:
            if (cid, vid) in shown or len(hits) >= limit:
                continue
            shown.add((cid, vid))
            hits.append(SearchHit(customer_id=cid, customer_name=name, phone=phone, vehicle_id=vid,
                                  plate=plate or "", vin=vin or "", brand=brand or "", model=model or "",
                                  matched=kind))
    return hits


def customer_card(db: Database, customer_id: int) -> CustomerCard | None:
    """A customer with their vehicles, and for each vehicle the work order still open on it."""
    with db.read() as s:
        c = s.get(Customer, customer_id)
        if c is None:
            return None
        rows: list[VehicleRow] = []
        for v in s.scalars(select(Vehicle).where(Vehicle.customer_id == c.id).order_by(Vehicle.id)):
            open_no = s.scalar(
                select(WorkOrder.number)
                .where(WorkOrder.vehicle_id == v.id,
                       WorkOrder.state.in_(OPEN_STATES))
                .order_by(WorkOrder.opened_at.desc()).limit(1)
            )
            rows.append(VehicleRow(
                id=v.id, plate=v.plate or "", vin=v.vin, brand=v.brand, model=v.model, purchase_date=v.purchase_date,
                last_mileage=v.last_mileage, warranty_months=v.warranty_months, warranty_km=v.warranty_km,
                version=v.version, open_work_order=open_no, plate_unrecognised=bool(v.plate_unrecognised),
                plate_history=tuple(
                    PlateChange(old, new, at, who) for old, new, at, who in s.execute(
                        select(VehiclePlate.old_plate, VehiclePlate.new_plate, VehiclePlate.changed_at,
                               User.display_name).join(User, User.id == VehiclePlate.changed_by)
                        .where(VehiclePlate.vehicle_id == v.id).order_by(VehiclePlate.id))),
            ))
        return CustomerCard(id=c.id, name=c.name, phone=c.phone, address=c.address, version=c.version,
                            vehicles=tuple(rows))


def warranty_at_reception(db: Database, vehicle_id: int, mileage: int | None = None) -> WarrantyStatus | None:
    """F3 for a vehicle at reception, today in the shop, at this mileage (default: the last one); None when the
    vehicle does not exist."""
    with db.read() as s:
        veh = s.get(Vehicle, vehicle_id)
        if veh is None:
            return None
        km = veh.last_mileage if mileage is None else mileage
        return warranty_status(veh.purchase_date, veh.warranty_months, veh.warranty_km, km, shop_today())
