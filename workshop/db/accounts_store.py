"""M3: an account customer's account as the cashier, the statement and the checks read it — the orders still
owing (oldest settlement first) and what the credit limit leaves. Setting an account is
workshop.services.accounts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.db.models import AccountCustomer, Customer, Payment, User, WorkOrder
from workshop.db.totals_store import customer_balance
from workshop.db.uow import Database
from workshop.domain.accounts import AccountInfo, OpenOrder
from workshop.domain.errors import InvalidInput, NotFound
from workshop.domain.money import ZERO, money
from workshop.domain.work_order import PAYABLE_STATES


def customer_of(session: Session, customer_id: int) -> Customer:
    if isinstance(customer_id, bool) or not isinstance(customer_id, int):
        raise InvalidInput("请选择客户。", "Choose a customer.")
    c = session.get(Customer, customer_id)
    if c is None:
        raise NotFound("找不到这个客户。", "No such customer.")
    return c


def open_orders(session: Session, customer_id: int, *, exclude: int | None = None) -> list[OpenOrder]:
    """The customer's settled orders that still owe something, oldest settlement first. SQL keeps the orders
    whose payments do not cover the total; the customer's part of those is the one totals function (A5, M1)."""
    paid = (select(Payment.work_order_id, func.sum(Payment.amount).label("paid"))
            .group_by(Payment.work_order_id).subquery())
    stmt = (select(WorkOrder).outerjoin(paid, paid.c.work_order_id == WorkOrder.id)
            .where(WorkOrder.customer_id == customer_id, WorkOrder.state.in_([s.value for s in PAYABLE_STATES]),
                   WorkOrder.total > func.coalesce(paid.c.paid, 0))
            .order_by(WorkOrder.settled_at, WorkOrder.id))
    out = []
    for wo in session.scalars(stmt):
        if wo.id == exclude:
            continue
        owed = customer_balance(session, wo).owed
        if owed > 0:
            out.append(OpenOrder(wo.number, owed))
    return out


def orders_owing(db: Database, customer_id: int) -> list[OpenOrder]:
    """What the cashier chooses from when the account says which orders a payment is for (M3)."""
    with db.read() as s:
        return open_orders(s, customer_id)


def account_of(session: Session, customer_id: int) -> AccountInfo | None:
    row = session.get(AccountCustomer, customer_id)
    if row is None:
        return None
    c = customer_of(session, customer_id)
    who = session.scalar(select(User.display_name).where(User.id == row.set_by)) or ""
    owed = money(sum((o.owed for o in open_orders(session, customer_id)), ZERO))
    return AccountInfo(c.id, c.name, c.phone, row.credit_limit, row.active, who, row.set_at, owed)
