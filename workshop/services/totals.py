"""A5: the one computation of a work order's money — on screen, in the settlement check and in reports.

Revenue counts approved lines only: a line tied to an added item counts once the customer confirmed it (F6).
Parts are charged at the line's quantity x unit price; parts cost is what was issued, net of returns, at
moving average (PartLine.issued_cost), plus what the line still asks for at the part's moving average now —
so the margin shown before the parts are issued is an estimate, not a 90% illusion. At settlement every line
is issued in full (W3), and the cost is exactly the issued cost. Labor cost = hours x the team's internal cost rate
in force (workshop.services.team_rates: at settlement for a settled order, else now; the setting
"labor_cost_rate.<team>" until the shop enters its rates); a line without a team takes the work order's team, else
the rate of the shop's first team in use (workshop.services.teams.default_team).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.db.models import AddedItem, LaborLine, LaborOperation, Part, PartLine, WorkOrder
from workshop.domain.approval_figures import Figures, PricedLine, lines_digest
from workshop.domain.margin import discounted_total, gross_margin, labor_cost
from workshop.domain.money import ZERO, money
from workshop.domain.payers import ChargeLine, InsurerTerms, PayerSplit, split_by_payer
from workshop.services.team_rates import cost_rates_at
from workshop.services.teams import default_team


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


def cost_rates(session: Session, at: datetime | None = None) -> tuple[dict[str, Decimal], Decimal]:
    """The team cost rates in force at `at` (now when None) and the default (the first team's) rate."""
    rates = cost_rates_at(session, at)
    first = default_team(session)
    return rates, rates.get(first, Decimal("0")) if first else Decimal("0")


def _confirmed_added_items(session: Session, work_order_id: int) -> set[int]:
    return set(
        session.scalars(
            select(AddedItem.id).where(AddedItem.work_order_id == work_order_id, AddedItem.state == "confirmed")
        )
    )


def compute_totals(session: Session, work_order: WorkOrder, *, discount_pct: Decimal | None = None,
                   discount_amount: Decimal | None = None) -> Totals:
    """The work order's totals with the discount in force, or with a proposed discount when given."""
    confirmed = _confirmed_added_items(session, work_order.id)
    labor_rows = session.execute(
        select(LaborLine.hours, LaborLine.rate, LaborLine.team, LaborLine.added_item_id,
               func.coalesce(LaborOperation.code, LaborLine.description))
        .outerjoin(LaborOperation, LaborOperation.id == LaborLine.operation_id)
        .where(LaborLine.work_order_id == work_order.id)
    ).all()
    part_rows = session.execute(
        select(PartLine.quantity, PartLine.unit_price, PartLine.issued_cost, PartLine.added_item_id,
               PartLine.issued_qty - PartLine.returned_qty, Part.avg_cost, Part.part_no)
        .join(Part, Part.id == PartLine.part_id)
        .where(PartLine.work_order_id == work_order.id)
    ).all()

    def approved(added_item_id: int | None) -> bool:
        return added_item_id is None or added_item_id in confirmed

    labor_total = ZERO
    hours_by_team: list[tuple[str | None, Decimal]] = []
    priced: list[PricedLine] = []
    for hours, rate, team, added, code in labor_rows:
        if approved(added):
            labor_total += money(Decimal(hours) * Decimal(rate))
            hours_by_team.append((team or work_order.team, Decimal(hours)))
            priced.append(PricedLine("labor", str(code), Decimal(hours), Decimal(rate)))
    parts_total = ZERO
    parts_cost = ZERO
    for qty, price, issued_cost, added, net_issued, avg_cost, part_no in part_rows:
        parts_cost += Decimal(issued_cost or 0)
        if approved(added):
            parts_total += money(Decimal(qty) * Decimal(price))
            priced.append(PricedLine("part", str(part_no), Decimal(qty), Decimal(price)))
            still_asked = Decimal(qty) - Decimal(net_issued or 0)
            if still_asked > 0:
                parts_cost += money(still_asked * Decimal(avg_cost or 0))

    pct = work_order.discount_pct if discount_pct is None else discount_pct
    amount = work_order.discount_amount if discount_amount is None else discount_amount
    gross = money(labor_total + parts_total)
    total = discounted_total(labor_total, parts_total, Decimal(pct or 0), Decimal(amount or 0))
    rates, default_rate = cost_rates(session, work_order.settled_at)
    labor_cost_total = labor_cost(hours_by_team, rates, default_rate)
    figures = gross_margin(total, parts_cost, labor_cost_total)
    return Totals(
        labor_total=money(labor_total), parts_total=money(parts_total), gross=gross,
        discount=money(gross - total), total=total, parts_cost=figures.parts_cost,
        labor_cost=figures.labor_cost, gross_profit=figures.gross_profit, margin_pct=figures.margin_pct,
        labor_hours=sum((h for _, h in hours_by_team), Decimal("0")),
        kind=work_order.kind, digest=lines_digest(work_order.kind, priced),
    )


def payer_split(session: Session, work_order: WorkOrder) -> PayerSplit:
    """M1: the bill of compute_totals, line by line, split between the payers (workshop.domain.payers)."""
    from workshop.db.models import ClaimOrderLine, PayerTerms, Quote

    confirmed = _confirmed_added_items(session, work_order.id)
    claimed = set(session.scalars(
        select(ClaimOrderLine.part_line_id).join(PartLine, PartLine.id == ClaimOrderLine.part_line_id)
        .where(PartLine.work_order_id == work_order.id)))
    lines: list[ChargeLine] = []
    for lid, desc, hours, rate, added in session.execute(
        select(LaborLine.id, LaborLine.description, LaborLine.hours, LaborLine.rate, LaborLine.added_item_id)
        .where(LaborLine.work_order_id == work_order.id).order_by(LaborLine.id)
    ):
        if added is None or added in confirmed:
            lines.append(ChargeLine(f"L{lid}", desc, money(Decimal(hours) * Decimal(rate)), added is None))
    for pid, name, qty, price, added in session.execute(
        select(PartLine.id, Part.name, PartLine.quantity, PartLine.unit_price, PartLine.added_item_id)
        .join(Part, Part.id == PartLine.part_id).where(PartLine.work_order_id == work_order.id).order_by(PartLine.id)
    ):
        if added is None or added in confirmed:
            lines.append(ChargeLine(f"P{pid}", name, money(Decimal(qty) * Decimal(price)),
                                    added is None or pid in claimed))
    row = session.get(PayerTerms, work_order.id)
    terms = InsurerTerms(row.insurer, row.assessed_amount, row.deductible) if row is not None else None
    if terms is None:  # the accident quote's own assessment (P3), once the insurer's figure is on it
        quote = session.scalar(select(Quote).where(Quote.work_order_id == work_order.id))
        if quote is not None and quote.assessed_amount is not None:
            terms = InsurerTerms(quote.insurer, quote.assessed_amount, quote.deductible)
    total = compute_totals(session, work_order).total
    return split_by_payer(work_order.kind, work_order.charging_mode, lines, total, terms)


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


def customer_balance(session: Session, work_order: WorkOrder) -> Balance:
    from workshop.db.models import Payment, Receivable

    split = payer_split(session, work_order)
    paid = money(session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.work_order_id == work_order.id)) or 0)
    rebilled = money(session.scalar(
        select(func.coalesce(func.sum(Receivable.rebilled_amount), 0))
        .where(Receivable.work_order_id == work_order.id)) or 0)
    return Balance(split, paid, money(split.customer + rebilled - paid), rebilled)
