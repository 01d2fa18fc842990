"""M6: the cashier's day close — the shift report of a day, the counted cash, the difference and its reason;
saved as PDF and Excel."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ui.context import AppContext
from ui.tools.common import error_text, say
from workshop.domain.clock import fmt_shop, shop_today
from workshop.domain.labels import label_of
from workshop.domain.money import fmt_money
from workshop.domain.payments import Method
from workshop.services import cashier_day
from workshop.services.cashier_day import ShiftReport


class DayCloseDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: object = None) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("收银日结", "Day close"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        today = shop_today()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(lambda _d: self.reload())
        form.addRow(tr("营业日", "Day"), self.day)
        self.report = QLabel()
        self.report.setWordWrap(True)
        form.addRow(tr("日结单", "Report"), self.report)
        self.counted = QLineEdit()
        self.counted.setPlaceholderText(tr("清点的现金", "Cash counted"))
        form.addRow(tr("清点现金", "Counted cash"), self.counted)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("有差异时必填", "Required when there is a difference"))
        form.addRow(tr("差异原因", "Reason"), self.reason)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.close_btn = QPushButton(tr("日结", "Close the day"))
        self.close_btn.clicked.connect(self.close_day)
        save = QPushButton(tr("保存 PDF 和 Excel", "Save PDF and Excel"))
        save.clicked.connect(self.save_files)
        done = QPushButton(tr("关闭", "Done"))
        done.clicked.connect(self.accept)
        row.addWidget(self.close_btn)
        row.addWidget(save)
        row.addStretch(1)
        row.addWidget(done)
        layout.addLayout(row)
        self.reload()

    def chosen_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def reload(self) -> None:
        self.show_report(cashier_day.day_report(self.ctx.db, self.chosen_day()))

    def show_report(self, r: ShiftReport) -> None:
        tr = self.ctx.tr
        lines = [f"{label_of(Method, m.method, self.ctx.lang)}：{m.receipts} {tr('张', 'receipts')}，"
                 f"{fmt_money(m.taken)}，{tr('作废', 'voided')} {fmt_money(m.voided)}，{tr('净额', 'net')} "
                 f"{fmt_money(m.net)}" for m in r.methods] or [tr("当天没有收款。", "No payments that day.")]
        lines += [tr(f"收订金 {fmt_money(r.deposits_taken)}，退订金 {fmt_money(r.deposits_refunded)}，订金抵扣 "
                     f"{fmt_money(r.deposits_applied)}，作废 {r.voids} 笔",
                     f"Deposits taken {fmt_money(r.deposits_taken)}, refunded {fmt_money(r.deposits_refunded)}, "
                     f"applied {fmt_money(r.deposits_applied)}, {r.voids} void(s)"),
                  f"<b>{tr('应有现金', 'Expected cash')} {fmt_money(r.expected_cash)}</b>"]
        if r.closed_at is not None:
            lines.append(tr(f"已于 {fmt_shop(r.closed_at)} 由 {r.closed_by} 日结：清点 {fmt_money(r.counted_cash)}，"
                            f"差异 {fmt_money(r.difference)} {r.reason}",
                            f"Closed {fmt_shop(r.closed_at)} by {r.closed_by}: counted {fmt_money(r.counted_cash)}, "
                            f"difference {fmt_money(r.difference)} {r.reason}"))
        self.report.setText("<br>".join(lines))
        self.close_btn.setEnabled(r.closed_at is None)

    def close_day(self) -> None:
        ctx, day = self.ctx, self.chosen_day()
        def closed(report: ShiftReport) -> None:
            self.show_report(report)
            say(self.message, ctx.tr(f"{day:%Y-%m-%d} 已日结。", f"{day:%Y-%m-%d} closed."), True)

        ctx.ops.run_service(cashier_day.close_day, day, counted_cash=self.counted.text(),
                            reason=self.reason.text(), on_done=closed,
                            on_error=lambda exc: say(self.message, error_text(ctx, exc), False))

    def save_files(self) -> None:
        day = self.chosen_day()
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("保存日结单", "Save the day close"),
                                              f"day-close-{day:%Y%m%d}.pdf", "PDF (*.pdf)")
        if path:
            self.write_files(path)

    def write_files(self, pdf_path: str) -> None:
        from pathlib import Path

        from workshop.printing.day_close import day_close_files

        ctx, day = self.ctx, self.chosen_day()
        pdf = Path(pdf_path)
        xlsx = pdf.with_suffix(".xlsx")
        ctx.ops.run(lambda: day_close_files(ctx.db, day, pdf, xlsx),
                    on_done=lambda _r: say(self.message, ctx.tr(f"已保存：{pdf}、{xlsx}", f"Saved {pdf}, {xlsx}"), True),
                    on_error=lambda exc: say(self.message, error_text(ctx, exc), False))
