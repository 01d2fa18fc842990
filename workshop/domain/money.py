"""Money is Decimal, rounded to the fen (0.01 元) half-up, as Chinese invoices do."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from workshop.domain.errors import InvalidInput
from workshop.domain.text import halfwidth

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(value: object, field_zh: str, field_en: str, *, allow_zero: bool = True,
                 maximum: Decimal = Decimal("99999999.99"), places: int = 2) -> Decimal:
    """A non-negative amount typed by a user (full-width digits accepted) or given as Decimal/int."""
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidInput(f"{field_zh}必须是数字。", f"{field_en} must be a number.")
    text = halfwidth(str(value)).strip().replace(",", "").replace("¥", "").replace("元", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"{field_zh}必须是数字。", f"{field_en} must be a number.") from None
    if not amount.is_finite():
        raise InvalidInput(f"{field_zh}必须是数字。", f"{field_en} must be a number.")
    if amount < 0:
        raise InvalidInput(f"{field_zh}不能为负数。", f"{field_en} cannot be negative.")
    if not allow_zero and amount == 0:
        raise InvalidInput(f"{field_zh}必须大于零。", f"{field_en} must be more than zero.")
    if amount > maximum:
        raise InvalidInput(f"{field_zh}太大。", f"{field_en} is too large.")
    quantum = Decimal(1).scaleb(-places)
    if amount != amount.quantize(quantum, rounding=ROUND_HALF_UP):
        raise InvalidInput(
            f"{field_zh}最多 {places} 位小数。", f"{field_en} has at most {places} decimal places."
        )
    return amount.quantize(quantum)


def fmt_money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"¥{money(value):,.2f}"
