"""A5: gross margin = (revenue - parts at moving average - labor cost) / revenue, revenue after discount,
labor cost = hours x the team's internal cost rate. The one definition used on screen, in reports and checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from workshop.domain.money import ZERO, money


@dataclass(frozen=True)
class MarginFigures:
    revenue: Decimal
    parts_cost: Decimal
    labor_cost: Decimal
    gross_profit: Decimal
    margin_pct: Decimal | None  # None when there is no revenue


def labor_cost(hours_by_team: Iterable[tuple[str | None, Decimal]], cost_rates: Mapping[str, Decimal],
               default_rate: Decimal) -> Decimal:
    total = ZERO
    for team, hours in hours_by_team:
        rate = cost_rates.get(team or "", default_rate)
        total += Decimal(hours) * rate
    return money(total)


def gross_margin(revenue: Decimal, parts_cost: Decimal, labor_cost_total: Decimal) -> MarginFigures:
    revenue = money(revenue)
    profit = money(revenue - money(parts_cost) - money(labor_cost_total))
    pct = None
    if revenue > 0:
        pct = (profit * 100 / revenue).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return MarginFigures(revenue, money(parts_cost), money(labor_cost_total), profit, pct)


def discounted_total(labor_total: Decimal, parts_total: Decimal, discount_pct: Decimal,
                     discount_amount: Decimal) -> Decimal:
    """Revenue after discount: a percentage off the whole, or a fixed amount off (never below zero)."""
    gross = money(labor_total + parts_total)
    off = money(gross * discount_pct / 100) + money(discount_amount)
    return max(ZERO, money(gross - off))
