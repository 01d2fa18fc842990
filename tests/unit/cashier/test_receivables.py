"""M5: what the insurer and the manufacturer owe per settled work order — billed → approved → paid, or
rejected → billed to the customer or written off with the director's approval (the one approval registry);
the aging by payer in SQL on the director's dashboard and in `workshop report receivables`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers import cashier_data as cd
from tests.helpers import front_desk_data as fd
from tests.helpers.clock import ShopClock
from workshop.db.models import ReceivableEvent
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.queries.dashboards import figure
from workshop.queries.dashboards_base import last_days
from workshop.queries.receivables import receivables_list
from workshop.services import approvals, cashier, receivables
from workshop.services.cashier import Tender
from workshop.services.receivables import ReceivableInfo

D = Decimal
MORNING = datetime(2026, 3, 10, 1, 30, tzinfo=UTC)


def _rec(db: Database) -> ReceivableInfo:
    (info, _name), = receivables_list(db)
    return info


def _events(db: Database) -> list[tuple[str, Decimal]]:
    with db.read() as s:
        return [(e.action, e.amount) for e in s.scalars(select(ReceivableEvent).order_by(ReceivableEvent.id))]


def test_m5_settlement_bills_the_insurer_which_approves_and_pays(db: Database, people: dict[Role, Actor]) -> None:
    wo = cd.accident_settled(db, people)
    r = _rec(db)
    assert (r.payer, r.payer_name, r.amount, r.state) == ("insurer", "平安保险", D("130.00"), "billed")
    who = people[Role.CASHIER]
    with pytest.raises(RuleViolation):
        receivables.record_payment(db.uow(), who, r.id, amount="130")  # not approved yet
    with pytest.raises(RuleViolation, match="不能超过"):
        receivables.approve(db.uow(), who, r.id, amount="130.01")
    with pytest.raises(InvalidInput):
        receivables.approve(db.uow(), who, r.id, amount="-1")
    with pytest.raises(PermissionDenied):
        receivables.approve(db.uow(), people[Role.ADVISOR], r.id, amount="120")
    info = receivables.approve(db.uow(), who, r.id, amount="120")
    assert (info.state, info.approved_amount, info.outstanding) == ("approved", D("120.00"), D("120.00"))
    receivables.record_payment(db.uow(), who, r.id, amount="100", reference="PA-1")
    with pytest.raises(RuleViolation, match="不能多收"):
        receivables.record_payment(db.uow(), who, r.id, amount="20.01")
    done = receivables.record_payment(db.uow(), who, r.id, amount="20")
    assert (done.state, done.paid_amount, done.outstanding, done.work_order_no) == ("paid", D("120.00"), 0, wo.number)
    assert _events(db) == [("billed", D("130.00")), ("approved", D("120.00")), ("paid", D("100.00")),
                           ("paid", D("20.00"))]


def test_m5_a_rejected_receivable_is_billed_to_the_customer_who_then_owes_it(db: Database,
                                                                           people: dict[Role, Actor]) -> None:
    wo = cd.accident_settled(db, people)
    r = _rec(db)
    who = people[Role.CASHIER]
    with pytest.raises(InvalidInput):
        receivables.reject(db.uow(), who, r.id, reason="  ")
    receivables.reject(db.uow(), who, r.id, reason="超出保险责任")
    with pytest.raises(RuleViolation):
        receivables.approve(db.uow(), who, r.id, amount="10")
    assert cd.paid_sum(db, wo.number) == 0
    info = receivables.rebill_customer(db.uow(), who, r.id)
    assert (info.state, info.rebilled_amount) == ("rebilled", D("130.00"))
    from workshop.queries.cashier import bill

    assert bill(db, wo.number).owed == D("168.00")  # 38 + the 130 the insurer refused
    cashier.take_payment(db.uow(), who, wo.number, [Tender("wechat", "168")])
    with pytest.raises(RuleViolation):
        receivables.rebill_customer(db.uow(), who, r.id)


def test_m5_a_write_off_waits_for_the_directors_approval_in_the_registry(db: Database,
                                                                        people: dict[Role, Actor]) -> None:
    cd.accident_settled(db, people)
    r = _rec(db)
    who = people[Role.CASHIER]
    with pytest.raises(RuleViolation):  # only a rejected receivable is written off
        receivables.request_write_off(db.uow(), who, r.id, reason="无法收回")
    receivables.reject(db.uow(), who, r.id, reason="材料不全")
    approval_id = receivables.request_write_off(db.uow(), who, r.id, reason="多次补材料未果")
    assert _rec(db).state == "rejected"  # nothing happens while it is pending
    with pytest.raises(RuleViolation, match="待审批"):
        receivables.request_write_off(db.uow(), who, r.id, reason="再申请")
    with pytest.raises(PermissionDenied):
        approvals.decide(db.uow(), people[Role.FRONT_DESK_LEAD], approval_id, True)
    info = approvals.decide(db.uow(), people[Role.SERVICE_DIRECTOR], approval_id, True)
    assert info.kind == "write_off" and info.state == "approved" and info.details["amount"] == "130.00"
    assert _rec(db).state == "written_off" and _events(db)[-1] == ("written_off", D("130.00"))


def test_m5_a_refused_write_off_leaves_the_receivable_rejected(db: Database, people: dict[Role, Actor]) -> None:
    cd.accident_settled(db, people)
    r = _rec(db)
    receivables.reject(db.uow(), people[Role.CASHIER], r.id, reason="材料不全")
    aid = receivables.request_write_off(db.uow(), people[Role.CASHIER], r.id, reason="收不回")
    approvals.decide(db.uow(), people[Role.SERVICE_DIRECTOR], aid, False, "继续催收")
    assert _rec(db).state == "rejected"
    assert receivables.rebill_customer(db.uow(), people[Role.CASHIER], r.id).state == "rebilled"


def test_m5_aging_by_payer_in_buckets_on_the_dashboard_and_in_the_report(
        db: Database, people: dict[Role, Actor], shop_clock: ShopClock, tmp_path: Path) -> None:
    shop = fd.add_shop(db, people)
    for days_ago in (100, 45, 5):  # three accident orders billed 100, 45 and 5 days before "now"
        shop_clock.move_to(MORNING - timedelta(days=days_ago))
        cd.accident_settled(db, people, shop)
    first = receivables_list(db)[0][0]
    receivables.approve(db.uow(), people[Role.CASHIER], first.id, amount="100")  # outstanding 100, >90 days
    data = figure("receivables").run(db, last_days(30, now=MORNING))
    assert data.rows == (("平安保险", "insurer", D("130.00"), D("130.00"), D("0"), D("100.00"), D("360.00"), 3),)
    assert [h.value for h in data.headline] == [D("360.00"), D("100.00")]
    drill = figure("receivables").drill_page(db, last_days(30, now=MORNING), "平安保险", 0, 10)
    assert len(drill) == 3
    from workshop.cli import main

    out = tmp_path / "r.json"
    assert main(["--db", db.url, "report", "receivables", "--format", "json", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["name"] == "receivables" and doc["rows"][0]["payer_name"] == "平安保险"


def test_m5_an_empty_shop_has_no_receivables(db: Database) -> None:
    data = figure("receivables").run(db, last_days(30, now=MORNING))
    assert data.rows == () and data.headline[0].value == 0
