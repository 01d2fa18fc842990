"""W7: piece-rate pay (计件工资) of a month — the payroll summary, each technician's statement (PDF / Excel),
closing the month (workshop manager or service director) and the dated corrections afterwards."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.common import RowsModel, make_table, selected_payload
from ui.widgets import save_pdf
from ui.widgets.columns import fit_columns
from ui.widgets.fresh import Freshness
from ui.widgets.query_op import QueryOp
from workshop.domain.changes import RecordKind
from workshop.domain.clock import shop_today
from workshop.domain.piece_rate import month_of
from workshop.domain.roles import Perm
from workshop.services import piece_rate
from workshop.services.piece_rate import Statement


def _months(today: date, n: int = 13) -> list[date]:
    """This month and the twelve before it, newest first."""
    out, m = [], today.replace(day=1)
    for _ in range(n):
        out.append(m)
        m = (m - timedelta(days=1)).replace(day=1)
    return out


class PieceRateScreen(QWidget):
    def __init__(self, ctx: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(t("计件工资", "Piece-rate pay")))
        bar = QHBoxLayout()
        self.month = QComboBox()
        self.month.setObjectName("month")
        for m in _months(today or shop_today()):
            self.month.addItem(f"{m:%Y-%m}", m)
        self.month.setCurrentIndex(1 if self.month.count() > 1 else 0)  # last month: the one to close
        bar.addWidget(QLabel(t("月份", "Month")))
        bar.addWidget(self.month)
        self.state = QLabel()
        bar.addWidget(self.state, 1)
        layout.addLayout(bar)
        self.model = RowsModel([t(*h) for h in (("技工", "Technician"), ("班组", "Team"), ("计件工时", "Billed hours"),
                                                ("计件金额", "Gross"), ("返修扣款", "Comebacks"),
                                                ("更正", "Corrections"), ("应发", "Net"))],
                               align_right=(2, 3, 4, 5, 6))
        self.view = make_table(self.model)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label in (("pdf", t("工资单 PDF…", "Statement PDF…")), ("xlsx", t("工资单 Excel…", "Statement Excel…")),
                           ("summary_pdf", t("汇总 PDF…", "Summary PDF…")),
                           ("summary_xlsx", t("汇总 Excel…", "Summary Excel…")),
                           ("close", t("月结…", "Close the month…")), ("correct", t("更正…", "Correction…"))):
            b = QPushButton(label)
            b.setObjectName(key)
            row.addWidget(b)
            self.buttons[key] = b
        row.addStretch(1)
        layout.addLayout(row)
        for key in ("close", "correct"):
            self.buttons[key].setVisible(ctx.can(Perm.PIECE_RATE_CLOSE))
        self.buttons["pdf"].clicked.connect(lambda: self._statement("pdf"))
        self.buttons["xlsx"].clicked.connect(lambda: self._statement("xlsx"))
        self.buttons["summary_pdf"].clicked.connect(lambda: self._summary("pdf"))
        self.buttons["summary_xlsx"].clicked.connect(lambda: self._summary("xlsx"))
        self.buttons["close"].clicked.connect(self.close_month)
        self.buttons["correct"].clicked.connect(self.correct)
        self.month.currentIndexChanged.connect(self.refresh)
        self.statements: list[Statement] = []
        # the month's statements are computed live from its settled work (a second or so on the large demo):
        # on a worker, the screen shows at once with "computing"; re-read on show only after a relevant change
        self.query: QueryOp[tuple[list[Statement], bool]] = QueryOp(self, ctx.ops, self._show)
        self.fresh = Freshness(self, ctx.ops, {RecordKind.PIECE_RATE, RecordKind.WORK_ORDERS},
                               lambda: self.refresh())
        self.refresh()

    @property
    def loading(self) -> bool:
        """The month asked for is still being computed (the table shows the previous answer, if any)."""
        return self.query.pending

    def refresh(self) -> None:
        month, db = self.month.currentData(), self.ctx.db
        self.state.setText(self.ctx.tr(f"正在计算 {month:%Y-%m} 的计件工资…", f"Computing {month:%Y-%m}…"))
        for key in ("close", "correct"):
            self.buttons[key].setEnabled(False)  # until this month's state is known
        self.query.run(lambda: (piece_rate.payroll_summary(db, month),
                                month_of(month) in piece_rate.closed_months(db)))

    def _show(self, result: tuple[list[Statement], bool]) -> None:
        self.statements, closed = result
        self.fresh.mark_loaded()
        self.model.set_rows([(s.name, s.team or "", f"{s.billed_hours:.2f}", common.money(s.gross),
                              common.money(s.deduction), common.money(s.correction_total), common.money(s.net))
                             for s in self.statements], self.statements)
        self.state.setText(self.ctx.tr("已结账：只能做带日期的更正" if closed else "未结账：按已结算工单实时计算",
                                       "Closed: corrections only" if closed else "Open: computed from settled work"))
        self.buttons["close"].setEnabled(not closed)
        self.buttons["correct"].setEnabled(closed)
        fit_columns(self.view, 0)  # the names take the room left; the numbers keep their width

    def selected(self) -> Statement | None:
        st: Statement | None = selected_payload(self.view, self.model)
        return st

    def _statement(self, kind: str) -> None:
        from workshop.printing import piece_rate as printing

        st = self.selected()
        if st is None:
            common.inform(self, self.ctx, self.ctx.tr("请先选择一位技工。", "Choose a technician first."))
            return
        db, month, tech = self.ctx.db, st.month, st.technician_id
        write = ((lambda p: printing.statement_pdf(db, month, tech, p)) if kind == "pdf"
                 else (lambda p: printing.statement_xlsx(db, month, tech, p)))
        save_pdf.save_file(self, self.ctx, self.ctx.tr("保存计件工资单", "Save the statement"),
                           f"计件工资单_{month:%Y-%m}_{st.name}.{kind}", write,
                           name_filter="PDF (*.pdf)" if kind == "pdf" else "Excel (*.xlsx)")

    def _summary(self, kind: str) -> None:
        from workshop.printing import piece_rate as printing

        db, month = self.ctx.db, self.month.currentData()

        def write(p: Path) -> object:
            return printing.payroll_pdf(db, month, p) if kind == "pdf" else printing.payroll_xlsx(db, month, p)

        save_pdf.save_file(self, self.ctx, self.ctx.tr("保存计件工资汇总", "Save the payroll summary"),
                           f"计件工资汇总_{month:%Y-%m}.{kind}", write,
                           name_filter="PDF (*.pdf)" if kind == "pdf" else "Excel (*.xlsx)")

    def close_month(self) -> None:
        ctx, month = self.ctx, self.month.currentData()
        if not common.confirm(self, ctx, ctx.tr(f"结账 {month:%Y-%m}？结账后数字冻结，只能做带日期的更正。",
                                                f"Close {month:%Y-%m}? Its figures freeze; afterwards only dated "
                                                "corrections.")):
            return
        ctx.ops.run_service(piece_rate.close_month, month, parent=self)

    def correct(self) -> None:
        from ui.workshop_floor.correction_dialog import CorrectionDialog

        st = self.selected()
        if st is not None:
            CorrectionDialog(self.ctx, st, parent=self).exec()
