"""M3: an account customer's monthly statement (对账单): the orders it still owed at the month's end and the
payments it made during the month. The PDF and the Excel file are in workshop.printing.account_statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from workshop.db.accounts_store import accounts_of, billed_to_other_payers
from workshop.db.models import AccountCustomer, Customer, Payment, Vehicle, WorkOrder
from workshop.db.totals_store import customer_balances
from workshop.db.uow import Database
from workshop.domain.accounts import AccountInfo
from workshop.domain.clock import shop_day_bounds, to_shop
from workshop.domain.errors import InvalidInput, NotFound
from workshop.domain.money import ZERO, money
from workshop.domain.work_order import PAYABLE_STATES


@dataclass(frozen=True)
class StatementLine:
    number: str
    settled_on: date
    plate: str
    due: Decimal        # the customer's part of the bill
    paid: Decimal       # paid up to the month's end
    owed: Decimal


@dataclass(frozen=True)
class StatementPayment:
    receipt_no: str
    day: date
    number: str
    method: str
    amount: Decimal


@dataclass(frozen=True)
class Statement:
    customer_name: str
    customer_phone: str
    credit_limit: Decimal
    month: date          # the first day of the month
    month_end: date
    lines: tuple[StatementLine, ...]
    payments: tuple[StatementPayment, ...]

    @property
    def owed(self) -> Decimal:
        return money(sum((ln.owed for ln in self.lines), ZERO))

    @property
    def paid_in_month(self) -> Decimal:
        return money(sum((p.amount for p in self.payments), ZERO))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    if not (1 <= month <= 12) or not (2000 <= year <= 2100):
        raise InvalidInput("月份不对（例如 2026-11）。", "Not a month (e.g. 2026-11).")
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def account_statement(db: Database, customer_id: int, year: int, month: int) -> Statement:
    first, last = month_bounds(year, month)
    end = shop_day_bounds(last)[1]
    with db.read() as s:
        customer = s.get(Customer, customer_id)
        account = s.get(AccountCustomer, customer_id)
        if customer is None or account is None:
            raise NotFound("这个客户不是挂账单位。", "This customer is not an account customer.")
        paid_by = (select(Payment.work_order_id, func.sum(Payment.amount).label("paid"))
                   .where(Payment.business_day <= last).group_by(Payment.work_order_id).subquery())
        rows = s.execute(
            select(WorkOrder, Vehicle, func.coalesce(paid_by.c.paid, 0))
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .outerjoin(paid_by, paid_by.c.work_order_id == WorkOrder.id)
            .where(WorkOrder.customer_id == customer_id, WorkOrder.settled_at < end,
                   WorkOrder.state.in_([st.value for st in PAYABLE_STATES]),
                   WorkOrder.total - billed_to_other_payers() > func.coalesce(paid_by.c.paid, 0))
            .order_by(WorkOrder.settled_at, WorkOrder.id)).all()
        lines = []
        balances = customer_balances(s, [wo for wo, _vehicle, _paid in rows])
        for wo, vehicle, paid in rows:
            due = balances[wo.id].customer_due
            owed = money(due - money(paid))
            if owed > 0:
                assert wo.settled_at is not None
                lines.append(StatementLine(wo.number, to_shop(wo.settled_at).date(), vehicle.shown_plate, due,
                                           money(paid), owed))
        payments = tuple(
            StatementPayment(receipt, day, number, method, amount) for receipt, day, number, method, amount in s.execute(
                select(Payment.receipt_no, Payment.business_day, WorkOrder.number, Payment.method, Payment.amount)
                .join(WorkOrder, WorkOrder.id == Payment.work_order_id)
                .where(WorkOrder.customer_id == customer_id, Payment.business_day >= first,
                       Payment.business_day <= last).order_by(Payment.id)))
        return Statement(customer.name, customer.phone, account.credit_limit, first, last, tuple(lines), payments)


def account_customers(db: Database) -> list[AccountInfo]:
    """M3: every account customer with its limit and what it owes now, by name."""
    with db.read() as s:
        ids = list(s.scalars(select(AccountCustomer.customer_id).join(Customer, Customer.id ==
                                                                       AccountCustomer.customer_id)
                             .order_by(Customer.name)))
        return accounts_of(s, ids)
