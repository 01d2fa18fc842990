"""Numbers for rows that tests write by hand. The product numbers by shop month (RO2612-0001, numbering
service); a test that wrote such a number by hand collided with the product's own numbers once the calendar
reached that month. Hand-written numbers therefore take month 00 of year 99, which no clock ever reaches."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from workshop.db.models import WorkOrder
from workshop.db.uow import Database
from workshop.services.numbering import next_number

if TYPE_CHECKING:
    from tests.helpers.parts_data import WO

NOT_A_MONTH = "9900"
_seq = itertools.count(1)


def hand_number(prefix: str = "RO", n: int | None = None) -> str:
    """A number like the product's (RO9900-0007) that the numbering service can never hand out."""
    return f"{prefix}{NOT_A_MONTH}-{next(_seq) if n is None else n:04d}"


# --- numbers as the product gives them ---------------------------------------------------------------------

OPENED = datetime(2027, 3, 2, 9, 30, tzinfo=UTC)  # an explicit day: the tests never depend on today's date


def numbered(db: Database, wo: WO, at: datetime = OPENED) -> WO:
    """The work order renumbered with what the numbering service gives (RO2703-0001), as the front desk opens
    it: a scan test scans the number a real work order carries, capitals and all."""
    uow = db.uow()
    with uow:
        number = next_number(uow, "work_order", at)
        row = uow.session.get(WorkOrder, wo.id)
        assert row is not None
        row.number = number
        uow.commit()
    return replace(wo, number=number)
