"""P4: only unused parts of an open work order come back, scanned in; fitted parts never return."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.helpers import parts_data as pd
from tests.unit.parts.conftest import OIL_FILTER_EAN, Counter
from tests.unit.parts.test_issue import assert_refused
from workshop.db.uow import Database
from workshop.domain.errors import NotFound, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import parts_counter as pc


def test_p4_unused_part_returns_to_stock_at_its_issue_cost(db: Database, counter: Counter) -> None:
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 2)
    result = pc.return_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 1, reason="多领")
    assert result.kind == "return" and result.on_hand_after == 9
    line = pd.line(db, counter.wo.lines[0])
    assert (line.issued_qty, line.returned_qty, line.issued_cost) == (2, 1, Decimal("50.00"))
    back = pd.moves(db, counter.filter_id)[-1]
    assert back.kind == "return" and back.quantity == 1 and back.unit_cost == Decimal("50.00")
    assert back.part_line_id == counter.wo.lines[0] and back.reason == "多领"


def test_p4_returning_everything_leaves_no_cost_on_the_line(db: Database, counter: Counter) -> None:
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 2)
    pc.return_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 2)
    line = pd.line(db, counter.wo.lines[0])
    assert line.issued_cost == 0 and line.issued_qty == line.returned_qty == 2
    assert pd.part(db, counter.filter_id).on_hand == 10


def test_p4_refuses_return_of_a_part_never_issued(counter: Counter) -> None:
    assert_refused(counter.db, lambda: pc.return_part(counter.db.uow(), counter.clerk, counter.wo.number,
                                                     OIL_FILTER_EAN), RuleViolation, "没有发出过")


def test_p4_refuses_returning_more_than_was_issued(counter: Counter) -> None:
    pc.issue_part(counter.db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 1)
    assert_refused(counter.db, lambda: pc.return_part(counter.db.uow(), counter.clerk, counter.wo.number,
                                                     OIL_FILTER_EAN, 2), RuleViolation, "只发出 1")


def test_p4_fitted_line_never_returns(db: Database, counter: Counter, people: dict[Role, Actor]) -> None:
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 2)
    pc.mark_fitted(db.uow(), people[Role.TECHNICIAN], counter.wo.number, counter.wo.lines[0])
    assert pd.line(db, counter.wo.lines[0]).fitted is True
    assert_refused(db, lambda: pc.return_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN),
                   RuleViolation, "装车", "fitted")


@pytest.mark.parametrize("state", ["completed", "inspected", "settled", "delivered", "closed"])
def test_p4_parts_of_a_completed_work_order_never_return(db: Database, counter: Counter, state: str) -> None:
    pc.issue_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 2)
    pd.set_state(db, counter.wo, state)
    assert_refused(db, lambda: pc.return_part(db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN),
                   RuleViolation, "已装车")


def test_p4_return_needs_the_physical_part_scanned(counter: Counter) -> None:
    pc.issue_part(counter.db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 1)
    assert_refused(counter.db, lambda: pc.return_part(counter.db.uow(), counter.clerk, counter.wo.number,
                                                     pd.ean13("690000000002")), NotFound, "不认识")


def test_p4_only_the_counter_takes_returns(counter: Counter, people: dict[Role, Actor]) -> None:
    pc.issue_part(counter.db.uow(), counter.clerk, counter.wo.number, OIL_FILTER_EAN, 1)
    assert_refused(counter.db, lambda: pc.return_part(counter.db.uow(), people[Role.TECHNICIAN], counter.wo.number,
                                                     OIL_FILTER_EAN), PermissionDenied)


def test_p4_mark_fitted_refused_to_advisor_and_on_unissued_line(counter: Counter, people: dict[Role, Actor]) -> None:
    assert_refused(counter.db, lambda: pc.mark_fitted(counter.db.uow(), people[Role.ADVISOR], counter.wo.number,
                                                     counter.wo.lines[0]), PermissionDenied)
    assert_refused(counter.db, lambda: pc.mark_fitted(counter.db.uow(), counter.clerk, counter.wo.number,
                                                     counter.wo.lines[0]), RuleViolation, "还没有发料")
