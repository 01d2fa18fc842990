"""The claim orders screen (C1-C3): new claim from the work order's parts, deposit, signatures by role,
'arrived — call the customer' with the mobile number, overdue in red, refund, the deposit receipt PDF."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.helpers.claims_tools_data import (
    add_part_line,
    arrived_claim,
    issue_on_line,
    make_part,
    make_work_order,
    set_wo_state,
    shift_arrival,
    warranty_claim,
)
from ui.claims.money_dialog import MoneyDialog
from ui.claims.new_claim_dialog import NewClaimDialog
from ui.claims.screen import ClaimsScreen
from ui.context import AppContext
from workshop.db.uow import Database
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.roles import Actor, Role
from workshop.queries import claims as cq

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def _claim_id(db: Database, number: str) -> int:
    row = next(r for r in cq.list_claims(db) if r.number == number)
    return row.id


def test_c1_screen_new_claim_from_work_order_parts_and_deposit(
    qtbot, qtmodeltester, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    advisor = people[Role.ADVISOR]
    part_id = make_part(db, "06L115562", name="机油滤清器", price="88.00")
    wo = make_work_order(db, advisor, phone="13512345678")
    add_part_line(db, wo.id, part_id, qty="2", price="88.00")
    ctx = make_ctx(Role.ADVISOR)
    screen = ClaimsScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.ctx.ops.wait()  # the claims are read off the GUI thread
    qtmodeltester.check(screen.model)
    dialog = NewClaimDialog(ctx, wo.number)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and "13512345678" in dialog.info.text()
    assert dialog.chosen() == [("06L115562", 2)]
    dialog.save()
    ctx.ops.wait()
    assert dialog.result_info is not None and dialog.result_info.amount == 176
    assert screen.model.rowCount() == 1
    qtmodeltester.check(screen.model)
    assert screen.select_number(dialog.result_info.number)
    assert screen.buttons["deposit"].isEnabled() and not screen.buttons["sign_manager"].isEnabled()
    assert "待车间经理签字" in screen.model.data(screen.model.index(0, 11))
    money = MoneyDialog(ctx, screen.selected(), "deposit")  # type: ignore[arg-type]
    qtbot.addWidget(money)
    money.amount.setText("100")
    money.method.setCurrentIndex(1)  # 微信
    money.save()
    ctx.ops.wait()
    assert money.result_info is not None and money.result_info.method == "wechat"
    assert screen.model.data(screen.model.index(0, 9)) == "¥100.00"


def test_c1_screen_refuses_a_general_work_order(
    qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    part_id = make_part(db, "P-9")
    wo = make_work_order(db, people[Role.ADVISOR], kind="general")
    add_part_line(db, wo.id, part_id)
    ctx = make_ctx(Role.ADVISOR)
    dialog = NewClaimDialog(ctx, wo.number)
    qtbot.addWidget(dialog)
    assert "不是索赔工单" in dialog.error.text()
    dialog.save()
    ctx.ops.wait()
    assert dialog.result_info is None and "不是索赔工单" in dialog.error.text()


def test_c2_screen_sign_buttons_follow_the_role(
    qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR], qty="5")  # 6,000 元: both signatures
    advisor_screen = ClaimsScreen(make_ctx(Role.ADVISOR))
    qtbot.addWidget(advisor_screen)
    assert advisor_screen.ctx.ops.wait()  # the claims are read off the GUI thread
    advisor_screen.select_number(setup.claim_no)
    assert not advisor_screen.buttons["sign_manager"].isEnabled()
    manager_ctx = make_ctx(Role.WORKSHOP_MANAGER)
    screen = ClaimsScreen(manager_ctx)
    qtbot.addWidget(screen)
    assert screen.ctx.ops.wait()  # the claims are read off the GUI thread
    screen.select_number(setup.claim_no)
    assert screen.buttons["sign_manager"].isEnabled() and not screen.buttons["sign_director"].isEnabled()
    qtbot.mouseClick(screen.buttons["sign_manager"], Qt.MouseButton.LeftButton)
    manager_ctx.ops.wait()
    assert "已签字" in screen.message.text()
    screen.select_number(setup.claim_no)
    assert screen.model.data(screen.model.index(0, 7)) == "workshop_manager"
    assert screen.model.data(screen.model.index(0, 8)) == "需要"
    assert not screen.buttons["ordered"].isEnabled()
    director_ctx = make_ctx(Role.SERVICE_DIRECTOR)
    director = ClaimsScreen(director_ctx)
    qtbot.addWidget(director)
    assert director.ctx.ops.wait()  # the claims are read off the GUI thread
    director.select_number(setup.claim_no)
    qtbot.mouseClick(director.buttons["sign_director"], Qt.MouseButton.LeftButton)
    director_ctx.ops.wait()
    assert cq.list_claims(db)[0].state == "signed"


def test_c3_screen_call_list_overdue_red_refund_and_receipt(
    qtbot, qtmodeltester, tmp_path: Path, db: Database, people: dict[Role, Actor],
    make_ctx: Callable[[Role], AppContext]
) -> None:
    fresh = arrived_claim(db, people, deposit="500.00", phone="13911112222")
    old = arrived_claim(db, people, deposit="800.00", phone="13933334444")
    shift_arrival(db, old.claim_no, timedelta(days=-16))
    ctx = make_ctx(Role.ADVISOR)
    screen = ClaimsScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.ctx.ops.wait()  # the claims are read off the GUI thread
    screen.tabs.setCurrentIndex(1)  # arrived — call the customer
    assert screen.ctx.ops.wait()
    assert screen.model.rowCount() == 2
    qtmodeltester.check(screen.model)
    todo = [screen.model.data(screen.model.index(r, 11)) for r in range(2)]
    assert any("请通知客户 13911112222" in t for t in todo)
    screen.tabs.setCurrentIndex(3)  # overdue
    assert screen.ctx.ops.wait()
    assert screen.model.rowCount() == 1
    assert screen.model.data(screen.model.index(0, 3)) == "13933334444"
    assert screen.model.data(screen.model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert "超期未装车（1）" in screen.tabs.tabText(3)

    screen.tabs.setCurrentIndex(0)
    assert screen.ctx.ops.wait()
    assert screen.select_number(fresh.claim_no)
    qtbot.mouseClick(screen.buttons["called"], Qt.MouseButton.LeftButton)
    ctx.ops.wait()
    assert [r.number for r in cq.claims_to_call(db)] == [old.claim_no]

    issue_on_line(db, fresh.part_line_id, "1")
    set_wo_state(db, fresh.wo.id, "completed")
    ctx.ops.broadcast(ChangeSet.of(RecordKind.WORK_ORDERS))
    screen.tabs.setCurrentIndex(2)  # refund due
    assert screen.ctx.ops.wait()
    assert screen.model.rowCount() == 1
    assert screen.select_number(fresh.claim_no) and screen.buttons["refund"].isEnabled()
    money = MoneyDialog(ctx, screen.selected(), "refund")  # type: ignore[arg-type]
    qtbot.addWidget(money)
    assert money.amount.text() == "500.00"
    money.amount.setText("600")
    money.save()
    ctx.ops.wait()
    assert money.result_info is None and "超过" in money.error.text()
    money.amount.setText("500")
    money.save()
    ctx.ops.wait()
    assert money.result_info is not None and money.result_info.refunded_amount == 500

    pdf = tmp_path / "receipt.pdf"
    screen.write_receipt(fresh.claim_no, str(pdf))
    ctx.ops.wait()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "索赔订货订金收据" in text and "伍佰元整" in text and "13911112222" in text
