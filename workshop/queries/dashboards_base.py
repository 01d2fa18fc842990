"""Shared pieces of the dashboard figures (Q3): the filter parameters, the shape of a figure's answer,
display labels, and the few SQL expressions that differ between SQLite and PostgreSQL.

All aggregation happens in SQL; Python only turns the grouped sums into ratios and labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Interval,
    Select,
    and_,
    any_,
    bindparam,
    case,
    cast,
    func,
    literal,
)
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import BindParameter

from workshop.db.types import UTCDateTime
from workshop.domain.appointments import ApptState
from workshop.domain.approval_kinds import ApprovalKind
from workshop.domain.clock import fmt_shop, shop_day_bounds, to_shop, utcnow
from workshop.domain.complaints import ComplaintState
from workshop.domain.errors import InvalidInput
from workshop.domain.labels import pair
from workshop.domain.lang import tr
from workshop.domain.payers import Payer
from workshop.domain.receivables import RecState
from workshop.domain.work_order import Kind, State

SHOP_TZ_NAME = "Asia/Shanghai"  # UTC+8 all year (no daylight saving since 1991)


@dataclass(frozen=True)
class Params:
    """The dashboard filters. Dates are shop-local calendar days, both ends included."""

    date_from: date
    date_to: date
    kind: str | None = None       # a work-order kind, or None for all
    user_id: int | None = None    # "my" figures (front desk): the advisor
    now: datetime | None = None   # the moment snapshot figures are taken at (tests pass a fixed one)
    period: str = "all"           # W6 figures: the whole range, or per day / week / month of it

    def __post_init__(self) -> None:
        if self.date_from > self.date_to:
            raise InvalidInput("开始日期不能晚于结束日期。", "The start date cannot be after the end date.")
        if self.period not in ("all", "day", "week", "month"):
            raise InvalidInput(f"未知的统计周期：{self.period}", f"Unknown period: {self.period}")
        if self.kind is not None and self.kind not in Kind.__members__.values():
            raise InvalidInput(f"未知的工单类型：{self.kind}", f"Unknown work-order kind: {self.kind}")

    @property
    def start(self) -> datetime:
        return shop_day_bounds(self.date_from)[0]

    @property
    def end(self) -> datetime:
        """The first moment after the range (exclusive)."""
        return shop_day_bounds(self.date_to)[1]

    @property
    def at(self) -> datetime:
        return self.now if self.now is not None else utcnow()


def last_days(days: int = 30, *, now: datetime | None = None, **kw: Any) -> Params:
    """The last `days` shop-local days up to and including today."""
    today = to_shop(now or utcnow()).date()
    return Params(today - timedelta(days=days - 1), today, now=now, **kw)


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    fmt: str = "text"  # text, label, int, qty, money, pct, hours, date, datetime

    def title(self, lang: str) -> str:
        return tr(lang, self.zh, self.en)


@dataclass(frozen=True)
class Headline:
    zh: str
    en: str
    value: Any
    fmt: str = "int"

    def title(self, lang: str) -> str:
        return tr(lang, self.zh, self.en)


@dataclass(frozen=True)
class FigureData:
    """A figure's answer: a small table (one row per bar or point; the first column is the category the
    drill-down takes), the headline numbers, and an optional reference line (e.g. the weekly quota)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    headline: tuple[Headline, ...] = ()
    reference: Decimal | None = None

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


# --- labels for the category values the queries return -------------------------------------------------
LABELS: dict[str, tuple[str, str]] = {
    # work-order kinds and states, approval kinds, complaint states: the one label registry
    **{m.value: pair(m) for e in (Kind, State, ApprovalKind, ComplaintState) for m in e},
    # teams
    "team:": ("未分班组", "No team"),
    # stock age
    "age:30": ("30 天内有动", "≤ 30 days"),
    "age:90": ("31–90 天", "31–90 d"),
    "age:dead_soon": ("91 天至积压线", "91 d – dead"),
    "age:dead": ("积压件", "Dead"),
    # deposits and tools
    "deposit:held": ("未退订金", "Held"),
    "deposit:arrived": ("到货待装车", "Arrived"),
    "deposit:overdue": ("超期未装车", "Overdue"),
    "tool:out": ("借出未到期", "Out"),
    "tool:overdue": ("借出已超期", "Overdue"),
    # time in workshop (histogram buckets)
    "tiw:0": ("<4时", "<4 h"),
    "tiw:1": ("4–8时", "4–8 h"),
    "tiw:2": ("8–24时", "8–24 h"),
    "tiw:3": ("1–2天", "1–2 d"),
    "tiw:4": ("2–3天", "2–3 d"),
    "tiw:5": ("3–5天", "3–5 d"),
    "tiw:6": ("5–10天", "5–10 d"),
    "tiw:7": ("≥10天", "≥10 d"),
    # receivables (M5)
    **{p.value: pair(p) for p in Payer},
    **{f"rec:{s.value}": pair(s) for s in RecState},
    # return visits
    "visit:overdue": ("已超期", "Overdue"),
    "visit:today": ("今天到期", "Due today"),
    "visit:later": ("7 天内到期", "Within 7 days"),
    "rv:reached": ("已接通", "Reached"),
    "rv:not_reached": ("未接通（已打完）", "Not reached"),
    "rv:refused": ("客户拒绝", "Refused"),
    "rv:open": ("待回访", "Still to call"),
    # appointments (R1)
    "appt:booked": ("预约到店", "By appointment"),
    "appt:walk_in": ("未预约", "Without appointment"),
    **{f"appt_state:{s.value}": pair(s) for s in ApptState},
}


def label(value: Any, lang: str) -> str:
    if value is None:
        return ""
    text = str(value)
    if text in LABELS:
        zh, en = LABELS[text]
        return tr(lang, zh, en)
    if text.startswith("team:"):
        return text[5:]
    return text


def qty_text(value: Any) -> str:
    """A quantity as people count it: 4 pieces, 2.5 litres; never "4.00"."""
    number = Decimal(value)
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number.normalize():,f}"


def fmt_value(value: Any, fmt: str, lang: str = "zh") -> str:
    """The one way a figure's value is written, on screen, in CSV and in the PDF."""
    if value is None:
        return "—" if fmt in ("pct", "hours", "money") else ""
    if fmt == "label":
        return label(value, lang)
    if fmt == "money":
        return f"{Decimal(value):,.2f}"
    if fmt == "pct":
        return f"{value}%"
    if fmt == "hours":
        return f"{Decimal(value):.1f}"
    if fmt == "qty":
        return qty_text(value)
    if fmt == "datetime" and isinstance(value, datetime):
        return fmt_shop(value)
    if fmt == "date" and isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_value(value: Any, fmt: str, lang: str = "zh") -> str:
    """Like fmt_value, but numbers stay plain (no thousands separator) so a spreadsheet reads them."""
    if value is None:
        return ""
    if fmt == "money":
        return f"{Decimal(value):.2f}"
    if fmt == "pct":
        return str(value)
    if fmt == "qty":
        return qty_text(value).replace(",", "")
    return fmt_value(value, fmt, lang)


# --- numbers ---------------------------------------------------------------------------------------------
ONE_DP = Decimal("0.1")


def pct(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole as a percentage with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DP, rounding=ROUND_HALF_UP)


def ratio(num: Decimal, den: Decimal, places: str = "0.01") -> Decimal | None:
    if not den:
        return None
    return (Decimal(num) / Decimal(den)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def hours_of(seconds: Any) -> Decimal | None:
    if seconds is None:
        return None
    return (Decimal(str(float(seconds))) / 3600).quantize(ONE_DP, rounding=ROUND_HALF_UP)


def dec(value: Any) -> Decimal:
    """A SUM from the database as Decimal (0 when there were no rows)."""
    if value is None:
        return Decimal("0")
    return value if isinstance(value, Decimal) else Decimal(str(value))


# --- SQL that differs between the two databases ------------------------------------------------------
def at_param(name: str, value: datetime) -> BindParameter[datetime]:
    return bindparam(name, value, type_=UTCDateTime())


def local_day(dialect: str, col: Any) -> ColumnElement[str]:
    """The shop-local calendar day of a stored UTC time, as 'YYYY-MM-DD'."""
    if dialect == "sqlite":
        return func.date(col, "+8 hours")
    return func.to_char(func.timezone(SHOP_TZ_NAME, col), "YYYY-MM-DD")


def seconds_between(dialect: str, earlier: Any, later: Any) -> ColumnElement[float]:
    """Whole seconds from earlier to later (rounded the same way on both databases)."""
    if dialect == "sqlite":
        return cast(func.round((func.julianday(later) - func.julianday(earlier)) * 86400), Float)
    return cast(func.round(func.extract("epoch", later - earlier)), Float)


def within_days_after(dialect: str, later: Any, earlier: Any, days: int) -> ColumnElement[bool]:
    """earlier < later <= earlier + days, written so an index on `later` range-scans. SQLite keeps times as
    'YYYY-MM-DD HH:MM:SS.ffffff' text, which sorts as time does; the bound is that text plus `days`."""
    if dialect == "sqlite":
        bound = func.strftime("%Y-%m-%d %H:%M:%f", earlier, f"+{days} days").concat("999")
        return and_(later > earlier, later <= bound)
    return and_(later > earlier, later <= earlier + literal(timedelta(days=days), Interval()))


def in_ids(dialect: str, column: ColumnElement[int] | InstrumentedAttribute[int], ids: Select[Any]) -> ColumnElement[bool]:
    """column IN (ids), written so that each id is probed on column's index, however large the probed table:
    PostgreSQL plans `IN (SELECT ...)` as a hash join that reads the whole probed table, but probes its
    index for `= ANY(ARRAY(SELECT ...))` (the list read first, as an init plan); SQLite probes for IN."""
    if dialect == "postgresql":
        return column == any_(func.array(ids.scalar_subquery()))
    return column.in_(ids)


def bucket_case(seconds: ColumnElement[float], bounds_hours: Sequence[int]) -> ColumnElement[int]:
    """The index of the histogram bucket: 0 for < bounds[0] hours, ..., len(bounds) for the rest."""
    whens = [(seconds < h * 3600, i) for i, h in enumerate(bounds_hours)]
    return case(*whens, else_=len(bounds_hours))
