"""M7: the invoice request of a work order (title, tax number, 普票/专票, amount) and the invoice number once
the invoice is issued."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ui.context import AppContext
from ui.tools.common import error_text, say
from workshop.domain.money import fmt_money
from workshop.queries import cashier as cq
from workshop.services import cashier_invoice


class InvoiceDialog(QDialog):
    def __init__(self, ctx: AppContext, number: str) -> None:
        super().__init__()
        self.ctx, self.number = ctx, number
        self.last_request: int | None = None
        tr = ctx.tr
        self.setWindowTitle(tr(f"开票 {number}", f"Invoice {number}"))
        layout = QVBoxLayout(self)
        self.existing = QLabel()
        self.existing.setWordWrap(True)
        layout.addWidget(self.existing)
        form = QFormLayout()
        self.title = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItem(tr("普票", "Normal (普票)"), "normal")
        self.kind.addItem(tr("专票", "Special VAT (专票)"), "special")
        self.tax = QLineEdit()
        self.amount = QLineEdit()
        form.addRow(tr("发票抬头", "Title"), self.title)
        form.addRow(tr("类型", "Type"), self.kind)
        form.addRow(tr("税号", "Tax number"), self.tax)
        form.addRow(tr("金额", "Amount"), self.amount)
        self.invoice_no = QLineEdit()
        form.addRow(tr("发票号码", "Invoice number"), self.invoice_no)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        ask = QPushButton(tr("提交开票申请", "Request invoice"))
        ask.clicked.connect(self.request)
        issued = QPushButton(tr("登记发票号码", "Record invoice number"))
        issued.clicked.connect(self.record)
        done = QPushButton(tr("关闭", "Done"))
        done.clicked.connect(self.accept)
        for b in (ask, issued):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(done)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        b = cq.bill(self.ctx.db, self.number)
        kinds = {"normal": self.ctx.tr("普票", "normal"), "special": self.ctx.tr("专票", "special")}
        self.existing.setText("<br>".join(
            f"{title} · {kinds.get(kind, kind)} · {fmt_money(amount)} · "
            f"{number or self.ctx.tr('待开票', 'not issued yet')}" for title, kind, amount, number in b.invoices)
            or self.ctx.tr("还没有开票申请。", "No invoice request yet."))
        if not self.amount.text():
            self.amount.setText(f"{b.split.total:.2f}")

    def request(self) -> None:
        ctx = self.ctx

        def done(info: cashier_invoice.InvoiceInfo) -> None:
            self.last_request = info.id
            say(self.message, ctx.tr(f"已申请开票 {fmt_money(info.amount)}", f"Requested {fmt_money(info.amount)}"), True)
            self.reload()

        ctx.ops.run_service(cashier_invoice.request_invoice, self.number, title=self.title.text(),
                            kind=str(self.kind.currentData()), amount=self.amount.text(),
                            tax_number=self.tax.text(), on_done=done,
                            on_error=lambda exc: say(self.message, error_text(ctx, exc), False))

    def record(self) -> None:
        ctx, request_id = self.ctx, self.last_request
        if request_id is None:
            say(self.message, ctx.tr("请先提交开票申请。", "Request the invoice first."), False)
            return
        def invoiced(info: Any) -> None:
            say(self.message, ctx.tr(f"已开票 {info.invoice_number}", "Invoiced"), True)
            self.reload()

        ctx.ops.run_service(cashier_invoice.record_invoice_number, request_id, self.invoice_no.text(),
                            on_done=invoiced,
                            on_error=lambda exc: say(self.message, error_text(ctx, exc), False))
