"""P1, P2, P7: issuing by scan against a work order line; every refusal is a sentence and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.helpers import parts_data as pd
from tests.unit.parts.conftest import OIL_FILTER_EAN, Counter
from workshop.db.models import AuditEntry, Part, PartLine, StockMove
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation, WorkshopError
from workshop.domain.roles import Actor, Role
from workshop.services import parts_counter as pc


def _snapshot(db: Database) -> tuple[object, ...]:
    with db.read() as s:
        lines = tuple(s.execute(select(PartLine.id, PartLine.issued_qty, PartLine.returned_qty,
                                       PartLine.first_issue_full, PartLine.old_part_received)).all())
        return (
            s.scalar(select(func.count()).select_from(StockMove)),
            s.scalar(select(func.count()).select_from(AuditEntry)),
            lines,
            tuple(s.execute(select(Part.id, Part.on_hand, Part.avg_cost)).all()),
        )


def assert_refused(db: Database, call: Callable[[], object], kind: type[WorkshopError], *words: str) -> WorkshopError:
    """The refusal is a sentence in Chinese and English naming what is wrong, and nothing was written."""
    before = _snapshot(db)
    with pytest.raises(kind) as info:
        call()
    err = info.value
    assert err.zh.endswith("。") and err.en.endswith(".")
    for w in words:
        assert w in err.zh or w in err.en, (w, err.zh, err.en)
    assert _snapshot(db) == before
    return err


def test_p1_issue_by_ean13_scan_is_tied_to_the_work_order_line(counter: Counter) -> None:
    result = pc.issue_part(counter.db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN)
    assert result.part_line_id == counter.wo.lines[0]
    assert (result.quantity, result.issued_qty, result.remaining) == (1, 1, 1)
    assert result.on_hand_after == 9
    assert "06L115562B" in result.message_zh
    [_, issue] = pd.moves(counter.db, counter.filter_id)
    assert issue.kind == "issue" and issue.quantity == -1
    assert issue.part_line_id == counter.wo.lines[0] and issue.work_order_id == counter.wo.id
    assert issue.unit_cost == Decimal("50.00") and issue.user_id == counter.clerk.user_id
    assert pd.part(counter.db, counter.filter_id).on_hand == 9


@pytest.mark.parametrize("typed", ["06L115562B", "06l115562b", " 06L 115 562B ", "０６Ｌ１１５５６２Ｂ", "A-01-02"])
def test_p1_scan_accepts_part_number_typed_fullwidth_and_bin_label(counter: Counter, typed: str) -> None:
    result = pc.issue_part(counter.db.uow(), counter.clerk, counter.wo.number, typed)
    assert result.part_no == "06L115562B"


def test_p1_work_order_number_typed_in_lower_case_or_fullwidth(counter: Counter) -> None:
    number = counter.wo.number.lower().replace("r", "ｒ")
    assert pc.issue_part(counter.db.uow(), counter.clerk, number, OIL_FILTER_EAN).work_order_no == counter.wo.number


def test_p1_refuses_unknown_barcode_and_unknown_work_order(counter: Counter) -> None:
    db = counter.db
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, counter.wo.number, pd.ean13("690000000001")),
                   NotFound, "不认识")
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, "RO0000-9999", OIL_FILTER_EAN),
                   NotFound, "RO0000-9999")


def test_p1_refuses_ean13_with_wrong_check_digit_as_misread(counter: Counter) -> None:
    bad = OIL_FILTER_EAN[:12] + str((int(OIL_FILTER_EAN[12]) + 1) % 10)
    assert_refused(counter.db, lambda: pc.issue_part(counter.db.uow(), counter.clerk, counter.wo.number, bad),
                   InvalidInput, "重扫")


def test_p1_refuses_part_not_on_the_work_order(counter: Counter) -> None:
    other = pd.make_part(counter.db, counter.clerk, "5Q0698151A", name="前刹车片", stock="4")
    assert other
    assert_refused(counter.db, lambda: pc.issue_part(counter.db.uow(), counter.clerk, counter.wo.number, "5Q0698151A"),
                   RuleViolation, "5Q0698151A", "不在工单")


def test_p2_refuses_issue_before_job_start(db: Database, counter: Counter) -> None:
    draft = pd.make_work_order(db, counter.advisor, [(counter.filter_id, "1")], state="draft")
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, draft.number, OIL_FILTER_EAN),
                   RuleViolation, "没开工")


def test_p2_issues_while_in_progress(db: Database, counter: Counter) -> None:
    pd.set_state(db, counter.wo, "in_progress")
    assert pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN).issued_qty == 1


@pytest.mark.parametrize("state", ["completed", "inspected", "settled", "delivered", "closed", "cancelled"])
def test_p2_refuses_issue_on_finished_settled_closed_or_cancelled_work_order(
    db: Database, counter: Counter, state: str
) -> None:
    pd.set_state(db, counter.wo, state)
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN),
                   RuleViolation, "不能再发料")


def test_p2_refuses_part_of_added_item_not_confirmed_then_issues_once_confirmed(
    db: Database, counter: Counter, people: dict[Role, Actor]
) -> None:
    pads = pd.make_part(db, counter.clerk, "5Q0698151A", name="前刹车片", stock="4")
    item_id, line_id = pd.add_item_line(db, counter.wo, people[Role.TECHNICIAN], pads, "1")
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, counter.wo.number, "5Q0698151A"),
                   RuleViolation, "增项", "not confirmed")
    pd.confirm_item(db, item_id)
    assert pc.issue_part(db.uow(), counter.clerk, counter.wo.number, "5Q0698151A").part_line_id == line_id


def test_p2_refuses_declined_added_item(db: Database, counter: Counter, people: dict[Role, Actor]) -> None:
    pads = pd.make_part(db, counter.clerk, "5Q0698151A", name="前刹车片", stock="4")
    pd.add_item_line(db, counter.wo, people[Role.TECHNICIAN], pads, "1", item_state="declined")
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, counter.wo.number, "5Q0698151A"),
                   RuleViolation, "增项")


def test_p2_refuses_more_than_the_line_asks(counter: Counter) -> None:
    db, number = counter.db, counter.wo.number
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, number, OIL_FILTER_EAN, 3),
                   RuleViolation, "还差 2", "raised")
    pc.issue_part(db.uow(), counter.clerk, number, OIL_FILTER_EAN, 2)
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, number, OIL_FILTER_EAN),
                   RuleViolation, "已发够", "raised first")


def test_p2_a_return_makes_room_on_the_line_again(counter: Counter) -> None:
    db, number = counter.db, counter.wo.number
    pc.issue_part(db.uow(), counter.clerk, number, OIL_FILTER_EAN, 2)
    pc.return_part(db.uow(), counter.clerk, number, OIL_FILTER_EAN, 1)
    result = pc.issue_part(db.uow(), counter.clerk, number, OIL_FILTER_EAN, 1)
    assert (result.issued_qty, result.returned_qty, result.remaining) == (3, 1, 0)


def test_p2_refuses_when_stock_is_short(db: Database, counter: Counter) -> None:
    few = pd.make_part(db, counter.clerk, "1K0615301AA", name="前刹车盘", stock="1")
    wo = pd.make_work_order(db, counter.advisor, [(few, "2")])
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, wo.number, "1K0615301AA", 2),
                   RuleViolation, "库存不足", "现有 1")


def test_p2_only_a_parts_clerk_issues(counter: Counter, people: dict[Role, Actor]) -> None:
    for role in (Role.ADVISOR, Role.TECHNICIAN, Role.SERVICE_DIRECTOR):
        assert_refused(counter.db, lambda r=role: pc.issue_part(counter.db.uow(), people[r], counter.wo.number,
                                                               OIL_FILTER_EAN), PermissionDenied)


def test_p2_second_line_of_the_same_part_is_used_once_the_first_is_full(db: Database, counter: Counter) -> None:
    wo = pd.make_work_order(db, counter.advisor, [(counter.filter_id, "1"), (counter.filter_id, "1")])
    first = pc.issue_part(db.uow(), counter.clerk, wo.number, OIL_FILTER_EAN)
    second = pc.issue_part(db.uow(), counter.clerk, wo.number, OIL_FILTER_EAN)
    assert (first.part_line_id, second.part_line_id) == wo.lines


def test_p7_old_for_new_needs_the_old_part_handed_in_first(db: Database, counter: Counter) -> None:
    battery = pd.make_part(db, counter.clerk, "JZW915105", name="蓄电池", stock="3", old_for_new=True)
    wo = pd.make_work_order(db, counter.advisor, [(battery, "1")])
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, wo.number, "JZW915105"),
                   RuleViolation, "旧件", "old part")
    assert pc.receive_old_part(db.uow(), counter.clerk, wo.number, "JZW915105") == 1
    assert pc.issue_part(db.uow(), counter.clerk, wo.number, "JZW915105").issued_qty == 1
    assert pd.line(db, wo.lines[0]).old_part_received == 1


def test_p7_one_old_part_allows_one_new_part(db: Database, counter: Counter) -> None:
    battery = pd.make_part(db, counter.clerk, "JZW915105", name="蓄电池", stock="3", old_for_new=True)
    wo = pd.make_work_order(db, counter.advisor, [(battery, "2")])
    pc.receive_old_part(db.uow(), counter.clerk, wo.number, "JZW915105")
    assert_refused(db, lambda: pc.issue_part(db.uow(), counter.clerk, wo.number, "JZW915105", 2),
                   RuleViolation, "旧件")
    pc.issue_part(db.uow(), counter.clerk, wo.number, "JZW915105")


def test_p7_receiving_old_part_of_an_ordinary_part_is_refused(counter: Counter) -> None:
    assert_refused(counter.db, lambda: pc.receive_old_part(counter.db.uow(), counter.clerk, counter.wo.number,
                                                          OIL_FILTER_EAN), InvalidInput, "不是以坏换新")


def test_p8_fill_rate_flag_set_on_first_issue_only(db: Database, counter: Counter) -> None:
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 1)
    assert pd.line(db, counter.wo.lines[0]).first_issue_full is False
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 1)
    assert pd.line(db, counter.wo.lines[0]).first_issue_full is False  # the second issue does not change it
    wo = pd.make_work_order(db, counter.advisor, [(counter.filter_id, "2")])
    pc.issue_part(db.uow(), counter.clerk, wo.number, OIL_FILTER_EAN, 2)
    assert pd.line(db, wo.lines[0]).first_issue_full is True


def test_p1_issue_is_audited_with_who_and_what(db: Database, counter: Counter) -> None:
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN)
    with db.read() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "part.issue"))
        assert entry is not None and entry.user_id == counter.clerk.user_id
        assert "06L115562B" in entry.summary


@pytest.mark.parametrize(("text", "qty", "code"), [
    ("3*06L115562B", Decimal(3), "06L115562B"),
    ("３＊06L115562B", Decimal(3), "06L115562B"),
    ("2x6901234567892", Decimal(2), "6901234567892"),
    ("06L115562B", Decimal(1), "06L115562B"),
    ("1.5*G052167M2", Decimal("1.5"), "G052167M2"),
])
def test_p1_quantity_typed_before_the_scan(text: str, qty: Decimal, code: str) -> None:
    assert pc.parse_scan(text) == (qty, code)


def test_p1_quantity_prefix_issues_that_many(counter: Counter) -> None:
    qty, code = pc.parse_scan(f"2*{OIL_FILTER_EAN}")
    result = pc.issue_part(counter.db.uow(), counter.clerk, counter.wo.number, code, qty)
    assert result.issued_qty == 2 and result.remaining == 0
