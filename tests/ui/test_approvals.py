"""A1-A4 on screen: the advisor asks through the discount dialog, the director approves in the inbox, the
work order then settles; the refusal reason reaches the advisor; report and limits render."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.helpers.approvals_data import make_work_order, work_order
from ui.approvals.discount_dialog import DiscountDialog
from ui.approvals.screen import ApprovalsScreen
from ui.context import AppContext
from workshop.db.uow import Database
from workshop.domain.roles import Role
from workshop.services import approvals, front_desk

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def test_a4_advisor_asks_director_approves_in_inbox_then_it_settles(
        qtbot, qtmodeltester, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    lead_ctx, director_ctx = make_ctx(Role.FRONT_DESK_LEAD), make_ctx(Role.SERVICE_DIRECTOR)
    wo_id = make_work_order(db, lead_ctx.actor)

    dialog = DiscountDialog(lead_ctx, wo_id)
    qtbot.addWidget(dialog)
    dialog.by_pct.setChecked(True)
    dialog.value.setText("25")
    assert "25% 超过您的 10% 上限" in dialog.verdict.text() and "服务总监" in dialog.verdict.text()
    assert not dialog.give_button.isEnabled() and not dialog.ask_button.isEnabled()  # reason still missing
    dialog.reason.setText("老客户，上次返修")
    assert dialog.ask_button.isEnabled()
    dialog.ask_button.click()
    assert lead_ctx.ops.wait()
    assert lead_ctx.ops.last_error is None
    assert dialog.outcome is not None and dialog.result() == DiscountDialog.DialogCode.Accepted

    screen = ApprovalsScreen(director_ctx)
    director_ctx.ops.wait()  # the inbox reads on a worker
    qtbot.addWidget(screen)
    inbox = screen.inbox
    assert inbox is not None
    qtmodeltester.check(inbox.model)
    assert screen.tabs.tabText(0) == "待我审批 (1)"
    assert inbox.model.rowCount() == 1
    inbox.confirm = lambda *_a: True  # type: ignore[method-assign]
    inbox.view.selectRow(0)
    assert "老客户，上次返修" in inbox.detail.text() and "25%" in inbox.detail.text()
    inbox.approve_button.click()
    assert director_ctx.ops.wait()
    assert director_ctx.ops.last_error is None
    assert inbox.model.rowCount() == 0 and screen.tabs.tabText(0).endswith("(0)")

    assert work_order(db, wo_id).discount_pct == Decimal(25)
    info = front_desk.settle_work_order(db.uow(), lead_ctx.actor, work_order(db, wo_id).number)
    assert info.state == "settled"
    assert work_order(db, wo_id).total == Decimal("750.00")


def test_a4_refusal_reason_shows_in_my_requests(qtbot, qtmodeltester, db: Database,
                                                make_ctx: Callable[[Role], AppContext]) -> None:
    lead_ctx, director_ctx = make_ctx(Role.FRONT_DESK_LEAD), make_ctx(Role.SERVICE_DIRECTOR)
    wo_id = make_work_order(db, lead_ctx.actor)
    approvals.request_discount_approval(db.uow(), lead_ctx.actor, wo_id, pct="30", reason="老客户")
    director = ApprovalsScreen(director_ctx)
    director_ctx.ops.wait()  # the inbox reads on a worker
    qtbot.addWidget(director)
    assert director.inbox is not None
    director.inbox.confirm = lambda *_a: True  # type: ignore[method-assign]
    director.inbox.view.selectRow(0)
    director.inbox.refuse_button.click()  # no reason: the inbox asks for one, nothing changes
    assert "拒绝请先填写原因" in director.inbox.detail.text()
    assert director.inbox.model.rowCount() == 1
    director.inbox.view.selectRow(0)
    director.inbox.reason.setText("超出本月预算")
    director.inbox.refuse_button.click()
    assert director_ctx.ops.wait()

    mine = ApprovalsScreen(lead_ctx)
    lead_ctx.ops.wait()  # the inbox reads on a worker
    qtbot.addWidget(mine)
    assert mine.my_requests is not None
    qtmodeltester.check(mine.my_requests.model)
    mine.my_requests.view.selectRow(0)
    assert "超出本月预算" in mine.my_requests.detail.text()


def test_a1_dialog_within_limit_applies_at_once(qtbot, db: Database,
                                                make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.FRONT_DESK_LEAD)
    wo_id = make_work_order(db, ctx.actor)
    dialog = DiscountDialog(ctx, wo_id)
    qtbot.addWidget(dialog)
    dialog.by_amount.setChecked(True)
    dialog.value.setText("80")
    dialog.reason.setText("洗车券")
    assert "¥920.00" in dialog.figures.text()
    assert dialog.give_button.isEnabled() and not dialog.ask_button.isEnabled()
    dialog.give_button.click()
    assert ctx.ops.wait() and ctx.ops.last_error is None
    assert work_order(db, wo_id).discount_amount == Decimal("80.00")


def test_a3_report_and_limits_tabs(qtbot, qtmodeltester, db: Database,
                                   make_ctx: Callable[[Role], AppContext]) -> None:
    lead_ctx, director_ctx = make_ctx(Role.FRONT_DESK_LEAD), make_ctx(Role.SERVICE_DIRECTOR)
    approvals.give_discount(db.uow(), lead_ctx.actor, make_work_order(db, lead_ctx.actor), pct="10", reason="老客户")
    screen = ApprovalsScreen(director_ctx)
    director_ctx.ops.wait()  # the inbox reads on a worker
    qtbot.addWidget(screen)
    assert screen.report is not None
    qtmodeltester.check(screen.report.summary)
    qtmodeltester.check(screen.report.details)
    assert screen.report.summary.rowCount() == 1 and screen.report.details.row_values(0)[7] == "老客户"
    limits = screen.limits
    qtmodeltester.check(limits.model)
    limits.key.setCurrentIndex(limits.key.findData("max_discount_pct"))
    limits.role.setCurrentIndex(limits.role.findData("front_desk_lead"))
    limits.value.setText("8")
    limits.save_button.click()
    assert director_ctx.ops.wait() and director_ctx.ops.last_error is None
    assert any(limits.model.row_values(i)[2] == "8" for i in range(limits.model.rowCount()))
    advisor = ApprovalsScreen(make_ctx(Role.ADVISOR))
    advisor.ctx.ops.wait()  # the inbox reads on a worker
    qtbot.addWidget(advisor)
    assert advisor.inbox is None and advisor.report is None
    assert not advisor.limits.save_button.isEnabled()
