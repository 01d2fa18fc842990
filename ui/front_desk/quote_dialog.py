"""The accident quote of a work order (P3, M1): the insurer and its assessment, labor and part lines, the
signature of the responsible person, printing. Every change is one service call; a supplemental line after a
signature shows as a new revision waiting to be signed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.columns import fit_columns
from workshop.domain.clock import fmt_shop
from workshop.domain.errors import WorkshopError
from workshop.domain.money import fmt_money
from workshop.domain.roles import Perm
from workshop.services import quotes
from workshop.services.quotes import QuoteInfo, QuoteLineInfo

UNSIGNED = QColor("#fff3cd")


class QuoteDialog(QDialog):
    HEADERS = (("版本", "Rev."), ("类别", "Kind"), ("代码/零件号", "Code"), ("项目/配件", "Item"),
               ("工时/数量", "Hours/qty"), ("单价", "Price"), ("金额", "Amount"), ("已订", "Ordered"), ("签字", "Signed"))

    def __init__(self, ctx: AppContext, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.number = ctx, number
        self.quote: QuoteInfo | None = None
        tr = ctx.tr
        self.setWindowTitle(tr(f"报价单 — {number}", f"Quote — {number}"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        head = QFormLayout()
        self.insurer = QLineEdit()
        self.assessment_no = QLineEdit()
        self.assessed = QLineEdit()
        self.assessed.setPlaceholderText(tr("保险公司定损后填写", "after the insurer's assessment"))
        self.deductible = QLineEdit("0")
        for zh, en, w in (("保险公司", "Insurer", self.insurer), ("定损单号", "Assessment no.", self.assessment_no),
                          ("定损金额（元）", "Assessed amount", self.assessed), ("免赔额（元）", "Deductible", self.deductible)):
            head.addRow(tr(zh, en), w)
        layout.addLayout(head)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([tr(zh, en) for zh, en in self.HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        add = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText(tr("工时代码或零件号", "Operation code or part number"))
        self.qty = QLineEdit("1")
        self.qty.setMaximumWidth(70)
        add.addWidget(self.code, 1)
        add.addWidget(QLabel(tr("数量", "Qty")))
        add.addWidget(self.qty)
        edit = ctx.can(Perm.QUOTE_EDIT)
        self.buttons: dict[str, QPushButton] = {}
        for key, zh, en, slot, allowed in (
                ("save_head", "保存定损信息", "Save assessment", self.save_head, edit),
                ("add_labor", "加工时", "Add labor", self.add_labor, edit),
                ("add_part", "加配件", "Add part", self.add_part, edit),
                ("remove", "删除未签字行", "Remove unsigned line", self.remove, edit)):
            self.buttons[key] = b = QPushButton(tr(zh, en))
            b.setEnabled(allowed)
            b.clicked.connect(slot)
            add.addWidget(b)
        layout.addLayout(add)
        bottom = QHBoxLayout()
        self.totals = QLabel()
        bottom.addWidget(self.totals, 1)
        self.buttons["sign"] = sign = QPushButton(tr("签字确认", "Sign"))
        sign.setVisible(ctx.can(Perm.QUOTE_SIGN))
        sign.clicked.connect(self.sign)
        bottom.addWidget(sign)
        self.buttons["print"] = pr = QPushButton(tr("打印报价单", "Print quote"))
        pr.clicked.connect(self.print_quote)
        bottom.addWidget(pr)
        close = QPushButton(tr("关闭", "Close"))
        close.clicked.connect(self.accept)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.error = QLabel()
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.refresh()

    # --- data ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.ctx.ops.run(lambda: quotes.quote_of(self.ctx.db, self.number), self.show_quote)

    def show_quote(self, q: QuoteInfo | None) -> None:
        tr = self.ctx.tr
        self.quote = q
        lines: tuple[QuoteLineInfo, ...] = q.lines if q else ()
        if q is not None:
            self.insurer.setText(q.insurer)
            self.assessment_no.setText(q.assessment_no)
            self.assessed.setText("" if q.assessed_amount is None else str(q.assessed_amount))
            self.deductible.setText(str(q.deductible))
        self.table.setRowCount(len(lines))
        for i, ln in enumerate(lines):
            cells = (ln.revision, tr("工时", "labor") if ln.is_labor else tr("配件", "part"), ln.code, ln.description,
                     ln.quantity, fmt_money(ln.unit_price), fmt_money(ln.amount),
                     "" if ln.is_labor else ln.ordered_qty, tr("已签", "signed") if ln.signed else tr("待签", "to sign"))
            for j, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if not ln.signed:
                    item.setBackground(UNSIGNED)
                self.table.setItem(i, j, item)
        fit_columns(self.table)
        if q is None:
            self.status.setText(tr("还没有报价单：先填写保险公司并保存。", "No quote yet: fill in the insurer and save."))
            self.totals.setText("")
        else:
            signed = (tr(f"第 {q.signed_revision} 版已由 {q.signed_by} 于 {fmt_shop(q.signed_at)} 签字",
                         f"revision {q.signed_revision} signed by {q.signed_by} at {fmt_shop(q.signed_at)}")
                      if q.signed_revision else tr("未签字", "not signed"))
            todo = tr(f"；第 {q.revision} 版待签字，签字前不能订货", f"; revision {q.revision} awaits a signature "
                      "before anything of it is ordered") if q.needs_signature else ""
            self.status.setText(tr(f"当前第 {q.revision} 版，", f"Revision {q.revision}, ") + signed + todo)
            self.totals.setText(tr(
                f"报价合计 {fmt_money(q.split.total)}；保险公司 {fmt_money(q.split.insurer)}，客户 {fmt_money(q.split.customer)}",
                f"Total {fmt_money(q.split.total)}; insurer {fmt_money(q.split.insurer)}, customer "
                f"{fmt_money(q.split.customer)}"))
        self.buttons["sign"].setEnabled(q is not None and q.needs_signature)

    # --- actions ------------------------------------------------------------------------------------------
    def _run(self, service: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
        self.error.setText("")

        def failed(exc: BaseException) -> None:
            self.error.setText(exc.message(self.ctx.lang) if isinstance(exc, WorkshopError) else str(exc))

        self.ctx.ops.run_service(service, *args, on_done=self.show_quote, on_error=failed, parent=self, **kwargs)

    def save_head(self) -> None:
        number = self.number
        insurer, no, assessed, deductible = (self.insurer.text(), self.assessment_no.text(), self.assessed.text(),
                                             self.deductible.text())
        self._run(quotes.write_quote, number, insurer=insurer, assessment_no=no, assessed_amount=assessed,
                  deductible=deductible)

    def add_labor(self) -> None:
        number, code = self.number, self.code.text()
        self._run(quotes.add_quote_labor, number, operation_code=code)

    def add_part(self) -> None:
        number, code, qty = self.number, self.code.text(), self.qty.text()
        self._run(quotes.add_quote_part, number, part_no=code, quantity=qty)

    def remove(self) -> None:
        row = self.table.currentRow()
        if self.quote is None or not 0 <= row < len(self.quote.lines):
            return
        number, line_id = self.number, self.quote.lines[row].id
        self._run(quotes.remove_quote_line, number, line_id)

    def sign(self) -> None:
        number = self.number
        self._run(quotes.sign_quote, number)

    def print_quote(self) -> None:
        """F9, P3: the quote as a PDF, saved where the user says (报价单-<number>.pdf), then shown."""
        from ui.front_desk import work_order_actions
        from ui.widgets import save_pdf

        ctx, number = self.ctx, self.number
        from workshop.printing.documents import quote_pdf

        name = ctx.tr("报价单", "quote")
        path = save_pdf.ask_save_path(self, ctx, ctx.tr("保存报价单", "Save the quote"), f"{name}-{number}.pdf")
        if path is None:
            return

        def done(_result: object) -> None:
            save_pdf.show_written(self, ctx, path, name)
            work_order_actions.open_file(path)

        ctx.ops.run(lambda: quote_pdf(ctx.db, number, path), done, parent=self)
