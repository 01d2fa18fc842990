"""Closed lists of codes stored in records that had no enum of their own: claim orders, tools, stock moves,
added items, consent, purchase orders, gate-pass basis, invoices, bays, the floor board's clock and the front
desk's search. Their Chinese and English labels are in workshop.domain.labels, with every other enum's."""

from __future__ import annotations

from enum import StrEnum


class ClaimState(StrEnum):
    DRAFT = "draft"          # waiting for the signatures (C2)
    SIGNED = "signed"
    ORDERED = "ordered"
    ARRIVED = "arrived"
    REFUNDED = "refunded"    # the deposit went back to the customer
    CANCELLED = "cancelled"


class ToolState(StrEnum):
    IN = "in"
    OUT = "out"
    LOST = "lost"
    RETIRED = "retired"


class MoveKind(StrEnum):
    """A line of the stock ledger (P8)."""
    RECEIPT = "receipt"
    CLAIM_RECEIPT = "claim_receipt"
    ISSUE = "issue"
    RETURN = "return"
    ADJUST = "adjust"
    INTERNAL = "internal"


class AddedState(StrEnum):
    """F6: an item added during the job, before and after the customer's answer."""
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class ConsentMethod(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"


class PurchaseOrderState(StrEnum):
    OPEN = "open"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class ReleaseBasis(StrEnum):
    """Why the gate pass lets the car out (M3)."""
    PAID = "paid"
    NOTHING_OWED = "nothing_owed"
    ACCOUNT = "account"


class InvoiceKind(StrEnum):
    NORMAL = "normal"    # 普票
    SPECIAL = "special"  # 专票


class BayKind(StrEnum):
    BAY = "bay"
    LIFT = "lift"


class BoardClock(StrEnum):
    """The floor board card's clock light."""
    ON = "on"
    PAUSED = "paused"
    OFF = "off"


class MatchField(StrEnum):
    """What a front-desk search matched on."""
    PLATE = "plate"
    VIN = "vin"
    PHONE = "phone"
    NAME = "name"
