"""What I asked for and what was decided, with the approver's reason (A4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.approvals._format import detail_text
from ui.approvals.inbox import request_table
from ui.context import AppContext
from workshop.domain.changes import RecordKind
from workshop.queries import approvals as q
from workshop.queries.approvals import ApprovalRow


class MyRequestsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: dict[int, ApprovalRow] = {}
        layout = QVBoxLayout(self)
        self.model, self.view = request_table(
            ctx, self.rows, lambda offset, limit: q.my_requests(ctx.db, ctx.actor, offset=offset, limit=limit))
        self.model.reads_off_thread(ctx.ops)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        layout.addWidget(self.view, 3)
        self.detail = QLabel(ctx.tr("选择一条申请查看审批结果。", "Pick a request to see its decision."))
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail, 1)
        ctx.ops.watch(self, {RecordKind.APPROVALS, RecordKind.WORK_ORDERS}, lambda _changes: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.rows.clear()
        self.model.reload()

    def _show_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            row = self.rows.get(int(self.model.row_values(index.row())[-1]))
            if row is not None:
                self.detail.setText(detail_text(self.ctx, row))
