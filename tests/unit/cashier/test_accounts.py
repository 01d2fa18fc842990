"""M3: account customers (挂账单位) — the credit limit the service director sets, orders leaving unpaid within
it and refused over it, payments allocated oldest first or by choice, the monthly statement (PDF, Excel)."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers import cashier_data as cd
from tests.helpers import front_desk_data as fd
from tests.helpers.clock import ShopClock
from workshop.db.models import AuditEntry, GatePass, Payment
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.printing.account_statement import statement_files
from workshop.services import accounts, cashier, cashier_gate, front_desk
from workshop.services.accounts import account_of
from workshop.services.cashier import Tender

D = Decimal
MORNING = datetime(2026, 3, 10, 1, 30, tzinfo=UTC)


def _delivered_on_account(db: Database, people: dict[Role, Actor], shop: fd.Shop) -> str:
    wo = cd.settled_order(db, people, shop)
    code = cashier_gate.issue_gate_pass(db.uow(), people[Role.CASHIER], wo.number).code
    cashier_gate.scan_gate_pass(db.uow(), people[Role.CASHIER], code)
    return wo.number


def test_m3_the_director_sets_the_credit_limit_audited_and_nobody_else(db: Database,
                                                                       people: dict[Role, Actor]) -> None:
    shop = fd.add_shop(db, people)
    cid = shop.customer.id
    with pytest.raises(PermissionDenied):
        accounts.set_account(db.uow(), people[Role.CASHIER], cid, credit_limit="5000")
    for bad in ("-1", "NaN", "abc", "1.001"):
        with pytest.raises(InvalidInput):
            accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], cid, credit_limit=bad)
    info = accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], cid, credit_limit="5000")
    assert (info.credit_limit, info.active, info.owed, info.available) == (D("5000.00"), True, D(0), D("5000.00"))
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], cid, credit_limit="8000.50")
    with db.read() as s:
        audits = s.scalars(select(AuditEntry).where(AuditEntry.action == "account.set")).all()
        assert len(audits) == 2
        acc = account_of(s, cid)
        assert acc is not None and acc.credit_limit == D("8000.50")


def test_m3_an_account_order_leaves_unpaid_within_the_limit_and_is_refused_over_it(
        db: Database, people: dict[Role, Actor]) -> None:
    shop = fd.add_shop(db, people)
    first = cd.settled_order(db, people, shop)
    with pytest.raises(RuleViolation, match="付清后"):  # not an account: pay first
        cashier_gate.issue_gate_pass(db.uow(), people[Role.CASHIER], first.number)
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], shop.customer.id, credit_limit="300")
    gp = cashier_gate.issue_gate_pass(db.uow(), people[Role.CASHIER], first.number)
    assert gp.basis == "account"
    cashier_gate.scan_gate_pass(db.uow(), people[Role.CASHIER], gp.code)  # delivered unpaid
    second = cd.settled_order(db, people, shop)  # 168 + 168 = 336 > 300
    with pytest.raises(RuleViolation, match="超过额度") as exc:
        cashier_gate.issue_gate_pass(db.uow(), people[Role.CASHIER], second.number)
    assert "300.00" in exc.value.zh and "over the limit" in exc.value.en
    with db.read() as s:
        assert len(s.scalars(select(GatePass)).all()) == 1
    accounts.take_account_payment(db.uow(), people[Role.CASHIER], shop.customer.id, Tender("transfer", "100"))
    assert cashier_gate.issue_gate_pass(db.uow(), people[Role.CASHIER], second.number).basis == "account"


def test_m3_a_payment_is_allocated_oldest_first_or_to_the_chosen_orders(db: Database, people: dict[Role, Actor],
                                                                      shop_clock: ShopClock) -> None:
    shop_clock.move_to(MORNING)
    shop = fd.add_shop(db, people)
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], shop.customer.id, credit_limit="1000")
    old = _delivered_on_account(db, people, shop)
    new = _delivered_on_account(db, people, shop)
    cid = shop.customer.id
    with pytest.raises(RuleViolation, match="不能多收"):
        accounts.take_account_payment(db.uow(), people[Role.CASHIER], cid, Tender("transfer", "336.01"))
    with pytest.raises(InvalidInput):
        accounts.take_account_payment(db.uow(), people[Role.CASHIER], cid, Tender("transfer", "10"), ["TEST-0001"])
    assert cd.payment_count(db) == 0
    receipts = accounts.take_account_payment(db.uow(), people[Role.CASHIER], cid, Tender("transfer", "200",
                                                                                           reference="TR001"))
    assert [(r.work_order_no, r.amount, r.owed_after) for r in receipts] == [
        (old, D("168.00"), D(0)), (new, D("32.00"), D("136.00"))]
    assert len({r.receipt_no for r in receipts}) == 1
    chosen = accounts.take_account_payment(db.uow(), people[Role.CASHIER], cid, Tender("card", "36"), [new])
    assert [(r.work_order_no, r.amount) for r in chosen] == [(new, D("36.00"))]
    assert cd.paid_sum(db, old) == D("168.00") and cd.paid_sum(db, new) == D("68.00")
    from workshop.services import cashier  # voiding the account receipt cancels every order's part

    cashier.void_receipt(db.uow(), people[Role.CASHIER], receipts[0].receipt_no, reason="转账退回")
    assert cd.paid_sum(db, old) == D(0) and cd.paid_sum(db, new) == D("36.00")
    with db.read() as s:
        assert len(s.scalars(select(Payment).where(Payment.kind == "void")).all()) == 2


def test_m3_the_monthly_statement_lists_what_is_owed_as_pdf_and_excel(db: Database, people: dict[Role, Actor],
                                                                      shop_clock: ShopClock,
                                                                      tmp_path: Path) -> None:
    shop_clock.move_to(MORNING)
    shop = fd.add_shop(db, people)
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], shop.customer.id, credit_limit="1000")
    a = _delivered_on_account(db, people, shop)
    b = _delivered_on_account(db, people, shop)
    accounts.take_account_payment(db.uow(), people[Role.CASHIER], shop.customer.id, Tender("transfer", "200"))
    pdf, xlsx = tmp_path / "st.pdf", tmp_path / "st.xlsx"
    st = statement_files(db, shop.customer.id, 2026, 3, pdf, xlsx)
    assert [(ln.number, ln.due, ln.paid, ln.owed) for ln in st.lines] == [(b, D("168.00"), D("32.00"), D("136.00"))]
    assert st.owed == D("136.00") and st.paid_in_month == D("200.00") and a not in [ln.number for ln in st.lines]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "挂账对账单" in text and "张伟" in text and b in text and "136.00" in text
    assert xlsx.stat().st_size > 1000
    assert statement_files(db, shop.customer.id, 2026, 2).lines == ()  # before the orders: nothing owed
    with pytest.raises(InvalidInput):
        statement_files(db, shop.customer.id, 2026, 13)


def test_m3_the_statement_from_the_command_line(db: Database, people: dict[Role, Actor], shop_clock: ShopClock,
                                                tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from workshop.cli import main

    shop_clock.move_to(MORNING)
    shop = fd.add_shop(db, people)
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], shop.customer.id, credit_limit="1000")
    number = _delivered_on_account(db, people, shop)
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    assert main(["--db", db.url, "statement", "13800138000", "--month", "2026-03", "--pdf", str(pdf),
                 "--xlsx", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert number in out and "¥168.00" in out and pdf.exists() and xlsx.exists()
    assert main(["--db", db.url, "statement", "没有这家", "--month", "2026-03"]) == 2


def test_m3_m5_an_account_owes_its_own_part_of_an_accident_order_and_what_the_insurer_refused(
        db: Database, people: dict[Role, Actor]) -> None:
    """The account's orders owing: the customer's part (the deductible), not the insurer's — and the insurer's
    part once it is billed back to the customer; the accounts list reads every account in one go."""
    from workshop.db.accounts_store import orders_owing
    from workshop.queries.account_statement import account_customers
    from workshop.queries.receivables import receivables_list
    from workshop.services import receivables

    shop = fd.add_shop(db, people)
    cid = shop.customer.id
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], cid, credit_limit="5000")
    paid_own_part = cd.accident_settled(db, people, shop)  # 168: the insurer 130, the customer 38
    cashier.take_payment(db.uow(), people[Role.CASHIER], paid_own_part.number, [Tender("wechat", "38")])
    owing = cd.accident_settled(db, people, shop)
    assert [(o.number, o.owed) for o in orders_owing(db, cid)] == [(owing.number, D("38.00"))]
    (acc,) = account_customers(db)
    assert (acc.customer_id, acc.owed, acc.available) == (cid, D("38.00"), D("4962.00"))
    refused = next(r for r, _name in receivables_list(db) if r.work_order_no == paid_own_part.number)
    receivables.reject(db.uow(), people[Role.CASHIER], refused.id, reason="材料不全")
    receivables.rebill_customer(db.uow(), people[Role.CASHIER], refused.id)
    assert [(o.number, o.owed) for o in orders_owing(db, cid)] == [(paid_own_part.number, D("130.00")),
                                                                   (owing.number, D("38.00"))]
    assert account_customers(db)[0].owed == D("168.00")


def test_m3_a_free_order_is_not_owed_on_the_account(db: Database, people: dict[Role, Actor]) -> None:
    """M1, M3: a free (goodwill) order settled unpaid is owed by nobody, so the account does not list it; a paid
    one is. (The accounts' SQL leaves out what can never bill the customer: with a fleet's free and internal
    orders read and split one by one, 2,000 accounts took 3.4 s to list.)"""
    from workshop.db.accounts_store import orders_owing
    from workshop.queries.account_statement import account_customers

    shop = fd.add_shop(db, people)
    cid = shop.customer.id
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], cid, credit_limit="5000")
    cd.settled_order(db, people, shop, charging_mode="free")
    owing = cd.settled_order(db, people, shop)
    assert [(o.number, o.owed) for o in orders_owing(db, cid)] == [(owing.number, D("168.00"))]
    others = [front_desk.add_customer(db.uow(), people[Role.ADVISOR], name=f"客户{n}", phone=f"1390000000{n}").id
              for n in range(1, 4)]
    for other in others:
        accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], other, credit_limit="100")
    listed = {a.customer_id: a.owed for a in account_customers(db)}
    assert listed == {cid: D("168.00"), **{o: D(0) for o in others}}
