"""Numbers for rows that tests write by hand. The product numbers by shop month (RO2612-0001, numbering
service); a test that wrote such a number by hand collided with the product's own numbers once the calendar
reached that month. Hand-written numbers therefore take month 00 of year 99, which no clock ever reaches."""

from __future__ import annotations

import itertools

NOT_A_MONTH = "9900"
_seq = itertools.count(1)


def hand_number(prefix: str = "RO", n: int | None = None) -> str:
    """A number like the product's (RO9900-0007) that the numbering service can never hand out."""
    return f"{prefix}{NOT_A_MONTH}-{next(_seq) if n is None else n:04d}"
