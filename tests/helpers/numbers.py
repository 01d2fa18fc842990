"""Work order numbers as the numbering service gives them (never written by hand: RO2612-0001 broke CI)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tests.helpers import parts_data as pd
from workshop.db.models import WorkOrder
from workshop.db.uow import Database
from workshop.services.numbering import next_number

OPENED = datetime(2027, 3, 2, 9, 30, tzinfo=UTC)  # RO2703-...: never a number parts_data writes (RO2612-...)


def numbered(db: Database, wo: pd.WO, at: datetime = OPENED) -> pd.WO:
    """The work order renumbered with the number the numbering service gives, as the front desk opens it."""
    uow = db.uow()
    with uow:
        number = next_number(uow, "work_order", at)
        row = uow.session.get(WorkOrder, wo.id)
        assert row is not None
        row.number = number
        uow.commit()
    return replace(wo, number=number)
