"""Human-readable numbers (RO2611-0042), unique when desks open records at the same moment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from workshop.db.uow import UnitOfWork
from workshop.domain.clock import to_shop

PREFIXES = {
    "work_order": "RO",
    "claim_order": "CL",
    "purchase_order": "PO",
    "complaint": "TS",
    "stocktake": "PD",
    "deposit_receipt": "DJ",
    "receipt": "SK",
    "gate_pass": "FX",
}


def next_number(uow: UnitOfWork, kind: str, at: datetime | None = None, width: int = 4) -> str:
    """Atomic upsert-and-increment on number_counters: the row lock serialises concurrent openings."""
    stamp = to_shop(at or uow.now).strftime("%y%m")
    prefix = f"{PREFIXES[kind]}{stamp}"
    value = uow.session.execute(
        text(
            "INSERT INTO number_counters (prefix, last_value) VALUES (:p, 1) "
            "ON CONFLICT (prefix) DO UPDATE SET last_value = number_counters.last_value + 1 "
            "RETURNING last_value"
        ),
        {"p": prefix},
    ).scalar_one()
    return f"{prefix}-{value:0{width}d}"
