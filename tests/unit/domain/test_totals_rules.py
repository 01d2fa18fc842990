"""A5, F6, M2 as pure functions (workshop.domain.totals, workshop.domain.added_items): no database."""

from __future__ import annotations

from decimal import Decimal

from workshop.domain.added_items import AddedItemState, item_state_counts, line_counts
from workshop.domain.payers import PayerSplit, split_by_payer
from workshop.domain.totals import LaborRow, PartRow, Rates, balance_of, totals_of

D = Decimal
RATES = Rates({"机修": D("45"), "钣喷": D("55")}, D("45"))


def test_f6_a_line_counts_only_when_it_is_no_added_items_or_its_item_is_confirmed() -> None:
    assert line_counts(None, set())
    assert line_counts(7, {7})
    assert not line_counts(8, {7})
    assert item_state_counts(None) and item_state_counts(AddedItemState.CONFIRMED)
    assert not item_state_counts("proposed") and not item_state_counts("declined")


def test_a5_totals_hand_computed_with_a_discount_and_an_unconfirmed_item() -> None:
    labor = [LaborRow(D("2"), D("300"), None, None, "OP1"), LaborRow(D("1"), D("500"), "钣喷", 9, "OP2")]
    parts = [PartRow(D("1"), D("400"), D("200"), None, D("1"), D("200"), "P-1"),
             PartRow(D("2"), D("50"), None, None, D("0"), D("30"), "P-2")]
    t = totals_of("general", "机修", labor, parts, set(), D("10"), D("0"), RATES)
    # the unconfirmed item's labor (item 9) is not charged; part 2 is still asked: 2 x 30 at average
    assert (t.labor_total, t.parts_total, t.gross) == (D("600.00"), D("500.00"), D("1100.00"))
    assert (t.discount, t.total) == (D("110.00"), D("990.00"))
    assert (t.parts_cost, t.labor_cost, t.labor_hours) == (D("260.00"), D("90.00"), D("2"))
    assert t.gross_profit == D("640.00") and t.margin_pct == D("64.65")
    confirmed = totals_of("general", "机修", labor, parts, {9}, D("0"), D("0"), RATES)
    assert confirmed.labor_total == D("1100.00") and confirmed.labor_cost == D("145.00")


def test_a5_no_revenue_has_no_margin() -> None:
    t = totals_of("general", None, [], [], set(), D("0"), D("0"), Rates({}, D("0")))
    assert t.total == D("0.00") and t.margin_pct is None and t.discount_pct_of_gross == D("0.00")


def test_m2_balance_is_the_customers_part_plus_what_was_billed_back_less_payments() -> None:
    split: PayerSplit = split_by_payer("general", "paid", [], D("0"), None)
    b = balance_of(split, D("0"), D("120"))
    assert (b.owed, b.customer_due, b.rebilled) == (D("120.00"), D("120.00"), D("120.00"))
