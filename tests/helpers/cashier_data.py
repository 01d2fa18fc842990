"""Test data for the cashier: settled work orders through the real services, and payments on them."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from tests.helpers import front_desk_data as fd
from workshop.db.models import Payment, WorkOrder
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import cashier, front_desk
from workshop.services.work_order_dto import WorkOrderInfo


def settled_order(db: Database, people: dict[Role, Actor], shop: fd.Shop | None = None,
                  **kw: object) -> WorkOrderInfo:
    """An order (labor 100 + filter 68 = 168 元) through QC and settled by the advisor."""
    shop = shop or fd.add_shop(db, people)
    wo = fd.inspected_order(db, people, shop, **kw)
    return front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)


def pay_in_full(db: Database, people: dict[Role, Actor], number: str, amount: str = "168.00") -> str:
    r = cashier.take_payment(db.uow(), people[Role.CASHIER], number, [cashier.Tender("wechat", amount)])
    return r.receipt_no


def paid_sum(db: Database, number: str) -> Decimal:
    with db.read() as s:
        return Decimal(s.scalar(
            select(func.coalesce(func.sum(Payment.amount), 0)).join(WorkOrder, WorkOrder.id == Payment.work_order_id)
            .where(WorkOrder.number == number)) or 0)


def payment_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Payment)) or 0


def release(db: Database, cashier_actor: Actor, number: str) -> str:
    """M4: what the car needs to leave — the customer's part paid at the cashier, the gate pass printed."""
    from workshop.queries.cashier import bill
    from workshop.services import cashier_gate

    owed = bill(db, number).owed
    if owed > 0:
        cashier.take_payment(db.uow(), cashier_actor, number, [cashier.Tender("wechat", owed)])
    return cashier_gate.issue_gate_pass(db.uow(), cashier_actor, number).code


def customer_id_of(db: Database, number: str) -> int:
    with db.read() as s:
        cid = s.scalar(select(WorkOrder.customer_id).where(WorkOrder.number == number))
    assert cid is not None
    return cid


def accident_settled(db: Database, people: dict[Role, Actor], shop: fd.Shop | None = None) -> WorkOrderInfo:
    """An accident order (168 元): the insurer pays 130 (assessed 150 less the 20 deductible), the customer 38."""
    from workshop.services import approvals

    shop = shop or fd.add_shop(db, people)
    wo = fd.inspected_order(db, people, shop, kind="accident")
    cashier.set_payer_terms(db.uow(), people[Role.ADVISOR], wo.number, insurer="平安保险", assessed_amount="150",
                            deductible="20")
    asked = approvals.request_margin_approval(db.uow(), people[Role.ADVISOR], wo.id, "保险定损项目")
    approvals.decide(db.uow(), people[Role.FRONT_DESK_LEAD], asked.id, True)
    return front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
