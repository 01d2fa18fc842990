"""Stocktake of one part (P8): the count, and the difference booked as an adjustment with a reason. The on-hand
shown when counting is sent along: if the part moved meanwhile, the count is refused and must be redone."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ui.context import AppContext
from workshop.domain.errors import WorkshopError
from workshop.queries.stock import StockRow
from workshop.services import stock
from workshop.services.stock import CountLine, StocktakeResult, fmt_qty


class StocktakeDialog(QDialog):
    def __init__(self, ctx: AppContext, part: StockRow, parent: QDialog | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.part = part
        self.result_info: StocktakeResult | None = None
        tr = ctx.tr
        self.setWindowTitle(tr("盘点", "Stocktake"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(tr("零件", "Part"), QLabel(f"{part.part_no}  {part.name}"))
        form.addRow(tr("库位", "Bin"), QLabel(part.bin_code or "—"))
        form.addRow(tr("账面数量", "On hand (books)"), QLabel(f"{fmt_qty(part.on_hand)} {part.unit}"))
        self.counted = QDoubleSpinBox()
        self.counted.setDecimals(2)
        self.counted.setRange(0, 999999)
        self.counted.setValue(float(part.on_hand))
        self.counted.valueChanged.connect(self._show_difference)
        form.addRow(tr("实盘数量", "Counted"), self.counted)
        self.difference = QLabel()
        form.addRow(tr("差异", "Difference"), self.difference)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("必填：如 破损报废、以前漏记入库", "Required: e.g. damaged, receipt not booked"))
        form.addRow(tr("差异原因", "Reason"), self.reason)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_difference()

    def counted_qty(self) -> Decimal:
        return Decimal(str(round(self.counted.value(), 2)))

    def _show_difference(self) -> None:
        diff = self.counted_qty() - self.part.on_hand
        sign = "+" if diff > 0 else ""
        value = self.part.avg_cost * diff
        self.difference.setText(f"{sign}{fmt_qty(diff)} {self.part.unit}（¥{value:,.2f}）" if diff else
                                self.ctx.tr("无差异", "none"))

    def save(self) -> None:
        ctx = self.ctx
        line = CountLine(self.part.part_id, self.counted_qty(), self.part.on_hand)
        reason = self.reason.text()
        self.error.clear()
        ctx.ops.run(lambda: stock.record_stocktake(ctx.db.uow(), ctx.actor, [line], reason),
                    on_done=self._saved, on_error=self._refused, changed="stock", parent=self)

    def _saved(self, result: StocktakeResult) -> None:
        self.result_info = result
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.error.setText(exc.message(self.ctx.lang) if isinstance(exc, WorkshopError) else str(exc))
