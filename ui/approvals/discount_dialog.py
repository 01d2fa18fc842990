"""DiscountDialog(ctx, work_order_id): 折, percent or amount, a required reason. As the user types, the three
read side by side ("9折 = 10 % off = ¥104.00"), computed by the same check as the core's
(queries.preview_discount -> domain.discount_policy.assess_discount). Within the giver's limit it applies at
once; otherwise it says why (A1) and offers to ask for approval. The front-desk screen opens it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from ui.approvals._format import pct_text, role_name
from ui.context import AppContext
from workshop.domain.discount_policy import fmt_pct, parse_discount_text, pct_off_to_zhe
from workshop.domain.errors import WorkshopError
from workshop.domain.money import fmt_money
from workshop.queries import approvals as q
from workshop.queries.approvals import DiscountPreview
from workshop.services import approvals
from workshop.services.approvals import ApprovalInfo, DiscountResult


class DiscountDialog(QDialog):
    def __init__(self, ctx: AppContext, work_order_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_order_id = work_order_id
        self.preview: DiscountPreview | None = None
        self.outcome: DiscountResult | ApprovalInfo | None = None
        self.setWindowTitle(ctx.tr("打折", "Discount"))
        self.setMinimumWidth(640)  # the amounts and the margin on one line
        form = QFormLayout(self)
        self.work_order = QLabel("")
        form.addRow(ctx.tr("工单", "Work order"), self.work_order)
        kinds = QHBoxLayout()
        self.by_zhe = QRadioButton(ctx.tr("按折（9 = 9折）", "By 折 (9 = 9折 = 10 % off)"))
        self.by_pct = QRadioButton(ctx.tr("按优惠百分比 %", "Percent off %"))
        self.by_amount = QRadioButton(ctx.tr("按金额 元", "Amount 元"))
        self.by_zhe.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_zhe)
        group.addButton(self.by_pct)
        group.addButton(self.by_amount)
        kinds.addWidget(self.by_zhe)
        kinds.addWidget(self.by_pct)
        kinds.addWidget(self.by_amount)
        kinds.addStretch(1)
        self.value = QLineEdit()
        self.value.setPlaceholderText(ctx.tr("例如 9折、10%、104", "e.g. 9折, 10%, 104"))
        self.equals = QLabel("")
        self.equals.setStyleSheet("font-weight: bold;")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(ctx.tr("必填：为什么打折（报服务总监）", "Required: why (reported to the director)"))
        self.figures = QLabel("")
        self.figures.setWordWrap(True)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        form.addRow(ctx.tr("方式", "By"), kinds)
        form.addRow(ctx.tr("折扣", "Discount"), self.value)
        form.addRow("", self.equals)
        form.addRow(ctx.tr("原因", "Reason"), self.reason)
        form.addRow(ctx.tr("金额", "Amounts"), self.figures)
        form.addRow("", self.verdict)
        buttons = QHBoxLayout()
        self.give_button = QPushButton(ctx.tr("打折", "Give discount"))
        self.ask_button = QPushButton(ctx.tr("申请审批", "Ask for approval"))
        cancel = QPushButton(ctx.tr("取消", "Cancel"))
        self.give_button.clicked.connect(self.give)
        self.ask_button.clicked.connect(self.ask)
        cancel.clicked.connect(self.reject)
        buttons.addStretch(1)
        for b in (self.give_button, self.ask_button, cancel):
            buttons.addWidget(b)
        form.addRow(buttons)
        self.value.textChanged.connect(lambda _t: self.update_preview())
        self.reason.textChanged.connect(lambda _t: self._enable())
        self.by_pct.toggled.connect(lambda _on: self.update_preview())
        self.by_zhe.toggled.connect(lambda _on: self.update_preview())
        self.update_preview()

    def _args(self) -> tuple[str | None, str | None]:
        """(pct, amount): one of them is the typed value; 折 and "%" are read as percent off."""
        text = self.value.text().strip()
        if self.by_amount.isChecked() and not text.endswith(("折", "%", "％")):
            return None, text
        try:
            pct = parse_discount_text(text, bare="zhe" if self.by_zhe.isChecked() else "pct")
        except ValueError:
            return text, None  # the core refuses it with its sentence
        return (None if pct is None else str(pct)), None

    def update_preview(self) -> None:
        """Read-only: what the discount comes to and whether it is within the user's limit (short query)."""
        ctx = self.ctx
        self.preview = None
        if not self.value.text().strip():
            self.figures.setText("")
            self.equals.setText("")
            self.verdict.setText(ctx.tr("请输入折扣。", "Enter the discount."))
            self._enable()
            return
        try:
            pct, amount = self._args()
            p = q.preview_discount(ctx.db, ctx.actor, self.work_order_id, pct=pct, amount=amount)
        except WorkshopError as exc:
            self.figures.setText("")
            self.equals.setText("")
            self.verdict.setText(exc.message(ctx.lang))
            self._enable()
            return
        self.preview = p
        self.work_order.setText(p.work_order_no)
        self.equals.setText(ctx.tr(
            f"{fmt_pct(pct_off_to_zhe(p.pct_of_gross))}折 = 优惠 {fmt_pct(p.pct_of_gross)} % = {fmt_money(p.discount)}",
            f"{fmt_pct(pct_off_to_zhe(p.pct_of_gross))}折 = {fmt_pct(p.pct_of_gross)} % off = {fmt_money(p.discount)}"))
        self.figures.setText(ctx.tr(
            f"原价 {fmt_money(p.gross)}，优惠 {fmt_money(p.discount)}（{pct_text(p.pct_of_gross)}），"
            f"折后 {fmt_money(p.total)}，毛利率 {pct_text(p.margin_pct)}",
            f"Gross {fmt_money(p.gross)}, off {fmt_money(p.discount)} ({pct_text(p.pct_of_gross)}), "
            f"total {fmt_money(p.total)}, margin {pct_text(p.margin_pct)}"))
        if p.allowed:
            self.verdict.setText(ctx.tr(p.reason_zh, p.reason_en))
        else:
            who = role_name(ctx, p.needs_role or "service_director")
            self.verdict.setText(ctx.tr(f"{p.reason_zh}\n规则：{p.rule_zh}\n点“申请审批”，申请将发给{who}。",
                                        f"{p.reason_en}\nRule: {p.rule_en}\n“Ask for approval” sends it to the "
                                        f"{who.lower()}."))
        self._enable()

    def _grow(self) -> None:
        """As tall as the wrapped verdict needs: a long rule is never cut off under the buttons."""
        layout = self.layout()
        need = layout.totalHeightForWidth(self.width()) if layout is not None and layout.hasHeightForWidth() else 0
        if need > self.height():
            self.resize(self.width(), need)

    def _enable(self) -> None:
        self._grow()
        has_reason = bool(self.reason.text().strip())
        p = self.preview
        self.give_button.setEnabled(p is not None and p.allowed and has_reason)
        self.ask_button.setEnabled(p is not None and not p.allowed and has_reason)

    def _finish(self, result: DiscountResult | ApprovalInfo) -> None:
        self.outcome = result  # the runner broadcasts the grant/request with its work order
        self.accept()

    def give(self) -> None:
        ctx, (pct, amount), reason = self.ctx, self._args(), self.reason.text()
        ctx.ops.run_service(approvals.give_discount, self.work_order_id, pct=pct, amount=amount,
                            reason=reason, on_done=self._finish, parent=self)

    def ask(self) -> None:
        ctx, (pct, amount), reason = self.ctx, self._args(), self.reason.text()
        ctx.ops.run_service(approvals.request_discount_approval, self.work_order_id, pct=pct, amount=amount,
                            reason=reason, on_done=self._finish, parent=self)
