"""C1-C3: a warranty claim order's states with their named groupings, and the plain data the claim services
return (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from workshop.domain import codes

ClaimState = codes.ClaimState  # one enum, labelled in workshop.domain.labels; its groupings below


# before it goes to the manufacturer: it may still be signed, ordered or cancelled
BEFORE_ORDER = (ClaimState.DRAFT, ClaimState.SIGNED)
# ordered, its parts on the way or here and reserved for the work order, until they are fitted (C3)
AWAITING_FITTING = (ClaimState.ORDERED, ClaimState.ARRIVED)
# still open: not refunded, not cancelled
OPEN_STATES = (*BEFORE_ORDER, *AWAITING_FITTING)
# over: no deposit is taken any more
CLOSED = (ClaimState.REFUNDED, ClaimState.CANCELLED)
# how a deposit is paid and refunded
DEPOSIT_METHODS = ("cash", "wechat", "alipay", "card")


@dataclass(frozen=True)
class ClaimInfo:
    id: int
    number: str
    work_order_no: str
    state: str
    amount: Decimal
    needs_director: bool
    signatures: tuple[str, ...]  # kinds signed: claim_manager, claim_director
    version: int


@dataclass(frozen=True)
class DepositInfo:
    id: int
    claim_no: str
    receipt_no: str
    amount: Decimal
    method: str
    received_at: datetime
    refunded_amount: Decimal | None
    refunded_at: datetime | None
    refund_method: str | None


@dataclass(frozen=True)
class SignatureInfo:
    approval_id: int
    claim_no: str
    kind: str
    signed_by: str
    signed_at: datetime
    claim_state: str


@dataclass(frozen=True)
class ArrivalInfo:
    claim_no: str
    state: str
    lines: tuple[tuple[str, Decimal, Decimal], ...]  # part_no, arrived now, arrived in all
    customer_phone: str
