"""R3 declined work kept on the vehicle, and R4 the walk-around at reception with its photos."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import Money, UTCDateTime


class DeclinedWork(Base):
    """R3: an added item the customer declined, or a suggestion noted at QC, open on the vehicle until it is
    taken into a later work order (done) or dismissed. `lines` keeps what it was priced with (JSON)."""

    __tablename__ = "declined_work"
    __table_args__ = (
        Index("ix_declined_work_vehicle_state", "vehicle_id", "state"),
        Index("ix_declined_work_state_customer", "state", "customer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    source: Mapped[str] = mapped_column(String(20))  # declined_item, qc_suggestion
    state: Mapped[str] = mapped_column(String(20), default="open")  # open, done, dismissed
    description: Mapped[str] = mapped_column(String(300))
    amount: Mapped[Decimal | None] = mapped_column(Money)  # the value as priced or estimated
    lines: Mapped[str] = mapped_column(Text, default="{}")  # {"labor": [{"code", "hours"}], "parts": [{"part_no", "qty"}]}
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))  # where it was declined / suggested
    added_item_id: Mapped[int | None] = mapped_column(ForeignKey("added_items.id"))
    noted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    noted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    close_reason: Mapped[str] = mapped_column(String(200), default="")
    taken_into_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"))


class Walkaround(Base):
    """R4: the car's condition agreed with the customer at reception, one per work order."""

    __tablename__ = "walkarounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), unique=True)
    fuel_eighths: Mapped[int] = mapped_column(Integer)
    mileage: Mapped[int] = mapped_column(Integer)
    valuables: Mapped[str] = mapped_column(String(300), default="")
    warning_lamps: Mapped[str] = mapped_column(String(200), default="")  # keys of WARNING_LAMPS, comma separated
    tyres: Mapped[str] = mapped_column(String(200), default="{}")  # JSON {"lf": "ok", ...}
    damage_marks: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[x, y, kind], ...]
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)


class WalkaroundPhoto(Base):
    """R4: a photo of the car at reception, resized by the desk, kept in the database (so backups carry it)."""

    __tablename__ = "walkaround_photos"
    __table_args__ = (Index("ix_walkaround_photos_wo", "work_order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    caption: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(20))  # file, folder, camera
    mime: Mapped[str] = mapped_column(String(20))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    thumb: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    added_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
