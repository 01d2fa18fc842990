"""The approvals screen: inbox with its badge (approvers), my requests (advisors), the discount report
(director, front-desk lead) and the limits (A3)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ui.approvals.discount_report import DiscountReportTab
from ui.approvals.inbox import InboxTab
from ui.approvals.limits_tab import LimitsTab
from ui.approvals.my_requests import MyRequestsTab
from ui.common import screen_title
from ui.context import AppContext
from workshop.domain.roles import Perm


class ApprovalsScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.title = screen_title(ctx.tr("审批", "Approvals"))
        layout.addWidget(self.title)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.inbox: InboxTab | None = None
        self.my_requests: MyRequestsTab | None = None
        self.report: DiscountReportTab | None = None
        self.limits = LimitsTab(ctx)
        if ctx.can(Perm.APPROVAL_DECIDE):
            self.inbox = InboxTab(ctx)
            self.tabs.addTab(self.inbox, "")
            self.inbox.badge_changed.connect(self._badge)
            self.inbox.refresh()  # again, now that the badge is connected
        if ctx.can(Perm.DISCOUNT_GIVE) or ctx.can(Perm.WORK_ORDER_SETTLE):
            self.my_requests = MyRequestsTab(ctx)
            self.tabs.addTab(self.my_requests, ctx.tr("我的申请", "My requests"))
        if ctx.can(Perm.DISCOUNT_REPORT):
            self.report = DiscountReportTab(ctx)
            self.tabs.addTab(self.report, ctx.tr("折扣报表", "Discount report"))
        self.tabs.addTab(self.limits, ctx.tr("限额设置", "Limits"))
        if self.tabs.count() == 1:
            layout.insertWidget(1, QLabel(ctx.tr("您没有审批权限；这里可以查看现行限额。",
                                                 "You do not decide approvals; here are the limits in force.")))

    def _badge(self, count: int) -> None:
        if self.inbox is None:
            return
        text = self.ctx.tr(f"待我审批 ({count})", f"Inbox ({count})")
        self.tabs.setTabText(self.tabs.indexOf(self.inbox), text)
        self.title.setText(self.ctx.tr(f"审批（待审批 {count}）", f"Approvals ({count} waiting)"))
