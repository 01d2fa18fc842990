"""W5 the job clock at the floor terminal: badge + work order + job; the first clock-on checks the plate (F5);
pause with a reason, resume, clock off, finish; one open clock per technician unless allowed; a clock left
running at closing is stopped and flagged; a manager corrects with a reason; bad input writes nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.helpers.clock_data import MORNING, badge_of, two_job_order
from tests.helpers.front_desk_data import OIL
from tests.helpers.people import make_user
from workshop.db.models import AuditEntry, ClockPause, JobClock, LaborAssignment, Setting, User, WorkOrder
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.job_clock import hours_of, worked_seconds
from workshop.domain.roles import Actor, Role
from workshop.queries import floor_clock
from workshop.services import job_clock, job_clock_manager, parts_counter
from workshop.services.users import set_active

H = timedelta(hours=1)


def _counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(JobClock)) or 0,
                s.scalar(select(func.count()).select_from(ClockPause)) or 0,
                s.scalar(select(func.count()).select_from(LaborAssignment)) or 0)


def _setting(db: Database, key: str, value: str) -> None:
    with db.uow() as uow:
        uow.session.merge(Setting(key=key, value=value))
        uow.commit()


def test_w5_worked_time_is_clocked_time_less_pauses() -> None:
    assert worked_seconds(MORNING, MORNING + 2 * H, [(MORNING + H, MORNING + H + timedelta(minutes=30))]) == 5400
    assert worked_seconds(MORNING, MORNING + H, [(MORNING + timedelta(minutes=45), None)]) == 2700
    assert hours_of(5400) == 1.5


def test_w5_f5_first_clock_on_checks_the_plate_then_pause_resume_off(db: Database,
                                                                     people: dict[Role, Actor]) -> None:
    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    line = wo.labor_lines[0].id
    with pytest.raises(InvalidInput, match="车牌"):
        job_clock.clock_on(db.uow(), badge, wo.number, line, now=MORNING)
    with pytest.raises(RuleViolation, match="车牌不符"):
        job_clock.clock_on(db.uow(), badge, wo.number, line, plate="粤B·99999", now=MORNING)
    assert _counts(db) == (0, 0, 0)
    on = job_clock.clock_on(db.uow(), badge, wo.number, line, plate=shop.vehicle.plate, now=MORNING)
    with db.read() as s:
        assert s.scalar(select(WorkOrder.state).where(WorkOrder.number == wo.number)) == "in_progress"
    assert on.status == "running"
    job_clock.pause_clock(db.uow(), badge, "break", now=MORNING + H)
    with pytest.raises(RuleViolation, match="已经暂停"):
        job_clock.pause_clock(db.uow(), badge, "other", now=MORNING + H)
    job_clock.resume_clock(db.uow(), badge, now=MORNING + H + timedelta(minutes=15))
    off = job_clock.clock_off(db.uow(), badge, now=MORNING + 2 * H)
    assert off.worked_seconds == 105 * 60
    # the second clock-on of the work order (in progress) needs no plate
    job_clock.clock_on(db.uow(), badge, wo.number, wo.labor_lines[1].id, now=MORNING + 3 * H)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("clock.%"))) == 5


def test_w5_one_open_clock_per_technician_unless_the_shop_allows(db: Database, people: dict[Role, Actor]) -> None:
    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    a, b = wo.labor_lines[0].id, wo.labor_lines[1].id
    job_clock.clock_on(db.uow(), badge, wo.number, a, plate=shop.vehicle.plate, now=MORNING)
    with pytest.raises(RuleViolation, match="请先停止计时"):
        job_clock.clock_on(db.uow(), badge, wo.number, b, now=MORNING + H)
    assert _counts(db)[0] == 1
    _setting(db, "clock_parallel", "1")
    with pytest.raises(RuleViolation, match="请先停止计时"):  # never twice on the same job
        job_clock.clock_on(db.uow(), badge, wo.number, a, now=MORNING + H)
    job_clock.clock_on(db.uow(), badge, wo.number, b, now=MORNING + H)
    with pytest.raises(InvalidInput, match="选择"):  # two open clocks: the terminal names the one to stop
        job_clock.clock_off(db.uow(), badge, now=MORNING + 2 * H)
    status = floor_clock.technician_status(db, badge)
    assert status is not None and len(status.clocks) == 2
    job_clock.clock_off(db.uow(), badge, clock_id=status.clocks[0].id, now=MORNING + 2 * H)


def test_w5_bad_input_each_a_sentence_nothing_written(db: Database, people: dict[Role, Actor]) -> None:
    shop, wo = two_job_order(db, people)
    tech = people[Role.TECHNICIAN]
    badge = badge_of(db, tech)
    line = wo.labor_lines[0].id
    # a clock-off without a clock-on
    with pytest.raises(RuleViolation, match="没有在计时"):
        job_clock.clock_off(db.uow(), badge, now=MORNING)
    # a badge of a disabled user
    gone = make_user(db, "gone", [Role.TECHNICIAN], "机修", "赵六")
    set_active(db.uow(), people[Role.ADMIN], gone.user_id, False)
    with pytest.raises(PermissionDenied, match="停用"):
        job_clock.clock_on(db.uow(), badge_of(db, gone), wo.number, line, plate=shop.vehicle.plate, now=MORNING)
    with pytest.raises(InvalidInput, match="工牌"):
        job_clock.clock_on(db.uow(), "", wo.number, line, now=MORNING)
    # a job of another team for a team-restricted technician
    painter = make_user(db, "painter", [Role.TECHNICIAN], "钣喷", "钱七")
    with pytest.raises(RuleViolation, match="机修班组的工作"):
        job_clock.clock_on(db.uow(), badge_of(db, painter), wo.number, line, plate=shop.vehicle.plate, now=MORNING)
    assert _counts(db) == (0, 0, 0)
    with db.read() as s:
        assert s.scalar(select(WorkOrder.state).where(WorkOrder.number == wo.number)) == "started"
    # a finished job
    job_clock.clock_on(db.uow(), badge, wo.number, line, plate=shop.vehicle.plate, now=MORNING)
    job_clock.finish_job(db.uow(), badge, wo.number, line, now=MORNING + H)
    before = _counts(db)
    with pytest.raises(RuleViolation, match="已完工"):
        job_clock.clock_on(db.uow(), badge, wo.number, line, now=MORNING + 2 * H)
    with pytest.raises(RuleViolation, match="已经完工"):
        job_clock.finish_job(db.uow(), badge, wo.number, line, now=MORNING + 2 * H)
    assert _counts(db) == before
    # a job dispatched to someone else
    other = make_user(db, "wang", [Role.TECHNICIAN], "机修", "王五")
    job_clock.clock_on(db.uow(), badge_of(db, other), wo.number, wo.labor_lines[1].id, now=MORNING)
    with pytest.raises(RuleViolation, match="派给了 王五"):
        job_clock.clock_on(db.uow(), badge, wo.number, wo.labor_lines[1].id, now=MORNING + 2 * H)


def test_w5_clock_left_running_at_closing_is_stopped_and_flagged(db: Database, people: dict[Role, Actor]) -> None:
    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    job_clock.clock_on(db.uow(), badge, wo.number, wo.labor_lines[0].id, plate=shop.vehicle.plate, now=MORNING)
    # 17:00 in the shop: not closing yet
    assert job_clock_manager.stop_clocks_at_closing(db.uow(), None, now=MORNING + 8 * H) == []
    stopped = job_clock_manager.stop_clocks_at_closing(db.uow(), None, now=MORNING + 15 * H)
    assert len(stopped) == 1
    rows = floor_clock.flagged_clocks(db)
    assert [(r.id, r.ended_at, r.worked_seconds) for r in rows] == [(stopped[0], MORNING + 9 * H, 9 * 3600)]
    with pytest.raises(RuleViolation, match="没有在计时"):
        job_clock.clock_off(db.uow(), badge, now=MORNING + 16 * H)


def test_w5_manager_corrects_a_clock_with_a_reason_billed_and_clocked_apart(db: Database,
                                                                             people: dict[Role, Actor]) -> None:
    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    manager = people[Role.WORKSHOP_MANAGER]
    job_clock.clock_on(db.uow(), badge, wo.number, wo.labor_lines[0].id, plate=shop.vehicle.plate, now=MORNING)
    (cid,) = job_clock_manager.stop_clocks_at_closing(db.uow(), manager, now=MORNING + 15 * H)
    with pytest.raises(InvalidInput, match="原因"):
        job_clock_manager.correct_clock(db.uow(), manager, cid, started_at=MORNING, ended_at=MORNING + H, reason="")
    with pytest.raises(PermissionDenied):
        job_clock_manager.correct_clock(db.uow(), people[Role.TEAM_LEADER], cid, started_at=MORNING,
                                        ended_at=MORNING + H, reason="忘记下班打卡")
    with pytest.raises(InvalidInput, match="晚于"):
        job_clock_manager.correct_clock(db.uow(), manager, cid, started_at=MORNING, ended_at=MORNING, reason="x")
    out = job_clock_manager.correct_clock(db.uow(), manager, cid, started_at=MORNING,
                                          ended_at=MORNING + timedelta(minutes=40), reason="忘记下班打卡")
    assert out.worked_seconds == 40 * 60
    assert floor_clock.flagged_clocks(db) == []  # reviewed
    with db.read() as s:
        c = s.get(JobClock, cid)
        assert c is not None and c.original_ended_at == MORNING + 9 * H and c.correction_reason == "忘记下班打卡"
        audit = s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "clock.correct"))
        # billed (standard) hours stay on the labor line and its share, apart from the clock
        share = s.scalar(select(LaborAssignment.share_pct).where(LaborAssignment.labor_line_id
                                                                 == wo.labor_lines[0].id))
    assert json.loads(audit or "{}")["reason"] == "忘记下班打卡"
    assert share == 100 and wo.labor_lines[0].hours == 0.5


def test_w5_waiting_for_parts_shows_at_the_counter_and_an_issue_tells_the_terminal(
        db: Database, people: dict[Role, Actor]) -> None:
    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    job_clock.clock_on(db.uow(), badge, wo.number, wo.labor_lines[0].id, plate=shop.vehicle.plate, now=MORNING)
    job_clock.pause_clock(db.uow(), badge, "parts", note="等机滤", part_line_id=wo.part_lines[0].id,
                          now=MORNING + H)
    waiting = floor_clock.waiting_for_parts(db)
    assert [(w.work_order_no, w.part, w.reason) for w in waiting] == [(wo.number, "机油滤清器", "parts")]
    parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], wo.number, OIL, 1)
    status = floor_clock.technician_status(db, badge)
    assert status is not None and len(status.notices) == 1 and wo.number in status.notices[0].text_zh
    assert floor_clock.waiting_for_parts(db)[0].parts_issued_at is not None
    assert job_clock.mark_notices_seen(db.uow(), badge) == 1
    status = floor_clock.technician_status(db, badge)
    assert status is not None and status.notices == ()


def test_w5_waiting_for_approval_shows_on_the_work_order(db: Database, people: dict[Role, Actor]) -> None:
    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    job_clock.clock_on(db.uow(), badge, wo.number, wo.labor_lines[0].id, plate=shop.vehicle.plate, now=MORNING)
    job_clock.pause_clock(db.uow(), badge, "approval", note="等客户确认增项", now=MORNING + H)
    (w,) = floor_clock.waiting_on(db, wo.number)
    assert (w.reason, w.note, w.since) == ("approval", "等客户确认增项", MORNING + H)
    with db.read() as s:
        assert s.scalar(select(User.display_name).where(User.id == people[Role.TECHNICIAN].user_id)) == w.technician


def test_w5_the_daily_job_stops_clocks_left_running_from_the_command_line(
        db: Database, people: dict[Role, Actor], capsys: pytest.CaptureFixture[str]) -> None:
    from workshop.cli import main

    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    job_clock.clock_on(db.uow(), badge, wo.number, wo.labor_lines[0].id, plate=shop.vehicle.plate, now=MORNING)
    assert main(["--db", db.url, "clocks", "stop-at-closing"]) == 0  # MORNING's closing time is long past
    assert "1" in capsys.readouterr().out and len(floor_clock.flagged_clocks(db)) == 1
