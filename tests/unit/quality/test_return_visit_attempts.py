"""Q1: a call that does not reach the customer is an attempt, not a visit: the next try is due, the work order
stays open, no score; only a reached customer scores, with no default; the figures count calls and visits apart."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.helpers.cashier_data import release
from tests.helpers.front_desk_data import add_shop, inspected_order
from tests.unit.quality.test_quality import _delivered
from workshop.db.uow import Database
from workshop.domain.clock import to_shop, utcnow
from workshop.domain.errors import InvalidInput
from workshop.domain.roles import Actor, Role
from workshop.queries.customer_service import return_visit_figures, return_visits_due
from workshop.queries.dashboards import figure
from workshop.queries.dashboards_base import Params
from workshop.services import front_desk, quality
from workshop.services.settings import set_setting


def test_q1_not_reached_schedules_the_next_try_and_leaves_the_order_open(db: Database,
                                                                        people: dict[Role, Actor]) -> None:
    number = _delivered(db, people)
    cs = people[Role.CUSTOMER_SERVICE]
    with pytest.raises(InvalidInput, match="不记满意度"):
        quality.record_return_visit(db.uow(), cs, number, outcome="not_reached", result="电话未接通", score=5)
    before = utcnow()
    first = quality.record_return_visit(db.uow(), cs, number, outcome="not_reached", result="电话未接通")
    assert first.done_at is None and first.score is None and first.attempts == 1
    assert first.due_at >= before + timedelta(hours=24)
    assert front_desk.get_work_order(db, number).state == "delivered"
    quality.record_return_visit(db.uow(), cs, number, outcome="not_reached", result="关机")
    last = quality.record_return_visit(db.uow(), cs, number, outcome="not_reached", result="无人接听")
    assert last.attempts == 3 and last.done_at is not None and last.score is None and last.outcome == "not_reached"
    wo = front_desk.get_work_order(db, number)
    assert wo.state == "closed"


def test_q1_tries_are_a_setting_and_call_back_waits_for_the_customer(db: Database,
                                                                     people: dict[Role, Actor]) -> None:
    set_setting(db.uow(), people[Role.ADMIN], "return_visit_tries", "1")
    cs = people[Role.CUSTOMER_SERVICE]
    number = _delivered(db, people)
    with pytest.raises(InvalidInput, match="回电的时间"):
        quality.record_return_visit(db.uow(), cs, number, outcome="call_back", result="在开会")
    later = utcnow() + timedelta(hours=5)
    visit = quality.record_return_visit(db.uow(), cs, number, outcome="call_back", result="在开会",
                                        call_back_at=later)
    assert visit.due_at == later and visit.done_at is None
    visit = quality.record_return_visit(db.uow(), cs, number, outcome="not_reached", result="未接")
    assert visit.done_at is not None and visit.attempts == 2  # one try after the call back


def test_q1_score_only_when_reached_with_no_default(db: Database, people: dict[Role, Actor]) -> None:
    cs = people[Role.CUSTOMER_SERVICE]
    number = _delivered(db, people)
    with pytest.raises(InvalidInput, match="1 到 5"):
        quality.record_return_visit(db.uow(), cs, number, outcome="reached", result="满意")
    refused = quality.record_return_visit(db.uow(), cs, number, outcome="refused", result="不愿回答")
    assert refused.score is None and refused.outcome == "refused"
    assert front_desk.get_work_order(db, number).state == "closed"


def test_q1_figures_count_calls_and_reached_visits_apart(db: Database, people: dict[Role, Actor]) -> None:
    cs = people[Role.CUSTOMER_SERVICE]
    start = utcnow() - timedelta(minutes=1)
    shop = add_shop(db, people)
    numbers = []
    for _ in range(4):
        wo = inspected_order(db, people, shop)
        front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
        release(db, people[Role.CASHIER], wo.number)  # M4: paid, gate pass printed
        numbers.append(front_desk.deliver_work_order(db.uow(), people[Role.ADVISOR], wo.number).number)
    a, b, c, d = numbers
    quality.record_return_visit(db.uow(), cs, a, outcome="not_reached", result="未接")
    quality.record_return_visit(db.uow(), cs, a, outcome="reached", result="满意", score=5)
    quality.record_return_visit(db.uow(), cs, b, outcome="reached", result="一般", score=3)
    quality.record_return_visit(db.uow(), cs, c, outcome="not_reached", result="未接")
    quality.record_return_visit(db.uow(), cs, d, outcome="refused", result="不愿意")
    # by hand: 5 calls; 2 visits reached (5 and 3: 4.00); c still open; d refused
    f = return_visit_figures(db, start, utcnow() + timedelta(minutes=1))
    assert (f.visits, f.attempts, f.reached, f.not_reached, f.refused, f.open, f.avg_score) == (
        4, 5, 2, 0, 1, 1, Decimal("4.00"))
    due = {r.work_order_number: r for r in return_visits_due(db)}
    assert due[c].attempts == 1 and due[c].score is None
    today = to_shop(utcnow()).date()
    fig = figure("return_visit_results")
    data = fig.run(db, Params(today - timedelta(days=1), today + timedelta(days=1)))
    by = {r[0]: r[1:] for r in data.rows}
    assert by == {"rv:reached": (2, 3, Decimal("4.00")), "rv:not_reached": (0, 0, None),
                  "rv:refused": (1, 1, None), "rv:open": (1, 1, None)}
    assert [h.value for h in data.headline] == [5, 2, "4.00"]
    drill = fig.drill(db, Params(today - timedelta(days=1), today + timedelta(days=1)), "rv:open", 0, 10)
    assert drill is not None and [r[0] for r in drill] == [c]
