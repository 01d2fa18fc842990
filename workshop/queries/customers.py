"""Front desk read side: search while typing (plate fragment, VIN, mobile number, name), a customer with
their vehicles, and the warranty status at reception (F3, computed by front_desk.warranty_status).

The search reads the `search_keys` index (see workshop/db/models/customers.py): every fragment a clerk
types is the prefix of one stored suffix, so each keystroke is one range scan on a B-tree index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import Customer, Vehicle, WorkOrder
from workshop.db.models.customers import SEARCH_KEY_LEN, SearchKey, search_text
from workshop.db.uow import Database
from workshop.domain.errors import NotFound
from workshop.services import front_desk
from workshop.services.work_order_dto import WarrantyStatus

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


@dataclass(frozen=True)
class CustomerCard:
    id: int
    name: str
    phone: str
    address: str
    version: int
    vehicles: tuple[VehicleRow, ...]


def _key_matches(session: Session, text: str, limit: int) -> list[tuple[str, int]]:
    """(kind, ref id) of the keys starting with text, shortest keys (closest matches) first, distinct."""
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
    return list(seen)


def search(db: Database, typed: str, limit: int = 30) -> list[SearchHit]:
    """Customers and vehicles matching part of a plate, a VIN (or its tail), a phone (or its tail) or a name.

    One row per (customer, vehicle); a customer found by phone or name lists each of their vehicles.
    """
    text = search_text(typed)[:SEARCH_KEY_LEN]
    if not text or (len(text) < 2 and text.isascii()):
        return []
    with db.read() as s:
        matches = _key_matches(s, text, limit)
        vehicle_ids = [ref for kind, ref in matches if kind in ("plate", "vin")]
        customer_ids = [ref for kind, ref in matches if kind in ("phone", "name")]
        vehicles: dict[int, tuple[Vehicle, Customer]] = {}
        if vehicle_ids:
            for v, c in s.execute(
                select(Vehicle, Customer).join(Customer, Customer.id == Vehicle.customer_id)
                .where(Vehicle.id.in_(vehicle_ids))
            ):
                vehicles[v.id] = (v, c)
        customers: dict[int, Customer] = {}
        owned: dict[int, list[Vehicle]] = {}
        if customer_ids:
            customers = {c.id: c for c in s.scalars(select(Customer).where(Customer.id.in_(customer_ids)))}
            for v in s.scalars(
                select(Vehicle).where(Vehicle.customer_id.in_(customer_ids)).order_by(Vehicle.id)
            ):
                owned.setdefault(v.customer_id, []).append(v)
        hits: list[SearchHit] = []
        shown: set[tuple[int, int | None]] = set()

        def add(c: Customer, v: Vehicle | None, matched: str) -> None:
            pair = (c.id, v.id if v else None)
            if pair in shown or len(hits) >= limit:
                return
            shown.add(pair)
            hits.append(SearchHit(
                customer_id=c.id, customer_name=c.name, phone=c.phone, vehicle_id=v.id if v else None,
                plate=v.plate if v else "", vin=v.vin if v else "", brand=v.brand if v else "",
                model=v.model if v else "", matched=matched,
            ))

        for kind, ref in matches:
            if kind in ("plate", "vin") and ref in vehicles:
                v, c = vehicles[ref]
                add(c, v, kind)
            elif kind in ("phone", "name") and ref in customers:
                c = customers[ref]
                for v in owned.get(ref, []) or [None]:  # type: ignore[list-item]
                    add(c, v, kind)
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
                       WorkOrder.state.in_(("draft", "started", "in_progress", "completed", "inspected", "settled")))
                .order_by(WorkOrder.opened_at.desc()).limit(1)
            )
            rows.append(VehicleRow(
                id=v.id, plate=v.plate, vin=v.vin, brand=v.brand, model=v.model, purchase_date=v.purchase_date,
                last_mileage=v.last_mileage, warranty_months=v.warranty_months, warranty_km=v.warranty_km,
                version=v.version, open_work_order=open_no,
            ))
        return CustomerCard(id=c.id, name=c.name, phone=c.phone, address=c.address, version=c.version,
                            vehicles=tuple(rows))


def warranty_at_reception(db: Database, vehicle_id: int, mileage: int | None = None) -> WarrantyStatus | None:
    """F3 for a vehicle at reception (the front desk service's one definition), None when it does not exist."""
    try:
        return front_desk.vehicle_warranty(db, vehicle_id, mileage)
    except NotFound:
        return None
