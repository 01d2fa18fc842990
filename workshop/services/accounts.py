"""M3: account customers (挂账单位). The service director makes a customer an account and sets its credit
limit (audited); an account's order may leave unpaid (the gate pass on account) while all it owes stays within
the limit; a payment is allocated to the account's orders oldest first or as the cashier chooses, one receipt
with a payments row per order (the ledger of M2)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.accounts_store import account_of as account_of
from workshop.db.accounts_store import customer_of, open_orders
from workshop.db.accounts_store import orders_owing as orders_owing
from workshop.db.models import AccountCustomer, Customer, Payment, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.accounts import AccountInfo as AccountInfo
from workshop.domain.accounts import allocate, check_within_limit
from workshop.domain.errors import InvalidInput
from workshop.domain.money import ZERO, money, parse_amount
from workshop.domain.payments import EntryKind
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code
from workshop.services.cashier import (
    PAYABLE_STATES,
    ReceiptInfo,
    Tender,
    TenderInfo,
    _business_day,
    _clean_tender,
)
from workshop.services.numbering import next_number
from workshop.services.totals import customer_balance


def set_account(uow: UnitOfWork, actor: Actor, customer_id: int, *, credit_limit: object,
                active: bool = True) -> AccountInfo:
    """M3: the service director makes the customer an account with this credit limit (or ends it)."""
    with uow:
        uow.authorize(actor, Perm.ACCOUNT_LIMIT_SET)
        limit = parse_amount(credit_limit, "信用额度", "Credit limit")
        if not isinstance(active, bool):
            raise InvalidInput("请选择是否挂账。", "Choose whether the customer is an account.")
        c = customer_of(uow.session, customer_id)
        row = uow.session.get(AccountCustomer, c.id, with_for_update=True)
        before = None if row is None else (str(row.credit_limit), row.active)
        if row is None:
            row = AccountCustomer(customer_id=c.id, credit_limit=limit, active=active, set_by=actor.user_id,
                                  set_at=uow.now)
            uow.session.add(row)
        else:
            row.credit_limit, row.active, row.set_by, row.set_at = limit, active, actor.user_id, uow.now
        uow.session.flush()
        uow.audit(actor, "account.set", "customer", c.id, customer=c.name, before=before,
                  after=(str(limit), active))
        info = account_of(uow.session, c.id)
        assert info is not None
        uow.commit()
    return info


def may_leave_on_account(session: Session, wo: WorkOrder, owed_here: Decimal) -> bool:
    """M3/M4: True when the order's customer is an active account and all it owes stays within the limit;
    an account over its limit is refused with the sentence; a customer that is no account gets False."""
    row = session.get(AccountCustomer, wo.customer_id)
    if row is None or not row.active:
        return False
    elsewhere = money(sum((o.owed for o in open_orders(session, wo.customer_id, exclude=wo.id)), ZERO))
    name = session.scalar(select(Customer.name).where(Customer.id == wo.customer_id)) or ""
    check_within_limit(name, row.credit_limit, elsewhere, owed_here)
    return True


def take_account_payment(uow: UnitOfWork, actor: Actor, customer_id: int, tender: Tender,
                         orders: Sequence[str] | None = None) -> tuple[ReceiptInfo, ...]:
    """M3: one payment by the account, allocated to its orders oldest first (or to the chosen ones): one
    receipt number, one payments row per order; more than owed is refused and nothing is written."""
    with uow:
        uow.authorize(actor, Perm.PAYMENT_TAKE)
        if not isinstance(tender, Tender):
            raise InvalidInput("请输入收款。", "Enter the payment.")
        method, amount, given, change, ref = _clean_tender(tender)
        c = customer_of(uow.session, customer_id)
        chosen = [clean_code(n, "工单号", "Work order number") for n in orders] if orders else None
        # lock the account's payable orders in id order: two cashiers never overpay one of them
        locked = list(uow.session.scalars(
            select(WorkOrder).where(WorkOrder.customer_id == c.id,
                                    WorkOrder.state.in_([s.value for s in PAYABLE_STATES]))
            .order_by(WorkOrder.id).with_for_update()))
        by_number = {wo.number: wo for wo in locked}
        day = _business_day(uow)
        parts = allocate(amount, open_orders(uow.session, c.id), chosen)
        receipt_no = next_number(uow, "receipt")
        out = []
        for number, part in parts:
            wo = by_number[number]
            owed = customer_balance(uow.session, wo).owed
            uow.session.add(Payment(receipt_no=receipt_no, work_order_id=wo.id, kind=EntryKind.PAYMENT,
                                    method=method, amount=part, tendered=given if len(parts) == 1 else None,
                                    change=change if len(parts) == 1 else ZERO, reference=ref, business_day=day,
                                    at=uow.now, cashier_id=actor.user_id))
            out.append(ReceiptInfo(receipt_no, number, (TenderInfo(method.value, part, None, ZERO, ref),), part,
                                   ZERO, money(owed - part)))
        uow.audit(actor, "account.payment", "customer", c.id, customer=c.name, receipt=receipt_no,
                  amount=str(amount), method=method.value, allocation=[(n, str(a)) for n, a in parts])
        uow.commit()
    return tuple(out)
