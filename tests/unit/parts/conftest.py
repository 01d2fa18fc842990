"""Fixtures of the parts counter tests: a clerk, an advisor, a stocked part and a started work order."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.helpers import parts_data as pd
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role

OIL_FILTER_EAN = pd.ean13("690123456789")


@dataclass(frozen=True)
class Counter:
    db: Database
    clerk: Actor
    advisor: Actor
    filter_id: int      # 06L115562B 机油滤清器, EAN OIL_FILTER_EAN, bin A-01-02, 10 on hand at 50.00
    wo: pd.WO           # started, one line asking 2 oil filters


@pytest.fixture
def counter(db: Database, people: dict[Role, Actor]) -> Counter:
    clerk, advisor = people[Role.PARTS_CLERK], people[Role.ADVISOR]
    filter_id = pd.make_part(db, clerk, "06L115562B", stock="10", cost="50.00", barcode=OIL_FILTER_EAN,
                             bin_code="A-01-02")
    wo = pd.make_work_order(db, advisor, [(filter_id, "2")])
    return Counter(db, clerk, advisor, filter_id, wo)
