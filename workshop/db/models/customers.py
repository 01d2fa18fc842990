"""Customers and their vehicles (F1, F3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.db.models.base import Base
from workshop.db.types import UTCDateTime


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
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    plate: Mapped[str] = mapped_column(String(20), unique=True)
    plate_key: Mapped[str] = mapped_column(String(20))  # plate without dot, for fragment search
    vin: Mapped[str] = mapped_column(String(17), unique=True)
    brand: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(60))
    purchase_date: Mapped[date] = mapped_column(Date)
    last_mileage: Mapped[int] = mapped_column(default=0)
    warranty_months: Mapped[int] = mapped_column(default=36)
    warranty_km: Mapped[int] = mapped_column(default=100000)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    customer: Mapped[Customer] = relationship(back_populates="vehicles")
