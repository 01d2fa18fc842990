"""Parts catalog, bins, the stock ledger (P8), purchasing (P5) and receiving."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db.models.base import Base
from workshop.db.types import Money, Qty, UTCDateTime


class Bin(Base):
    __tablename__ = "bins"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    description: Mapped[str] = mapped_column(String(100), default="")


class Part(Base):
    """on_hand and avg_cost are kept with the ledger in the same transaction and never go below zero."""

    __tablename__ = "parts"
    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        Index("ix_parts_name", "name"),
        Index("ix_parts_last_move", "last_move_at"),
        Index("ix_parts_stock", "on_hand", "last_move_at", "avg_cost", "part_no"),  # dead stock: covering
        Index("ix_parts_bin", "bin_id"),
        Index("ix_parts_value", "stock_value", "on_hand", "last_move_at", "part_no"),  # dead stock's top rows
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    part_no: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    barcode: Mapped[str | None] = mapped_column(String(20), unique=True)  # manufacturer EAN-13
    bin_id: Mapped[int | None] = mapped_column(ForeignKey("bins.id"))
    unit: Mapped[str] = mapped_column(String(10), default="件")
    price: Mapped[Decimal] = mapped_column(Money)  # standard retail price (F8)
    on_hand: Mapped[Decimal] = mapped_column(Qty, default=Decimal("0"))
    avg_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    min_stock: Mapped[Decimal] = mapped_column(Qty, default=Decimal("0"))
    old_for_new: Mapped[bool] = mapped_column(Boolean, default=False)  # P7
    is_consumable: Mapped[bool] = mapped_column(Boolean, default=False)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))  # the usual supplier
    last_move_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)
    # on hand x average cost, kept by the database (VIRTUAL on SQLite, STORED on PostgreSQL): dead stock's top
    # rows walk ix_parts_value from the most valuable part down
    stock_value: Mapped[Decimal | None] = mapped_column(Numeric(24, 4), Computed("on_hand * avg_cost", persisted=True))


class StockAge(Base):
    """The parts in stock by the (UTC) day of their last move: how many and their value (on hand x average cost,
    in 1/10,000 yuan, exact on both databases), so that dead stock is counted and summed without reading every
    dead part (issue 22: history growth). Kept by database triggers on `parts` (migration 0019_growth), in the
    same transaction as every write of on_hand, avg_cost or last_move_at by whatever path (the ledger's moves,
    plain statements, imports, the demo). A part in stock never moved (last_move_at NULL) is on 0001-01-01.
    A later migration that rebuilds `parts` with batch_alter_table on SQLite drops those triggers: create
    them again there (tests/unit/queries/test_dead_stock_summary.py fails otherwise)."""

    __tablename__ = "stock_age"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    parts: Mapped[int] = mapped_column(default=0)
    value_e4: Mapped[int] = mapped_column(BigInteger, default=0)


class StockMove(Base):
    """P8: the ledger. quantity is signed (+ in, - out). Every issue/return names its work order line."""

    __tablename__ = "stock_moves"
    __table_args__ = (
        Index("ix_stock_moves_part_at", "part_id", "at"),
        Index("ix_stock_moves_at", "at"),
        Index("ix_stock_moves_line", "part_line_id"),
        Index("ix_stock_moves_kind_at", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id"))
    kind: Mapped[str] = mapped_column(String(20))  # receipt, issue, return, adjust, internal, claim_receipt
    quantity: Mapped[Decimal] = mapped_column(Qty)
    unit_cost: Mapped[Decimal] = mapped_column(Money)
    on_hand_after: Mapped[Decimal] = mapped_column(Qty)
    avg_cost_after: Mapped[Decimal] = mapped_column(Money)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    part_line_id: Mapped[int | None] = mapped_column(ForeignKey("part_lines.id"))
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"))
    reference: Mapped[str] = mapped_column(String(60), default="")  # PO / delivery note / stocktake number
    reason: Mapped[str] = mapped_column(String(200), default="")


class Supplier(Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    is_manufacturer: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str] = mapped_column(String(60), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    terms: Mapped[str] = mapped_column(String(200), default="", server_default="")  # payment / delivery terms
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class PurchaseOrder(Base):
    __tablename__ = "purchase_orders"
    __table_args__ = (Index("ix_purchase_orders_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    state: Mapped[str] = mapped_column(String(20), default="open")  # open, received, cancelled
    is_self_purchase: Mapped[bool] = mapped_column(Boolean, default=False)
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PurchaseOrderLine(Base):
    __tablename__ = "purchase_order_lines"
    __table_args__ = (Index("ix_po_lines_po", "purchase_order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"))
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id"))
    quantity: Mapped[Decimal] = mapped_column(Qty)
    unit_cost: Mapped[Decimal] = mapped_column(Money)
    received_qty: Mapped[Decimal] = mapped_column(Qty, default=Decimal("0"))
    quote_line_id: Mapped[int | None] = mapped_column(ForeignKey("quote_lines.id"))


class SelfPurchase(Base):
    """P5: three supplier quotes on record; the cheapest chosen or a reason written."""

    __tablename__ = "self_purchases"

    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id"))
    quantity: Mapped[Decimal] = mapped_column(Qty)
    choice_reason: Mapped[str] = mapped_column(String(200), default="")
    purchase_order_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_orders.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SupplierQuote(Base):
    __tablename__ = "supplier_quotes"
    __table_args__ = (Index("ix_supplier_quotes_sp", "self_purchase_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    self_purchase_id: Mapped[int] = mapped_column(ForeignKey("self_purchases.id"))
    supplier_name: Mapped[str] = mapped_column(String(100))
    unit_price: Mapped[Decimal] = mapped_column(Money)
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)
