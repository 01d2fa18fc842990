"""R3 at QC: a suggestion for a later visit (建议), e.g. 前刹车片剩余 3 mm，建议下次更换, with an estimate; it stays
on the vehicle and reception sees it at the next visit."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ui.context import AppContext
from ui.front_desk import common
from workshop.services import declined_work


class SuggestionDialog(QDialog):
    def __init__(self, ctx: AppContext, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.number = ctx, number
        self.saved: declined_work.DeclinedInfo | None = None
        self.setWindowTitle(ctx.tr(f"质检建议 — {number}", f"QC suggestion — {number}"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.description = QLineEdit()
        self.description.setPlaceholderText(ctx.tr("如：前刹车片剩余 3 mm，建议下次更换", "e.g. front pads at 3 mm"))
        form.addRow(ctx.tr("建议内容", "Suggestion"), self.description)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(ctx.tr("可不填，如 680", "optional, e.g. 680"))
        form.addRow(ctx.tr("预估金额（元）", "Estimate (yuan)"), self.amount)
        form.addRow(QLabel(ctx.tr("建议会留在车辆上，下次接待时服务顾问会看到。",
                                  "It stays on the vehicle; the advisor sees it at the next visit.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx, number = self.ctx, self.number
        desc, amount = self.description.text(), self.amount.text().strip() or None
        ctx.ops.run_service(declined_work.note_qc_suggestion, number, description=desc, amount=amount,
                            on_done=self._saved, parent=self)

    def _saved(self, info: declined_work.DeclinedInfo) -> None:
        self.saved = info
        self.accept()
