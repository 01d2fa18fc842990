"""P8: the stock ledger: receipts against an order or a delivery note, moving average, stocktake adjustments
with a reason, never below zero; a property test of random sequences."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.helpers import parts_data as pd
from tests.unit.parts.conftest import OIL_FILTER_EAN, Counter
from tests.unit.parts.test_issue import assert_refused
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation, StaleEdit
from workshop.domain.roles import Actor, Role
from workshop.services import parts_counter as pc
from workshop.services import purchasing, stock
from workshop.services.purchasing import OrderLine
from workshop.services.stock import CountLine, ReceiptLine


def test_p8_receipt_by_delivery_note_updates_moving_average(counter: Counter) -> None:
    db = counter.db
    result = stock.receive_delivery_note(db.uow(), counter.clerk, "SH-20261201-7", "一汽-大众配件中心",
                                         [ReceiptLine(OIL_FILTER_EAN, Decimal(10), Decimal("60.00"))])
    [move] = result.moves
    assert (move.on_hand_after, move.avg_cost_after, move.bin_code) == (20, Decimal("55.00"), "A-01-02")
    part = pd.part(db, counter.filter_id)
    assert (part.on_hand, part.avg_cost) == (20, Decimal("55.00"))
    receipt = pd.moves(db, counter.filter_id)[-1]
    assert receipt.kind == "receipt" and "SH-20261201-7" in receipt.reference
    # an issue goes out at the average and does not change it
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN)
    assert pd.moves(db, counter.filter_id)[-1].unit_cost == Decimal("55.00")
    assert pd.part(db, counter.filter_id).avg_cost == Decimal("55.00")


def test_p8_receipt_against_purchase_order_partial_then_complete(counter: Counter) -> None:
    db = counter.db
    po = purchasing.create_purchase_order(db.uow(), counter.clerk, "一汽-大众配件中心",
                                          [OrderLine("06L115562B", Decimal(6), Decimal("47.00"))])
    line_id = po.lines[0][0]
    first = stock.receive_purchase_order(db.uow(), counter.clerk, po.number, [(line_id, Decimal(4))], "SH-1")
    assert first.purchase_order_state == "open" and first.moves[0].quantity == 4
    assert_refused(db, lambda: stock.receive_purchase_order(db.uow(), counter.clerk, po.number,
                                                           [(line_id, Decimal(3))]), RuleViolation, "最多收 2")
    rest = stock.receive_purchase_order(db.uow(), counter.clerk, po.number)
    assert rest.purchase_order_state == "received" and rest.moves[0].quantity == 2
    part = pd.part(db, counter.filter_id)
    assert part.on_hand == 16
    assert part.avg_cost == Decimal("48.88")  # (10*50 + 6*47) / 16 = 48.875
    assert_refused(db, lambda: stock.receive_purchase_order(db.uow(), counter.clerk, po.number),
                   RuleViolation, "不能再收货")


def test_p8_receiving_unknown_order_or_part_is_refused(counter: Counter) -> None:
    db = counter.db
    assert_refused(db, lambda: stock.receive_purchase_order(db.uow(), counter.clerk, "PO0000-0001"),
                   NotFound, "PO0000-0001")
    assert_refused(db, lambda: stock.receive_delivery_note(
        db.uow(), counter.clerk, "SH-2", "某供应商", [ReceiptLine("NOPE-1", Decimal(1), Decimal(1))]),
        NotFound, "NOPE-1")


def test_p8_only_the_counter_receives_and_adjusts(counter: Counter, people: dict[Role, Actor]) -> None:
    db = counter.db
    advisor = people[Role.ADVISOR]
    assert_refused(db, lambda: stock.receive_delivery_note(
        db.uow(), advisor, "SH-3", "某供应商", [ReceiptLine(OIL_FILTER_EAN, Decimal(1), Decimal(1))]),
        PermissionDenied)
    assert_refused(db, lambda: stock.record_stocktake(db.uow(), advisor, [CountLine(counter.filter_id, Decimal(9))],
                                                     "盘亏"), PermissionDenied)


def test_p8_stocktake_difference_is_an_adjustment_with_a_reason(counter: Counter) -> None:
    db = counter.db
    assert_refused(db, lambda: stock.record_stocktake(db.uow(), counter.clerk,
                                                     [CountLine(counter.filter_id, Decimal(8))], ""),
                   InvalidInput, "原因")
    result = stock.record_stocktake(db.uow(), counter.clerk, [CountLine(counter.filter_id, Decimal(8), Decimal(10))],
                                    "年终盘点，2 件破损报废")
    assert result.number.startswith("PD") and result.unchanged == 0
    [adj] = result.adjustments
    assert (adj.kind, adj.quantity, adj.on_hand_after, adj.unit_cost) == ("adjust", -2, 8, Decimal("50.00"))
    move = pd.moves(db, counter.filter_id)[-1]
    assert move.reason == "年终盘点，2 件破损报废" and move.reference == result.number
    assert pd.part(db, counter.filter_id).on_hand == 8 == pd.ledger_sum(db, counter.filter_id)


def test_p8_stocktake_surplus_at_average_cost_and_equal_count_writes_nothing(counter: Counter) -> None:
    db = counter.db
    result = stock.record_stocktake(db.uow(), counter.clerk, [CountLine(counter.filter_id, Decimal(11))], "盘盈")
    assert result.adjustments[0].quantity == 1 and result.adjustments[0].avg_cost_after == Decimal("50.00")
    before = pd.move_count(db)
    same = stock.record_stocktake(db.uow(), counter.clerk, [CountLine(counter.filter_id, Decimal(11))], "复盘")
    assert same.adjustments == () and same.unchanged == 1 and pd.move_count(db) == before


def test_p8_stocktake_refuses_a_count_overtaken_by_an_issue(counter: Counter) -> None:
    db = counter.db
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN)  # 9 left, the sheet said 10
    assert_refused(db, lambda: stock.record_stocktake(
        db.uow(), counter.clerk, [CountLine(counter.filter_id, Decimal(9), Decimal(10))], "盘点"),
        StaleEdit, "重新盘点")


def test_p8_stock_never_below_zero_in_the_ledger(counter: Counter) -> None:
    db = counter.db
    uow = db.uow()
    with uow, pytest.raises(RuleViolation, match="库存不足"):
        part = stock.lock_part(uow, counter.filter_id)
        stock._move(uow, part, "issue", Decimal(-11), user_id=counter.clerk.user_id)
    assert pd.part(db, counter.filter_id).on_hand == 10


def test_p8_stock_never_below_zero_in_the_database(counter: Counter) -> None:
    with pytest.raises(IntegrityError), counter.db.engine.begin() as conn:
        conn.execute(text("UPDATE parts SET on_hand = -1 WHERE id = :i"), {"i": counter.filter_id})
    assert pd.part(counter.db, counter.filter_id).on_hand == 10


def test_p8_last_units_carry_the_value_left(db: Database, counter: Counter) -> None:
    # 3 received at 10.00 and 10.01 and 10.01: average 10.01 (30.02 / 3 = 10.0067); the last unit takes 10.00
    part_id = pd.make_part(db, counter.clerk, "N10000000", stock="1", cost="10.00")
    stock.receive_delivery_note(db.uow(), counter.clerk, "SH-9", "S", [ReceiptLine("N10000000", Decimal(2),
                                                                                   Decimal("10.01"))])
    wo = pd.make_work_order(db, counter.advisor, [(part_id, "3")])
    for _ in range(3):
        pc.issue_part(db.uow(), counter.clerk, wo.number, "N10000000")
    assert [m.unit_cost for m in pd.moves(db, part_id)[-3:]] == [Decimal("10.01"), Decimal("10.01"), Decimal("10.00")]
    assert pd.ledger_value(db, part_id) == 0
    assert pd.line(db, wo.lines[0]).issued_cost == Decimal("30.02")


# --- the property test ---------------------------------------------------------------------------------

_part_numbers = itertools.count(1)

steps = st.lists(
    st.one_of(
        st.tuples(st.just("receive"), st.integers(1, 40), st.decimals("0.01", "999.99", places=2)),
        st.tuples(st.just("issue"), st.integers(1, 30), st.just(Decimal(0))),
        st.tuples(st.just("return"), st.integers(1, 10), st.just(Decimal(0))),
        st.tuples(st.just("count"), st.integers(0, 60), st.just(Decimal(0))),
    ),
    min_size=1, max_size=12,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_p8_random_receive_issue_return_adjust_keep_the_ledger_true(
    counter: Counter, steps: list[tuple[str, int, Decimal]]
) -> None:
    db, clerk = counter.db, counter.clerk
    part_no = f"PROP{next(_part_numbers):06d}"
    part_id = pd.make_part(db, clerk, part_no)
    wo = pd.make_work_order(db, counter.advisor, [(part_id, "100000")])
    expected, issued_net, peak = Decimal(0), Decimal(0), Decimal(0)
    for op, n, cost in steps:
        qty = Decimal(n)
        if op == "receive":
            stock.receive_delivery_note(db.uow(), clerk, "SH-P", "S", [ReceiptLine(part_no, qty, cost)])
            expected += qty
        elif op == "issue":
            if qty > expected:
                with pytest.raises(RuleViolation):
                    pc.issue_part(db.uow(), clerk, wo.number, part_no, qty)
            else:
                pc.issue_part(db.uow(), clerk, wo.number, part_no, qty)
                expected -= qty
                issued_net += qty
        elif op == "return":
            if qty > issued_net:
                with pytest.raises(RuleViolation):
                    pc.return_part(db.uow(), clerk, wo.number, part_no, qty)
            else:
                pc.return_part(db.uow(), clerk, wo.number, part_no, qty)
                expected += qty
                issued_net -= qty
        else:
            stock.record_stocktake(db.uow(), clerk, [CountLine(part_id, qty)], "盘点")
            expected = qty
        peak = max(peak, expected)
        part = pd.part(db, part_id)
        moves = pd.moves(db, part_id)
        assert part.on_hand == expected >= 0
        assert part.on_hand == sum((m.quantity for m in moves), Decimal(0))
        running = Decimal(0)
        for m in moves:  # every move carries the on-hand after it, never negative
            running += m.quantity
            assert m.on_hand_after == running >= 0
        book_value = part.on_hand * part.avg_cost
        ledger_value = sum((m.quantity * m.unit_cost for m in moves), Decimal(0))
        assert abs(book_value - ledger_value) <= Decimal("0.005") * peak + Decimal("0.01")
        line = pd.line(db, wo.lines[0])
        assert line.issued_qty - line.returned_qty == issued_net
