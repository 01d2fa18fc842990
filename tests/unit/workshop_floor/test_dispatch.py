"""W4 dispatch: a labor line to one technician or several with shares summing to 100 %; the manager anywhere,
a team leader inside the team; a reassignment records who and why; refusals write nothing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.helpers.clock_data import two_job_order
from tests.helpers.people import make_user
from workshop.db.models import AuditEntry, LaborAssignment, LaborLine
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.job_clock import check_shares, even_shares
from workshop.domain.roles import Actor, Role
from workshop.services import dispatch

D = Decimal


def _rows(db: Database) -> list[tuple[int, int, Decimal, int | None]]:
    with db.read() as s:
        return [(a.labor_line_id, a.technician_id, a.share_pct, a.ended_by)
                for a in s.scalars(select(LaborAssignment).order_by(LaborAssignment.id))]


def test_w4_shares_must_sum_to_100() -> None:
    assert check_shares([(1, D("60")), (2, D("40"))]) == [(1, D("60.00")), (2, D("40.00"))]
    for bad in ([(1, D("60")), (2, D("30"))], [], [(1, D("100")), (1, D("0"))], [(1, D("-10")), (2, D("110"))]):
        with pytest.raises(InvalidInput):
            check_shares(bad)
    assert sum(p for _, p in even_shares([1, 2, 3])) == D(100)


def test_w4_manager_dispatches_a_line_to_two_technicians_with_shares(db: Database,
                                                                      people: dict[Role, Actor]) -> None:
    _, wo = two_job_order(db, people)
    tech = people[Role.TECHNICIAN]
    painter = make_user(db, "painter", [Role.TECHNICIAN], "钣喷", "钱七")
    line = wo.labor_lines[1]
    out = dispatch.dispatch_line(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number, line.id,
                                 [(tech.user_id, D("60")), (painter.user_id, D("40"))])
    shares = next(x for x in out if x.id == line.id).shares
    assert [(s.technician_id, s.share_pct) for s in shares] == [(tech.user_id, D("60.00")),
                                                               (painter.user_id, D("40.00"))]
    with db.read() as s:
        assert s.get(LaborLine, line.id).technician_id == tech.user_id  # type: ignore[union-attr]
    assert dispatch.dispatch_of(db, wo.number)[1].shares == shares


def test_w4_team_leader_dispatches_only_inside_the_team(db: Database, people: dict[Role, Actor]) -> None:
    _, wo = two_job_order(db, people)
    leader, tech = people[Role.TEAM_LEADER], people[Role.TECHNICIAN]  # both 机修
    painter = make_user(db, "painter", [Role.TECHNICIAN], "钣喷")
    line = wo.labor_lines[0].id
    with pytest.raises(PermissionDenied, match="本班组"):
        dispatch.dispatch_line(db.uow(), leader, wo.number, line, [(painter.user_id, D("100"))])
    with pytest.raises(PermissionDenied, match="本班组"):
        dispatch.dispatch_line(db.uow(), leader, wo.number, line, [(tech.user_id, D("50")),
                                                                   (painter.user_id, D("50"))])
    with pytest.raises(PermissionDenied):  # an advisor does not dispatch
        dispatch.dispatch_line(db.uow(), people[Role.ADVISOR], wo.number, line, [(tech.user_id, D("100"))])
    with pytest.raises(InvalidInput, match="100"):
        dispatch.dispatch_line(db.uow(), leader, wo.number, line, [(tech.user_id, D("90"))])
    assert _rows(db) == []  # nothing written
    dispatch.dispatch_line(db.uow(), leader, wo.number, line, [(tech.user_id, D("100"))])
    assert _rows(db) == [(line, tech.user_id, D("100.00"), None)]


def test_w4_reassigning_records_who_and_why(db: Database, people: dict[Role, Actor]) -> None:
    _, wo = two_job_order(db, people)
    manager, tech = people[Role.WORKSHOP_MANAGER], people[Role.TECHNICIAN]
    other = make_user(db, "wang", [Role.TECHNICIAN], "机修", "王五")
    line = wo.labor_lines[0].id
    dispatch.dispatch_line(db.uow(), manager, wo.number, line, [(tech.user_id, D("100"))])
    with pytest.raises(InvalidInput, match="原因"):
        dispatch.dispatch_line(db.uow(), manager, wo.number, line, [(other.user_id, D("100"))])
    out = dispatch.dispatch_line(db.uow(), manager, wo.number, line, [(other.user_id, D("100"))],
                                 reason="原技工请假")
    assert out[0].shares[0].name == "王五" and out[0].shares[0].reason == "原技工请假"
    assert _rows(db) == [(line, tech.user_id, D("100.00"), manager.user_id), (line, other.user_id, D("100.00"), None)]
    with db.read() as s:
        audits = [json.loads(a.summary) for a in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "labor_line.dispatch").order_by(AuditEntry.id))]
    assert audits[-1]["reason"] == "原技工请假"
    assert audits[-1]["before"] == [[tech.user_id, "100.00"]]


def test_w4_a_finished_work_order_is_not_dispatched(db: Database, people: dict[Role, Actor]) -> None:
    _, wo = two_job_order(db, people)
    with pytest.raises(InvalidInput, match="技工"):
        dispatch.dispatch_line(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number, wo.labor_lines[0].id,
                               [(people[Role.ADVISOR].user_id, D("100"))])
    from workshop.services import front_desk
    front_desk.cancel_work_order(db.uow(), people[Role.ADVISOR], wo.number, reason="客户取消")
    with pytest.raises(RuleViolation, match="不能再派工"):
        dispatch.dispatch_line(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number, wo.labor_lines[0].id,
                               [(people[Role.TECHNICIAN].user_id, D("100"))])
