"""A4: the approval registry, the figures an approval approves, and 折 entry (A1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workshop.domain.approval_figures import Figures, PricedLine, compare, lines_digest
from workshop.domain.approval_kinds import (
    REGISTRY,
    ApprovalKind,
    DiscountDetails,
    QuoteSignatureDetails,
    parse_details,
    spec_of,
)
from workshop.domain.discount_policy import (
    PolicyLimits,
    discount_rule,
    parse_discount_text,
    pct_off_to_zhe,
    zhe_to_pct_off,
)
from workshop.domain.errors import InvalidInput
from workshop.domain.roles import Role

D = Decimal
LIMITS = PolicyLimits(max_discount_pct={Role.FRONT_DESK_LEAD: D(10)}, discounts_per_week={Role.FRONT_DESK_LEAD: 5},
                      approve_up_to_pct={Role.WORKSHOP_MANAGER: D(20)})


def _fig(**kw: object) -> Figures:
    base: dict[str, object] = dict(kind="general", gross=D("1040.00"), discount=D("200.00"),
                                   pct_of_gross=D("19.23"), total=D("840.00"), margin_pct=D("50.00"), digest="a")
    base.update(kw)
    return Figures(**base)  # type: ignore[arg-type]


def test_a4_every_kind_has_details_that_round_trip() -> None:
    assert set(REGISTRY) == set(ApprovalKind)
    quote = QuoteSignatureDetails(quote_id=7, revision=2, total=D("3480.00"), quote_no="BJ2612-0001")
    assert parse_details(ApprovalKind.QUOTE_SIGNATURE, quote.to_json()) == quote
    disc = DiscountDetails(pct=D(0), amount=D(200), figures=_fig(), week_count_before=2, rule_zh="r", rule_en="r")
    assert parse_details("discount", disc.to_json()) == disc
    with pytest.raises(InvalidInput):
        spec_of("write_off_nonexistent")


def test_a3_registry_says_who_decides_up_to_what() -> None:
    disc = DiscountDetails(pct=D(25), amount=D(0), figures=_fig(pct_of_gross=D(25)), week_count_before=0,
                           rule_zh="", rule_en="")
    may = spec_of(ApprovalKind.DISCOUNT).may_decide
    assert not may(frozenset({Role.WORKSHOP_MANAGER}), Role.SERVICE_DIRECTOR, LIMITS, disc)
    assert may(frozenset({Role.SERVICE_DIRECTOR}), Role.SERVICE_DIRECTOR, LIMITS, disc)
    assert spec_of(ApprovalKind.QUOTE_SIGNATURE).binds_figures is False


def test_a4_digest_ignores_order_and_sees_every_change() -> None:
    a, b = PricedLine("labor", "JX01", D("2"), D("240")), PricedLine("part", "P1", D("1"), D("560"))
    assert lines_digest("general", [a, b]) == lines_digest("general", [b, a])
    assert lines_digest("general", [a, b]) != lines_digest("general", [a])
    assert lines_digest("general", [a, b]) != lines_digest("general", [a, PricedLine("part", "P1", D(1), D(460))])
    assert lines_digest("general", [a, b]) != lines_digest("maintenance", [a, b])


def test_a4_within_means_same_or_smaller_percent_and_amount_and_no_lower_margin() -> None:
    approved = _fig()
    assert compare(approved, approved).same
    assert compare(approved, _fig(digest="b", discount=D(150), pct_of_gross=D(15), margin_pct=D(55))).within
    assert not compare(approved, _fig(digest="b", pct_of_gross=D("35.71"))).within
    assert not compare(approved, _fig(digest="b", discount=D(260))).within
    assert not compare(approved, _fig(digest="b", margin_pct=D(40))).within
    assert not compare(approved, _fig(kind="maintenance")).within


def test_a1_rule_line_names_the_exact_rule() -> None:
    lead = frozenset({Role.FRONT_DESK_LEAD})
    zh, en = discount_rule(LIMITS, lead, 5, D(5), Role.WORKSHOP_MANAGER)
    assert zh.startswith("本周第 6 张折扣工单，超过每周 5 单") and "折扣 5" not in zh
    zh, en = discount_rule(LIMITS, lead, 0, D(25), Role.SERVICE_DIRECTOR)
    assert zh.startswith("折扣 25 %，超过前台主管 10 %、车间经理 20 %") and "本周" not in zh
    assert "the workshop manager's 20 %" in en


@pytest.mark.parametrize(("typed", "pct"), [
    ("9折", "10.00"), ("9 折", "10.00"), ("8.5折", "15.00"), ("85折", "15.00"), ("９折", "10.00"),
    ("10%", "10.00"), ("10 ％", "10.00"), ("12.5", "12.50"), ("", None),
])
def test_a1_discount_entry_takes_zhe_and_percent(typed: str, pct: str | None) -> None:
    got = parse_discount_text(typed)
    assert (None if got is None else str(got)) == pct


@pytest.mark.parametrize("typed", ["abc", "0折", "-5", "100%", "120折"])
def test_a1_discount_entry_refuses_nonsense(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_discount_text(typed)


def test_a1_zhe_and_percent_convert_both_ways() -> None:
    assert zhe_to_pct_off(D(9)) == D(10) and pct_off_to_zhe(D(10)) == D(9) and pct_off_to_zhe(D(15)) == D("8.5")


def test_a1_bare_number_read_as_zhe_when_the_box_says_zhe() -> None:
    assert parse_discount_text("9", bare="zhe") == D(10)
    assert parse_discount_text("10%", bare="zhe") == D(10)
    assert parse_discount_text("9", bare="pct") == D(9)
