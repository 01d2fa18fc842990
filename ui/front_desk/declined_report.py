"""R3: the open declined work by customer and value — every declined added item and QC suggestion still open,
the customers with the most value first, their totals, and the list to Excel (the same rows as
`workshop report declined-work`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.common import RowsModel, make_table, when
from ui.widgets import save_pdf
from ui.widgets.columns import fit_columns
from ui.widgets.query_op import QueryOp
from workshop.domain.changes import RecordKind
from workshop.queries.declined_work import (
    REPORT_HEADERS,
    DeclinedReport,
    declined_report,
    open_declined_work,
    report_records,
)

LINES_SHOWN = 1000  # the lines listed on screen, and at least as many customers (the summary and the export
# count every item)


class DeclinedWorkScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(t("未完成的拒绝项目与质检建议", "Open declined work")))
        bar = QHBoxLayout()
        self.source = QComboBox()
        for label, value in ((t("全部", "All"), None), (t("客户拒绝的增项", "Declined added items"), "declined_item"),
                             (t("质检建议", "QC suggestions"), "qc_suggestion")):
            self.source.addItem(label, value)
        self.summary = QLabel()
        export = QPushButton(t("导出 Excel…", "Export to Excel…"))
        export.setObjectName("declined_export")
        bar.addWidget(QLabel(t("来源", "Source")))
        bar.addWidget(self.source)
        bar.addWidget(self.summary, 1)
        bar.addWidget(export)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.customers = RowsModel([t(*h) for h in (("客户", "Customer"), ("电话", "Phone"), ("项数", "Items"),
                                                    ("金额", "Value"))], align_right=(2, 3))
        self.customers_view = make_table(self.customers, stretch=0)
        self.lines = RowsModel([t(zh, en) for zh, en in REPORT_HEADERS], align_right=(5,))
        self.lines_view = make_table(self.lines, stretch=3)
        split.addWidget(self.customers_view)
        split.addWidget(self.lines_view)
        split.setSizes([380, 900])
        layout.addWidget(split, 1)
        self.source.currentIndexChanged.connect(lambda _i: self.refresh())
        export.clicked.connect(self.export)
        ctx.ops.watch(self, {RecordKind.DECLINED_WORK, RecordKind.WORK_ORDERS}, lambda _changes: self.refresh())
        self.query: QueryOp[DeclinedReport] = QueryOp(self, ctx.ops, self._show)
        self.refresh()

    def refresh(self) -> None:
        """Off the GUI thread: the customers' totals in SQL, the first LINES_SHOWN lines and customers (7,122 open
        items of 6,300 customers on the large demo); the lists fill when the read is back."""
        db, source = self.ctx.db, self.source.currentData()
        self.query.run(lambda: declined_report(db, source=source, limit=LINES_SHOWN, shown=LINES_SHOWN))

    def _show(self, report: DeclinedReport) -> None:
        ctx = self.ctx
        totals, rows = report.customers, report.lines
        self.customers.set_rows([(c.customer_name, c.phone, str(c.items), common.money(c.value)) for c in totals],
                                totals)
        self.lines.set_rows([(r.customer_name, r.phone, r.plate, r.description, r.source_label(ctx.lang),
                              common.money(r.amount) if r.amount is not None else "—", when(r.noted_at), r.noted_by,
                              r.work_order) for r in rows], rows)
        listed = ctx.tr(f"（列出价值最高的 {len(totals)} 位客户与前 {len(rows)} 项明细，导出含全部）",
                        f" (the {len(totals)} customers with the most value and the first {len(rows)} lines "
                        f"listed; the export has all)") if report.items > len(rows) else ""
        self.summary.setText(ctx.tr(
            f"　{report.customer_count} 位客户，{report.items} 项，合计 {common.money(report.value)}{listed}",
            f"　{report.customer_count} customers, {report.items} items, {common.money(report.value)} in all{listed}"))
        for view in (self.customers_view, self.lines_view):
            fit_columns(view, view.property('fit_stretch'))

    def export(self) -> None:
        ctx, source = self.ctx, self.source.currentData()

        def write(path: Path) -> None:
            from workshop.exports import write_xlsx

            records = report_records(open_declined_work(ctx.db, source=source), ctx.lang)
            write_xlsx(str(path), ctx.tr("未完成建议", "declined work"), [f"{zh} {en}" for zh, en in REPORT_HEADERS],
                       records)

        save_pdf.save_file(self, ctx, ctx.tr("导出未完成建议", "Export declined work"),
                           ctx.tr("未完成建议.xlsx", "declined-work.xlsx"), write, what="Excel",
                           name_filter="Excel (*.xlsx)")
