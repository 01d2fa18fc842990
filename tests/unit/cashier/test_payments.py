"""M2: payments at the cashier — several tenders on one receipt, cash change, deposits applied, overpayment
refused, voids the same day by the cashier and later only with the service director; bad input writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from tests.helpers import cashier_data as cd
from tests.helpers import claims_tools_data as ctd
from tests.helpers.clock import ShopClock
from workshop.db.models import AuditEntry, DayClose, Deposit, Payment, WorkOrder
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import cashier
from workshop.services.cashier import Tender

D = Decimal
MORNING = datetime(2026, 3, 10, 1, 30, tzinfo=UTC)  # 09:30 in the shop


def test_m2_several_tenders_on_one_receipt_with_cash_change(db: Database, people: dict[Role, Actor],
                                                           shop_clock: ShopClock) -> None:
    shop_clock.move_to(MORNING)
    wo = cd.settled_order(db, people)
    r = cashier.take_payment(db.uow(), people[Role.CASHIER], wo.number, [
        Tender("cash", "100.00", tendered="200"), Tender("alipay", "68", reference="2026031022001"),
    ])
    assert r.receipt_no.startswith("SK2603-") and r.amount == D("168.00") and r.change == D("100.00")
    assert r.owed_after == 0 and [t.method for t in r.tenders] == ["cash", "alipay"]
    with db.read() as s:
        rows = s.scalars(select(Payment).order_by(Payment.id)).all()
        assert [(p.receipt_no, p.method, p.amount, p.reference) for p in rows] == [
            (r.receipt_no, "cash", D("100.00"), ""), (r.receipt_no, "alipay", D("68.00"), "2026031022001")]
        assert rows[0].tendered == D("200.00") and rows[0].business_day.isoformat() == "2026-03-10"
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "payment.take")) is not None


def test_m2_overpayment_is_refused_and_nothing_is_written(db: Database, people: dict[Role, Actor]) -> None:
    wo = cd.settled_order(db, people)
    cashier_ = people[Role.CASHIER]
    cashier.take_payment(db.uow(), cashier_, wo.number, [Tender("card", "100.00")])
    with pytest.raises(RuleViolation, match="不能多收"):
        cashier.take_payment(db.uow(), cashier_, wo.number, [Tender("cash", "50"), Tender("wechat", "18.01")])
    assert cd.payment_count(db) == 1 and cd.paid_sum(db, wo.number) == D("100.00")
    cashier.take_payment(db.uow(), cashier_, wo.number, [Tender("cash", "68")])
    with pytest.raises(RuleViolation):
        cashier.take_payment(db.uow(), cashier_, wo.number, [Tender("cash", "0.01")])


@pytest.mark.parametrize("tender", [
    Tender("cash", "-10"), Tender("cash", "NaN"), Tender("cash", "0"), Tender("bitcoin", "10"),
    Tender("cash", "abc"), Tender("cash", "10.001"), Tender("cash", "100", tendered="50"),
])
def test_m2_bad_input_gets_a_sentence_and_writes_nothing(db: Database, people: dict[Role, Actor],
                                                         tender: Tender) -> None:
    wo = cd.settled_order(db, people)
    with pytest.raises(InvalidInput) as exc:
        cashier.take_payment(db.uow(), people[Role.CASHIER], wo.number, [Tender("wechat", "10"), tender])
    assert exc.value.zh and exc.value.en
    assert cd.payment_count(db) == 0


def test_m2_an_unsettled_order_or_an_empty_payment_is_refused(db: Database, people: dict[Role, Actor]) -> None:
    from tests.helpers import front_desk_data as fd

    shop = fd.add_shop(db, people)
    wo = fd.started_order(db, people, shop)
    with pytest.raises(RuleViolation, match="还没有结算"):
        cashier.take_payment(db.uow(), people[Role.CASHIER], wo.number, [Tender("cash", "10")])
    with pytest.raises(InvalidInput):
        cashier.take_payment(db.uow(), people[Role.CASHIER], wo.number, [])
    with pytest.raises(PermissionDenied):
        cashier.take_payment(db.uow(), people[Role.ADVISOR], wo.number, [Tender("cash", "10")])


def test_m2_the_cashier_voids_the_same_day_with_a_reason_once(db: Database, people: dict[Role, Actor],
                                                             shop_clock: ShopClock) -> None:
    shop_clock.move_to(MORNING)
    wo = cd.settled_order(db, people)
    receipt = cd.pay_in_full(db, people, wo.number)
    with pytest.raises(InvalidInput):
        cashier.void_receipt(db.uow(), people[Role.CASHIER], receipt, reason="  ")
    v = cashier.void_receipt(db.uow(), people[Role.CASHIER], receipt, reason="收错工单")
    assert v.amount == D("168.00") and v.owed_after == D("168.00") and v.approved_by is None
    assert cd.paid_sum(db, wo.number) == 0
    with pytest.raises(RuleViolation, match="已经作废"):
        cashier.void_receipt(db.uow(), people[Role.CASHIER], receipt, reason="再作废")
    with pytest.raises(NotFound):
        cashier.void_receipt(db.uow(), people[Role.CASHIER], "SK9900-0001", reason="没有")
    with db.read() as s:  # append-only: the payment row stays, the void is a new row pointing at it
        rows = s.scalars(select(Payment).order_by(Payment.id)).all()
        assert [(p.kind, p.amount, p.voids_id) for p in rows] == [
            ("payment", D("168.00"), None), ("void", D("-168.00"), rows[0].id)]


def test_m2_a_void_after_the_day_needs_the_service_director(db: Database, people: dict[Role, Actor],
                                                           shop_clock: ShopClock) -> None:
    shop_clock.move_to(MORNING)
    wo = cd.settled_order(db, people)
    receipt = cd.pay_in_full(db, people, wo.number)
    shop_clock.move_to(MORNING + timedelta(days=1))
    with pytest.raises(RuleViolation, match="服务总监审批"):
        cashier.void_receipt(db.uow(), people[Role.CASHIER], receipt, reason="客户退单")
    assert cd.payment_count(db) == 1
    v = cashier.void_receipt(db.uow(), people[Role.SERVICE_DIRECTOR], receipt, reason="客户退单")
    assert v.approved_by == people[Role.SERVICE_DIRECTOR].display_name
    with db.read() as s:
        void = s.scalars(select(Payment).where(Payment.kind == "void")).one()
        assert void.business_day.isoformat() == "2026-03-11"  # a new, dated entry, not a change of the old day


def test_m2_a_closed_day_takes_no_payment_or_void(db: Database, people: dict[Role, Actor],
                                                 shop_clock: ShopClock) -> None:
    shop_clock.move_to(MORNING)
    wo = cd.settled_order(db, people)
    receipt = cd.pay_in_full(db, people, wo.number, "100.00")
    with db.uow() as uow:
        uow.session.add(DayClose(business_day=MORNING.date(), expected_cash=D(0), counted_cash=D(0),
                                 difference=D(0), closed_at=MORNING, closed_by=people[Role.CASHIER].user_id))
        uow.commit()
    with pytest.raises(RuleViolation, match="已日结"):
        cashier.take_payment(db.uow(), people[Role.CASHIER], wo.number, [Tender("cash", "1")])
    with pytest.raises(RuleViolation, match="已日结"):
        cashier.void_receipt(db.uow(), people[Role.CASHIER], receipt, reason="错")
    assert cd.payment_count(db) == 1


def test_m2_a_claim_deposit_is_applied_to_the_bill_instead_of_refunded(db: Database,
                                                                     people: dict[Role, Actor]) -> None:
    setup = ctd.arrived_claim(db, people, deposit="500.00")
    with db.uow() as uow:  # the customer pays this job (not covered): 1,200 元 on the bill
        uow.session.execute(update(WorkOrder).where(WorkOrder.id == setup.wo.id)
                            .values(kind="general", charging_mode="paid", state="settled"))
        uow.commit()
    r = cashier.apply_deposit(db.uow(), people[Role.CASHIER], setup.wo.number, setup.claim_no)
    assert r.amount == D("500.00") and r.owed_after == D("700.00") and r.tenders[0].method == "deposit"
    with db.read() as s:
        dep = s.scalars(select(Deposit)).one()
        assert dep.refunded_at is not None and dep.refund_method == "applied"
    with pytest.raises(RuleViolation, match="没有未退的订金"):
        cashier.apply_deposit(db.uow(), people[Role.CASHIER], setup.wo.number, setup.claim_no)
    cashier.void_receipt(db.uow(), people[Role.CASHIER], r.receipt_no, reason="改为退订金")
    with db.read() as s:  # the void puts the deposit back on the held list
        assert s.scalars(select(Deposit)).one().refunded_at is None
