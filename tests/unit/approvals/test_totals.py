"""A5: one computation of revenue, cost and gross margin (hand-computed examples)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers.approvals_data import add_unconfirmed_item, make_work_order
from workshop.db.models import WorkOrder
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services.totals import compute_totals

D = Decimal


def _totals(db: Database, wo_id: int, **kw: Decimal):  # type: ignore[no-untyped-def]
    with db.read() as s:
        wo = s.get(WorkOrder, wo_id)
        assert wo is not None
        return compute_totals(s, wo, **kw)


def test_a5_margin_hand_computed_with_discount(db: Database, people: dict[Role, Actor]) -> None:
    # labor 2 h x 300 = 600 (机修 cost 45/h -> 90), part 1 x 400 costing 200: gross 1000
    wo_id = make_work_order(db, people[Role.FRONT_DESK_LEAD])
    t = _totals(db, wo_id, discount_pct=D(10), discount_amount=D(0))
    assert (t.labor_total, t.parts_total, t.gross) == (D("600.00"), D("400.00"), D("1000.00"))
    assert (t.discount, t.total) == (D("100.00"), D("900.00"))
    assert (t.parts_cost, t.labor_cost) == (D("200.00"), D("90.00"))
    assert t.gross_profit == D("610.00")
    assert t.margin_pct == D("67.78")  # 610 / 900
    assert t.discount_pct_of_gross == D("10.00")


def test_a5_team_cost_rate_and_amount_discount(db: Database, people: dict[Role, Actor]) -> None:
    # 钣喷 at 55/h: 4 h x 250 = 1000 revenue, 220 cost; paint 2 x 300 = 600 costing 2 x 180 = 360
    wo_id = make_work_order(db, people[Role.FRONT_DESK_LEAD], kind="accident",
                            labor=[("4", "250", "钣喷")], parts=[("2", "300", "180")])
    t = _totals(db, wo_id, discount_pct=D(0), discount_amount=D("160"))
    assert (t.gross, t.total, t.discount) == (D("1600.00"), D("1440.00"), D("160.00"))
    assert (t.labor_cost, t.parts_cost) == (D("220.00"), D("360.00"))
    assert t.margin_pct == D("59.72")  # (1440 - 580) / 1440 = 0.597222
    assert t.discount_pct_of_gross == D("10.00")


def test_a5_unconfirmed_added_item_is_not_revenue(db: Database, people: dict[Role, Actor]) -> None:
    wo_id = make_work_order(db, people[Role.FRONT_DESK_LEAD])
    add_unconfirmed_item(db, wo_id, people[Role.TECHNICIAN], "1", "500")
    t = _totals(db, wo_id)
    assert t.gross == D("1000.00")
    assert t.labor_hours == D("2")
    add_unconfirmed_item(db, wo_id, people[Role.TECHNICIAN], "1", "500", state="confirmed")
    t = _totals(db, wo_id)
    assert t.gross == D("1500.00")
    assert t.labor_cost == D("135.00")  # 3 h x 45


def test_a5_no_revenue_has_no_margin(db: Database, people: dict[Role, Actor]) -> None:
    wo_id = make_work_order(db, people[Role.FRONT_DESK_LEAD], labor=[], parts=[])
    t = _totals(db, wo_id)
    assert t.total == D("0.00")
    assert t.margin_pct is None
