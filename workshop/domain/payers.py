"""M1: who pays which part of a bill — customer, insurer, manufacturer, internal department — line by line.

Pure functions over the lines' amounts after discount (A5 computes them, services/totals.py):
- an accident order with an assessment: the insurer pays up to its assessed amount (定损金额) less the
  deductible (免赔额), taken from the lines in order; what exceeds it, and the deductible, is the customer's;
  an accident order without an assessment is the customer's (自费);
- a warranty order: the covered lines go to the manufacturer, the rest (added items the customer asked for)
  to the customer;
- an internal order (or another kind charged free, 免费): the internal department;
- everything else: the customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from workshop.domain.money import ZERO, money


class Payer(StrEnum):
    CUSTOMER = "customer"
    INSURER = "insurer"
    MANUFACTURER = "manufacturer"
    INTERNAL = "internal"


class Split(StrEnum):
    """M1: how a work-order kind's bill is split (the kind's row in workshop.domain.kind_policy names it)."""

    CUSTOMER = "customer"          # the customer pays every line
    INSURER = "insurer"            # the insurer up to its assessment less the deductible, the rest the customer
    COVERAGE = "coverage"          # the manufacturer the covered lines, the customer the rest
    INTERNAL = "internal"          # an internal department pays everything


@dataclass(frozen=True)
class ChargeLine:
    key: str            # "L12" labor line 12, "P7" part line 7
    description: str
    gross: Decimal      # before discount
    covered: bool       # warranty: the manufacturer covers it


@dataclass(frozen=True)
class InsurerTerms:
    insurer: str
    assessed: Decimal     # 定损金额
    deductible: Decimal   # 免赔额

    def insurer_pays(self, total: Decimal) -> Decimal:
        """What the insurer pays of a bill: up to the assessment, less the deductible (always the customer's)."""
        return max(money(min(total, self.assessed) - self.deductible), ZERO)


@dataclass(frozen=True)
class LineShare:
    key: str
    description: str
    amount: Decimal     # after discount
    payer_amounts: tuple[tuple[Payer, Decimal], ...]

    def of(self, payer: Payer) -> Decimal:
        return sum((a for p, a in self.payer_amounts if p is payer), ZERO)


@dataclass(frozen=True)
class PayerSplit:
    total: Decimal
    lines: tuple[LineShare, ...]
    customer: Decimal
    insurer: Decimal
    manufacturer: Decimal
    internal: Decimal
    insurer_name: str = ""
    assessed: Decimal | None = None
    deductible: Decimal = ZERO

    def of(self, payer: Payer) -> Decimal:
        return {Payer.CUSTOMER: self.customer, Payer.INSURER: self.insurer, Payer.MANUFACTURER: self.manufacturer,
                Payer.INTERNAL: self.internal}[payer]

    @property
    def parts(self) -> tuple[tuple[Payer, Decimal], ...]:
        """The payers with something to pay, in the order of the enum."""
        return tuple((p, self.of(p)) for p in Payer if self.of(p) != 0)


def spread_total(grosses: Sequence[Decimal], total: Decimal) -> list[Decimal]:
    """Each line's amount after discount: the total shared in proportion to the gross, to the fen, the
    rounding left on the largest line so that the amounts add up to the total exactly."""
    gross = sum(grosses, ZERO)
    if not grosses:
        return []
    if gross == 0:
        return [ZERO for _ in grosses]
    out = [money(g * total / gross) for g in grosses]
    rest = money(total - sum(out, ZERO))
    if rest:
        biggest = max(range(len(out)), key=lambda i: grosses[i])
        out[biggest] = money(out[biggest] + rest)
    return out


def split_by_payer(kind: str, charging_mode: str, lines: Sequence[ChargeLine], total: Decimal,
                   terms: InsurerTerms | None) -> PayerSplit:
    """M1 for a work order of this kind: its split rule is the kind's (workshop.domain.kind_policy)."""
    from workshop.domain.kind_policy import policy_of  # the table names this module's Split: import it late

    return split_by_rule(policy_of(kind).split, charging_mode, lines, total, terms)


def bills_customer(rule: Split, charging_mode: str) -> bool:
    """M1: whether `split_by_rule` can leave the customer a share: never for internal work, and for free work
    only what a warranty does not cover. (The account's SQL keeps only the orders that can owe: db.accounts_store.)"""
    return rule is Split.COVERAGE or (rule is not Split.INTERNAL and charging_mode != "free")


def split_by_rule(rule: Split, charging_mode: str, lines: Sequence[ChargeLine], total: Decimal,
                  terms: InsurerTerms | None) -> PayerSplit:
    amounts = spread_total([ln.gross for ln in lines], total)
    shares: list[LineShare] = []
    insurer_left = terms.insurer_pays(money(total)) if terms is not None else ZERO
    for ln, amount in zip(lines, amounts, strict=True):
        parts: list[tuple[Payer, Decimal]]
        if rule is Split.COVERAGE:
            parts = [(Payer.MANUFACTURER if ln.covered else Payer.CUSTOMER, amount)]
        elif not bills_customer(rule, charging_mode):
            parts = [(Payer.INTERNAL, amount)]
        elif rule is Split.INSURER and terms is not None:
            by_insurer = min(amount, insurer_left)
            insurer_left -= by_insurer
            parts = [(Payer.INSURER, by_insurer), (Payer.CUSTOMER, money(amount - by_insurer))]
        else:
            parts = [(Payer.CUSTOMER, amount)]
        shares.append(LineShare(ln.key, ln.description, amount, tuple((p, a) for p, a in parts if a != 0)))

    def tot(p: Payer) -> Decimal:
        return money(sum((s.of(p) for s in shares), ZERO))

    return PayerSplit(
        total=money(total), lines=tuple(shares), customer=tot(Payer.CUSTOMER), insurer=tot(Payer.INSURER),
        manufacturer=tot(Payer.MANUFACTURER), internal=tot(Payer.INTERNAL),
        insurer_name=terms.insurer if terms else "", assessed=terms.assessed if terms else None,
        deductible=terms.deductible if terms else ZERO,
    )
