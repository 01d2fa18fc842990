"""The tool crib screen: scan a badge, then a tool -> lent (T2); scan the tool alone -> returned; overdue in red;
lost tool charged (T3); charges exported to CSV; every table model passes qtmodeltester."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import select

from tests.helpers.claims_tools_data import badge_of, disable, make_tool, make_work_order, shift
from ui.context import AppContext
from ui.tools.screen import ToolsScreen
from workshop.db.models import Tool, ToolLoan
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries import tools as tq
from workshop.services import tools

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def _scan(qtbot, screen: ToolsScreen, text: str) -> None:  # type: ignore[no-untyped-def]
    screen.scan.setFocus()
    qtbot.keyClicks(screen.scan, text)
    qtbot.keyClick(screen.scan, Qt.Key.Key_Return)
    screen.ctx.ops.wait()


def _state(db: Database, code: str) -> str | None:
    with db.read() as s:
        return s.scalar(select(Tool.state).where(Tool.code == code))


def test_t2_screen_lends_a_tool_by_scanning_badge_then_tool(
    qtbot, qtmodeltester, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    make_tool(db, "VAS-6150", name="正时工具")
    wo = make_work_order(db, people[Role.ADVISOR], kind="general")
    screen = ToolsScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    for model in (screen.register_model, screen.out_model, screen.overdue_model, screen.charges_model):
        qtmodeltester.check(model)
    badge = badge_of(db, people[Role.TECHNICIAN])
    _scan(qtbot, screen, badge)
    assert screen.borrower is not None and screen.borrower.username == "technician"
    assert "technician" in screen.borrower_label.text()
    screen.work_order.setText(wo.number)
    _scan(qtbot, screen, "vas-6150")
    assert "已借出" in screen.message.text(), screen.message.text()
    assert _state(db, "VAS-6150") == "out"
    assert screen.borrower is None  # the next tool needs the next badge
    assert screen.out_model.rowCount() == 1
    assert screen.out_model.data(screen.out_model.index(0, 2)) == "technician"
    assert screen.out_model.data(screen.out_model.index(0, 6)) == wo.number
    assert "借出 1" in screen.figures.text()
    qtmodeltester.check(screen.out_model)
    assert [r.tool_code for r in tq.open_loans_for_work_order(db, wo.number)] == ["VAS-6150"]

    # the same tool scanned for someone else is refused with the holder's name
    _scan(qtbot, screen, badge_of(db, people[Role.TEAM_LEADER]))
    _scan(qtbot, screen, "VAS-6150")
    assert "已借给 technician" in screen.message.text()

    # the tool scanned alone comes back
    screen.clear_borrower()
    _scan(qtbot, screen, "VAS-6150")
    assert "已归还" in screen.message.text()
    assert _state(db, "VAS-6150") == "in" and screen.out_model.rowCount() == 0


def test_t2_screen_refuses_disabled_borrower_and_tool_without_badge(
    qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    make_tool(db, "T-1")
    screen = ToolsScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    _scan(qtbot, screen, "T-1")
    assert "先扫描技工工牌" in screen.message.text()
    badge = badge_of(db, people[Role.TECHNICIAN])
    disable(db, people[Role.TECHNICIAN])
    _scan(qtbot, screen, badge)
    assert "停用" in screen.message.text() and screen.borrower is None
    _scan(qtbot, screen, "NO-SUCH")
    assert "不认识" in screen.message.text()
    assert _state(db, "T-1") == "in"


def test_t2_screen_overdue_in_red_and_t3_lost_charge_exported(
    qtbot, qtmodeltester, tmp_path: Path, db: Database, people: dict[Role, Actor],
    make_ctx: Callable[[Role], AppContext]
) -> None:
    make_tool(db, "T-2", price="860.00")
    clerk = people[Role.PARTS_CLERK]
    loan = tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T-2")
    shift(db, ToolLoan, loan.id, due_at=timedelta(hours=-30))
    screen = ToolsScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    assert screen.overdue_model.rowCount() == 1
    qtmodeltester.check(screen.overdue_model)
    red = screen.overdue_model.data(screen.overdue_model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert red is not None
    expected = tq.overdue_loans(db)[0].hours_overdue
    assert expected > 0
    assert abs(float(screen.overdue_model.data(screen.overdue_model.index(0, 7))) - float(expected)) <= 0.1
    assert "超时未还（1）" in screen.tabs.tabText(2)

    tools.declare_lost(db.uow(), clerk, "T-2", "charge")
    screen.ctx.ops.changed.emit("tools")
    assert screen.overdue_model.rowCount() == 0
    assert screen.charges_model.rowCount() == 1
    qtmodeltester.check(screen.charges_model)
    out = tmp_path / "charges.csv"
    screen.write_charges(screen.month.text(), str(out))
    screen.ctx.ops.wait()
    text = out.read_text(encoding="utf-8-sig")
    assert "technician" in text and "860.00" in text
    assert "已导出 1 人" in screen.message.text()


def test_t1_screen_register_lists_tools_and_buttons_follow_permissions(
    qtbot, qtmodeltester, db: Database, make_ctx: Callable[[Role], AppContext]
) -> None:
    for i in range(3):
        make_tool(db, f"R-{i}")
    screen = ToolsScreen(make_ctx(Role.TECHNICIAN))
    qtbot.addWidget(screen)
    assert screen.register_model.rowCount() == 3
    qtmodeltester.check(screen.register_model)
    assert not screen.btn_register.isEnabled() and not screen.btn_lost.isEnabled()
    assert not screen.scan.isEnabled() or not screen.scan.parentWidget().isEnabled()
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
    screen = ToolsScreen(ctx)
    qtbot.addWidget(screen)
    pdf = tmp_path / "label.pdf"
    screen.write_label(tool_id, str(pdf))
    ctx.ops.wait()
    assert "标签已保存" in screen.message.text(), screen.message.text()
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(tmp_path / "label")], check=True)
    codes = [r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / "label.png"))]
    assert "VAS-6150" in codes
