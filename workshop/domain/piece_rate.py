"""W7 piece-rate pay (计件), as pure rules: the shop month, a job's pay (billed hours × share × the team's piece
rate), what a comeback takes back, and a statement's totals.

- Billed hours of settled work: a labor line's standard hours × the technician's dispatch share (W4), counted in
  the shop month its work order was settled.
- A comeback (返修): a later work order of the same vehicle with the same labor operation, opened within
  comeback_days (30) of the first one's settlement. The first comeback of a job takes back
  comeback_deduction_pct (100 %) of the job's pay from each technician who was paid for it, in the month the
  comeback was opened (a closed month is never reopened by it).
- A closed month changes only by a dated correction entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from workshop.domain.clock import SHOP_TZ, to_shop
from workshop.domain.errors import InvalidInput
from workshop.domain.money import ZERO, money

HUNDRED = Decimal("100")
HOURS = Decimal("0.01")


def month_of(value: object) -> date:
    """The first day of a month given as a date, a datetime (shop time) or 'YYYY-MM'."""
    if isinstance(value, datetime):
        return to_shop(value).date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    text = str(value or "").strip()
    try:
        year, month = (int(p) for p in text.split("-")[:2])
        return date(year, month, 1)
    except ValueError as e:
        raise InvalidInput(f"月份“{text}”的格式是 年-月，例如 2026-11。",
                           f"The month “{text}” is year-month, e.g. 2026-11.") from e


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of a shop month (Asia/Shanghai), in UTC."""
    start = datetime.combine(month, time(0, 0), tzinfo=SHOP_TZ)
    end = datetime.combine(next_month(month), time(0, 0), tzinfo=SHOP_TZ)
    return start.astimezone(UTC), end.astimezone(UTC)


def billed_hours(hours: Decimal, share_pct: Decimal) -> Decimal:
    return (hours * share_pct / HUNDRED).quantize(HOURS, rounding=ROUND_HALF_UP)


def job_pay(hours: Decimal, share_pct: Decimal, piece_rate: Decimal) -> Decimal:
    """One technician's pay for one job: standard hours × share × the team's piece rate, to the fen."""
    return money(hours * share_pct / HUNDRED * piece_rate)


def comeback_deduction(pay: Decimal, pct: Decimal) -> Decimal:
    return money(pay * pct / HUNDRED)


def is_comeback(first_settled_at: datetime, later_opened_at: datetime, days: int) -> bool:
    """The later work order (same vehicle, same job) was opened after the first was settled, within `days`."""
    return first_settled_at < later_opened_at <= first_settled_at + timedelta(days=days)


@dataclass(frozen=True)
class Totals:
    billed_hours: Decimal
    gross: Decimal
    deduction: Decimal
    corrections: Decimal

    @property
    def net(self) -> Decimal:
        return self.gross - self.deduction + self.corrections


def totals(jobs: list[tuple[Decimal, Decimal]], deductions: list[Decimal], corrections: list[Decimal]) -> Totals:
    """jobs: (billed hours, pay) per job."""
    return Totals(sum((h for h, _ in jobs), ZERO), sum((p for _, p in jobs), ZERO), sum(deductions, ZERO),
                  sum(corrections, ZERO))
