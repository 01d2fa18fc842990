"""Amounts in Chinese capital numerals (大写金额), as on every Chinese invoice and settlement:
168.00 -> 壹佰陆拾捌元整, 1005.30 -> 壹仟零伍元叁角整, 10010.05 -> 壹万零壹拾元零伍分."""

from __future__ import annotations

from decimal import Decimal

from workshop.domain.money import money

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ((3, "仟"), (2, "佰"), (1, "拾"), (0, ""))
_GROUPS = ("", "万", "亿", "万亿")


def _group(g: int) -> str:
    """1..9999 without the group unit; inner zeros collapse to one 零."""
    out, zero = "", False
    for power, unit in _UNITS:
        digit = g // 10**power % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[digit] + unit
    return out


def _integer(n: int) -> str:
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            gap = bool(out)
            continue
        if out and (gap or g < 1000):
            out += "零"
        out += _group(g) + _GROUPS[index]
        gap = False
    return out


def rmb_upper(value: Decimal | int | str) -> str:
    amount = money(value)
    if amount < 0:
        return "负" + rmb_upper(-amount)
    fen_total = int(amount * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    out = _integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return (out or "零元") + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    return out + (DIGITS[fen] + "分" if fen else "整")
