"""A5, M1, M2: a work order's money as read from the database — its lines, the confirmed added items (F6),
the team rates in force, the payer terms and the payments. The rules themselves are pure
(workshop.domain.totals, workshop.domain.payers); this module only loads their rows."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.db.added_items_store import confirmed_added_items
from workshop.db.models import (
    ClaimOrderLine,
    LaborLine,
    LaborOperation,
    Part,
    PartLine,
    PayerTerms,
    Payment,
    Quote,
    Receivable,
    WorkOrder,
)
from workshop.db.team_rates_store import cost_rates
from workshop.domain.added_items import line_counts
from workshop.domain.money import money
from workshop.domain.payers import ChargeLine, InsurerTerms, PayerSplit, split_by_payer
from workshop.domain.totals import Balance, LaborRow, PartRow, Totals, balance_of, totals_of


def compute_totals(session: Session, work_order: WorkOrder, *, discount_pct: Decimal | None = None,
                   discount_amount: Decimal | None = None) -> Totals:
    """The work order's totals with the discount in force, or with a proposed discount when given."""
    confirmed = confirmed_added_items(session, work_order.id)
    labor_rows = [LaborRow(*row) for row in session.execute(
        select(LaborLine.hours, LaborLine.rate, LaborLine.team, LaborLine.added_item_id,
               func.coalesce(LaborOperation.code, LaborLine.description))
        .outerjoin(LaborOperation, LaborOperation.id == LaborLine.operation_id)
        .where(LaborLine.work_order_id == work_order.id)
    )]
    part_rows = [PartRow(*row) for row in session.execute(
        select(PartLine.quantity, PartLine.unit_price, PartLine.issued_cost, PartLine.added_item_id,
               PartLine.issued_qty - PartLine.returned_qty, Part.avg_cost, Part.part_no)
        .join(Part, Part.id == PartLine.part_id)
        .where(PartLine.work_order_id == work_order.id)
    )]
    pct = work_order.discount_pct if discount_pct is None else discount_pct
    amount = work_order.discount_amount if discount_amount is None else discount_amount
    return totals_of(work_order.kind, work_order.team, labor_rows, part_rows, confirmed, Decimal(pct or 0),
                     Decimal(amount or 0), cost_rates(session, work_order.settled_at))


def payer_split(session: Session, work_order: WorkOrder) -> PayerSplit:
    """M1: the bill of compute_totals, line by line, split between the payers (workshop.domain.payers)."""
    confirmed = confirmed_added_items(session, work_order.id)
    claimed = set(session.scalars(
        select(ClaimOrderLine.part_line_id).join(PartLine, PartLine.id == ClaimOrderLine.part_line_id)
        .where(PartLine.work_order_id == work_order.id)))
    lines: list[ChargeLine] = []
    for lid, desc, hours, rate, added in session.execute(
        select(LaborLine.id, LaborLine.description, LaborLine.hours, LaborLine.rate, LaborLine.added_item_id)
        .where(LaborLine.work_order_id == work_order.id).order_by(LaborLine.id)
    ):
        if line_counts(added, confirmed):
            lines.append(ChargeLine(f"L{lid}", desc, money(Decimal(hours) * Decimal(rate)), added is None))
    for pid, name, qty, price, added in session.execute(
        select(PartLine.id, Part.name, PartLine.quantity, PartLine.unit_price, PartLine.added_item_id)
        .join(Part, Part.id == PartLine.part_id).where(PartLine.work_order_id == work_order.id).order_by(PartLine.id)
    ):
        if line_counts(added, confirmed):
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


def customer_balance(session: Session, work_order: WorkOrder) -> Balance:
    """M2: the customer's part of the bill, what they paid towards it, and what is left."""
    split = payer_split(session, work_order)
    paid = session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.work_order_id == work_order.id)) or 0
    rebilled = session.scalar(
        select(func.coalesce(func.sum(Receivable.rebilled_amount), 0))
        .where(Receivable.work_order_id == work_order.id)) or 0
    return balance_of(split, money(paid), money(rebilled))
