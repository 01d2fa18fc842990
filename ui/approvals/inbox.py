"""The approver's inbox (A3, A4): requests for the roles the user holds (the director sees all), with the
numbers and the reason; approve, or refuse with a reason the advisor sees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.approvals._format import detail_text as describe
from ui.approvals._format import kind_name, numbers, role_name, state_name, week_so_far
from ui.context import AppContext
from ui.widgets.lazy_table import LazyTableModel
from workshop.domain.clock import fmt_shop
from workshop.queries import approvals as q
from workshop.queries.approvals import ApprovalRow
from workshop.services import approvals

HEADERS = (("申请时间", "Asked at"), ("类型", "Kind"), ("工单", "Work order"), ("申请人", "Asked by"),
           ("需要", "Needs"), ("状态", "State"), ("折扣 / 毛利率", "Discount / margin"),
           ("本周已打折", "Week so far"), ("原因", "Reason"))


def request_table(ctx: AppContext, rows_by_id: dict[int, ApprovalRow],
                  fetch: Any) -> tuple[LazyTableModel, QTableView]:
    """A lazy table of requests; rows_by_id is filled as pages load (the id is the hidden last value)."""

    def fetch_page(offset: int, limit: int) -> Sequence[Sequence[Any]]:
        rows: list[ApprovalRow] = fetch(offset, limit)
        out = []
        for r in rows:
            rows_by_id[r.id] = r
            out.append((fmt_shop(r.requested_at), kind_name(ctx, r.kind), r.work_order_no, r.requested_by_name,
                        role_name(ctx, r.required_role), state_name(ctx, r.state), numbers(ctx, r),
                        week_so_far(r.details), r.reason, r.id))
        return out

    model = LazyTableModel([ctx.tr(zh, en) for zh, en in HEADERS], fetch_page, page_size=100, hidden_tail=1)
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return model, view


class InboxTab(QWidget):
    badge_changed = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: dict[int, ApprovalRow] = {}
        self.count = 0
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.show_decided = QCheckBox(ctx.tr("也显示已处理的", "Show decided ones too"))
        self.show_decided.toggled.connect(lambda _on: self.refresh())
        bar.addWidget(QLabel(ctx.tr("发给您的角色的申请（服务总监看到全部）。",
                                    "Requests for your roles (the service director sees all).")))
        bar.addStretch(1)
        bar.addWidget(self.show_decided)
        layout.addLayout(bar)
        self.model, self.view = request_table(ctx, self.rows, self._fetch)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        layout.addWidget(self.view, 3)
        self.detail = QLabel(ctx.tr("选择一条申请查看详情。", "Pick a request to see its details."))
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail, 1)
        decide_bar = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(ctx.tr("审批意见（拒绝时必填）", "Your reason (required to refuse)"))
        self.approve_button = QPushButton(ctx.tr("批准", "Approve"))
        self.refuse_button = QPushButton(ctx.tr("拒绝", "Refuse"))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        decide_bar.addWidget(self.reason, 1)
        decide_bar.addWidget(self.approve_button)
        decide_bar.addWidget(self.refuse_button)
        layout.addLayout(decide_bar)
        ctx.ops.changed.connect(self._on_changed)
        self.refresh()

    def _fetch(self, offset: int, limit: int) -> list[ApprovalRow]:
        return q.inbox(self.ctx.db, self.ctx.actor, pending_only=not self.show_decided.isChecked(),
                       offset=offset, limit=limit)

    def _on_changed(self, what: str) -> None:
        if what in ("approvals", "work_orders"):
            self.refresh()

    def refresh(self) -> None:
        self.rows.clear()
        self.model.reload()
        self.count = q.badge_count(self.ctx.db, self.ctx.actor)
        self.badge_changed.emit(self.count)
        if self.model.rowCount():
            self.view.selectRow(0)
        else:
            self.detail.setText(self.ctx.tr("没有待审批的申请。", "Nothing waiting for you."))
        self._show_selected()

    def selected(self) -> ApprovalRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.rows.get(int(self.model.row_values(index.row())[-1]))

    def _show_selected(self) -> None:
        row = self.selected()
        pending = row is not None and row.state == "pending"
        self.approve_button.setEnabled(pending)
        self.refuse_button.setEnabled(pending)
        if row is not None:
            self.detail.setText(describe(self.ctx, row))

    def select_request(self, approval_id: int) -> bool:
        for i in range(self.model.rowCount()):
            if self.model.row_values(i)[-1] == approval_id:
                self.view.selectRow(i)
                return True
        return False

    def decide(self, approve: bool) -> None:
        row = self.selected()
        if row is None:
            return
        ctx = self.ctx
        reason = self.reason.text()

        def done(_result: object) -> None:
            self.reason.clear()
            ctx.ops.changed.emit("work_orders")

        ctx.ops.run(lambda: approvals.decide(ctx.db.uow(), ctx.actor, row.id, approve, reason), done,
                    changed="approvals", parent=self)
