"""W7: a dated correction to a closed piece-rate month — the amount (negative pays less) and the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ui.context import AppContext
from ui.front_desk import common
from workshop.services import piece_rate
from workshop.services.piece_rate import Statement


class CorrectionDialog(QDialog):
    def __init__(self, ctx: AppContext, st: Statement, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.st = ctx, st
        self.setWindowTitle(ctx.tr(f"更正 {st.month:%Y-%m} — {st.name}", f"Correct {st.month:%Y-%m} — {st.name}"))
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        form.addRow(QLabel(ctx.tr("已结账的月份只能以带日期的更正改动；负数表示少发。",
                                  "A closed month changes only by a dated correction; a negative amount pays less.")))
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        form.addRow(ctx.tr("金额（元）", "Amount (元)"), self.amount)
        form.addRow(ctx.tr("原因", "Reason"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx, st = self.ctx, self.st
        amount, reason = self.amount.text(), self.reason.text()
        ctx.ops.run_service(piece_rate.add_correction, st.month, st.technician_id, amount, reason,
                            on_done=lambda _: self.accept(), parent=self)
