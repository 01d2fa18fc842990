"""Q1: one return-visit call: reached (result and a satisfaction score 1-5, no default), not reached (the next
try is scheduled, the work order stays open), call back later (at the customer's time) or refused."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from workshop.domain.clock import SHOP_TZ
from workshop.domain.labels import label
from workshop.domain.return_visit import Outcome
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
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        form.addRow(ctx.tr("客户", "Customer"), QLabel(f"{visit.customer_name}　{visit.customer_phone}"))
        form.addRow(ctx.tr("车辆", "Vehicle"), QLabel(visit.plate))
        if visit.attempts:
            form.addRow(ctx.tr("已打电话", "Calls so far"), QLabel(ctx.tr(f"{visit.attempts} 次", str(visit.attempts))))
        outcomes = QHBoxLayout()
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[Outcome, QRadioButton] = {}
        for outcome in Outcome:
            b = QRadioButton(label(outcome, ctx.lang))
            self.outcome_buttons[outcome] = b
            self.outcome_group.addButton(b)
            outcomes.addWidget(b)
            b.toggled.connect(lambda _on: self._enable())
        form.addRow(ctx.tr("结果", "Outcome"), outcomes)
        self.result_text = QPlainTextEdit()
        self.result_text.setPlaceholderText(ctx.tr("客户反馈，如：车辆正常，对服务满意；或：电话未接通",
                                                   "What the customer said, or: no answer"))
        self.result_text.setFixedHeight(80)
        self.result_text.textChanged.connect(self._enable)
        form.addRow(ctx.tr("回访记录", "Notes"), self.result_text)
        scores = QHBoxLayout()
        self.score_group = QButtonGroup(self)
        for n in range(1, 6):
            b = QRadioButton(str(n))
            self.score_group.addButton(b, n)
            scores.addWidget(b)
            b.toggled.connect(lambda _on: self._enable())
        scores.addWidget(QLabel(ctx.tr("分（仅接通时，无默认）", "(only when reached; no default)")))
        form.addRow(ctx.tr("满意度", "Satisfaction"), scores)
        self.call_back = QDateTimeEdit(QDateTime.currentDateTime().addSecs(2 * 3600))  # shown as shop time
        self.call_back.setCalendarPopup(True)
        self.call_back.setDisplayFormat("yyyy-MM-dd HH:mm")
        form.addRow(ctx.tr("回电时间", "Call back at"), self.call_back)
        self.hint = QLabel("")
        self.hint.setWordWrap(True)
        form.addRow("", self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._enable()

    def outcome(self) -> Outcome | None:
        return next((o for o, b in self.outcome_buttons.items() if b.isChecked()), None)

    def _enable(self) -> None:
        ctx, outcome = self.ctx, self.outcome()
        reached = outcome is Outcome.REACHED
        for b in self.score_group.buttons():
            b.setEnabled(reached)
        checked = self.score_group.checkedButton()
        if not reached and checked is not None:
            self.score_group.setExclusive(False)
            checked.setChecked(False)
            self.score_group.setExclusive(True)
        self.call_back.setEnabled(outcome is Outcome.CALL_BACK)
        hints = {
            None: ("请选择这次电话的结果。", "Choose what this call came to."),
            Outcome.REACHED: ("请客户打满意度 1–5 分；保存后工单关闭。", "Ask for a score of 1-5; the work order closes."),
            Outcome.NOT_REACHED: ("记为一次未接通的尝试：安排下一次回访，工单保持未关闭，不记满意度。",
                                  "Recorded as an attempt: the next try is scheduled, the work order stays open, "
                                  "no score."),
            Outcome.CALL_BACK: ("按客户要求的时间再打，工单保持未关闭。", "Call again at the customer's time; it stays open."),
            Outcome.REFUSED: ("客户拒绝回访：不记满意度，工单关闭。", "The customer declined: no score; the work order closes."),
        }
        self.hint.setText(ctx.tr(*hints[outcome]))
        ok = (outcome is not None and bool(self.result_text.toPlainText().strip())
              and (not reached or self.score_group.checkedId() > 0))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def save(self) -> None:
        ctx, number, outcome = self.ctx, self.visit.work_order_number, self.outcome()
        if outcome is None:
            return
        result = self.result_text.toPlainText()
        score = self.score_group.checkedId() if outcome is Outcome.REACHED else None
        call_back_at = None
        if outcome is Outcome.CALL_BACK:
            call_back_at = self.call_back.dateTime().toPython().replace(tzinfo=SHOP_TZ)  # type: ignore[attr-defined]  # shop wall time
        ctx.ops.run_service(quality.record_return_visit, number, result=result, score=score,
                            outcome=outcome.value, call_back_at=call_back_at, on_done=self._saved,
                            parent=self)

    def _saved(self, info: ReturnVisitInfo) -> None:
        self.saved = info
        self.accept()
