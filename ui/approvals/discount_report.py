"""The director's discount report (A1, Q3): per advisor per calendar week, and every discount with its reason."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.approvals._format import pct_text
from ui.context import AppContext
from ui.widgets.lazy_table import LazyTableModel
from workshop.domain.changes import RecordKind
from workshop.domain.clock import SHOP_TZ, fmt_shop, to_shop, utcnow
from workshop.domain.money import fmt_money
from workshop.queries import approvals as q

SUMMARY = (("周（自周一）", "Week of (Monday)"), ("顾问", "Advisor"), ("打折工单数", "Discounted orders"),
           ("折扣金额", "Amount off"), ("其中经审批", "Of which approved"))
DETAILS = (("时间", "At"), ("顾问", "Advisor"), ("工单", "Work order"), ("折扣 %", "Discount %"),
           ("折扣金额", "Amount off"), ("审批人", "Approved by"), ("状态", "State"), ("原因", "Reason"))


def _table(model: LazyTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _at_noon(d: QDate) -> datetime:
    return datetime(d.year(), d.month(), d.day(), 12, 0, tzinfo=SHOP_TZ)


class DiscountReportTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = to_shop(utcnow()).date()
        self.start = QDateEdit(QDate(today.year, today.month, today.day).addDays(-28))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.advisor = QComboBox()
        self.advisor.addItem(ctx.tr("全部顾问", "All advisors"), None)
        for uid, name in q.advisors_with_discounts(ctx.db):
            self.advisor.addItem(name, uid)
        self.advisor.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(QLabel(ctx.tr("从", "From")))
        bar.addWidget(self.start)
        bar.addWidget(QLabel(ctx.tr("到", "to")))
        bar.addWidget(self.end)
        bar.addWidget(self.advisor)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = LazyTableModel([ctx.tr(zh, en) for zh, en in SUMMARY], self._summary_page, page_size=500)
        layout.addWidget(_table(self.summary), 1)
        layout.addWidget(QLabel(ctx.tr("每一笔折扣及原因", "Every discount with its reason")))
        self.details = LazyTableModel([ctx.tr(zh, en) for zh, en in DETAILS], self._details_page, page_size=200)
        layout.addWidget(_table(self.details), 2)
        ctx.ops.watch(self, {RecordKind.APPROVALS, RecordKind.WORK_ORDERS}, lambda _changes: self.refresh())
        self.refresh()

    def _range(self) -> tuple[datetime, datetime, int | None]:
        start, end = _at_noon(self.start.date()), _at_noon(self.end.date())
        if end < start:
            start, end = end, start
        return start, end, self.advisor.currentData()

    def _summary_page(self, offset: int, limit: int) -> Sequence[Sequence[Any]]:
        if offset:
            return []  # one page: a handful of advisors times a few weeks
        start, end, advisor = self._range()
        return [(to_shop(r.week_start).strftime("%Y-%m-%d"), r.advisor_name, r.work_orders, fmt_money(r.amount),
                 r.approved) for r in q.discount_summary(self.ctx.db, start=start, end=end, advisor_id=advisor)]

    def _details_page(self, offset: int, limit: int) -> Sequence[Sequence[Any]]:
        start, end, advisor = self._range()
        ctx = self.ctx
        return [(fmt_shop(r.at), r.advisor_name, r.work_order_no, pct_text(r.pct) if r.pct else "",
                 fmt_money(r.amount), r.approved_by or ctx.tr("（自行，在权限内）", "(own, within limit)"),
                 ctx.tr("有效", "in force") if r.active else ctx.tr("已被替换", "replaced"), r.reason)
                for r in q.discount_details(ctx.db, start=start, end=end, advisor_id=advisor,
                                            offset=offset, limit=limit)]

    def refresh(self) -> None:
        self.summary.reload()
        self.details.reload()
