"""W5 at the parts counter: the jobs a technician paused 待料 (waiting for parts), oldest first, with the work
order, the technician, since when and the part named; double-click opens the work order to issue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.widgets.query_op import QueryOp
from workshop.domain.changes import RecordKind
from workshop.domain.clock import fmt_shop
from workshop.queries.floor_clock import WaitingJob, waiting_for_parts


def waiting_text(ctx: AppContext, w: WaitingJob) -> str:
    part = w.part or w.note
    issued = ctx.tr("（已发料，待技工继续）", " (issued, technician to resume)") if w.parts_issued_at else ""
    return ctx.tr(f"{w.work_order_no}　{w.plate}　{w.technician}「{w.job}」待料 自 {fmt_shop(w.since)[5:]}"
                  + (f"：{part}" if part else "") + issued,
                  f"{w.work_order_no}  {w.plate}  {w.technician} '{w.job}' waiting for parts since "
                  f"{fmt_shop(w.since)[5:]}" + (f": {part}" if part else "") + issued)


class WaitingJobs(QWidget):
    def __init__(self, ctx: AppContext, open_work_order: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(
            lambda item: open_work_order(str(item.data(Qt.ItemDataRole.UserRole))))
        layout.addWidget(self.list, 1)
        self.rows: list[WaitingJob] = []
        self.query: QueryOp[list[WaitingJob]] = QueryOp(self, ctx.ops, self._show)  # read on a worker
        ctx.ops.watch(self, {RecordKind.WORK_ORDERS}, lambda _changes: self.refresh())
        self.timer = QTimer(self)
        self.timer.setInterval(30_000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        self.query.run(lambda: waiting_for_parts(db))

    def _show(self, rows: list[WaitingJob]) -> None:
        self.rows = rows
        self.title.setText(self.ctx.tr(f"技工待料（{len(rows)}，双击打开）", f"Jobs waiting for parts ({len(rows)})"))
        self.list.clear()
        for w in rows:
            item = QListWidgetItem(waiting_text(self.ctx, w))
            item.setData(Qt.ItemDataRole.UserRole, w.work_order_no)
            self.list.addItem(item)
