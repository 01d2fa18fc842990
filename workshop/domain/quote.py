"""P3, M1: the accident quote's rules as plain functions — which revision a new line takes, what may be ordered,
and how the bill splits between the insurer and the customer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from workshop.domain.money import ZERO, money


def revision_for_change(revision: int, signed_revision: int) -> int:
    """A change to a signed revision opens the next one (supplemental parts are signed again); a change to a
    revision not yet signed stays in it."""
    return revision + 1 if signed_revision >= revision else revision


def line_signed(line_revision: int, signed_revision: int) -> bool:
    return line_revision <= signed_revision


@dataclass(frozen=True)
class InsuranceSplit:
    total: Decimal
    insurer: Decimal
    customer: Decimal   # the deductible, plus whatever exceeds the assessed amount


def insurance_split(total: Decimal, assessed: Decimal | None, deductible: Decimal) -> InsuranceSplit:
    """M1: the insurer pays up to its assessed amount (定损金额), less the deductible; the rest is the customer's.
    Not assessed yet: the whole quote is expected from the insurer less the deductible."""
    covered = total if assessed is None else min(total, assessed)
    insurer = max(money(covered - deductible), ZERO)
    return InsuranceSplit(money(total), insurer, money(total - insurer))
