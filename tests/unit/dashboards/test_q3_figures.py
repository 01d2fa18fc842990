"""Q3: every dashboard figure against a hand-computed answer on the fixed shop of tests/helpers/dashboard_data.py
(the same numbers on SQLite and PostgreSQL). The arithmetic is written beside each assertion."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.helpers.dashboard_data import DATE_FROM, DATE_TO, NOW, Shop, add_comeback_edge, build, t
from workshop.db.uow import Database
from workshop.queries import dashboards_floor as floor
from workshop.queries.dashboards import figure
from workshop.queries.dashboards_base import FigureData, Params

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn

D = Decimal


@pytest.fixture
def shop(db: Database) -> Shop:
    return build(db)


def run(db: Database, name: str, **kw: Any) -> FigureData:
    params = Params(kw.pop("date_from", DATE_FROM), kw.pop("date_to", DATE_TO), now=NOW, **kw)
    return figure(name).run(db, params)


def heads(data: FigureData) -> list[Any]:
    return [h.value for h in data.headline]


def by_first(data: FigureData) -> dict[Any, tuple[Any, ...]]:
    return {r[0]: r[1:] for r in data.rows}


def drill(db: Database, name: str, key: Any, **kw: Any) -> list[tuple[Any, ...]]:
    params = Params(kw.pop("date_from", DATE_FROM), kw.pop("date_to", DATE_TO), now=NOW, **kw)
    return figure(name).drill_page(db, params, key, 0, 100)


# --- service director ---------------------------------------------------------------------------------------
def test_q3_work_orders_per_day_by_shop_day(db: Database, shop: Shop) -> None:
    data = run(db, "work_orders_per_day")
    per_day = dict(data.rows)
    assert len(per_day) == 10  # 03-02 .. 03-11, every day present
    # WO13 opened 03-02 06:00 shop time (03-01 UTC) counts on 03-02; WO2 03-03 07:00 (03-02 UTC) on 03-03;
    # the cancelled WO8 is not counted; WO10 (02-25) is outside
    assert per_day == {date(2026, 3, 2): 2, date(2026, 3, 3): 2, date(2026, 3, 4): 2, date(2026, 3, 5): 1,
                       date(2026, 3, 6): 0, date(2026, 3, 7): 0, date(2026, 3, 8): 0, date(2026, 3, 9): 2,
                       date(2026, 3, 10): 1, date(2026, 3, 11): 1}
    assert heads(data) == [11, D("1.1")]  # 11 opened / 10 days
    assert [r[0] for r in drill(db, "work_orders_per_day", date(2026, 3, 2))] == ["RO2603-WO13", "RO2603-WO1"]


def test_q3_work_orders_per_day_kind_filter(db: Database, shop: Shop) -> None:
    data = run(db, "work_orders_per_day", kind="general")
    assert heads(data)[0] == 6  # WO1, WO4, WO6, WO12, WO15, WO16
    assert [r[0] for r in drill(db, "work_orders_per_day", "2026-03-04", kind="general")] == \
        ["RO2603-WO15", "RO2603-WO16"]


def test_q3_revenue_and_gross_margin_by_kind_as_a5(db: Database, shop: Shop) -> None:
    rows = by_first(run(db, "revenue_margin_by_kind"))
    # general: WO1 800/480 + WO12 90/45 (WO10 settled before the range) -> 890, cost 525, profit 365, 41.01 %
    assert rows["general"] == (2, D("890.00"), D("525.00"), D("365.00"), D("41.01"))
    assert rows["maintenance"] == (1, D("600.00"), D("420.00"), D("180.00"), D("30.00"))
    assert rows["accident"] == (1, D("8000.00"), D("6000.00"), D("2000.00"), D("25.00"))
    assert rows["internal"] == (1, D("150.00"), D("150.00"), D("0.00"), D("0.00"))
    assert rows["warranty"] == (0, D("0.00"), D("0.00"), D("0.00"), None)
    # all: revenue 9640, cost 7095, profit 2545 -> 26.40 %
    assert heads(run(db, "revenue_margin_by_kind")) == [5, D("9640.00"), D("26.40")]
    assert [r[0] for r in drill(db, "revenue_margin_by_kind", "general")] == ["RO2603-WO1", "RO2603-WO12"]


def test_q3_effective_labor_rate_and_hours_per_work_order(db: Database, shop: Shop) -> None:
    data = run(db, "labor_by_kind")
    rows = by_first(data)
    # general: labor 500 + 100 over 3.5 + 1 h -> 600 / 4.5 = 133.33 per hour; 4.5 h / 2 work orders = 2.25
    assert rows["general"] == (2, D("4.5"), D("600.00"), D("133.33"), D("2.25"))
    assert rows["accident"] == (1, D("15"), D("3000.00"), D("200.00"), D("15.00"))
    assert rows["warranty"] == (0, D("0"), D("0"), None, None)
    # all: 3850 / 21.5 h = 179.07; 21.5 h / 5 = 4.30
    assert heads(data) == [D("179.07"), D("4.30")]


def test_q3_discounts_per_advisor_against_weekly_quota(db: Database, shop: Shop) -> None:
    data = run(db, "discounts_by_advisor")
    rows = {r[0]: (r[1], r[2], r[4], r[5]) for r in data.rows}
    # week of 03-11: 03-09..03-15. wang: 03-10 10.00 + 03-09 20.00 (the inactive 99.00 does not count);
    # range 03-02..03-11 adds 03-03 15.00. li: 03-10 30.00 in the week, 03-02 5.00 in the range, 02-27 outside
    assert rows == {"王前台": (2, D("30.00"), 3, D("45.00")), "李顾问": (1, D("30.00"), 2, D("35.00"))}
    # the quota in force is the setting of 2026-01-01 (1 a week), not the one from 04-01
    assert data.reference == D("1")
    assert heads(data) == [1, 1, D("80.00")]
    assert {r[0]: r[3] for r in data.rows} == {"王前台": 1, "李顾问": 0}  # wang's 03-09 discount was approved
    grants = drill(db, "discounts_by_advisor", shop.wang.user_id)
    assert [g[3] for g in grants] == [D("10.00"), D("20.00"), D("15.00")]


def test_q3_approvals_pending(db: Database, shop: Shop) -> None:
    data = run(db, "approvals_pending")
    assert [(r[0], r[1]) for r in data.rows] == [("accident_margin", 1), ("discount", 2)]
    assert by_first(data)["discount"][1] == t(3, 10, 9)  # the oldest pending discount request
    assert heads(data) == [3]
    assert len(drill(db, "approvals_pending", "discount")) == 2


def test_q3_complaints_open(db: Database, shop: Shop) -> None:
    data = run(db, "complaints_open")
    # TS1 accepted, answer due 03-11 09:00 passed; TS4 accepted, not yet due; TS2 handled, verify due 03-10 passed
    assert by_first(data) == {"accepted": (2, 1, 0), "handled": (1, 0, 1), "verified": (0, 0, 0),
                              "fed_back": (0, 0, 0)}
    assert heads(data) == [3, 1]
    assert [r[0] for r in drill(db, "complaints_open", "accepted")] == ["TS1", "TS4"]


# --- workshop manager ---------------------------------------------------------------------------------------
def test_q3_cars_in_workshop_by_state(db: Database, shop: Shop) -> None:
    data = run(db, "cars_in_workshop")
    # in progress: WO4 144 h, WO15 168 h, WO16 167 h since start -> average 159.7, longest 168
    assert by_first(data) == {"started": (1, D("48.5"), D("48.5")), "in_progress": (3, D("159.7"), D("168.0")),
                              "completed": (1, D("19.0"), D("19.0")), "inspected": (0, None, None)}
    assert heads(data) == [5]
    assert [r[0] for r in drill(db, "cars_in_workshop", "in_progress")] == \
        ["RO2603-WO15", "RO2603-WO16", "RO2603-WO4"]


def test_q3_time_in_workshop_histogram(db: Database, shop: Shop) -> None:
    data = run(db, "time_in_workshop")
    # delivered in the range: WO13 2 h, WO2 4.5 h, WO1 32 h, WO3 79 h
    assert dict(data.rows) == {"tiw:0": 1, "tiw:1": 1, "tiw:2": 0, "tiw:3": 1, "tiw:4": 0, "tiw:5": 1,
                               "tiw:6": 0, "tiw:7": 0}
    assert heads(data) == [4, D("29.4"), D("50.0")]  # (2 + 4.5 + 32 + 79) / 4 = 29.375; 2 of 4 within 24 h
    listed = drill(db, "time_in_workshop", "tiw:5")
    assert [r[0] for r in listed] == ["RO2603-WO3"]
    assert round(listed[0][-1], 1) == 79.0


def test_q3_technician_load(db: Database, shop: Shop) -> None:
    data = run(db, "technician_load")
    rows = {r[0]: r[1:5] for r in data.rows}
    # zhao: WO4 2 h (his line) + WO6 1.5 h (line without technician, WO6 is his); qian: WO5 3 h (the 1 h is done)
    assert rows == {"赵技工": ("机修", 2, 2, D("3.5")), "钱技工": ("钣喷", 1, 1, D("3")),
                    "孙班长": ("机修", 0, 0, D("0"))}
    assert heads(data) == [D("6.5"), 1]
    assert [r[0] for r in drill(db, "technician_load", shop.zhao.user_id)] == ["RO2603-WO4", "RO2603-WO6"]


def test_q3_late_work_orders_follow_f7(db: Database, shop: Shop) -> None:
    data = run(db, "late_work_orders")
    # 机修: WO4 past its promise, WO15 normal opened Wed 09:00 -> 5 working days = Wed 09:00 < now;
    # WO16 opened Wed 10:00 is due exactly now (not late); WO6 due 03-17. 钣喷: WO5 urgent, 24 h passed.
    assert by_first(data) == {"team:机修": (4, 2, D("50.0")), "team:钣喷": (1, 1, D("100.0"))}
    assert heads(data) == [3]
    assert [r[0] for r in drill(db, "late_work_orders", "team:机修")] == ["RO2603-WO15", "RO2603-WO4"]


def test_q3_first_time_fix_rate_no_comeback_within_30_days(db: Database, shop: Shop) -> None:
    data = run(db, "first_time_fix")
    # WO1 came back as WO4 (same car, 2 days later); WO2's car has only the cancelled WO8; WO3 none;
    # the internal WO13 is left out
    assert by_first(data) == {"accident": (1, 0, D("100.0")), "general": (1, 1, D("0.0")),
                              "maintenance": (1, 0, D("100.0"))}
    assert heads(data) == [D("66.7"), 1]  # 2 of 3
    listed = drill(db, "first_time_fix", "general")
    assert [(r[0], r[-1]) for r in listed] == [("RO2603-WO1", "RO2603-WO4")]


def test_q3_first_time_fix_window_is_30_days(db: Database, shop: Shop) -> None:
    # WO10 delivered 02-27 10:00; the same car came back as WO7 on 03-11 (12 days) -> 0 %
    data = run(db, "first_time_fix", date_from=date(2026, 2, 23), date_to=date(2026, 3, 1))
    assert by_first(data) == {"general": (1, 1, D("0.0"))}


# --- parts ----------------------------------------------------------------------------------------------------
def test_q3_stock_value_by_last_movement(db: Database, shop: Shop) -> None:
    data = run(db, "stock_value")
    # P1 10 x 12.50 moved yesterday; P2 4 x 100 50 days ago; P3 2 x 250 130 days; P4 3 x 80 283 days and
    # P5 1 x 1000 never moved are dead (180 days); P6 has none on hand
    assert by_first(data) == {"age:30": (1, D("125.00")), "age:90": (1, D("400.00")),
                              "age:dead_soon": (1, D("500.00")), "age:dead": (2, D("1240.00"))}
    assert heads(data) == [D("2265.00"), 5, D("54.7")]
    assert [r[0] for r in drill(db, "stock_value", "age:dead")] == ["P5", "P4"]


def test_q3_fill_rate_first_request(db: Database, shop: Shop) -> None:
    data = run(db, "fill_rate")
    # WO1 1 of 2 lines in full, WO2 2 of 2, WO3 0 of 1; WO4's line not asked yet; WO10 before the range
    assert by_first(data) == {"accident": (1, 0, D("0.0")), "general": (2, 1, D("50.0")),
                              "maintenance": (2, 2, D("100.0"))}
    assert heads(data) == [D("60.0"), 2]
    assert [r[0] for r in drill(db, "fill_rate", "general")] == ["RO2603-WO1"]


def test_q3_dead_stock(db: Database, shop: Shop) -> None:
    data = run(db, "dead_stock")
    assert heads(data) == [2, D("1240.00")]
    assert [(r[0], r[6]) for r in data.rows] == [("P5", D("1000.00")), ("P4", D("240.00"))]
    assert len(drill(db, "dead_stock", None)) == 2


def test_q3_low_stock(db: Database, shop: Shop) -> None:
    data = run(db, "low_stock")
    # at or below the minimum: P4 3/5 and P6 0/2 (short 2), P2 4/4 (short 0); P1 10/5 is fine
    assert heads(data) == [3]
    assert [r[0] for r in data.rows] == ["P4", "P6", "P2"]


def test_q3_claim_deposits_held_and_overdue(db: Database, shop: Shop) -> None:
    data = run(db, "claim_deposits")
    # held: 500 + 300 + 200 (the 100 is refunded); arrived not fitted: 500 + 300; overdue (> 14 days): 500
    assert by_first(data) == {"deposit:held": (3, D("1000.00")), "deposit:arrived": (2, D("800.00")),
                              "deposit:overdue": (1, D("500.00"))}
    assert heads(data) == [D("1000.00"), 2]  # CO1 and CO5 (no deposit) are overdue claim orders
    overdue = drill(db, "claim_deposits", "deposit:overdue")
    assert [(r[0], r[3]) for r in overdue] == [("CO1", "13800000004")]


def test_q3_tools_out_and_overdue(db: Database, shop: Shop) -> None:
    data = run(db, "tools_out")
    # T1 due 03-10 18:00 (overdue), T2 due tonight; T3 is lost, T4 returned
    assert data.rows == (("tool:out", 1), ("tool:overdue", 1))
    assert heads(data) == [2, 1]
    assert [r[0] for r in drill(db, "tools_out", "tool:overdue")] == ["T1"]


# --- front desk ------------------------------------------------------------------------------------------------
def test_q3_my_open_work_orders(db: Database, shop: Shop) -> None:
    mine = run(db, "my_open_work_orders", user_id=shop.wang.user_id)
    # wang: WO5 started (late), WO15 in progress (late), WO6 completed, WO12 settled
    assert by_first(mine) == {"draft": (0, 0), "started": (1, 1), "in_progress": (1, 1), "completed": (1, 0),
                              "inspected": (0, 0), "settled": (1, 0)}
    assert heads(mine) == [4, 2]
    # li: WO7 draft past its 2 h respond time (late), WO4 late, WO16 not yet
    assert heads(run(db, "my_open_work_orders", user_id=shop.li.user_id)) == [3, 2]
    assert [r[0] for r in drill(db, "my_open_work_orders", "in_progress", user_id=shop.li.user_id)] == \
        ["RO2603-WO16", "RO2603-WO4"]


def test_q3_return_visits_due(db: Database, shop: Shop) -> None:
    mine = run(db, "return_visits_due", user_id=shop.wang.user_id)
    assert mine.rows == (("visit:overdue", 2), ("visit:today", 1), ("visit:later", 0))
    everyone = run(db, "return_visits_due")
    assert everyone.rows == (("visit:overdue", 2), ("visit:today", 1), ("visit:later", 1))
    assert [r[0] for r in drill(db, "return_visits_due", "visit:overdue", user_id=shop.wang.user_id)] == \
        ["RO2603-WO10", "RO2603-WO1"]


def test_q3_first_time_fix_counts_a_comeback_up_to_exactly_30_days(db: Database, shop: Shop) -> None:
    add_comeback_edge(db, shop)
    data = run(db, "first_time_fix", date_from=date(2026, 2, 1), date_to=date(2026, 2, 1))
    assert by_first(data) == {"general": (2, 1, D("50.0"))}  # back at +30 d counts, at +30 d 1 min does not
    assert [r[-1] for r in drill(db, "first_time_fix", "general", date_from=date(2026, 2, 1),
                                 date_to=date(2026, 2, 1))] == ["RO2603-E1b"]


def test_q3_first_time_fix_counts_a_car_back_twice_as_one_comeback(db: Database, shop: Shop) -> None:
    add_comeback_edge(db, shop, back_twice=True)
    data = run(db, "first_time_fix", date_from=date(2026, 2, 1), date_to=date(2026, 2, 1))
    # E1 back at +30 d, E2 too late, E3 back twice (02-05 and 02-20): 2 comebacks of 3 deliveries, not 3
    assert by_first(data) == {"general": (3, 2, D("33.3"))}
    assert heads(data) == [D("33.3"), 2]


def test_q3_first_time_fix_long_period_probes_and_counts_the_same(db: Database, shop: Shop) -> None:
    # a period up to JOIN_DAYS joins its later visits, a longer one probes each car: the same counts either way
    add_comeback_edge(db, shop, back_twice=True)
    long = {"date_from": date(2025, 10, 1), "date_to": date(2026, 3, 31)}
    assert (date(2026, 3, 31) - date(2025, 10, 1)).days > floor.JOIN_DAYS
    for kw in ({}, long, {"date_from": date(2026, 2, 1), "date_to": date(2026, 2, 1)}):
        p = Params(kw.get("date_from", DATE_FROM), kw.get("date_to", DATE_TO), now=NOW)
        with db.read() as s:
            joined = [tuple(r) for r in s.execute(floor._ftf_joined(db.dialect, p))]
            probed = [tuple(r) for r in s.execute(floor._ftf_probed(db.dialect, p))]
        assert [(k, n, int(c or 0)) for k, n, c in joined] == [(k, n, int(c or 0)) for k, n, c in probed]
        assert [r[:3] for r in run(db, "first_time_fix", **kw).rows] == [(k, n, int(c or 0)) for k, n, c in joined]
    data = run(db, "first_time_fix", **long)
    assert sum(r[2] for r in data.rows) >= 4  # WO1, WO10, E1 and E3 came back
