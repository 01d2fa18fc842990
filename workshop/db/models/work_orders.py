"""Work orders (F1-F9, W1-W3), their lines, added items, transitions, quotes (P3), discounts (A1)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.db.models.base import Base
from workshop.db.types import Money, Qty, Rate, UTCDateTime


class LaborOperation(Base):
    """The labor catalog: operation code, standard hours and rate."""

    __tablename__ = "labor_operations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    standard_hours: Mapped[Decimal] = mapped_column(Qty)
    rate: Mapped[Decimal] = mapped_column(Money)  # 元 per hour
    team: Mapped[str] = mapped_column(String(20))  # a team code (teams.code)
    kind: Mapped[str] = mapped_column(String(20), default="repair", server_default="repair")
    # a retired operation stays on the work orders that carry it but cannot be added to a new line
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WorkOrder(Base):
    __tablename__ = "work_orders"
    __table_args__ = (
        Index("ix_work_orders_state_opened", "state", "opened_at"),
        Index("ix_work_orders_opened", "opened_at"),
        # counts of a date range; with the car, the first-time fix's later visits (0024)
        Index("ix_work_orders_opened_cars", "opened_at", "state", "kind", "vehicle_id"),
        # a car's visits (vehicle history, first-time fix's later visit: covering for the latter)
        Index("ix_work_orders_vehicle_visits", "vehicle_id", "opened_at", "state", "kind"),
        Index("ix_work_orders_vehicle_settled", "vehicle_id", "settled_at"),  # piece-rate comebacks
        # the history panel's page of a car's orders, newest first: read in the index's order, no sort (0023)
        Index("ix_work_orders_vehicle_opened", "vehicle_id", "opened_at", "id"),
        Index("ix_work_orders_customer", "customer_id"),
        Index("ix_work_orders_advisor_opened", "advisor_id", "opened_at"),
        Index("ix_work_orders_kind_settled", "kind", "settled_at"),
        Index("ix_work_orders_delivered_kind", "delivered_at", "kind", "vehicle_id"),  # a range's deliveries
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # general, maintenance, accident, warranty, internal
    charging_mode: Mapped[str] = mapped_column(String(20))  # paid, contract, free
    payer: Mapped[str] = mapped_column(String(20))  # customer, insurer, manufacturer, internal
    internal_department: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(20), default="normal")
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    advisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    team: Mapped[str | None] = mapped_column(String(20))
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    mileage_in: Mapped[int] = mapped_column(Integer)
    fault_description: Mapped[str] = mapped_column(Text, default="")
    requested_items: Mapped[str] = mapped_column(Text, default="")
    in_warranty: Mapped[bool] = mapped_column(Boolean, default=False)
    out_of_warranty_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    promised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    inspected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the discount in force (A1) and the settlement snapshot
    discount_pct: Mapped[Decimal] = mapped_column(Rate, default=Decimal("0"))
    discount_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    discount_reason: Mapped[str] = mapped_column(String(200), default="")
    labor_total: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    parts_total: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    total: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    cost_total: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))  # parts at avg cost + labor cost
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    labor_lines: Mapped[list[LaborLine]] = relationship(back_populates="work_order", order_by="LaborLine.id")
    part_lines: Mapped[list[PartLine]] = relationship(back_populates="work_order", order_by="PartLine.id")

    __mapper_args__ = {"version_id_col": version}


class WorkOrderEvent(Base):
    """Every transition of F4 with who and when (also written to the audit log)."""

    __tablename__ = "work_order_events"
    __table_args__ = (Index("ix_work_order_events_wo", "work_order_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(300), default="")


class AddedItem(Base):
    """F6: proposed by the workshop, confirmed with the customer by the advisor (consent recorded)."""

    __tablename__ = "added_items"
    __table_args__ = (Index("ix_added_items_wo", "work_order_id"), Index("ix_added_items_state", "state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    description: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed, confirmed, declined
    proposed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    consent_method: Mapped[str | None] = mapped_column(String(20))  # in_person, phone
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_amount: Mapped[Decimal | None] = mapped_column(Money)  # F6: the price the customer agreed to


class LaborLine(Base):
    __tablename__ = "labor_lines"
    __table_args__ = (Index("ix_labor_lines_wo", "work_order_id"), Index("ix_labor_lines_tech", "technician_id"),
                      Index("ix_labor_lines_finished", "finished_at"))  # W6: the jobs finished in a range

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("labor_operations.id"))
    description: Mapped[str] = mapped_column(String(200))
    hours: Mapped[Decimal] = mapped_column(Qty)
    rate: Mapped[Decimal] = mapped_column(Money)
    team: Mapped[str | None] = mapped_column(String(20))
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_item_id: Mapped[int | None] = mapped_column(ForeignKey("added_items.id"))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    # W5: the technician finished this job at the floor terminal (no clock-on after it)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    work_order: Mapped[WorkOrder] = relationship(back_populates="labor_lines")


class PartLine(Base):
    """A part asked for on a work order. issued/returned move with the stock ledger (P1, P2, P4, W3)."""

    __tablename__ = "part_lines"
    __table_args__ = (Index("ix_part_lines_wo", "work_order_id"), Index("ix_part_lines_part", "part_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id"))
    quantity: Mapped[Decimal] = mapped_column(Qty)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    issued_qty: Mapped[Decimal] = mapped_column(Qty, default=Decimal("0"))
    returned_qty: Mapped[Decimal] = mapped_column(Qty, default=Decimal("0"))
    issued_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))  # at moving average, net of returns
    first_issue_full: Mapped[bool | None] = mapped_column(Boolean)  # fill rate (Q3): first issue covered the line
    fitted: Mapped[bool] = mapped_column(Boolean, default=False)
    added_item_id: Mapped[int | None] = mapped_column(ForeignKey("added_items.id"))
    old_part_received: Mapped[Decimal] = mapped_column(Qty, default=Decimal("0"))  # P7

    work_order: Mapped[WorkOrder] = relationship(back_populates="part_lines")


class Quote(Base):
    """P3: the accident quote. Its lines may be ordered only when signed; supplements need a new signature."""

    __tablename__ = "quotes"
    __table_args__ = (Index("ix_quotes_wo", "work_order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), unique=True)
    revision: Mapped[int] = mapped_column(default=1)
    signed_revision: Mapped[int] = mapped_column(default=0)
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    insurer: Mapped[str] = mapped_column(String(60), default="")
    assessment_no: Mapped[str] = mapped_column(String(40), default="", server_default="")  # 定损单号
    assessed_amount: Mapped[Decimal | None] = mapped_column(Money)  # M1: 定损金额
    deductible: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"), server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuoteLine(Base):
    __tablename__ = "quote_lines"
    __table_args__ = (Index("ix_quote_lines_quote", "quote_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"))
    part_id: Mapped[int | None] = mapped_column(ForeignKey("parts.id"))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[Decimal] = mapped_column(Qty)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    is_labor: Mapped[bool] = mapped_column(Boolean, default=False)
    hours: Mapped[Decimal] = mapped_column(Qty, default=Decimal("0"))
    revision: Mapped[int] = mapped_column(default=1)  # supplemental lines carry a later revision
    ordered_qty: Mapped[Decimal] = mapped_column(Qty, default=Decimal("0"))
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("labor_operations.id"))
    # once signed, the line was put on the work order as this labor or part line (what is worked, issued, billed).
    # No foreign key on purpose: the advisor may later remove that line from the work order, and the signed
    # quote stays as the insurer saw it.
    labor_line_id: Mapped[int | None] = mapped_column(Integer)
    part_line_id: Mapped[int | None] = mapped_column(Integer)


class DiscountGrant(Base):
    """A1: every discount given, with its reason; counted per advisor per calendar week (Shanghai)."""

    __tablename__ = "discount_grants"
    __table_args__ = (
        Index("ix_discount_grants_advisor_week", "advisor_id", "week_start"),
        Index("ix_discount_grants_wo", "work_order_id"),
        Index("ix_discount_grants_at", "at"),  # the dashboard's date range, not every advisor's whole history
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    advisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    week_start: Mapped[datetime] = mapped_column(UTCDateTime())
    pct: Mapped[Decimal] = mapped_column(Rate)
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    approval_id: Mapped[int | None] = mapped_column(ForeignKey("approvals.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
