"""The tool crib screen: scan a badge, then a tool -> lent (T2); scan the tool alone -> returned; every result
the counter's banner with its sound and a fresh start; overdue in red; lost tool charged (T3); charges exported
to CSV; every table model passes qtmodeltester. Scans are sent as a scanner sends them (tests/helpers/keys.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import select

from tests.helpers.claims_tools_data import badge_of, disable, make_tool, make_work_order, shift
from tests.helpers.keys import scan, type_like_person
from ui.context import AppContext
from ui.tools.screen import ToolsScreen
from workshop.db.models import Tool, ToolLoan
from workshop.db.uow import Database
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.roles import Actor, Role
from workshop.queries import tools as tq
from workshop.services import tools

pytestmark = [pytest.mark.clock,  # the shop's calendar: CI runs these again at a year end and after a year turn
              pytest.mark.qt_log_ignore("This plugin does not support")]  # shown offscreen: it cannot size windows


def _screen(qtbot, ctx: AppContext) -> ToolsScreen:  # type: ignore[no-untyped-def]
    screen = ToolsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()  # the scan path listens while its screen is shown
    return screen


def _scan(qtbot, screen: ToolsScreen, text: str, target=None, **how) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, target or screen.desk.scan, text, **how)
    screen.ctx.ops.wait()


def _state(db: Database, code: str) -> str | None:
    with db.read() as s:
        return s.scalar(select(Tool.state).where(Tool.code == code))


def test_t2_screen_lends_a_tool_by_scanning_badge_then_tool(
    qtbot, qtmodeltester, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    make_tool(db, "VAS-6150", name="正时工具")
    wo = make_work_order(db, people[Role.ADVISOR], kind="general")
    screen = _screen(qtbot, make_ctx(Role.PARTS_CLERK))
    for model in (screen.register_model, screen.out_model, screen.overdue_model, screen.charges_model):
        qtmodeltester.check(model)
    badge = badge_of(db, people[Role.TECHNICIAN])
    desk = screen.desk
    _scan(qtbot, screen, badge)
    assert desk.borrower is not None and desk.borrower.username == "technician"
    assert "technician" in desk.borrower_label.text()
    desk.work_order.setText(wo.number)
    _scan(qtbot, screen, "VAS-6150", caps_lock=True)  # CapsLock on: arrives as vas-6150
    assert "已借出" in desk.banner.text(), desk.banner.text()
    assert "#1e8c3a" in desk.banner.styleSheet() and desk.banner.sounds == ["ok", "ok"]
    assert _state(db, "VAS-6150") == "out"
    assert desk.borrower is None and desk.work_order.text() == ""  # the next tool needs the next badge
    assert screen.out_model.rowCount() == 1
    assert screen.out_model.data(screen.out_model.index(0, 2)) == "technician"
    assert screen.out_model.data(screen.out_model.index(0, 6)) == wo.number
    assert "借出 1" in screen.figures.text()
    qtmodeltester.check(screen.out_model)
    assert [r.tool_code for r in tq.open_loans_for_work_order(db, wo.number)] == ["VAS-6150"]

    # the same tool scanned for someone else is refused with the holder's name, in the same banner
    _scan(qtbot, screen, badge_of(db, people[Role.TEAM_LEADER]), suffix="\t")
    _scan(qtbot, screen, "VAS-6150", target=screen.register_view)  # focus on the table: still the scan path
    assert "已借给 technician" in desk.banner.text()
    assert "#c62828" in desk.banner.styleSheet() and desk.banner.sounds[-1] == "refused"
    assert desk.borrower is None  # T2: a fresh start after the refused lend

    # so the tool scanned next, alone, comes back (it is not taken as a lend to the team leader)
    _scan(qtbot, screen, "VAS-6150")
    assert "已归还" in desk.banner.text(), desk.banner.text()
    assert _state(db, "VAS-6150") == "in" and screen.out_model.rowCount() == 0
    assert desk.log.count() == 5 and "✘" in desk.log.item(1).text()


def test_t2_screen_refuses_disabled_borrower_and_tool_without_badge(
    qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    make_tool(db, "T-1")
    screen = _screen(qtbot, make_ctx(Role.PARTS_CLERK))
    desk = screen.desk
    _scan(qtbot, screen, "T-1")
    assert "先扫描技工工牌" in desk.banner.text()
    badge = badge_of(db, people[Role.TECHNICIAN])
    disable(db, people[Role.TECHNICIAN])
    _scan(qtbot, screen, badge)
    assert "停用" in desk.banner.text() and desk.borrower is None
    _scan(qtbot, screen, "NO-SUCH")
    assert "不认识" in desk.banner.text()
    assert desk.banner.sounds == ["refused"] * 3
    assert _state(db, "T-1") == "in"


def test_t2_a_badge_typed_slowly_by_hand_is_taken_with_enter(
    qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    make_tool(db, "VAS-6150")
    screen = _screen(qtbot, make_ctx(Role.PARTS_CLERK))
    type_like_person(qtbot, screen.desk.scan, badge_of(db, people[Role.TECHNICIAN]), enter=True)
    qtbot.waitUntil(lambda: screen.desk.borrower is not None, timeout=15_000)
    assert screen.desk.scan.text() == ""
    _scan(qtbot, screen, "VAS-6150")
    assert _state(db, "VAS-6150") == "out"


def test_t2_screen_overdue_in_red_and_t3_lost_charge_exported(
    qtbot, qtmodeltester, tmp_path: Path, db: Database, people: dict[Role, Actor],
    make_ctx: Callable[[Role], AppContext]
) -> None:
    make_tool(db, "T-2", price="860.00")
    clerk = people[Role.PARTS_CLERK]
    loan = tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T-2")
    shift(db, ToolLoan, loan.id, due_at=timedelta(hours=-30))
    screen = _screen(qtbot, make_ctx(Role.PARTS_CLERK))
    assert screen.overdue_model.rowCount() == 1
    qtmodeltester.check(screen.overdue_model)
    red = screen.overdue_model.data(screen.overdue_model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert red is not None
    expected = tq.overdue_loans(db)[0].hours_overdue
    assert expected > 0
    assert abs(float(screen.overdue_model.data(screen.overdue_model.index(0, 7))) - float(expected)) <= 0.1
    assert "超时未还（1）" in screen.tabs.tabText(2)

    tools.declare_lost(db.uow(), clerk, "T-2", "charge")
    screen.ctx.ops.broadcast(ChangeSet.of(RecordKind.TOOLS))
    assert screen.overdue_model.rowCount() == 0
    assert screen.charges_model.rowCount() == 1
    qtmodeltester.check(screen.charges_model)
    out = tmp_path / "charges.csv"
    screen.write_charges(screen.month.text(), str(out))
    screen.ctx.ops.wait()
    text = out.read_text(encoding="utf-8-sig")
    assert "technician" in text and "860.00" in text
    assert "已导出 1 人" in screen.desk.banner.text()


def test_t1_screen_register_lists_tools_and_buttons_follow_permissions(
    qtbot, qtmodeltester, db: Database, make_ctx: Callable[[Role], AppContext]
) -> None:
    for i in range(3):
        make_tool(db, f"R-{i}")
    screen = _screen(qtbot, make_ctx(Role.TECHNICIAN))
    assert screen.register_model.rowCount() == 3
    qtmodeltester.check(screen.register_model)
    assert not screen.btn_register.isEnabled() and not screen.btn_lost.isEnabled()
    assert not screen.desk.isEnabled() and not screen.desk.scan.isEnabled()
    screen.search.setText("R-1")
    assert screen.register_model.rowCount() == 1
    assert screen.register_model.data(screen.register_model.index(0, 0)) == "R-1"
    assert screen.register_model.data(QModelIndex()) is None


def test_t1_screen_prints_the_tool_barcode_label(
    qtbot, tmp_path: Path, db: Database, make_ctx: Callable[[Role], AppContext]
) -> None:
    import subprocess

    import zxingcpp
    from PIL import Image

    tool_id = make_tool(db, "VAS-6150")
    ctx = make_ctx(Role.PARTS_CLERK)
    screen = _screen(qtbot, ctx)
    pdf = tmp_path / "label.pdf"
    screen.write_label(tool_id, str(pdf))
    ctx.ops.wait()
    assert "标签已保存" in screen.desk.banner.text(), screen.desk.banner.text()
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(tmp_path / "label")], check=True)
    codes = [r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / "label.png"))]
    assert "VAS-6150" in codes
