"""M2: payment methods, change for cash, the overpayment rule and when a void needs the director."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.money import ZERO, fmt_money, money


class Method(StrEnum):
    CASH = "cash"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    CARD = "card"
    TRANSFER = "transfer"
    DEPOSIT = "deposit"  # a claim deposit applied to the bill (C1/M2)


# what the cashier picks on the screen (a deposit is applied by its own action)
TENDER_METHODS = (Method.CASH, Method.WECHAT, Method.ALIPAY, Method.CARD, Method.TRANSFER)


class EntryKind(StrEnum):
    PAYMENT = "payment"
    VOID = "void"


def tender_method(value: object) -> Method:
    if isinstance(value, str) and value in {m.value for m in TENDER_METHODS}:
        return Method(value)
    from workshop.domain.labels import label  # the labels import this module

    names = "、".join(label(m) for m in TENDER_METHODS)
    raise InvalidInput(f"不认识的付款方式“{value}”：可选 {names}。",
                       f"Unknown payment method '{value}': choose cash, wechat, alipay, card or transfer.")


def cash_change(amount: Decimal, tendered: Decimal | None) -> Decimal:
    """Change for cash: what was handed over less what is paid; never less than the amount."""
    if tendered is None:
        return ZERO
    if tendered < amount:
        raise InvalidInput(f"客户付的现金 {fmt_money(tendered)} 少于本次收款 {fmt_money(amount)}。",
                           f"The cash handed over {fmt_money(tendered)} is less than the amount {fmt_money(amount)}.")
    return money(tendered - amount)


def check_not_overpaid(owed: Decimal, amount: Decimal) -> None:
    if amount > owed:
        raise RuleViolation(
            f"本次收款 {fmt_money(amount)} 超过了客户应付的 {fmt_money(owed)}：不能多收。",
            f"The payment {fmt_money(amount)} is more than the customer owes ({fmt_money(owed)}): overpayment is "
            "refused.",
        )


def void_needs_director(paid_on: date, today: date) -> bool:
    """M2: the cashier voids a payment the same day; after that only with the service director's approval."""
    return paid_on != today
