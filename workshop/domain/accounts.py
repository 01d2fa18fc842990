"""M3: account customers (挂账单位) — the credit limit check and how a payment is allocated to work orders.
Pure functions over amounts; the service reads what is owed (workshop.services.accounts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.money import ZERO, fmt_money, money


@dataclass(frozen=True)
class OpenOrder:
    number: str
    owed: Decimal


def check_within_limit(customer: str, limit: Decimal, owed_elsewhere: Decimal, owed_here: Decimal) -> None:
    """An account's order leaves unpaid only while everything the account owes stays within its limit."""
    after = money(owed_elsewhere + owed_here)
    if after > limit:
        raise RuleViolation(
            f"挂账单位“{customer}”的信用额度是 {fmt_money(limit)}，已欠 {fmt_money(owed_elsewhere)}，"
            f"再挂账 {fmt_money(owed_here)} 就是 {fmt_money(after)}，超过额度：请先收款或请服务总监调整额度。",
            f"Account customer {customer} has a credit limit of {fmt_money(limit)} and owes "
            f"{fmt_money(owed_elsewhere)}; {fmt_money(owed_here)} more on account makes {fmt_money(after)}, over "
            "the limit: take a payment first or ask the service director to raise the limit.")


def allocate(amount: Decimal, open_orders: Sequence[OpenOrder], chosen: Sequence[str] | None = None
             ) -> list[tuple[str, Decimal]]:
    """The payment spread over the orders: the chosen ones in the order given, else oldest first (the caller
    passes them oldest first). The payment may not exceed what those orders owe."""
    by_number = {o.number: o for o in open_orders}
    if chosen:
        unknown = [n for n in chosen if n not in by_number]
        if unknown:
            raise InvalidInput(f"工单 {unknown[0]} 不是这个挂账单位的欠款工单。",
                               f"Work order {unknown[0]} is not an order this account owes on.")
        targets = [by_number[n] for n in dict.fromkeys(chosen)]
    else:
        targets = [o for o in open_orders if o.owed > 0]
    owed = money(sum((o.owed for o in targets), ZERO))
    if amount > owed:
        raise RuleViolation(f"收款 {fmt_money(amount)} 超过所选工单的欠款 {fmt_money(owed)}，不能多收。",
                            f"The payment {fmt_money(amount)} is more than the chosen orders owe "
                            f"({fmt_money(owed)}); no overpayment.")
    out: list[tuple[str, Decimal]] = []
    left = amount
    for o in targets:
        if left <= 0:
            break
        part = min(left, o.owed)
        if part > 0:
            out.append((o.number, part))
            left = money(left - part)
    return out


@dataclass(frozen=True)
class AccountInfo:
    customer_id: int
    customer_name: str
    customer_phone: str
    credit_limit: Decimal
    active: bool
    set_by: str
    set_at: datetime
    owed: Decimal

    @property
    def available(self) -> Decimal:
        return money(self.credit_limit - self.owed)
