"""M3: an account customer's account as the cashier, the statement and the checks read it — the orders still
owing (oldest settlement first) and what the credit limit leaves. Setting an account is
workshop.services.accounts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ScalarSelect, and_, func, or_, select
from sqlalchemy.orm import Session

from workshop.db.id_lists import among
from workshop.db.models import AccountCustomer, Customer, Payment, Receivable, User, WorkOrder
from workshop.db.totals_store import customer_balances
from workshop.db.uow import Database
from workshop.domain.accounts import AccountInfo, OpenOrder
from workshop.domain.errors import InvalidInput, NotFound
from workshop.domain.kind_policy import kinds_billing_customer
from workshop.domain.money import ZERO, money
from workshop.domain.work_order import PAYABLE_STATES, ChargingMode


def customer_of(session: Session, customer_id: int) -> Customer:
    if isinstance(customer_id, bool) or not isinstance(customer_id, int):
        raise InvalidInput("请选择客户。", "Choose a customer.")
    c = session.get(Customer, customer_id)
    if c is None:
        raise NotFound("找不到这个客户。", "No such customer.")
    return c


def billed_to_other_payers() -> ScalarSelect[Any]:
    """Per work order (correlated): what its receivables bill the insurer and the manufacturer, less what was
    billed back to the customer — the part of the total the customer does not owe."""
    return (select(func.coalesce(func.sum(Receivable.amount - Receivable.rebilled_amount), 0))
            .where(Receivable.work_order_id == WorkOrder.id).correlate(WorkOrder).scalar_subquery())


def _owing(session: Session, customer_ids: list[int], exclude: int | None = None) -> dict[int, list[OpenOrder]]:
    """The settled orders of these customers that still owe something, oldest settlement first, per customer.
    SQL keeps the orders where the total less what was billed to other payers (insurer, manufacturer: the
    receivables written at settlement, less what came back to the customer) exceeds what was paid — the few
    that owe, not every accident or warranty order of a fleet's history; the customer's part of those is then
    the one totals function (A5, M1)."""
    if not customer_ids:
        return {}
    paid = (select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.work_order_id == WorkOrder.id)
            .correlate(WorkOrder).scalar_subquery())
    billed_away = billed_to_other_payers()
    # M1: only the orders whose split can leave the customer a share (free and internal work never does, but
    # what a warranty does not cover): a fleet's thousands of free and internal orders are not read and split
    can_owe = or_(WorkOrder.kind.in_(kinds_billing_customer(ChargingMode.FREE)),
                  and_(WorkOrder.charging_mode != ChargingMode.FREE,
                       WorkOrder.kind.in_(kinds_billing_customer(ChargingMode.PAID))))
    stmt = (select(WorkOrder)
            .where(among(session, WorkOrder.customer_id, customer_ids),
                   WorkOrder.state.in_([s.value for s in PAYABLE_STATES]), can_owe,
                   WorkOrder.total - billed_away > paid)
            .order_by(WorkOrder.settled_at, WorkOrder.id))
    orders = [wo for wo in session.scalars(stmt) if wo.id != exclude]
    balances = customer_balances(session, orders)
    out: dict[int, list[OpenOrder]] = {cid: [] for cid in customer_ids}
    for wo in orders:
        owed = balances[wo.id].owed
        if owed > 0:
            out[wo.customer_id].append(OpenOrder(wo.number, owed))
    return out


def open_orders(session: Session, customer_id: int, *, exclude: int | None = None) -> list[OpenOrder]:
    """The customer's settled orders that still owe something, oldest settlement first."""
    return _owing(session, [customer_id], exclude)[customer_id]


def orders_owing(db: Database, customer_id: int) -> list[OpenOrder]:
    """What the cashier chooses from when the account says which orders a payment is for (M3)."""
    with db.read() as s:
        return open_orders(s, customer_id)


def account_of(session: Session, customer_id: int) -> AccountInfo | None:
    found = accounts_of(session, [customer_id])
    return found[0] if found else None


def accounts_of(session: Session, customer_ids: list[int]) -> list[AccountInfo]:
    """These customers' accounts (those that have one), in the order given: one read of the orders owing for
    them all."""
    rows = {r.customer_id: r for r in session.scalars(
        select(AccountCustomer).where(among(session, AccountCustomer.customer_id, customer_ids)))} if customer_ids else {}
    ids = [cid for cid in customer_ids if cid in rows]
    if not ids:
        return []
    customers = {c.id: c for c in session.scalars(select(Customer).where(among(session, Customer.id, ids)))}
    names: dict[int, str] = {uid: name for uid, name in session.execute(select(User.id, User.display_name).where(
        User.id.in_({rows[cid].set_by for cid in ids})))}
    owing = _owing(session, ids)
    out = []
    for cid in ids:
        row, c = rows[cid], customers[cid]
        owed = money(sum((o.owed for o in owing[cid]), ZERO))
        out.append(AccountInfo(c.id, c.name, c.phone, row.credit_limit, row.active, names.get(row.set_by) or "",
                               row.set_at, owed))
    return out
