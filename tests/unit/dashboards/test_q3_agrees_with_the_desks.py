"""Q3 figures use the desks' own definitions: the dashboard's overdue claim orders and held deposits are the
claims desk's (C3: arrived before the cutoff and not fitted yet), on the demo data."""

from __future__ import annotations

import pytest

from workshop.db.uow import Database
from workshop.demo import generate
from workshop.domain.clock import utcnow
from workshop.queries.claims import claim_figures
from workshop.queries.dashboards_base import last_days
from workshop.queries.dashboards_parts import claim_deposits

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def test_q3_c3_dashboard_overdue_claims_match_the_claims_desk(db: Database) -> None:
    generate(db, "small", 1)
    now = utcnow()
    desk = claim_figures(db, now=now)
    data = claim_deposits(db, last_days(30, now=now))
    headline = {h.en: h.value for h in data.headline}
    assert headline["Overdue claim orders"] == desk.overdue
    assert headline["Deposits held"] == desk.deposits_held_amount
    assert desk.overdue > 0  # the demo has claim parts waiting too long, so the check is not vacuous
