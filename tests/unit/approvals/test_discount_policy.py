"""A1-A3 policy as a pure function: limits in force + roles + the week so far + the proposal -> decision."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from workshop.domain.clock import SHOP_TZ, week_start
from workshop.domain.discount_policy import (
    PolicyLimits,
    approver_for_discount,
    decide_accident_margin,
    decide_discount,
)
from workshop.domain.roles import Role

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn

D = Decimal
DEFAULT = PolicyLimits(
    max_discount_pct={Role.FRONT_DESK_LEAD: D(10)}, discounts_per_week={Role.FRONT_DESK_LEAD: 5},
    approve_up_to_pct={Role.WORKSHOP_MANAGER: D(20)}, min_accident_margin_pct=D(30),
)
LEAD = {Role.FRONT_DESK_LEAD}


def test_a1_policy_within_limit() -> None:
    d = decide_discount(DEFAULT, LEAD, 4, D(10))
    assert d.allowed and d.needs_role is None


def test_a1_policy_above_pct_goes_to_workshop_manager_up_to_20() -> None:
    d = decide_discount(DEFAULT, LEAD, 0, D(15))
    assert not d.allowed
    assert d.needs_role == Role.WORKSHOP_MANAGER
    assert d.reason_zh.startswith("15% 超过您的 10% 上限")
    assert d.reason_en.startswith("15% is above your 10%")
    assert decide_discount(DEFAULT, LEAD, 0, D(25)).needs_role == Role.SERVICE_DIRECTOR


def test_a1_policy_sixth_in_week() -> None:
    d = decide_discount(DEFAULT, LEAD, 5, D(5))
    assert not d.allowed
    assert "本周第 6 张打折工单，您的上限是 5 张" in d.reason_zh
    assert d.reason_en.startswith("6th discounted work order this week; your limit is 5")
    both = decide_discount(DEFAULT, LEAD, 5, D(12))
    assert "12% is above your 10%" in both.reason_en and "6th" in both.reason_en


def test_a3_policy_ladder_is_a_setting_and_skips_the_requesters_own_rung() -> None:
    limits = PolicyLimits(max_discount_pct={Role.FRONT_DESK_LEAD: D(10)},
                          discounts_per_week={Role.FRONT_DESK_LEAD: 5},
                          approve_up_to_pct={Role.FRONT_DESK_LEAD: D(8), Role.WORKSHOP_MANAGER: D(30)})
    assert approver_for_discount(limits, D(5), {Role.ADVISOR}) == Role.FRONT_DESK_LEAD
    assert approver_for_discount(limits, D(5), LEAD) == Role.WORKSHOP_MANAGER
    assert approver_for_discount(limits, D(25), {Role.ADVISOR}) == Role.WORKSHOP_MANAGER
    assert approver_for_discount(limits, D(31), {Role.ADVISOR}) == Role.SERVICE_DIRECTOR


def test_a1_week_starts_monday_midnight_shanghai() -> None:
    sunday_2359 = datetime(2026, 3, 15, 23, 59, tzinfo=SHOP_TZ)  # a Sunday
    monday_0000 = datetime(2026, 3, 16, 0, 0, tzinfo=SHOP_TZ)
    assert week_start(sunday_2359) == datetime(2026, 3, 9, 0, 0, tzinfo=SHOP_TZ)
    assert week_start(monday_0000) == monday_0000
    # Monday 00:00 Shanghai is Sunday 16:00 UTC
    assert week_start(datetime(2026, 3, 15, 16, 0, tzinfo=UTC)) == monday_0000


def test_a2_policy_margin_floor() -> None:
    at_floor = decide_accident_margin(DEFAULT, D("30.00"), {Role.ADVISOR})
    assert not at_floor.allowed and at_floor.needs_role == Role.FRONT_DESK_LEAD
    assert decide_accident_margin(DEFAULT, D("30.00"), LEAD).allowed
    below = decide_accident_margin(DEFAULT, D("29.99"), LEAD)
    assert not below.allowed and below.needs_role == Role.SERVICE_DIRECTOR
    assert "29.99%" in below.reason_en and "below 30%" in below.reason_en
    assert decide_accident_margin(DEFAULT, None, LEAD).needs_role == Role.SERVICE_DIRECTOR
