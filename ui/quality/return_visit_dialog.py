"""Q1: the return visit after delivery: the call's result and a satisfaction score (1-5)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from workshop.queries.customer_service import ReturnVisitRow
from workshop.services import quality
from workshop.services.work_order_dto import ReturnVisitInfo


class ReturnVisitDialog(QDialog):
    def __init__(self, ctx: AppContext, visit: ReturnVisitRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.visit = visit
        self.saved: ReturnVisitInfo | None = None
        self.setWindowTitle(ctx.tr(f"回访 — {visit.work_order_number}", f"Return visit — {visit.work_order_number}"))
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        form.addRow(ctx.tr("客户", "Customer"), QLabel(f"{visit.customer_name}　{visit.customer_phone}"))
        form.addRow(ctx.tr("车辆", "Vehicle"), QLabel(visit.plate))
        self.result_text = QPlainTextEdit()
        self.result_text.setPlaceholderText(ctx.tr("客户反馈，如：车辆正常，对服务满意", "What the customer said"))
        self.result_text.setFixedHeight(90)
        self.score = QSpinBox()
        self.score.setRange(1, 5)
        self.score.setValue(5)
        self.score.setSuffix(ctx.tr(" 分", " / 5"))
        form.addRow(ctx.tr("回访结果", "Result"), self.result_text)
        form.addRow(ctx.tr("满意度", "Satisfaction"), self.score)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx, number = self.ctx, self.visit.work_order_number
        result, score = self.result_text.toPlainText(), self.score.value()
        ctx.ops.run(lambda: quality.record_return_visit(ctx.db.uow(), ctx.actor, number, result=result, score=score),
                    self._saved, changed="work_orders", parent=self)

    def _saved(self, info: ReturnVisitInfo) -> None:
        self.saved = info
        self.accept()
