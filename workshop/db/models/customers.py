"""Customers and their vehicles (F1, F3)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    literal_column,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from workshop.db.models.base import Base
from workshop.db.types import UTCDateTime
from workshop.domain.text import halfwidth, pinyin_initials
from workshop.domain.vehicle import plate_shown


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_phone", "phone"),
        Index("ix_customers_name", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(30))
    address: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    vehicles: Mapped[list[Vehicle]] = relationship(back_populates="customer")


class Vehicle(Base):
    __tablename__ = "vehicles"
    __table_args__ = (
        Index("ix_vehicles_customer", "customer_id"),
        Index("ix_vehicles_plate_key", "plate_key"),
        Index("ix_vehicles_service_due", "service_due"),
        Index("ix_vehicles_insurance_due", "insurance_due"),
        Index("ix_vehicles_inspection_due", "inspection_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    plate: Mapped[str | None] = mapped_column(String(20), unique=True)  # None: 未上牌, known by its VIN
    plate_key: Mapped[str] = mapped_column(String(20))  # plate without dot, for fragment search; "" without
    plate_unrecognised: Mapped[bool] = mapped_column(default=False, server_default=false())  # kept on confirmation
    vin: Mapped[str] = mapped_column(String(17), unique=True)
    brand: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(60))
    purchase_date: Mapped[date] = mapped_column(Date)
    last_mileage: Mapped[int] = mapped_column(default=0)
    warranty_months: Mapped[int] = mapped_column(default=36)
    warranty_km: Mapped[int] = mapped_column(default=100000)
    # R2: the next service (by date or mileage, whichever first, kept by workshop.services.reminders), the
    # insurance renewal and the annual inspection (entered at reception); None: not known
    service_due: Mapped[date | None] = mapped_column(Date)
    daily_km: Mapped[int | None] = mapped_column(Integer)  # predicted from the visits
    insurance_due: Mapped[date | None] = mapped_column(Date)
    inspection_due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    customer: Mapped[Customer] = relationship(back_populates="vehicles")

    @hybrid_property
    def shown_plate(self) -> str:
        """The plate, or 未上牌 and the VIN's last six: what lists and papers show."""
        return plate_shown(self.plate, self.vin)

    @shown_plate.inplace.expression
    @classmethod
    def _shown_plate_expression(cls) -> ColumnElement[str]:
        # inline constants, not bound parameters: the same expression in SELECT and GROUP BY (PostgreSQL)
        tail = func.substr(cls.vin, literal_column("12", Integer), literal_column("6", Integer))
        return func.coalesce(cls.plate, literal_column("'未上牌·'", String) + tail)


class VehiclePlate(Base):
    """A vehicle's plate history: every plate it had, with when and by whom it changed (a plate added later
    to a 未上牌 car, a plate re-issued). The vehicle's current plate is vehicles.plate."""

    __tablename__ = "vehicle_plates"
    __table_args__ = (Index("ix_vehicle_plates_vehicle", "vehicle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    old_plate: Mapped[str | None] = mapped_column(String(20))
    new_plate: Mapped[str | None] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


# --- search while typing (front desk): an index of the fragments a clerk types -----------------------------
# A plate is searched by any part of it ("B123", "12345", "345"), a VIN by its tail (后六位/后八位) or from
# its start, a phone by its tail (手机尾号) or from its start, a name from its start or its given name.
# Every such fragment is the PREFIX of one suffix of the value, so the table holds those suffixes and a
# search is one range scan on an ordinary B-tree index: key >= 'typed' AND key < 'typed' + U+FFFF.
# The column is compared byte-wise ("C" on PostgreSQL, BINARY on SQLite) so the range is exactly "starts
# with" on both backends. Rows are kept by the mapper events below (every ORM insert/update/delete of a
# Vehicle or Customer); a bulk loader that writes with Core calls rebuild_search_keys() afterwards.

SEARCH_KEY_LEN = 40
_KEY_TYPE = String(SEARCH_KEY_LEN).with_variant(String(SEARCH_KEY_LEN, collation="C"), "postgresql")


class SearchKey(Base):
    __tablename__ = "search_keys"
    __table_args__ = {"sqlite_with_rowid": False}  # the primary key is the table: one B-tree, not two

    key: Mapped[str] = mapped_column(_KEY_TYPE, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # plate, vin -> vehicle; phone, name -> customer
    ref_id: Mapped[int] = mapped_column(primary_key=True)


def search_text(value: str) -> str:
    """How a typed fragment and a stored value are compared: half-width, upper case, no dot, dash or space."""
    return halfwidth(value or "").upper().replace("·", "").replace(" ", "").replace("-", "").replace(".", "")


def _suffixes(value: str, min_len: int, max_start: int | None = None) -> list[str]:
    last = len(value) - min_len
    if max_start is not None:
        last = min(last, max_start)
    return [value[i:][:SEARCH_KEY_LEN] for i in range(0, last + 1)] if value else []


def vehicle_search_keys(plate_key: str, vin: str) -> list[tuple[str, str]]:
    """Every suffix of the plate (2+ characters); the whole VIN and its last 4 to 8 characters."""
    plate = search_text(plate_key)
    keys = [(k, "plate") for k in _suffixes(plate, 2)]
    v = search_text(vin)
    if v:
        keys.append((v, "vin"))
        keys += [(v[-n:], "vin") for n in range(4, 9) if len(v) > n]
    return list(dict.fromkeys(keys))


def customer_search_keys(name: str, phone: str) -> list[tuple[str, str]]:
    """The phone and each of its tails (4+ digits); the name and what follows each of its first 8 characters
    (a given name; the 捷运 of 广州花都捷运物流有限公司)."""
    digits = search_text(phone)
    keys = [(k, "phone") for k in _suffixes(digits, 4)]
    keys += [(k, "name") for k in _suffixes(search_text(name), 1, max_start=8)]
    initials = pinyin_initials(name)  # zs → 张三
    if initials and initials != search_text(name):
        keys += [(k, "name") for k in _suffixes(initials, 2, max_start=8)]
    return list(dict.fromkeys(keys))


def _replace_keys(connection: Connection, kinds: tuple[str, str], ref_id: int,
                  keys: list[tuple[str, str]]) -> None:
    connection.execute(delete(SearchKey).where(SearchKey.kind.in_(kinds), SearchKey.ref_id == ref_id))
    if keys:
        connection.execute(insert(SearchKey), [{"key": k, "kind": kind, "ref_id": ref_id} for k, kind in keys])


def _changed(target: object, *names: str) -> bool:
    state = inspect(target)
    return any(state.attrs[n].history.has_changes() for n in names)


@event.listens_for(Vehicle, "after_insert")
def _vehicle_inserted(_mapper: Mapper[Vehicle], connection: Connection, target: Vehicle) -> None:
    _replace_keys(connection, ("plate", "vin"), target.id, vehicle_search_keys(target.plate_key, target.vin))


@event.listens_for(Vehicle, "after_update")
def _vehicle_updated(_mapper: Mapper[Vehicle], connection: Connection, target: Vehicle) -> None:
    if _changed(target, "plate_key", "vin"):
        _replace_keys(connection, ("plate", "vin"), target.id, vehicle_search_keys(target.plate_key, target.vin))


@event.listens_for(Vehicle, "after_delete")
def _vehicle_deleted(_mapper: Mapper[Vehicle], connection: Connection, target: Vehicle) -> None:
    _replace_keys(connection, ("plate", "vin"), target.id, [])


@event.listens_for(Customer, "after_insert")
def _customer_inserted(_mapper: Mapper[Customer], connection: Connection, target: Customer) -> None:
    _replace_keys(connection, ("phone", "name"), target.id, customer_search_keys(target.name, target.phone))


@event.listens_for(Customer, "after_update")
def _customer_updated(_mapper: Mapper[Customer], connection: Connection, target: Customer) -> None:
    if _changed(target, "name", "phone"):
        _replace_keys(connection, ("phone", "name"), target.id, customer_search_keys(target.name, target.phone))


@event.listens_for(Customer, "after_delete")
def _customer_deleted(_mapper: Mapper[Customer], connection: Connection, target: Customer) -> None:
    _replace_keys(connection, ("phone", "name"), target.id, [])


KeysOf = Callable[[str, str], list[tuple[str, str]]]


def write_keys(connection: Connection, sources: Iterable[tuple[Select[int, str, str], KeysOf]],
               batch: int = 5000) -> int:
    """Insert the keys of each row of each (query of id, a, b; keys_of(a, b) -> [(key, kind)]), in batches."""
    written = 0
    for query, keys_of in sources:
        rows: list[dict[str, object]] = []
        for ref_id, a, b in connection.execute(query):
            rows += [{"key": k, "kind": kind, "ref_id": ref_id} for k, kind in keys_of(a, b)]
            if len(rows) >= batch:
                connection.execute(insert(SearchKey), rows)
                written += len(rows)
                rows = []
        if rows:
            connection.execute(insert(SearchKey), rows)
            written += len(rows)
    return written


def rebuild_search_keys(connection: Connection, batch: int = 5000) -> int:
    """Rebuild the whole search index from vehicles and customers (after a bulk Core load), and the catalogs'
    and work orders' keys (catalog_search.py). Returns rows."""
    connection.execute(delete(SearchKey))
    written = write_keys(connection, (
        (select(Vehicle.id, Vehicle.plate_key, Vehicle.vin).order_by(Vehicle.id), vehicle_search_keys),
        (select(Customer.id, Customer.name, Customer.phone).order_by(Customer.id), customer_search_keys),
    ), batch)
    from workshop.db.models.catalog_search import rebuild_catalog_keys

    return written + rebuild_catalog_keys(connection, batch)
