"""C1/C3: take the customer's deposit (amount, method, receipt number) or record its refund (amount, method)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from ui.context import AppContext
from ui.tools.common import error_label, error_text
from workshop.domain.labels import label_of
from workshop.domain.money import fmt_money
from workshop.domain.payments import Method
from workshop.queries.claims import ClaimRow
from workshop.services import claims


class MoneyDialog(QDialog):
    """mode 'deposit' or 'refund' for the claim order `row`."""

    def __init__(self, ctx: AppContext, row: ClaimRow, mode: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.row = row
        self.mode = mode
        self.result_info: claims.DepositInfo | None = None
        tr = ctx.tr
        refund = mode == "refund"
        self.setWindowTitle(tr("退订金", "Refund the deposit") if refund else tr("收订金", "Take a deposit"))
        form = QFormLayout(self)
        form.addRow(tr("索赔订货单", "Claim order"), QLabel(f"{row.number} · {row.work_order_no}"))
        form.addRow(tr("客户", "Customer"), QLabel(f"{row.customer_name}  {row.customer_phone}  {row.plate}"))
        if refund:
            form.addRow(tr("所收订金", "Deposit taken"), QLabel(f"{fmt_money(row.deposit)}（{row.receipt_no}）"))
        self.amount = QLineEdit(f"{row.deposit_held:.2f}" if refund else "")
        self.amount.setPlaceholderText("0.00")
        form.addRow(tr("退款金额（元）", "Refund (元)") if refund else tr("订金金额（元）", "Deposit (元)"), self.amount)
        self.method = QComboBox()
        for m in claims.METHODS:
            self.method.addItem(label_of(Method, m, ctx.lang), m)
        form.addRow(tr("方式", "Method"), self.method)
        self.receipt = QLineEdit()
        self.receipt.setPlaceholderText(tr("留空则自动编号（DJ…）", "Leave empty for the next DJ… number"))
        if not refund:
            form.addRow(tr("收据号", "Receipt no."), self.receipt)
        self.error = error_label()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx = self.ctx
        number, amount, method = self.row.number, self.amount.text(), str(self.method.currentData())
        receipt = self.receipt.text().strip() or None

        def done(info: claims.DepositInfo) -> None:
            self.result_info = info
            self.accept()

        refused = lambda exc: self.error.setText(error_text(ctx, exc))  # noqa: E731
        if self.mode == "refund":
            ctx.ops.run_service(claims.record_refund, number, amount, method, on_done=done, on_error=refused)
        else:
            ctx.ops.run_service(claims.record_deposit, number, amount, method, receipt_no=receipt, on_done=done,
                                on_error=refused)
