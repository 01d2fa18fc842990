"""A notice for the one who asked (A4): when one of their requests is decided while they are logged in, a badge
in the status bar and a non-modal message say so. Polls every 30 s (another desk decides) and checks at once
when this desk's operations change approvals."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from ui.approvals._format import decision_text, kind_name
from ui.context import AppContext
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.clock import utcnow
from workshop.domain.roles import Perm
from workshop.queries import approvals as q
from workshop.queries.approvals import ApprovalRow

POLL_MS = 30_000


class RequestWatcher(QObject):
    decided = Signal(object)  # ApprovalRow

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, since: datetime | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.since = since or utcnow()
        self.seen: set[int] = set()
        self.unread: list[ApprovalRow] = []
        self.badge: QLabel | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        ctx.ops.watch(self, {RecordKind.APPROVALS, RecordKind.WORK_ORDERS}, lambda _changes: self.check())
        if ctx.can(Perm.DISCOUNT_GIVE) or ctx.can(Perm.WORK_ORDER_SETTLE):
            self.timer.start()

    def check(self) -> None:
        new = [r for r in q.my_decisions_since(self.ctx.db, self.ctx.actor, self.since) if r.id not in self.seen]
        for row in new:
            self.seen.add(row.id)
            self.unread.append(row)
            self.decided.emit(row)
        if new:  # decided at another desk: this user's open screens (the work order window) refresh
            self.ctx.ops.broadcast(ChangeSet(ids={
                RecordKind.APPROVALS: frozenset(r.id for r in new),
                RecordKind.WORK_ORDERS: frozenset(r.work_order_id for r in new if r.work_order_id is not None)}))

    def mark_read(self) -> None:
        self.unread.clear()


def attach(ctx: AppContext, status: QStatusBar, parent: QObject) -> RequestWatcher:
    """The badge and the message in the main window's status bar."""
    watcher = RequestWatcher(ctx, parent)
    badge = QLabel("")
    badge.setStyleSheet("QLabel { background: #c0392b; color: white; border-radius: 8px; padding: 1px 8px; }")
    badge.setVisible(False)
    status.addPermanentWidget(badge)

    def on_decided(row: ApprovalRow) -> None:
        n = len(watcher.unread)
        badge.setText(ctx.tr(f"我的申请：{n} 条新结果", f"My requests: {n} decided"))
        badge.setVisible(True)
        status.showMessage(ctx.tr(f"工单 {row.work_order_no} 的{kind_name(ctx, row.kind)}申请：{decision_text(ctx, row)}",
                                  f"{kind_name(ctx, row.kind)} request on {row.work_order_no}: "
                                  f"{decision_text(ctx, row)}"), 20_000)

    watcher.decided.connect(on_decided)
    watcher.badge = badge
    return watcher
