"""W5 at the floor terminal, driven the way a scanner types (Shift before capitals): badge, work order, the
plate on the first clock-on (F5), pause 待料, the parts counter issues and the terminal shows the notice,
resume, clock off; bad input is a red banner and writes nothing. W4: the dispatch dialog."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.helpers.clock_data import badge_of, two_job_order
from tests.helpers.front_desk_data import OIL
from tests.helpers.keys import scan
from tests.helpers.people import make_user
from ui.context import AppContext
from ui.workshop_floor.dispatch_dialog import DispatchDialog
from ui.workshop_floor.terminal import FloorTerminalScreen
from workshop.db.models import JobClock
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries.floor_clock import technician_status
from workshop.services import dispatch, parts_counter

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _open_clocks(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(JobClock).where(JobClock.ended_at.is_(None))) or 0


def test_w5_terminal_badge_order_plate_clock_on_pause_notice_off(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]) -> None:
    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    screen = FloorTerminalScreen(make_ctx(Role.TECHNICIAN))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    ops = screen.ctx.ops
    scan(qtbot, screen.scan, "NOBODY-1")
    assert screen.banner.sounds[-1] == "refused" and "工牌" in screen.banner.text()
    scan(qtbot, screen.scan, badge)
    assert screen.tech is not None and screen.tech.name == "technician"
    scan(qtbot, screen.scan, wo.number.lower(), caps_lock=True)  # CapsLock on: the scanner still sends Shift
    assert screen.order is not None and screen.order.number == wo.number and screen.plate.isVisibleTo(screen)
    assert screen.jobs.current() is not None
    screen.jobs.select(wo.labor_lines[0].id)
    screen.plate.setText("粤B·99999")
    screen.buttons["on"].click()
    qtbot.waitUntil(lambda: ops.active == 0 and screen.banner.sounds[-1] == "refused", timeout=20_000)
    assert "车牌不符" in screen.banner.text() and _open_clocks(db) == 0
    screen.plate.setText(shop.vehicle.plate)
    screen.buttons["on"].click()
    qtbot.waitUntil(lambda: _open_clocks(db) == 1 and ops.active == 0, timeout=20_000)
    assert "已上工" in screen.banner.text() and not screen.plate.isVisibleTo(screen)
    assert screen.buttons["pause_parts"].isEnabled() and not screen.buttons["resume"].isEnabled()
    screen.buttons["pause_parts"].click()
    qtbot.waitUntil(lambda: ops.active == 0 and screen.buttons["resume"].isEnabled(), timeout=20_000)
    assert "待料" in screen.clocks.text()
    parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], wo.number, OIL, 1)
    screen.refresh()  # the terminal's own timer does this every few seconds
    assert screen.notice.isVisibleTo(screen) and wo.number in screen.notice.text()
    screen.buttons["resume"].click()
    qtbot.waitUntil(lambda: ops.active == 0 and screen.buttons["pause_break"].isEnabled(), timeout=20_000)
    screen.buttons["off"].click()
    qtbot.waitUntil(lambda: _open_clocks(db) == 0 and ops.active == 0, timeout=20_000)
    assert "已停止计时" in screen.banner.text()
    screen.buttons["off"].setEnabled(True)  # a clock-off without a clock-on: refused by the core as well
    screen.buttons["off"].click()
    qtbot.waitUntil(lambda: ops.active == 0 and screen.banner.sounds[-1] == "refused", timeout=20_000)
    assert "没有在计时" in screen.banner.text()
    screen.buttons["next"].click()
    assert screen.tech is None and screen.order is None


def test_w5_terminal_refuses_a_disabled_badge(qtbot, db: Database, people: dict[Role, Actor],
                                               make_ctx: Callable[[Role], AppContext]) -> None:
    from workshop.services.users import set_active

    gone = make_user(db, "gone", [Role.TECHNICIAN], "机修", "赵六")
    set_active(db.uow(), people[Role.ADMIN], gone.user_id, False)
    screen = FloorTerminalScreen(make_ctx(Role.TECHNICIAN))
    qtbot.addWidget(screen)
    screen.show()
    scan(qtbot, screen.scan, badge_of(db, gone))
    assert screen.tech is None and "停用" in screen.banner.text()
    status = technician_status(db, badge_of(db, gone))
    assert status is not None and not status.active


def test_w4_dispatch_dialog_splits_a_line_between_two_technicians(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]) -> None:
    _, wo = two_job_order(db, people)
    other = make_user(db, "wang", [Role.TECHNICIAN], "机修", "王五")
    dialog = DispatchDialog(make_ctx(Role.WORKSHOP_MANAGER), wo.number)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pick_line(wo.labor_lines[1].id)
    dialog.set_shares([(people[Role.TECHNICIAN].user_id, Decimal(70)), (other.user_id, Decimal(20))])
    assert "90" in dialog.total.text()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.ctx.ops.active == 0, timeout=20_000)
    assert "100" in dialog.error.text() and dispatch.dispatch_of(db, wo.number)[1].shares == ()
    dialog.set_shares([(people[Role.TECHNICIAN].user_id, Decimal(70)), (other.user_id, Decimal(30))])
    dialog.save()
    qtbot.waitUntil(lambda: dispatch.dispatch_of(db, wo.number)[1].shares != (), timeout=20_000)
    shares = dispatch.dispatch_of(db, wo.number)[1].shares
    assert [(s.name, s.share_pct) for s in shares] == [("technician", Decimal("70.00")), ("王五", Decimal("30.00"))]
    qtbot.waitUntil(lambda: dialog.ctx.ops.active == 0, timeout=20_000)
    assert "王五 30 %" in dialog.lines.item(1).text()


def test_w5_waiting_shows_at_the_counter_and_on_the_advisors_work_order(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]) -> None:
    from tests.helpers.clock_data import MORNING
    from ui.front_desk.work_order_view import WorkOrderWindow
    from ui.parts_counter.counter_screen import PartsCounterScreen
    from workshop.services import job_clock

    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    job_clock.clock_on(db.uow(), badge, wo.number, wo.labor_lines[0].id, plate=shop.vehicle.plate, now=MORNING)
    job_clock.pause_clock(db.uow(), badge, "parts", note="等机滤", now=MORNING)
    counter = PartsCounterScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(counter)
    counter.ctx.ops.wait()  # the lists are read on a worker
    assert counter.waiting_jobs.list.count() == 1
    assert wo.number in counter.waiting_jobs.list.item(0).text() and "待料" in counter.waiting_jobs.list.item(0).text()
    job_clock.resume_clock(db.uow(), badge, now=MORNING)
    job_clock.pause_clock(db.uow(), badge, "approval", note="等客户确认", now=MORNING)
    window = WorkOrderWindow(make_ctx(Role.ADVISOR), wo.number)
    qtbot.addWidget(window)
    window.show()
    window.ctx.ops.wait()
    assert window.waiting.isVisibleTo(window) and "待审批" in window.waiting.text()
    assert "等客户确认" in window.waiting.text()


def test_w5_manager_stops_and_corrects_clocks_from_the_board(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]) -> None:
    from tests.helpers.clock_data import MORNING
    from ui.workshop_floor.clocks_dialog import ClocksDialog
    from workshop.services import job_clock

    shop, wo = two_job_order(db, people)
    badge = badge_of(db, people[Role.TECHNICIAN])
    job_clock.clock_on(db.uow(), badge, wo.number, wo.labor_lines[0].id, plate=shop.vehicle.plate, now=MORNING)
    dialog = ClocksDialog(make_ctx(Role.WORKSHOP_MANAGER))
    qtbot.addWidget(dialog)
    dialog.stop_at_closing()  # MORNING is long past: its closing time has come
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20_000)
    dialog.view.selectRow(0)
    dialog.end.setText("2026-11-10 10:30")
    dialog.correct()
    qtbot.waitUntil(lambda: dialog.ctx.ops.active == 0, timeout=20_000)
    assert "原因" in dialog.error.text() and dialog.model.rowCount() == 1
    dialog.reason.setText("忘记下工打卡")
    dialog.correct()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=20_000)
    with db.read() as s:
        c = s.scalar(select(JobClock))
        assert c is not None and c.worked_seconds == 90 * 60 and c.correction_reason == "忘记下工打卡"
