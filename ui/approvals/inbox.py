"""The approver's inbox (A3, A4): requests for the roles the user holds (the director sees all), with the
numbers and the reason; approve, or refuse with a reason the advisor sees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.approvals._format import detail_text as describe
from ui.approvals._format import kind_name, numbers, role_name, state_name, week_so_far
from ui.context import AppContext
from ui.widgets.lazy_table import LazyTableModel
from ui.widgets.query_op import QueryOp
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.clock import fmt_shop
from workshop.queries import approvals as q
from workshop.queries.approvals import ApprovalRow
from workshop.services import approvals

HEADERS = (("申请时间", "Asked at"), ("类型", "Kind"), ("工单", "Work order"), ("申请人", "Asked by"),
           ("需要", "Needs"), ("状态", "State"), ("折扣 / 毛利率", "Discount / margin"),
           ("本周已打折", "Week so far"), ("处理人", "Decided by"), ("处理时间", "Decided at"),
           ("意见", "Comment"), ("原因", "Reason"))


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
                        week_so_far(r.details), r.decided_by_name, fmt_shop(r.decided_at) if r.decided_at else "",
                        r.decision_reason, r.reason, r.id))
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
        self.pending_only = True  # taken from the check box before each read (the read runs on a worker)
        self.model, self.view = request_table(ctx, self.rows, self._fetch)
        self.model.reads_off_thread(ctx.ops)  # with the decided ones, ~130 ms on the large demo
        self.model.on_reloaded = self._reloaded
        self.badge_query: QueryOp[int] = QueryOp(self, ctx.ops, self._show_count)
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
        self.approve_button = QPushButton(ctx.tr("批准…", "Approve…"))
        self.refuse_button = QPushButton(ctx.tr("拒绝…", "Refuse…"))
        self.open_button = QPushButton(ctx.tr("查看工单", "Open work order"))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.open_button.clicked.connect(self.open_work_order)
        decide_bar.addWidget(self.open_button)
        decide_bar.addWidget(self.reason, 1)
        decide_bar.addWidget(self.approve_button)
        decide_bar.addWidget(self.refuse_button)
        layout.addLayout(decide_bar)
        ctx.ops.watch(self, {RecordKind.APPROVALS, RecordKind.WORK_ORDERS}, self._on_changed)
        self.refresh()

    def _fetch(self, offset: int, limit: int) -> list[ApprovalRow]:
        return q.inbox(self.ctx.db, self.ctx.actor, pending_only=self.pending_only, offset=offset, limit=limit)

    def _on_changed(self, _changes: ChangeSet) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Both reads run on a worker; the rows and the count are shown when they arrive."""
        self.pending_only = not self.show_decided.isChecked()
        self.rows.clear()
        self._unselect()
        self.model.reload()
        db, actor = self.ctx.db, self.ctx.actor
        self.badge_query.run(lambda: q.badge_count(db, actor))

    def _show_count(self, count: int) -> None:
        self.count = count
        self.badge_changed.emit(count)

    def _reloaded(self) -> None:
        self._unselect()

    def _unselect(self) -> None:
        # nothing is selected after a refresh: a second click on 批准 must not decide another request
        self.view.clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        if self.model.rowCount():
            self.detail.setText(self.ctx.tr("选择一条申请查看详情。", "Pick a request to see its details."))
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
        self.open_button.setEnabled(row is not None and bool(row.work_order_no))
        if row is not None:
            self.detail.setText(describe(self.ctx, row))

    def select_request(self, approval_id: int) -> bool:
        for i in range(self.model.rowCount()):
            if self.model.row_values(i)[-1] == approval_id:
                self.view.selectRow(i)
                return True
        return False

    def open_work_order(self) -> None:
        """The work order behind the request, read-only."""
        row = self.selected()
        if row is None or not row.work_order_no:
            return
        from ui.front_desk.work_order_view import WorkOrderWindow

        window = WorkOrderWindow(self.ctx, row.work_order_no, self, read_only=True)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()

    def confirm(self, row: ApprovalRow, approve: bool, reason: str) -> bool:
        """Approve and refuse each ask once, showing the figures the decision is about."""
        ctx = self.ctx
        verb = ctx.tr("批准", "Approve") if approve else ctx.tr("拒绝", "Refuse")
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(ctx.tr(f"{verb}申请", f"{verb} the request"))
        box.setText(ctx.tr(f"{verb}{row.requested_by_name}的{kind_name(ctx, row.kind)}申请（工单 {row.work_order_no}）？",
                           f"{verb} {row.requested_by_name}'s {kind_name(ctx, row.kind).lower()} request "
                           f"(work order {row.work_order_no})?"))
        box.setInformativeText(describe(ctx, row) + (ctx.tr(f"\n您的意见：{reason}", f"\nYour comment: {reason}")
                                                     if reason else ""))
        yes = box.addButton(verb, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(ctx.tr("取消", "Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.exec()
        return box.clickedButton() is yes

    def decide(self, approve: bool) -> None:
        row = self.selected()
        if row is None or row.state != "pending":
            return
        ctx = self.ctx
        reason = self.reason.text()
        if not approve and not reason.strip():
            self.detail.setText(describe(ctx, row) + ctx.tr("\n\n拒绝请先填写原因（申请人会看到）。",
                                                            "\n\nWrite the reason to refuse (the requester sees it)."))
            self.reason.setFocus()
            return
        if not self.confirm(row, approve, reason):
            return
        self.approve_button.setEnabled(False)
        self.refuse_button.setEnabled(False)

        def done(_result: object) -> None:
            self.reason.clear()  # the decision's ChangeSet names its work order: that window refreshes

        ctx.ops.run_service(approvals.decide, row.id, approve, reason, on_done=done, parent=self)
