"""M6: the cashier's shift report and the day's close. Receipts per method, voids, deposits taken / refunded /
applied, the cash expected in the drawer; the counted cash with any difference and its reason. Days close in
order; a closed day takes no payment or void (services/cashier.check_day_open) — a correction is a new entry
on a later day. Sums are in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.db.models import DayClose, Deposit, Payment, User
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.clock import shop_day_bounds, to_shop
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.money import ZERO, fmt_money, money, parse_amount
from workshop.domain.payments import Method
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text


@dataclass(frozen=True)
class MethodLine:
    method: str
    receipts: int
    taken: Decimal    # payments
    voided: Decimal   # voids booked this day (negative)
    net: Decimal


@dataclass(frozen=True)
class ShiftReport:
    day: date
    methods: tuple[MethodLine, ...]
    voids: int
    deposits_taken: Decimal
    deposits_refunded: Decimal
    deposits_applied: Decimal
    expected_cash: Decimal
    total_net: Decimal
    closed_at: datetime | None
    closed_by: str | None
    counted_cash: Decimal | None
    difference: Decimal | None
    reason: str


def _sum(session: Session, stmt: object) -> Decimal:
    return money(session.scalar(stmt) or 0)  # type: ignore[call-overload]


def shift_report(session: Session, day: date) -> ShiftReport:
    rows = session.execute(
        select(Payment.method, Payment.kind, func.count(func.distinct(Payment.receipt_no)), func.sum(Payment.amount))
        .where(Payment.business_day == day).group_by(Payment.method, Payment.kind)
    ).all()
    by: dict[str, dict[str, tuple[int, Decimal]]] = {}
    for method, kind, n, amount in rows:
        by.setdefault(method, {})[kind] = (int(n), money(amount or 0))
    order = [m.value for m in Method]
    methods = tuple(
        MethodLine(m, v.get("payment", (0, ZERO))[0], v.get("payment", (0, ZERO))[1], v.get("void", (0, ZERO))[1],
                   money(v.get("payment", (0, ZERO))[1] + v.get("void", (0, ZERO))[1]))
        for m, v in sorted(by.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    )
    start, end = shop_day_bounds(day)
    taken = _sum(session, select(func.sum(Deposit.amount)).where(Deposit.received_at >= start,
                                                                 Deposit.received_at < end))
    refunded_q = select(func.sum(Deposit.refunded_amount)).where(
        Deposit.refunded_at >= start, Deposit.refunded_at < end, Deposit.refund_method != "applied")
    refunded = _sum(session, refunded_q)
    cash_in = _sum(session, select(func.sum(Deposit.amount)).where(
        Deposit.received_at >= start, Deposit.received_at < end, Deposit.method == "cash"))
    cash_out = _sum(session, refunded_q.where(Deposit.refund_method == "cash"))
    cash_net = next((m.net for m in methods if m.method == Method.CASH), ZERO)
    applied = next((m.net for m in methods if m.method == Method.DEPOSIT), ZERO)
    close = session.scalar(select(DayClose).where(DayClose.business_day == day))
    closer = session.scalar(select(User.display_name).where(User.id == close.closed_by)) if close else None
    return ShiftReport(
        day=day, methods=methods, voids=sum(v.get("void", (0, ZERO))[0] for v in by.values()),
        deposits_taken=taken, deposits_refunded=refunded, deposits_applied=applied,
        expected_cash=money(cash_net + cash_in - cash_out),
        total_net=money(sum((m.net for m in methods if m.method != Method.DEPOSIT), ZERO)),
        closed_at=close.closed_at if close else None, closed_by=closer,
        counted_cash=close.counted_cash if close else None, difference=close.difference if close else None,
        reason=close.reason if close else "",
    )


def day_report(db: Database, day: date) -> ShiftReport:
    with db.read() as session:
        return shift_report(session, day)


def _first_open_day(session: Session) -> date | None:
    """The earliest day with money at the counter that is not closed yet."""
    closed = select(DayClose.business_day)
    return session.scalar(select(func.min(Payment.business_day)).where(Payment.business_day.not_in(closed)))


def close_day(uow: UnitOfWork, actor: Actor, day: date, *, counted_cash: object, reason: str = "") -> ShiftReport:
    """M6: close the day with the cash counted; a difference needs its reason. Days close in order."""
    with uow:
        uow.authorize(actor, Perm.DAY_CLOSE)
        if not isinstance(day, date) or isinstance(day, datetime) or day.year < 2000:
            raise InvalidInput("请选择营业日。", "Choose the business day.")
        counted = parse_amount(counted_cash, "清点现金", "Counted cash")
        why = clean_text(reason or "", "差异原因", "Reason for the difference", max_len=200, required=False)
        today = to_shop(uow.now).date()
        if day > today:
            raise RuleViolation(f"{day:%Y-%m-%d} 还没有到，不能日结。", f"{day:%Y-%m-%d} has not come yet.")
        # one close at a time: the counter row of day closes serialises two cashiers closing at once
        uow.session.execute(select(DayClose.id).where(DayClose.business_day == day).with_for_update())
        if uow.session.scalar(select(DayClose.id).where(DayClose.business_day == day)) is not None:
            raise RuleViolation(f"{day:%Y-%m-%d} 已经日结过。", f"{day:%Y-%m-%d} is already closed.")
        first_open = _first_open_day(uow.session)
        if first_open is not None and first_open < day:
            raise RuleViolation(f"请先日结 {first_open:%Y-%m-%d}：营业日要按顺序结。",
                                f"Close {first_open:%Y-%m-%d} first: days close in order.")
        report = shift_report(uow.session, day)
        difference = money(counted - report.expected_cash)
        if difference != 0 and not why:
            raise InvalidInput(
                f"清点现金 {fmt_money(counted)} 与应有现金 {fmt_money(report.expected_cash)} 相差 "
                f"{fmt_money(difference)}：请写明原因。",
                f"The counted cash {fmt_money(counted)} differs from the expected {fmt_money(report.expected_cash)} "
                f"by {fmt_money(difference)}: give the reason.",
            )
        uow.session.add(DayClose(business_day=day, expected_cash=report.expected_cash, counted_cash=counted,
                                 difference=difference, reason=why, closed_at=uow.now, closed_by=actor.user_id))
        uow.session.flush()
        uow.audit(actor, "day.close", "day_close", day.isoformat(), expected=str(report.expected_cash),
                  counted=str(counted), difference=str(difference), reason=why, total=str(report.total_net))
        out = shift_report(uow.session, day)
        uow.commit()
    return out
