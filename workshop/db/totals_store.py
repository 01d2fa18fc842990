"""A5, M1, M2: a work order's money as read from the database — its lines, the confirmed added items (F6),
the team rates in force, the payer terms and the payments. The rules themselves are pure
(workshop.domain.totals, workshop.domain.payers); this module only loads their rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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
from workshop.db.team_rates_store import cost_rate_book, cost_rates
from workshop.domain.added_items import line_counts
from workshop.domain.money import money
from workshop.domain.payers import ChargeLine, InsurerTerms, PayerSplit, split_by_payer
from workshop.domain.totals import Balance, LaborRow, PartRow, Rates, Totals, balance_of, totals_of


@dataclass
class _Lines:
    """One read of what the money of a set of work orders needs: their lines, the confirmed added items (F6),
    and (for the payer split) the claimed part lines and the payer terms."""

    labor: dict[int, list[tuple[int, str, LaborRow]]] = field(default_factory=dict)  # line id, description
    parts: dict[int, list[tuple[int, str, PartRow]]] = field(default_factory=dict)  # line id, part name
    confirmed: set[int] = field(default_factory=set)
    claimed: set[int] = field(default_factory=set)
    terms: dict[int, InsurerTerms] = field(default_factory=dict)


def _load(session: Session, ids: list[int], *, with_terms: bool) -> _Lines:
    out = _Lines(labor={i: [] for i in ids}, parts={i: [] for i in ids})
    out.confirmed = confirmed_added_items(session, of_orders=ids)
    for lid, wo_id, desc, hours, rate, team, added, code in session.execute(
        select(LaborLine.id, LaborLine.work_order_id, LaborLine.description, LaborLine.hours, LaborLine.rate,
               LaborLine.team, LaborLine.added_item_id, func.coalesce(LaborOperation.code, LaborLine.description))
        .outerjoin(LaborOperation, LaborOperation.id == LaborLine.operation_id)
        .where(LaborLine.work_order_id.in_(ids)).order_by(LaborLine.id)
    ):
        out.labor[wo_id].append((lid, desc, LaborRow(hours, rate, team, added, code)))
    for pid, wo_id, name, qty, price, cost, added, net, avg, part_no in session.execute(
        select(PartLine.id, PartLine.work_order_id, Part.name, PartLine.quantity, PartLine.unit_price,
               PartLine.issued_cost, PartLine.added_item_id, PartLine.issued_qty - PartLine.returned_qty,
               Part.avg_cost, Part.part_no)
        .join(Part, Part.id == PartLine.part_id).where(PartLine.work_order_id.in_(ids)).order_by(PartLine.id)
    ):
        out.parts[wo_id].append((pid, name, PartRow(qty, price, cost, added, net, avg, part_no)))
    if not with_terms:
        return out
    out.claimed = set(session.scalars(
        select(ClaimOrderLine.part_line_id).join(PartLine, PartLine.id == ClaimOrderLine.part_line_id)
        .where(PartLine.work_order_id.in_(ids))))
    for quote in session.scalars(select(Quote).where(Quote.work_order_id.in_(ids))):
        if quote.assessed_amount is not None:  # the accident quote's own assessment (P3), once the insurer's
            out.terms[quote.work_order_id] = InsurerTerms(quote.insurer, quote.assessed_amount, quote.deductible)
    for row in session.scalars(select(PayerTerms).where(PayerTerms.work_order_id.in_(ids))):
        out.terms[row.work_order_id] = InsurerTerms(row.insurer, row.assessed_amount, row.deductible)  # first
    return out


def _totals(work_order: WorkOrder, lines: _Lines, rates: Rates, discount_pct: Decimal | None = None,
            discount_amount: Decimal | None = None) -> Totals:
    pct = work_order.discount_pct if discount_pct is None else discount_pct
    amount = work_order.discount_amount if discount_amount is None else discount_amount
    return totals_of(work_order.kind, work_order.team, [r for _i, _d, r in lines.labor[work_order.id]],
                     [r for _i, _n, r in lines.parts[work_order.id]], lines.confirmed, Decimal(pct or 0),
                     Decimal(amount or 0), rates)


def compute_totals(session: Session, work_order: WorkOrder, *, discount_pct: Decimal | None = None,
                   discount_amount: Decimal | None = None) -> Totals:
    """The work order's totals with the discount in force, or with a proposed discount when given."""
    lines = _load(session, [work_order.id], with_terms=False)
    return _totals(work_order, lines, cost_rates(session, work_order.settled_at), discount_pct, discount_amount)


def _split(work_order: WorkOrder, lines: _Lines, rates: Rates) -> PayerSplit:
    charges: list[ChargeLine] = []
    for lid, desc, row in lines.labor[work_order.id]:
        if line_counts(row.added_item_id, lines.confirmed):
            charges.append(ChargeLine(f"L{lid}", desc, money(Decimal(row.hours) * Decimal(row.rate)),
                                      row.added_item_id is None))
    for pid, name, part in lines.parts[work_order.id]:
        if line_counts(part.added_item_id, lines.confirmed):
            charges.append(ChargeLine(f"P{pid}", name, money(Decimal(part.quantity) * Decimal(part.unit_price)),
                                      part.added_item_id is None or pid in lines.claimed))
    total = _totals(work_order, lines, rates).total
    return split_by_payer(work_order.kind, work_order.charging_mode, charges, total,
                          lines.terms.get(work_order.id))


def payer_splits(session: Session, orders: Sequence[WorkOrder]) -> dict[int, PayerSplit]:
    """M1: the bill of compute_totals of each order, line by line, split between the payers
    (workshop.domain.payers) — read for all of them at once."""
    if not orders:
        return {}
    lines = _load(session, [wo.id for wo in orders], with_terms=True)
    rates = cost_rate_book(session)
    return {wo.id: _split(wo, lines, rates(wo.settled_at)) for wo in orders}


def payer_split(session: Session, work_order: WorkOrder) -> PayerSplit:
    """M1: the bill of compute_totals, line by line, split between the payers (workshop.domain.payers)."""
    return payer_splits(session, [work_order])[work_order.id]


def customer_balances(session: Session, orders: Sequence[WorkOrder]) -> dict[int, Balance]:
    """M2 for each order: the customer's part of the bill, what they paid towards it, and what is left."""
    if not orders:
        return {}
    ids = [wo.id for wo in orders]
    splits = payer_splits(session, orders)
    paid: dict[int, Decimal] = {i: v for i, v in session.execute(
        select(Payment.work_order_id, func.sum(Payment.amount)).where(Payment.work_order_id.in_(ids))
        .group_by(Payment.work_order_id))}
    rebilled: dict[int, Decimal] = {i: v for i, v in session.execute(
        select(Receivable.work_order_id, func.sum(Receivable.rebilled_amount))
        .where(Receivable.work_order_id.in_(ids)).group_by(Receivable.work_order_id))}
    return {i: balance_of(splits[i], money(paid.get(i) or 0), money(rebilled.get(i) or 0)) for i in ids}


def customer_balance(session: Session, work_order: WorkOrder) -> Balance:
    """M2: the customer's part of the bill, what they paid towards it, and what is left."""
    return customer_balances(session, [work_order])[work_order.id]
