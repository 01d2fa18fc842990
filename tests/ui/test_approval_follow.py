"""A4 on screen: the inbox cannot approve two requests with one mis-click, and an advisor follows a request
from sending to decision without leaving the work order window (lock, withdraw, decision, notice)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from tests.helpers.approvals_data import make_work_order, work_order
from ui.approvals.discount_dialog import DiscountDialog
from ui.approvals.notice import RequestWatcher
from ui.approvals.screen import ApprovalsScreen
from ui.context import AppContext
from ui.front_desk.work_order_view import WorkOrderWindow
from workshop.db.models import Approval
from workshop.db.uow import Database
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.clock import utcnow
from workshop.domain.roles import Role
from workshop.services import approvals

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # windows shown offscreen


def _states(db: Database) -> list[str]:
    with db.read() as s:
        return [st for (st,) in s.execute(select(Approval.state).order_by(Approval.id))]


def test_a4_inbox_one_misclick_cannot_approve_two(qtbot, db: Database,
                                                  make_ctx: Callable[[Role], AppContext]) -> None:
    lead_ctx, director_ctx = make_ctx(Role.FRONT_DESK_LEAD), make_ctx(Role.SERVICE_DIRECTOR)
    for _ in range(2):
        approvals.request_discount_approval(db.uow(), lead_ctx.actor, make_work_order(db, lead_ctx.actor),
                                            pct="25", reason="老客户")
    screen = ApprovalsScreen(director_ctx)
    director_ctx.ops.wait()  # the inbox reads on a worker
    qtbot.addWidget(screen)
    inbox = screen.inbox
    assert inbox is not None and inbox.model.rowCount() == 2
    assert not inbox.approve_button.isEnabled()  # nothing selected when it opens
    asked: list[str] = []

    def confirm(row: object, approve: bool, reason: str) -> bool:
        asked.append(getattr(row, "work_order_no", ""))
        return True

    inbox.confirm = confirm  # type: ignore[method-assign]
    inbox.view.selectRow(0)
    assert "规则：折扣 25 %，超过前台主管 10 %、车间经理 20 %" in inbox.detail.text()
    inbox.approve_button.click()
    assert director_ctx.ops.wait() and director_ctx.ops.last_error is None
    inbox.approve_button.click()  # the mis-click: nothing is selected any more
    assert director_ctx.ops.wait()
    assert len(asked) == 1 and _states(db) == ["approved", "pending"]
    assert inbox.selected() is None and not inbox.approve_button.isEnabled()
    inbox.show_decided.setChecked(True)  # decided ones show decider, time and comment
    inbox.ctx.ops.wait()
    decided = next(inbox.model.row_values(i) for i in range(inbox.model.rowCount())
                   if inbox.model.row_values(i)[5] == "已批准")
    assert decided[8] == director_ctx.actor.display_name and decided[9]


def test_a4_advisor_follows_a_request_in_the_work_order_window(qtbot, db: Database,
                                                               make_ctx: Callable[[Role], AppContext]) -> None:
    lead_ctx, manager_ctx = make_ctx(Role.FRONT_DESK_LEAD), make_ctx(Role.WORKSHOP_MANAGER)
    wo_id = make_work_order(db, lead_ctx.actor, state="in_progress")
    number = work_order(db, wo_id).number
    watcher = RequestWatcher(lead_ctx, since=utcnow())
    window = WorkOrderWindow(lead_ctx, number)
    window.ctx.ops.wait()  # the window reads the order on a worker
    qtbot.addWidget(window)
    window.show()
    assert window.buttons["add_labor"].isEnabled() and window.approvals.isHidden()

    dialog = DiscountDialog(lead_ctx, wo_id)
    qtbot.addWidget(dialog)
    dialog.value.setText("8.5")  # 8.5折 = 15 % off: above the lead's 10 %
    assert "8.5折 = 优惠 15 % = ¥150.00" in dialog.equals.text()
    dialog.reason.setText("老客户")
    dialog.ask_button.click()
    assert lead_ctx.ops.wait() and lead_ctx.ops.last_error is None

    panel = window.approvals
    assert not panel.isHidden() and "待车间经理审批" in panel.text.text()
    assert "车间经理或服务总监可以审批" in panel.text.text()
    assert not window.buttons["add_labor"].isEnabled()
    assert "撤回" in window.buttons["add_labor"].toolTip()
    assert not panel.withdraw_button.isHidden()
    panel.withdraw_button.click()  # one click
    assert lead_ctx.ops.wait() and lead_ctx.ops.last_error is None
    assert "已撤回" in panel.text.text() and window.buttons["add_labor"].isEnabled()

    approvals.request_discount_approval(db.uow(), lead_ctx.actor, wo_id, pct="15", reason="老客户")
    lead_ctx.ops.broadcast(ChangeSet.of(RecordKind.APPROVALS))
    manager_screen = ApprovalsScreen(manager_ctx)
    manager_ctx.ops.wait()  # the inbox reads on a worker
    qtbot.addWidget(manager_screen)
    inbox = manager_screen.inbox
    assert inbox is not None
    inbox.confirm = lambda *_a: True  # type: ignore[method-assign]
    inbox.view.selectRow(0)
    inbox.reason.setText("同意，下不为例")
    inbox.approve_button.click()
    assert manager_ctx.ops.wait() and manager_ctx.ops.last_error is None

    watcher.check()  # the poll: decided at another desk
    assert len(watcher.unread) == 1
    assert lead_ctx.ops.wait()  # the window reads the order again on a worker
    text = panel.text.text()
    assert f"已批准：{manager_ctx.actor.display_name}" in text and "意见：同意，下不为例" in text
    assert window.buttons["add_labor"].isEnabled()


def test_a4_inbox_opens_the_work_order_read_only(qtbot, db: Database,
                                                make_ctx: Callable[[Role], AppContext]) -> None:
    lead_ctx, director_ctx = make_ctx(Role.FRONT_DESK_LEAD), make_ctx(Role.SERVICE_DIRECTOR)
    wo_id = make_work_order(db, lead_ctx.actor, state="in_progress")
    approvals.request_discount_approval(db.uow(), lead_ctx.actor, wo_id, pct="25", reason="老客户")
    screen = ApprovalsScreen(director_ctx)
    director_ctx.ops.wait()  # the inbox reads on a worker
    qtbot.addWidget(screen)
    assert screen.inbox is not None
    screen.inbox.view.selectRow(0)
    screen.inbox.open_button.click()
    director_ctx.ops.wait()
    windows = [w for w in screen.inbox.findChildren(WorkOrderWindow)]
    assert len(windows) == 1 and windows[0].read_only
    assert windows[0].buttons["add_labor"].isHidden() and windows[0].buttons["discount"].isHidden()
    assert windows[0].approvals.withdraw_button.isHidden()
    windows[0].close()
