"""P6: internal consumption through an internal work order, reported per department and month; the read side
of the counter: stock list with low / dead-stock filters, a part's ledger, the work order as the counter sees it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.helpers import parts_data as pd
from tests.unit.parts.conftest import OIL_FILTER_EAN, Counter
from tests.unit.parts.test_issue import assert_refused
from workshop.db.models import StockMove
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.queries import stock as q
from workshop.services import parts_counter as pc
from workshop.services import stock

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def test_p6_internal_use_goes_through_an_internal_work_order(db: Database, counter: Counter) -> None:
    internal = pd.make_work_order(db, counter.advisor, [], kind="internal", department="销售部")
    info = stock.book_internal_use(db.uow(), counter.clerk, internal.number, OIL_FILTER_EAN, 2, "展车保养")
    assert (info.kind, info.quantity, info.unit_cost) == ("internal", -2, Decimal("50.00"))
    move = pd.moves(db, counter.filter_id)[-1]
    assert move.work_order_id == internal.id and move.part_line_id is not None and move.reason == "展车保养"
    view = q.work_order_parts(db, internal.number)
    assert view is not None and view.lines[0].issued == 2 and view.internal_department == "销售部"
    assert_refused(db, lambda: stock.book_internal_use(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 1),
                   RuleViolation, "不是内部工单")


def test_p6_issue_on_an_internal_work_order_is_booked_as_internal_use(db: Database, counter: Counter) -> None:
    internal = pd.make_work_order(db, counter.advisor, [(counter.filter_id, "3")], kind="internal",
                                  department="市场部")
    assert pc.issue_part(db.uow(), counter.clerk, internal.number, OIL_FILTER_EAN, 3).kind == "internal"


def test_p6_internal_consumption_per_department_per_month(db: Database, counter: Counter) -> None:
    sales = pd.make_work_order(db, counter.advisor, [], kind="internal", department="销售部")
    market = pd.make_work_order(db, counter.advisor, [], kind="internal", department="市场部")
    stock.book_internal_use(db.uow(), counter.clerk, sales.number, OIL_FILTER_EAN, 2)
    stock.book_internal_use(db.uow(), counter.clerk, sales.number, OIL_FILTER_EAN, 1)
    stock.book_internal_use(db.uow(), counter.clerk, market.number, OIL_FILTER_EAN, 1)
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN)  # a customer job: not internal
    # move the market department's use to 2026-01-31 23:30 Shanghai = 15:30 UTC: it counts in January
    with db.new_session() as s, s.begin():
        m = s.query(StockMove).filter(StockMove.work_order_id == market.id).one()
        m.at = datetime(2026, 1, 31, 15, 30, tzinfo=UTC)
        for sm in s.query(StockMove).filter(StockMove.work_order_id == sales.id):
            sm.at = datetime(2026, 2, 1, 2, 0, tzinfo=UTC)
    rows = q.internal_consumption(db, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC))
    assert [(r.department, r.month, r.amount) for r in rows] == [
        ("市场部", "2026-01", Decimal("50.00")), ("销售部", "2026-02", Decimal("150.00"))]


def test_p8_stock_list_low_and_dead_stock_filters(db: Database, counter: Counter) -> None:
    pd.make_part(db, counter.clerk, "5Q0698151A", name="前刹车片", stock="1", min_stock="4", cost="200.00")
    pd.make_part(db, counter.clerk, "000000000X", name="旧款雨刮", stock="3", cost="30.00",
                 last_move_at=utcnow() - timedelta(days=200))
    pd.make_part(db, counter.clerk, "G052167M2", name="机油 5W-30", stock="0")
    rows = q.stock_list(db)
    assert [r.part_no for r in rows] == ["000000000X", "06L115562B", "5Q0698151A", "G052167M2"]
    f = rows[1]
    assert (f.on_hand, f.bin_code, f.avg_cost, f.value) == (10, "A-01-02", Decimal("50.00"), Decimal("500.00"))
    assert [r.part_no for r in q.stock_list(db, only="low")] == ["5Q0698151A"]
    assert [r.part_no for r in q.stock_list(db, only="dead")] == ["000000000X"]
    assert [r.part_no for r in q.stock_list(db, search="刹车")] == ["5Q0698151A"]
    assert [r.part_no for r in q.stock_list(db, search=OIL_FILTER_EAN)] == ["06L115562B"]
    assert [r.part_no for r in q.stock_list(db, offset=1, limit=2)] == ["06L115562B", "5Q0698151A"]
    totals = q.stock_totals(db)
    assert totals.parts == 4 and totals.value == Decimal("790.00")  # 90 + 500 + 200
    assert q.stock_totals(db, only="dead").value == Decimal("90.00")


def test_p8_part_ledger_shows_every_move_newest_first(db: Database, counter: Counter) -> None:
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 2)
    pc.return_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 1)
    rows = q.part_ledger(db, counter.filter_id)
    assert [(r.kind, r.quantity, r.on_hand_after) for r in rows] == [("return", 1, 9), ("issue", -2, 8),
                                                                    ("receipt", 10, 10)]
    assert rows[0].work_order_no == counter.wo.number and rows[0].user == "parts_clerk"
    assert len(q.part_ledger(db, counter.filter_id, offset=1, limit=1)) == 1


def test_p1_counter_view_of_work_order_shows_vehicle_advisor_and_lines(
    db: Database, counter: Counter, people: dict[Role, Actor]
) -> None:
    pads = pd.make_part(db, counter.clerk, "5Q0698151A", name="前刹车片", stock="4")
    pd.add_item_line(db, counter.wo, people[Role.TECHNICIAN], pads, "1")
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN)
    view = q.work_order_parts(db, counter.wo.number.lower())
    assert view is not None
    assert view.advisor == "advisor" and view.vehicle == "大众 迈腾" and view.plate.startswith("粤B")
    a, b = view.lines
    assert (a.part_no, a.quantity, a.issued, a.returned, a.remaining, a.approved) == ("06L115562B", 2, 1, 0, 1, True)
    assert (b.part_no, b.approved, b.added_item_state) == ("5Q0698151A", False, "proposed")
    assert q.work_order_parts(db, "RO9999-0000") is None


def test_p2_work_orders_awaiting_parts_count_only_approved_open_lines(
    db: Database, counter: Counter, people: dict[Role, Actor]
) -> None:
    pads = pd.make_part(db, counter.clerk, "5Q0698151A", name="前刹车片", stock="4")
    pd.add_item_line(db, counter.wo, people[Role.TECHNICIAN], pads, "1")  # not confirmed: not counted
    done = pd.make_work_order(db, counter.advisor, [(counter.filter_id, "1")])
    pc.issue_part(db.uow(), counter.clerk, done.number, OIL_FILTER_EAN)  # fully issued: not listed
    pd.make_work_order(db, counter.advisor, [(counter.filter_id, "1")], state="draft")  # not started
    rows = q.work_orders_awaiting_parts(db)
    assert [(r.number, r.lines_open) for r in rows] == [(counter.wo.number, 1)]
    assert rows[0].advisor == "advisor" and rows[0].plate.startswith("粤B")
