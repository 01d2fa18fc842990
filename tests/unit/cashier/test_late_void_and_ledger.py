"""M2/A4: a receipt of an earlier day is voided only with the service director's approval, as a kind of the one
approval registry (the cashier asks, the director decides in the inbox, the void is written on approval).
M2/M5: the payments and receivable_events ledgers are append-only at the database on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from tests.helpers import cashier_data as cd
from tests.helpers.clock import ShopClock
from workshop.db.models import Approval, Payment, ReceivableEvent
from workshop.db.uow import Database
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import approvals, cashier

pytestmark = pytest.mark.clock
MORNING = datetime(2026, 3, 10, 1, 30, tzinfo=UTC)


def test_a4_m2_the_cashier_asks_for_a_late_void_and_the_director_approves_it(
        db: Database, people: dict[Role, Actor], shop_clock: ShopClock) -> None:
    shop_clock.move_to(MORNING)
    wo = cd.settled_order(db, people)
    receipt = cd.pay_in_full(db, people, wo.number)
    with pytest.raises(RuleViolation, match="直接作废"):  # the same day: no request, the cashier voids it
        cashier.request_late_void(db.uow(), people[Role.CASHIER], receipt, reason="收错")
    shop_clock.move_to(MORNING + timedelta(days=1))
    aid = cashier.request_late_void(db.uow(), people[Role.CASHIER], receipt, reason="客户退单")
    with pytest.raises(RuleViolation, match="待"):
        cashier.request_late_void(db.uow(), people[Role.CASHIER], receipt, reason="再来")
    assert cd.paid_sum(db, wo.number) == 168  # nothing is voided while pending
    info = approvals.decide(db.uow(), people[Role.SERVICE_DIRECTOR], aid, True)
    assert (info.kind, info.state, info.details["receipt_no"]) == ("payment_void", "approved", receipt)
    assert cd.paid_sum(db, wo.number) == 0
    with db.read() as s:
        void = s.scalars(select(Payment).where(Payment.kind == "void")).one()
        assert void.approved_by == people[Role.SERVICE_DIRECTOR].user_id
        assert void.cashier_id == people[Role.CASHIER].user_id and void.reason == "客户退单"


def test_a4_m2_a_refused_late_void_voids_nothing_and_the_directors_own_void_is_recorded(
        db: Database, people: dict[Role, Actor], shop_clock: ShopClock) -> None:
    shop_clock.move_to(MORNING)
    wo = cd.settled_order(db, people)
    receipt = cd.pay_in_full(db, people, wo.number)
    shop_clock.move_to(MORNING + timedelta(days=2))
    aid = cashier.request_late_void(db.uow(), people[Role.CASHIER], receipt, reason="客户退单")
    approvals.decide(db.uow(), people[Role.SERVICE_DIRECTOR], aid, False, "已开票，不能作废")
    assert cd.paid_sum(db, wo.number) == 168
    cashier.void_receipt(db.uow(), people[Role.SERVICE_DIRECTOR], receipt, reason="总监更正")
    with db.read() as s:
        kinds = [(a.kind, a.state) for a in s.scalars(select(Approval).order_by(Approval.id))]
    assert kinds == [("payment_void", "refused"), ("payment_void", "approved")]
    assert cd.paid_sum(db, wo.number) == 0


def test_m2_payments_and_receivable_events_are_append_only_at_the_database(db: Database,
                                                                          people: dict[Role, Actor]) -> None:
    wo = cd.accident_settled(db, people)
    cd.pay_in_full(db, people, wo.number, "38.00")
    for stmt in (update(Payment).values(amount=1), delete(Payment), update(ReceivableEvent).values(amount=1),
                 delete(ReceivableEvent)):
        with db.engine.connect() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                conn.execute(stmt)
            conn.rollback()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM payments")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM receivable_events")).scalar() == 1
