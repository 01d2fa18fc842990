"""A5: the one computation of a work order's money — on screen, in the settlement check and in reports.

Revenue counts approved lines only: a line tied to an added item counts once the customer confirmed it (F6).
Parts are charged at the line's quantity x unit price; parts cost is what was issued, net of returns, at
moving average (the line's issued cost), plus what the line still asks for at the part's moving average now —
so the margin shown before the parts are issued is an estimate, not a 90% illusion. At settlement every line
is issued in full (W3), and the cost is exactly the issued cost. Labor cost = hours x the team's internal cost
rate in force; a line without a team takes the work order's team, else the default (the shop's first team's)
rate. The rows are read by workshop.db.totals_store; everything here is pure.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from workshop.domain.added_items import line_counts
from workshop.domain.approval_figures import Figures, PricedLine, lines_digest
from workshop.domain.margin import discounted_total, gross_margin, labor_cost
from workshop.domain.money import ZERO, money
from workshop.domain.payers import PayerSplit


@dataclass(frozen=True)
class Totals:
    labor_total: Decimal     # revenue from labor (approved lines), before discount
    parts_total: Decimal     # revenue from parts (approved lines), before discount
    gross: Decimal           # labor_total + parts_total
    discount: Decimal        # gross - total
    total: Decimal           # revenue after discount: what the payer pays
    parts_cost: Decimal      # issued net quantity at moving average
    labor_cost: Decimal      # hours x team cost rate
    gross_profit: Decimal    # total - parts_cost - labor_cost
    margin_pct: Decimal | None  # None when there is no revenue
    labor_hours: Decimal
    kind: str = ""
    digest: str = ""        # A4: the priced lines' fingerprint (workshop.domain.approval_figures)

    @property
    def figures(self) -> Figures:
        """What an approver is shown and what an approval approves (A4)."""
        return Figures(kind=self.kind, gross=self.gross, discount=self.discount,
                       pct_of_gross=self.discount_pct_of_gross, total=self.total, margin_pct=self.margin_pct,
                       digest=self.digest)

    @property
    def cost_total(self) -> Decimal:
        return money(self.parts_cost + self.labor_cost)

    @property
    def discount_pct_of_gross(self) -> Decimal:
        """The discount in force as a percentage of the gross (amount discounts converted), 2 places."""
        if self.gross <= 0:
            return Decimal("0.00")
        return (self.discount * 100 / self.gross).quantize(Decimal("0.01"))


class LaborRow(NamedTuple):
    hours: Decimal
    rate: Decimal
    team: str | None
    added_item_id: int | None
    code: str


class PartRow(NamedTuple):
    quantity: Decimal
    unit_price: Decimal
    issued_cost: Decimal | None
    added_item_id: int | None
    net_issued: Decimal | None
    avg_cost: Decimal | None
    part_no: str


@dataclass(frozen=True)
class Rates:
    """The team cost rates in force, and the rate of a line that names no team (the first team's)."""

    by_team: Mapping[str, Decimal]
    default: Decimal


def totals_of(kind: str, team: str | None, labor_rows: Iterable[LaborRow], part_rows: Iterable[PartRow],
              confirmed: Collection[int], discount_pct: Decimal, discount_amount: Decimal, rates: Rates) -> Totals:
    """A5 over the work order's lines: revenue of the approved lines, cost, discount and margin."""
    labor_total = ZERO
    hours_by_team: list[tuple[str | None, Decimal]] = []
    priced: list[PricedLine] = []
    for hours, rate, line_team, added, code in labor_rows:
        if line_counts(added, confirmed):
            labor_total += money(Decimal(hours) * Decimal(rate))
            hours_by_team.append((line_team or team, Decimal(hours)))
            priced.append(PricedLine("labor", str(code), Decimal(hours), Decimal(rate)))
    parts_total = ZERO
    parts_cost = ZERO
    for qty, price, issued_cost, added, net_issued, avg_cost, part_no in part_rows:
        parts_cost += Decimal(issued_cost or 0)
        if line_counts(added, confirmed):
            parts_total += money(Decimal(qty) * Decimal(price))
            priced.append(PricedLine("part", str(part_no), Decimal(qty), Decimal(price)))
            still_asked = Decimal(qty) - Decimal(net_issued or 0)
            if still_asked > 0:
                parts_cost += money(still_asked * Decimal(avg_cost or 0))
    gross = money(labor_total + parts_total)
    total = discounted_total(labor_total, parts_total, Decimal(discount_pct or 0), Decimal(discount_amount or 0))
    labor_cost_total = labor_cost(hours_by_team, rates.by_team, rates.default)
    figures = gross_margin(total, parts_cost, labor_cost_total)
    return Totals(
        labor_total=money(labor_total), parts_total=money(parts_total), gross=gross,
        discount=money(gross - total), total=total, parts_cost=figures.parts_cost,
        labor_cost=figures.labor_cost, gross_profit=figures.gross_profit, margin_pct=figures.margin_pct,
        labor_hours=sum((h for _, h in hours_by_team), Decimal("0")),
        kind=kind, digest=lines_digest(kind, priced),
    )


@dataclass(frozen=True)
class Balance:
    """M2: what the customer's part of the bill is, what the payments ledger holds for it, and what is left."""

    split: PayerSplit
    paid: Decimal
    owed: Decimal
    rebilled: Decimal = ZERO  # M5: an insurer's or the manufacturer's rejected part billed to the customer

    @property
    def customer_due(self) -> Decimal:
        return money(self.split.customer + self.rebilled)


def balance_of(split: PayerSplit, paid: Decimal, rebilled: Decimal) -> Balance:
    """M2: the customer owes their part of the bill and what was billed back to them, less what they paid."""
    return Balance(split, money(paid), money(split.customer + rebilled - paid), money(rebilled))
