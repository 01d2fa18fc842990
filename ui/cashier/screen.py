"""The cashier's desk (收银台, M1/M2): scan or type the work order; the bill split by payer and what the
customer still owes; one or several tenders (cash with change, WeChat Pay, Alipay, bank card, transfer, with
the POS reference); a claim deposit applied; receipts printed and voided."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.cashier.printouts import save_gate_pass, save_receipt
from ui.cashier.tables import fill_table as _fill
from ui.cashier.tables import plain_table as _table
from ui.common import cell_text, screen_title
from ui.context import AppContext
from ui.tools.common import error_text, say
from ui.widgets.query_op import QueryOp
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.clock import fmt_shop
from workshop.domain.labels import label, label_of
from workshop.domain.money import fmt_money
from workshop.domain.payments import TENDER_METHODS, Method
from workshop.domain.roles import Perm
from workshop.queries import cashier as cq
from workshop.services import cashier


class CashierScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.current: cq.Bill | None = None
        self.pending: list[cashier.Tender] = []
        tr = ctx.tr
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(screen_title(tr("收银台", "Cashier")))
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(tr("扫描或输入工单号，回车", "Scan or type the work order number, Enter"))
        self.scan.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhPreferUppercase)
        self.scan.setMinimumWidth(300)
        self.scan.returnPressed.connect(lambda: self.open_bill(self.scan.text()))
        top.addWidget(self.scan)
        open_btn = QPushButton(tr("打开", "Open"))
        open_btn.clicked.connect(lambda: self.open_bill(self.scan.text()))
        top.addWidget(open_btn)
        self.message = QLabel()  # at the top: the change to hand back is read here, on any screen size
        self.message.setWordWrap(True)
        top.addWidget(self.message, 1)
        layout.addLayout(top)

        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("待收款（已结算未付清）", "Waiting (settled, not paid)")))
        self.waiting = _table([tr("工单号", "Work order"), tr("车牌", "Plate"), tr("客户", "Customer"),
                               tr("金额", "Amount")])
        self.waiting.cellDoubleClicked.connect(lambda r, _c: self.open_bill(cell_text(self.waiting, r, 0)))
        self.waiting_query: QueryOp[list[cq.WaitingRow]] = QueryOp(self, ctx.ops, self._show_waiting)
        left.addWidget(self.waiting)
        body.addLayout(left, 2)

        right = QVBoxLayout()
        self.header = QLabel(tr("请扫描工单。", "Scan a work order."))
        self.header.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.header, 1)
        self.history_button = QPushButton(tr("车辆档案…", "Vehicle history…"))  # issue 19: the car's past visits
        self.history_button.setEnabled(False)
        self.history_button.clicked.connect(self.show_vehicle_history)
        head.addWidget(self.history_button)
        right.addLayout(head)
        self.split = _table([tr("项目", "Line"), tr("金额", "Amount"), tr("付款方", "Paid by")])
        self.split.setMinimumHeight(180)
        right.addWidget(self.split)
        self.owed = QLabel()
        font = self.owed.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.owed.setFont(font)
        right.addWidget(self.owed)
        right.addWidget(self._tender_box())
        row = QHBoxLayout()
        self.print_btn = QPushButton(tr("打印收据", "Print receipt"))
        self.print_btn.clicked.connect(self.print_receipt)
        self.void_btn = QPushButton(tr("作废收据", "Void receipt"))
        self.void_btn.clicked.connect(self.void_receipt)
        self.pass_btn = QPushButton(tr("打印放行条", "Print gate pass"))
        self.pass_btn.clicked.connect(self.print_gate_pass)
        row.addWidget(self.print_btn)
        row.addWidget(self.void_btn)
        row.addWidget(self.pass_btn)
        self.invoice_btn = QPushButton(tr("开票", "Invoice"))
        self.invoice_btn.clicked.connect(self.open_invoice)
        row.addWidget(self.invoice_btn)
        day_btn = QPushButton(tr("日结", "Day close"))
        day_btn.clicked.connect(self.open_day_close)
        day_btn.setEnabled(ctx.can(Perm.DAY_CLOSE))
        row.addWidget(day_btn)
        row.addStretch(1)
        right.addLayout(row)  # the actions above the receipts: in reach on a 1366x768 screen
        right.addWidget(QLabel(tr("本单收款记录", "Receipts of this order")))
        self.payments = _table([tr("收据号", "Receipt"), tr("时间", "Time"), tr("方式", "Method"),
                                tr("金额", "Amount"), tr("状态", "Status")])
        right.addWidget(self.payments)
        body.addLayout(right, 3)
        layout.addLayout(body)
        ctx.ops.watch(self, {RecordKind.PAYMENTS, RecordKind.WORK_ORDERS, RecordKind.RECEIVABLES}, self._on_changed)
        self.reload_waiting()
        self._enable()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.scan.setFocus()

    def _tender_box(self) -> QGroupBox:
        tr = self.ctx.tr
        box = QGroupBox(tr("收款", "Take payment"))
        grid = QGridLayout(box)
        self.method = QComboBox()
        for m in TENDER_METHODS:
            self.method.addItem(label(m, self.ctx.lang), m.value)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(tr("金额", "Amount"))
        self.tendered = QLineEdit()
        self.tendered.setPlaceholderText(tr("实收现金（找零用）", "Cash handed over"))
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(tr("支付凭证号（可扫描）", "POS / transfer reference"))
        self.reference.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly)
        self.method.currentIndexChanged.connect(lambda _i: self.tendered.setEnabled(self.method.currentData() == "cash"))
        add = QPushButton(tr("加一笔", "Add tender"))
        add.clicked.connect(self.add_tender)
        self.pending_label = QLabel()
        self.take_btn = QPushButton(tr("确认收款", "Take payment"))
        self.take_btn.clicked.connect(self.take_payment)
        self.deposit = QComboBox()
        self.deposit_btn = QPushButton(tr("订金抵扣", "Apply deposit"))
        self.deposit_btn.clicked.connect(self.apply_deposit)
        grid.addWidget(self.method, 0, 0)
        grid.addWidget(self.amount, 0, 1)
        grid.addWidget(self.tendered, 0, 2)
        grid.addWidget(self.reference, 0, 3)
        grid.addWidget(add, 0, 4)
        grid.addWidget(self.pending_label, 1, 0, 1, 3)
        grid.addWidget(self.take_btn, 1, 4)
        grid.addWidget(self.deposit, 2, 0, 1, 3)
        grid.addWidget(self.deposit_btn, 2, 4)
        return box

    # --- reading --------------------------------------------------------------------------------------
    def reload_waiting(self) -> None:
        """Off the GUI thread: ~300 ms on the large demo."""
        db = self.ctx.db
        self.waiting_query.run(lambda: cq.waiting_at_counter(db))

    def _show_waiting(self, rows: list[cq.WaitingRow]) -> None:
        _fill(self.waiting, [(r.number, r.plate, r.customer_name, fmt_money(r.total - r.paid)) for r in rows])

    def open_bill(self, number: str, *, refresh: bool = False) -> None:
        try:
            self.current = cq.bill(self.ctx.db, number)
        except Exception as exc:  # NotFound and friends: a sentence, the screen stays as it was
            say(self.message, error_text(self.ctx, exc), False)
            return
        if not refresh:  # a refresh after a payment keeps the cashier's message
            self.scan.clear()
            self.pending = []
            self.message.clear()
        self._show()

    def show_vehicle_history(self) -> QWidget | None:
        from ui.front_desk.vehicle_history_dialog import VehicleHistoryDialog

        if self.current is None:
            return None
        dialog = VehicleHistoryDialog(self.ctx, self.current.work_order_id, self.current.plate, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.history_dialog = dialog
        return dialog

    def _show(self) -> None:
        b, tr = self.current, self.ctx.tr
        self.history_button.setEnabled(b is not None)
        if b is None:
            return
        invoiced = ""
        if b.invoices:
            invoiced = " · " + (tr("已开票", "invoiced") if b.invoiced else tr("待开票", "invoice requested"))
        if b.account_available is not None:  # M3: may leave on account within what is left of the limit
            invoiced += tr(f" · 挂账单位，可用额度 {fmt_money(b.account_available)}",
                           f" · account customer, {fmt_money(b.account_available)} credit left")
        self.header.setText(f"<b>{b.number}</b> · {b.customer_name} {b.customer_phone} · {b.plate} {b.model}"
                            f"{invoiced}")
        lines = [(s.description, fmt_money(s.amount), "，".join(f"{label(p, self.ctx.lang)} {fmt_money(a)}" for p, a in s.payer_amounts))
                 for s in b.split.lines]
        lines += [(tr("合计（折后）", "Total (after discount)"), fmt_money(b.split.total),
                   "，".join(f"{label(p, self.ctx.lang)} {fmt_money(a)}" for p, a in b.split.parts))]
        _fill(self.split, lines)
        insurer = ""
        if b.split.insurer_name:
            insurer = tr(f"　{b.split.insurer_name} 定损 {fmt_money(b.split.assessed)}，免赔 {fmt_money(b.split.deductible)}",
                         f"  {b.split.insurer_name} assessed {fmt_money(b.split.assessed)}, deductible "
                         f"{fmt_money(b.split.deductible)}")
        self.owed.setText(tr(f"客户应付 {fmt_money(b.customer_due)}　已付 {fmt_money(b.paid)}　尚欠 {fmt_money(b.owed)}",
                             f"Customer {fmt_money(b.customer_due)}  paid {fmt_money(b.paid)}  owes "
                             f"{fmt_money(b.owed)}") + insurer)
        _fill(self.payments, [
            (p.receipt_no, fmt_shop(p.at), label_of(Method, p.method, self.ctx.lang), fmt_money(p.amount),
             tr("作废", "void") + f"：{p.reason}" if p.kind == "void" else (tr("已作废", "voided") if p.voided else ""))
            for p in b.payments])
        self.deposit.clear()
        for d in b.deposits:
            self.deposit.addItem(f"{d.claim_no} · {d.receipt_no} · {fmt_money(d.amount)}", d.claim_no)
        self.amount.setText(f"{b.owed:.2f}" if b.owed > 0 else "")
        self._show_pending()
        self._enable()

    def _show_pending(self) -> None:
        total = sum((Decimal(str(t.amount)) for t in self.pending), Decimal("0"))
        self.pending_label.setText(self.ctx.tr(f"待收 {len(self.pending)} 笔，共 {fmt_money(total)}",
                                               f"{len(self.pending)} tender(s), {fmt_money(total)}")
                                   if self.pending else "")

    def _enable(self) -> None:
        may = self.ctx.can(Perm.PAYMENT_TAKE) and self.current is not None
        for w in (self.take_btn, self.deposit_btn, self.void_btn, self.amount):
            w.setEnabled(may)
        self.deposit_btn.setEnabled(may and self.deposit.count() > 0)
        self.print_btn.setEnabled(self.current is not None)
        self.invoice_btn.setEnabled(self.ctx.can(Perm.INVOICE) and self.current is not None)
        self.pass_btn.setEnabled(self.ctx.can(Perm.GATE_PASS) and self.current is not None
                                 and self.current.state == "settled" and self.current.owed <= 0)

    def _on_changed(self, _changes: ChangeSet) -> None:
        self.reload_waiting()
        if self.current is not None:
            self.open_bill(self.current.number, refresh=True)

    # --- actions --------------------------------------------------------------------------------------
    def add_tender(self) -> None:
        """One more tender for the same receipt (e.g. part cash, part WeChat); checked by the service."""
        try:
            Decimal(self.amount.text().strip() or "x")
        except InvalidOperation:
            say(self.message, self.ctx.tr("金额必须是数字。", "The amount must be a number."), False)
            return
        self.pending.append(self._tender_from_fields())
        self.amount.clear()
        self.tendered.clear()
        self.reference.clear()
        self._show_pending()

    def _tender_from_fields(self) -> cashier.Tender:
        cash = self.method.currentData() == "cash"
        return cashier.Tender(str(self.method.currentData()), self.amount.text().strip(),
                              self.reference.text().strip(), self.tendered.text().strip() if cash else None)

    def _run(self, service: Callable[..., Any], /, *args: Any, ok: Callable[[Any], str], **kwargs: Any) -> None:
        """service(uow, actor, *args) through the runner; its sentence (or the refusal's) in the message line."""
        ctx = self.ctx
        ctx.ops.run_service(service, *args, on_done=lambda result: say(self.message, ok(result), True),
                            on_error=lambda exc: say(self.message, error_text(ctx, exc), False), **kwargs)

    def take_payment(self) -> None:
        b = self.current
        if b is None:
            return
        tenders = list(self.pending)
        if self.amount.text().strip():
            tenders.append(self._tender_from_fields())
        ctx = self.ctx

        def ok(r: cashier.ReceiptInfo) -> str:
            change = ctx.tr(f"，找零 {fmt_money(r.change)}", f", change {fmt_money(r.change)}") if r.change else ""
            return ctx.tr(f"已收 {fmt_money(r.amount)}{change}，收据号 {r.receipt_no}；尚欠 {fmt_money(r.owed_after)}",
                          f"Took {fmt_money(r.amount)}{change}, receipt {r.receipt_no}; owes {fmt_money(r.owed_after)}")

        self.pending = []
        for field in (self.tendered, self.reference):
            field.clear()
        self._run(cashier.take_payment, b.number, tenders, ok=ok)

    def apply_deposit(self) -> None:
        b, claim_no = self.current, self.deposit.currentData()
        if b is None or not claim_no:
            return
        ctx = self.ctx
        self._run(cashier.apply_deposit, b.number, str(claim_no),
                  ok=lambda r: ctx.tr(f"订金 {fmt_money(r.amount)} 已抵扣，收据号 {r.receipt_no}",
                                      f"Deposit {fmt_money(r.amount)} applied, receipt {r.receipt_no}"))

    def _selected_receipt(self) -> str | None:
        row = self.payments.currentRow()
        if row < 0 or self.payments.item(row, 0) is None:
            say(self.message, self.ctx.tr("请先选一张收据。", "Select a receipt first."), False)
            return None
        return cell_text(self.payments, row, 0)

    def void_receipt(self) -> None:
        receipt = self._selected_receipt()
        if receipt is None:
            return
        ctx = self.ctx
        reason, ok = QInputDialog.getText(self, ctx.tr("作废收据", "Void receipt"),
                                          ctx.tr(f"作废 {receipt} 的原因：", f"Why void {receipt}:"))
        if ok and self._late(receipt) and not ctx.actor.has(Perm.PAYMENT_VOID_LATE):  # A4: the director decides
            self._run(cashier.request_late_void, receipt, reason=reason,
                      ok=lambda _id: ctx.tr(f"收据 {receipt} 不是今天收的：作废申请已提交服务总监审批。",
                                            f"Receipt {receipt} is not today's: the void request went to the service "
                                            "director."))
        elif ok:
            self._run(cashier.void_receipt, receipt, reason=reason,
                      ok=lambda v: ctx.tr(f"收据 {v.receipt_no} 已作废（{fmt_money(v.amount)}）",
                                          f"Receipt {v.receipt_no} voided ({fmt_money(v.amount)})"))

    def _late(self, receipt: str) -> bool:
        from workshop.domain.clock import to_shop, utcnow

        rows = [p for p in (self.current.payments if self.current else ()) if p.receipt_no == receipt]
        return bool(rows) and rows[0].business_day != to_shop(utcnow()).date()

    def print_receipt(self) -> None:
        receipt = self._selected_receipt()
        if receipt is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("保存收款收据", "Save receipt"),
                                              f"receipt-{receipt}.pdf", "PDF (*.pdf)")
        if path:
            self.write_receipt(receipt, path)

    def write_receipt(self, receipt_no: str, path: str) -> None:
        save_receipt(self.ctx, self.message, receipt_no, path)

    def print_gate_pass(self) -> None:
        b = self.current
        if b is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("保存放行条", "Save gate pass"),
                                              f"gate-pass-{b.number}.pdf", "PDF (*.pdf)")
        if path:
            self.write_gate_pass(b.number, path)

    def write_gate_pass(self, number: str, path: str) -> None:
        """M4: the pass is issued (or the same one again) and printed."""
        save_gate_pass(self.ctx, self.message, number, path)

    def open_day_close(self) -> None:
        from ui.cashier.day_close_dialog import DayCloseDialog

        DayCloseDialog(self.ctx).exec()

    def open_invoice(self) -> None:
        from ui.cashier.invoice_dialog import InvoiceDialog

        if self.current is not None:
            InvoiceDialog(self.ctx, self.current.number).exec()
