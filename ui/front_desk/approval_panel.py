"""The work order's requests (A4) inside the work order window: pending (and who can approve), approved by
whom, when, with what comment, refused with the reason, void and why; the one who asked withdraws with one
click. While a request is pending the window says why its priced lines are locked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.approvals._format import decision_text, kind_name, numbers
from ui.context import AppContext
from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop
from workshop.queries import approvals as q
from workshop.queries.approvals import ApprovalRow
from workshop.services import approvals


class ApprovalPanel(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(ctx.tr("审批", "Approvals"), parent)
        self.ctx = ctx
        self.read_only = read_only
        self.rows: list[ApprovalRow] = []
        self.lock: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.addWidget(self.text, 1)
        self.withdraw_button = QPushButton(ctx.tr("撤回申请", "Withdraw request"))
        self.withdraw_button.clicked.connect(self.withdraw)
        bar.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(bar)
        self.setVisible(False)

    def mine_pending(self) -> ApprovalRow | None:
        return next((r for r in self.rows if r.state == "pending" and r.requested_by == self.ctx.actor.user_id),
                    None)

    def refresh(self, work_order_id: int) -> None:
        self.show_rows(*load_approvals(self.ctx.db, work_order_id))

    def show_rows(self, rows: list[ApprovalRow], lock: tuple[str, str] | None) -> None:
        """What load_approvals read (on a worker, for the work order window)."""
        ctx = self.ctx
        self.rows, self.lock = rows, lock
        lines: list[str] = []
        for r in reversed(self.rows[-4:]):  # newest first, the last few
            lines.append(ctx.tr(
                f"{kind_name(ctx, r.kind)}　{numbers(ctx, r)}　{r.requested_by_name} {fmt_shop(r.requested_at)} 申请："
                f"{decision_text(ctx, r)}",
                f"{kind_name(ctx, r.kind)}　{numbers(ctx, r)}　asked by {r.requested_by_name} at "
                f"{fmt_shop(r.requested_at)}: {decision_text(ctx, r)}"))
        if self.lock is not None:
            lines.insert(0, ctx.tr("【已锁定】", "[Locked] ") + ctx.tr(*self.lock))
        self.text.setText("\n".join(lines))
        self.setStyleSheet("QGroupBox { background: #fff4e0; }" if self.lock else "")
        self.setVisible(bool(self.rows))
        self.withdraw_button.setVisible(not self.read_only and self.mine_pending() is not None)
        self.withdraw_button.setEnabled(True)

    def withdraw(self) -> None:
        row = self.mine_pending()
        if row is None:
            return
        ctx = self.ctx
        self.withdraw_button.setEnabled(False)

        def done(_result: object) -> None:
            self.withdraw_button.setEnabled(True)

        ctx.ops.run_service(approvals.withdraw, row.id, on_done=done, parent=self)


def load_approvals(db: Database, work_order_id: int) -> tuple[list[ApprovalRow], tuple[str, str] | None]:
    """The order's requests and the lock a pending one puts on its priced lines (A4); any thread."""
    return q.approvals_for_work_order(db, work_order_id), q.lines_lock(db, work_order_id)
