"""Plain data of a work order and what hangs on it, returned by the front desk, workshop floor and quality
services and read by the queries and printing (never live ORM objects).

These shapes are a contract with the screens and the read side: add fields at the end, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from workshop.domain.deadlines import Deadlines as Deadlines
from workshop.domain.warranty import WarrantyStatus as WarrantyStatus


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    name: str
    phone: str
    address: str
    version: int


@dataclass(frozen=True)
class VehicleInfo:
    id: int
    customer_id: int
    plate: str
    vin: str
    brand: str
    model: str
    purchase_date: date
    last_mileage: int
    warranty_months: int
    warranty_km: int
    version: int
    plate_unrecognised: bool = False  # kept after a confirmation: a plate no GA 36 form matches

    @property
    def shown_plate(self) -> str:
        """The plate, or 未上牌 and the VIN's last six ("" in plate: none yet)."""
        return self.plate or f"未上牌·{self.vin[-6:]}"


@dataclass(frozen=True)
class LaborLineInfo:
    id: int
    operation_code: str | None
    description: str
    hours: Decimal
    rate: Decimal
    amount: Decimal
    team: str | None
    technician_id: int | None
    added_item_id: int | None
    done: bool


@dataclass(frozen=True)
class PartLineInfo:
    id: int
    part_id: int
    part_no: str
    name: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    issued_qty: Decimal
    returned_qty: Decimal
    added_item_id: int | None


@dataclass(frozen=True)
class AddedItemInfo:
    id: int
    work_order_id: int
    work_order_number: str
    description: str
    state: str  # proposed, confirmed, declined
    proposed_by: int
    proposed_at: datetime
    decided_by: int | None
    consent_method: str | None  # in_person, phone
    consent_at: datetime | None
    consent_amount: Decimal | None = None  # F6: the amount the customer agreed to


@dataclass(frozen=True)
class WorkOrderInfo:
    id: int
    number: str
    kind: str
    charging_mode: str
    payer: str
    internal_department: str | None
    state: str
    priority: str
    customer_id: int
    vehicle_id: int
    advisor_id: int
    team: str | None
    technician_id: int | None
    mileage_in: int
    fault_description: str
    requested_items: str
    in_warranty: bool
    out_of_warranty_agreed: bool
    promised_at: datetime | None
    opened_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    inspected_at: datetime | None
    settled_at: datetime | None
    delivered_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    discount_amount: Decimal
    labor_total: Decimal
    parts_total: Decimal
    total: Decimal
    cost_total: Decimal
    version: int
    updated_at: datetime
    updated_by: int | None
    labor_lines: tuple[LaborLineInfo, ...]
    part_lines: tuple[PartLineInfo, ...]
    added_items: tuple[AddedItemInfo, ...]


@dataclass(frozen=True)
class ProposedLabor:
    """A labor line a technician proposes with an added item (F6): a catalog operation code."""

    operation_code: str
    hours: Decimal | None = None  # None: the catalog's standard hours


@dataclass(frozen=True)
class ProposedPart:
    """A part line a technician proposes with an added item (F6)."""

    part_no: str
    quantity: Decimal


@dataclass(frozen=True)
class ReturnVisitInfo:
    id: int
    work_order_id: int
    work_order_number: str
    due_at: datetime
    done_at: datetime | None
    done_by: int | None
    result: str
    score: int | None
    attempts: int = 0
    outcome: str = ""


@dataclass(frozen=True)
class ComplaintInfo:
    id: int
    number: str
    customer_id: int
    work_order_id: int | None
    content: str
    state: str  # accepted, handled, verified, fed_back, archived
    received_at: datetime
    received_by: int
    answer_due: datetime
    verify_due: datetime
    answered_at: datetime | None
    verified_at: datetime | None
    closed_at: datetime | None
