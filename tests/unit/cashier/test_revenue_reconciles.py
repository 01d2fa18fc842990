"""M1/M2/M5 against Q3 on a hand-computed shop: the revenue the director's dashboard shows equals what the
customers paid plus what the insurer owes — every yuan of revenue is either in the payments ledger or a
receivable. The shop: a general repair 168 元 paid by WeChat; an accident job 168 元, assessed 150 less a 20
deductible — the insurer owes 130, the customer pays 38 in cash; a second general repair 168 元 paid 100 by card
and 68 on a receipt that is voided and paid again by Alipay."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.helpers import cashier_data as cd
from tests.helpers import front_desk_data as fd
from tests.helpers.clock import ShopClock
from workshop.db.models import Payment, Receivable
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries.dashboards import figure
from workshop.queries.dashboards_base import Params
from workshop.services import cashier
from workshop.services.cashier import Tender

pytestmark = pytest.mark.clock
D = Decimal
DAY = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


def test_m5_q3_dashboard_revenue_equals_payments_plus_receivables_on_a_hand_computed_shop(
        db: Database, people: dict[Role, Actor], shop_clock: ShopClock) -> None:
    shop_clock.move_to(DAY)
    shop = fd.add_shop(db, people)
    c_ = people[Role.CASHIER]
    first = cd.settled_order(db, people, shop)
    cashier.take_payment(db.uow(), c_, first.number, [Tender("wechat", "168")])
    accident = cd.accident_settled(db, people, shop)
    cashier.take_payment(db.uow(), c_, accident.number, [Tender("cash", "38", tendered="50")])
    third = cd.settled_order(db, people, shop)
    cashier.take_payment(db.uow(), c_, third.number, [Tender("card", "100")])
    wrong = cashier.take_payment(db.uow(), c_, third.number, [Tender("wechat", "68")])
    cashier.void_receipt(db.uow(), c_, wrong.receipt_no, reason="重复扫码")
    cashier.take_payment(db.uow(), c_, third.number, [Tender("alipay", "68")])

    data = figure("revenue_margin_by_kind").run(db, Params(DAY.date(), DAY.date(), now=DAY))
    revenue = {row[0]: row[data.column("revenue")] for row in data.rows if row[data.column("revenue")]}
    assert revenue == {"general": D("336.00"), "accident": D("168.00")}  # by hand: 2 × 168, 168
    with db.read() as s:
        paid = s.scalar(select(func.sum(Payment.amount))) or 0
        owed = s.scalar(select(func.sum(Receivable.amount))) or 0
    assert (paid, owed) == (D("374.00"), D("130.00"))  # 168 + 38 + 100 + 68 (the void cancels its 68), 130
    assert sum(revenue.values()) == paid + owed == D("504.00")
    aging = figure("receivables").run(db, Params(DAY.date(), DAY.date(), now=DAY))
    assert aging.headline[0].value == owed
