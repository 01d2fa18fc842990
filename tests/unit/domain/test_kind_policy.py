"""F2 and the per-kind policy table (workshop.domain.kind_policy): every kind has one row, and what the services
decide by it agrees with SPEC F2, F3, A1, A2, P3, P6, C1, M1."""

from __future__ import annotations

import pytest

from workshop.domain.approval_kinds import ApprovalKind, lock_sentence_of
from workshop.domain.errors import InvalidInput
from workshop.domain.kind_policy import CUSTOMER_KINDS, DISCOUNT_KINDS, PAYER_OF_KIND, POLICIES, policy_of
from workshop.domain.payers import Payer, Split
from workshop.domain.roles import Role
from workshop.domain.work_order import Kind


def test_f2_every_kind_has_one_policy_row_and_the_payer_follows_the_kind() -> None:
    assert set(POLICIES) == set(Kind)
    assert PAYER_OF_KIND == {Kind.GENERAL: "customer", Kind.MAINTENANCE: "customer", Kind.ACCIDENT: "insurer",
                             Kind.WARRANTY: "manufacturer", Kind.INTERNAL: "internal"}


def test_a1_a2_only_customer_paid_work_is_discounted_and_only_accident_jobs_need_a_margin_approval() -> None:
    assert DISCOUNT_KINDS == (Kind.GENERAL, Kind.MAINTENANCE)
    assert [k for k in Kind if policy_of(k).margin_approval] == [Kind.ACCIDENT]
    assert ApprovalKind.QUOTE_SIGNATURE in policy_of("accident").approvals


def test_f3_p3_p6_c1_m1_the_kinds_rules() -> None:
    assert [k for k in Kind if policy_of(k).agree_out_of_warranty] == [Kind.GENERAL, Kind.MAINTENANCE]
    assert [k for k in Kind if policy_of(k).priced_by_quote] == [Kind.ACCIDENT]
    assert "quote" in policy_of(Kind.ACCIDENT).documents and "quote" not in policy_of(Kind.GENERAL).documents
    internal = policy_of(Kind.INTERNAL)
    assert internal.names_department and not internal.needs_team_to_start and internal.stock_move == "internal"
    assert Kind.INTERNAL not in CUSTOMER_KINDS
    assert policy_of(Kind.WARRANTY).claim_orders and policy_of(Kind.WARRANTY).needs_warranty
    assert {k: policy_of(k).split for k in Kind} == {
        Kind.GENERAL: Split.CUSTOMER, Kind.MAINTENANCE: Split.CUSTOMER, Kind.ACCIDENT: Split.INSURER,
        Kind.WARRANTY: Split.COVERAGE, Kind.INTERNAL: Split.INTERNAL}
    assert policy_of(Kind.ACCIDENT).payer is Payer.INSURER


def test_f2_an_unknown_kind_is_refused_in_chinese_and_english() -> None:
    with pytest.raises(InvalidInput) as e:
        policy_of("fleet")
    assert "未知的工单类型" in e.value.zh and "Unknown work order kind" in e.value.en


def test_a4_the_lock_sentence_names_the_request_the_asker_and_who_decides() -> None:
    zh, en = lock_sentence_of("TEST-0001", "discount", Role.WORKSHOP_MANAGER, "王顾问")
    assert "TEST-0001" in zh and "王顾问" in zh and "服务总监" in zh
    assert "TEST-0001" in en and "service director" in en
