"""M1: the bill split by payer, line by line (workshop.domain.payers), and through the A5 totals."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers import cashier_data as cd
from tests.helpers import front_desk_data as fd
from workshop.db.models import WorkOrder
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.payers import (
    ChargeLine,
    InsurerTerms,
    Payer,
    Split,
    bills_customer,
    split_by_payer,
    split_by_rule,
    spread_total,
)
from workshop.domain.roles import Actor, Role
from workshop.printing.documents import print_document
from workshop.services import cashier
from workshop.services.totals import compute_totals, customer_balance, payer_split

D = Decimal
LINES = [ChargeLine("L1", "钣金", D("1200.00"), True), ChargeLine("P1", "前保险杠", D("2000.00"), True),
         ChargeLine("P2", "雾灯", D("800.00"), False)]


@pytest.mark.parametrize("rule", list(Split))
@pytest.mark.parametrize("mode", ["paid", "contract", "free"])
def test_m1_bills_customer_says_when_the_split_can_leave_the_customer_a_share(rule: Split, mode: str) -> None:
    """The accounts' SQL keeps only the orders `bills_customer` allows (db.accounts_store): where it says no,
    no bill of any lines leaves the customer a share; where it says yes, some bill does."""
    uncovered = [ChargeLine("L1", "钣金", D("1200.00"), False)]
    bills = [(lines, terms) for lines in (LINES, uncovered)
             for terms in (None, InsurerTerms("人保", D("500"), D("300")))]
    shares = [split_by_rule(rule, mode, lines, D("1000.00"), terms).customer for lines, terms in bills]
    assert any(x > 0 for x in shares) == bills_customer(rule, mode)


def test_m1_accident_insurer_pays_up_to_the_assessment_less_deductible_rest_is_the_customers() -> None:
    split = split_by_payer("accident", "paid", LINES, D("4000.00"), InsurerTerms("平安保险", D("3000"), D("500")))
    assert split.insurer == D("2500.00") and split.customer == D("1500.00")
    assert split.insurer + split.customer == split.total
    # line by line: the first lines are the insurer's until the cap, the excess of the line that crosses it
    assert [(s.key, s.of(Payer.INSURER), s.of(Payer.CUSTOMER)) for s in split.lines] == [
        ("L1", D("1200.00"), D("0")), ("P1", D("1300.00"), D("700.00")), ("P2", D("0"), D("800.00"))]
    assert split.insurer_name == "平安保险" and split.assessed == D("3000")


def test_m1_accident_within_the_assessment_the_customer_pays_the_deductible_only() -> None:
    split = split_by_payer("accident", "paid", LINES, D("4000.00"), InsurerTerms("人保", D("5000"), D("300")))
    assert (split.insurer, split.customer) == (D("3700.00"), D("300.00"))


def test_m1_accident_without_an_assessment_is_the_customers() -> None:
    split = split_by_payer("accident", "paid", LINES, D("4000.00"), None)
    assert split.customer == D("4000.00") and split.insurer == 0


def test_m1_warranty_covered_lines_go_to_the_manufacturer_the_rest_to_the_customer() -> None:
    split = split_by_payer("warranty", "paid", LINES, D("4000.00"), None)
    assert (split.manufacturer, split.customer) == (D("3200.00"), D("800.00"))
    assert [p for p, _ in split.parts] == [Payer.CUSTOMER, Payer.MANUFACTURER]


def test_m1_internal_and_free_orders_are_the_internal_departments() -> None:
    assert split_by_payer("internal", "paid", LINES, D("4000.00"), None).internal == D("4000.00")
    assert split_by_payer("general", "free", LINES, D("4000.00"), None).internal == D("4000.00")


def test_m1_a_discount_is_spread_over_the_lines_and_adds_up_to_the_total_to_the_fen() -> None:
    out = spread_total([D("100.00"), D("100.00"), D("100.00")], D("200.00"))
    assert out == [D("66.66"), D("66.67"), D("66.67")]
    split = split_by_payer("general", "paid", LINES, D("3599.99"), None)
    assert sum(s.amount for s in split.lines) == D("3599.99") == split.customer


def test_m1_the_settled_general_order_is_the_customers_and_equals_the_a5_total(
    db: Database, people: dict[Role, Actor]
) -> None:
    wo = cd.settled_order(db, people)
    with db.read() as s:
        row = s.scalar(select(WorkOrder).where(WorkOrder.number == wo.number))
        assert row is not None
        split = payer_split(s, row)
        assert split.customer == compute_totals(s, row).total == row.total == D("168.00")
        assert customer_balance(s, row).owed == D("168.00")


def test_m1_accident_terms_set_before_settlement_split_the_settled_bill(
    db: Database, people: dict[Role, Actor]
) -> None:
    shop = fd.add_shop(db, people)
    wo = fd.open_order(db, people, shop, kind="accident")
    advisor = people[Role.ADVISOR]
    with pytest.raises(InvalidInput):
        cashier.set_payer_terms(db.uow(), advisor, wo.number, insurer="平安保险", assessed_amount="100",
                                deductible="200")
    with pytest.raises(InvalidInput):
        cashier.set_payer_terms(db.uow(), advisor, wo.number, insurer="平安保险", assessed_amount="NaN")
    cashier.set_payer_terms(db.uow(), advisor, wo.number, insurer="平安保险", assessed_amount="150.00",
                            deductible="20.00")
    with db.read() as s:
        row = s.scalar(select(WorkOrder).where(WorkOrder.number == wo.number))
        assert row is not None
        split = payer_split(s, row)
    assert (split.insurer, split.customer) == (D("130.00"), D("38.00"))
    general = fd.open_order(db, people, shop, kind="general")
    with pytest.raises(RuleViolation):
        cashier.set_payer_terms(db.uow(), advisor, general.number, insurer="平安保险", assessed_amount="1")


def test_m1_a_warranty_order_charged_free_still_goes_to_the_manufacturer() -> None:
    split = split_by_payer("warranty", "free", LINES, D("4000.00"), None)
    assert (split.manufacturer, split.customer, split.internal) == (D("3200.00"), D("800.00"), D("0"))


def test_m1_the_settlement_print_shows_each_payers_part(db: Database, people: dict[Role, Actor],
                                                        tmp_path: Path) -> None:
    shop = fd.add_shop(db, people)
    wo = fd.inspected_order(db, people, shop, kind="accident")
    cashier.set_payer_terms(db.uow(), people[Role.ADVISOR], wo.number, insurer="平安保险", assessed_amount="150",
                            deductible="20")
    from workshop.services import approvals, front_desk

    asked = approvals.request_margin_approval(db.uow(), people[Role.ADVISOR], wo.id, "保险定损项目")
    approvals.decide(db.uow(), people[Role.FRONT_DESK_LEAD], asked.id, True)
    front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    pdf = tmp_path / "s.pdf"
    print_document(db, "settlement", wo.number, pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "客户 ¥ 38.00" in text and "保险公司 ¥ 130.00" in text and "平安保险" in text
