"""A5, M1, M2 for the write side: the rules are in workshop.domain.totals and workshop.domain.payers, the
reads in workshop.db.totals_store; these names stay importable from here for the services and the tests."""

from __future__ import annotations

from workshop.db.team_rates_store import cost_rates as cost_rates
from workshop.db.totals_store import compute_totals as compute_totals
from workshop.db.totals_store import customer_balance as customer_balance
from workshop.db.totals_store import payer_split as payer_split
from workshop.domain.totals import Balance as Balance
from workshop.domain.totals import Totals as Totals
