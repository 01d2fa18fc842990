"""W5 for the workshop manager: the clocks stopped at closing time (flagged), the run that stops clocks left
running past closing, and a correction of an entry's start and end with a reason (audited)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.front_desk.common import RowsModel, make_table, selected_payload
from ui.tools.common import error_label, error_text
from workshop.domain.clock import fmt_shop
from workshop.domain.errors import InvalidInput
from workshop.domain.job_clock import hours_of
from workshop.domain.master_data import parse_shop_time
from workshop.queries.floor_clock import ClockRow, flagged_clocks
from workshop.services import job_clock_manager


class ClocksDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        t = ctx.tr
        self.setWindowTitle(t("打卡记录：下班未停的计时", "Clock entries left running at closing"))
        self.setMinimumSize(860, 460)
        layout = QVBoxLayout(self)
        self.model = RowsModel([t(*h) for h in (("技工", "Technician"), ("工单", "Work order"), ("工作", "Job"),
                                                ("上工", "Clock on"), ("停止", "Clock off"), ("工时", "Hours"))],
                               align_right=(5,))
        self.view = make_table(self.model)
        self.view.selectionModel().selectionChanged.connect(self._picked)
        layout.addWidget(self.view, 1)
        form = QFormLayout()
        self.start = QLineEdit()
        self.end = QLineEdit()
        self.reason = QLineEdit()
        for w in (self.start, self.end):
            w.setPlaceholderText("2026-12-01 08:00")
        self.reason.setPlaceholderText(t("更正原因（必填）", "Reason (required)"))
        form.addRow(t("开始", "Start"), self.start)
        form.addRow(t("结束", "End"), self.end)
        form.addRow(t("原因", "Reason"), self.reason)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        stop = QPushButton(t("停止下班后仍在计时的记录", "Stop clocks still running past closing"))
        stop.clicked.connect(self.stop_at_closing)
        self.correct_button = QPushButton(t("更正所选记录", "Correct the selected entry"))
        self.correct_button.clicked.connect(self.correct)
        close = QPushButton(t("关闭", "Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(stop)
        buttons.addStretch(1)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        rows = flagged_clocks(self.ctx.db)
        self.model.set_rows([(r.technician, r.work_order_no, r.job, fmt_shop(r.started_at), fmt_shop(r.ended_at),
                              f"{hours_of(r.worked_seconds)}") for r in rows], rows)
        self.view.resizeColumnsToContents()
        self._picked()

    def selected(self) -> ClockRow | None:
        row: ClockRow | None = selected_payload(self.view, self.model)
        return row

    def _picked(self) -> None:
        r = self.selected()
        self.correct_button.setEnabled(r is not None)
        if r is not None:
            self.start.setText(fmt_shop(r.started_at))
            self.end.setText(fmt_shop(r.ended_at))

    def stop_at_closing(self) -> None:
        ctx = self.ctx
        ctx.ops.run_service(job_clock_manager.stop_clocks_at_closing, on_done=lambda _ids: self.refresh(),
                            on_error=lambda exc: self.error.setText(error_text(ctx, exc)), parent=self)

    def correct(self) -> None:
        ctx, r = self.ctx, self.selected()
        if r is None:
            return
        self.error.clear()
        try:
            start, end = parse_shop_time(self.start.text()), parse_shop_time(self.end.text())
            if start is None or end is None:
                raise InvalidInput("请填写开始和结束时间。", "Enter the start and the end.")
        except InvalidInput as exc:
            self.error.setText(error_text(ctx, exc))
            return
        reason = self.reason.text()
        ctx.ops.run_service(job_clock_manager.correct_clock, r.id, started_at=start, ended_at=end,
                            reason=reason, on_done=lambda _out: self.refresh(),
                            on_error=lambda exc: self.error.setText(error_text(ctx, exc)), parent=self)
