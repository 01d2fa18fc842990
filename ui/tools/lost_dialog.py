"""T3: declare a tool that is out as lost: charge the borrower the original price, or record a replacement."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
)

from ui.context import AppContext
from ui.tools.common import error_label, error_text
from workshop.queries.tools import LoanRow
from workshop.services import tools


class LostToolDialog(QDialog):
    def __init__(self, ctx: AppContext, loan: LoanRow, original_price: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.loan = loan
        self.result_info: tools.ChargeInfo | None = None
        self.setWindowTitle(ctx.tr("工具报失", "Declare a tool lost"))
        form = QFormLayout(self)
        form.addRow(ctx.tr("工具", "Tool"), QLabel(f"{loan.tool_code}  {loan.tool_name}"))
        form.addRow(ctx.tr("借用人", "Borrower"), QLabel(f"{loan.borrower_name}（{loan.borrower_badge}）"))
        self.charge = QRadioButton(ctx.tr(f"按原价赔偿 {original_price}，记在借用人名下",
                                          f"Charge the borrower the original price {original_price}"))
        self.replace = QRadioButton(ctx.tr("借用人交回同型号新工具（不收费）",
                                           "The borrower hands in a new tool of the same model (no charge)"))
        self.charge.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.charge)
        group.addButton(self.replace)
        form.addRow(self.charge)
        form.addRow(self.replace)
        self.note = QLineEdit()
        self.note.setPlaceholderText(ctx.tr("替换时必填：交回的工具（型号、序列号）", "Required for a replacement: what was handed in"))
        form.addRow(ctx.tr("备注", "Note"), self.note)
        self.error = error_label()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx = self.ctx
        resolution = "charge" if self.charge.isChecked() else "replacement"
        code, note = self.loan.tool_code, self.note.text()

        def done(info: tools.ChargeInfo) -> None:
            self.result_info = info
            self.accept()

        ctx.ops.run_service(tools.declare_lost, code, resolution, note, on_done=done,
                            on_error=lambda exc: self.error.setText(error_text(ctx, exc)))

