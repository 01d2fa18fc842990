"""Stocktake of one part (P8): the count, and the difference booked as an adjustment with a reason. The on-hand
shown when counting is sent along: if the part moved meanwhile, the count is refused and must be redone.
Counting by scanning: each scan of the part (its barcode or part number, on the one scan path) counts one more
piece, the first scan starting the count at 1; a scan of another part is refused in the scan banner."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.qty_box import QtyBox
from ui.widgets.scan_banner import ScanBanner
from ui.widgets.scanner import ScanCatcher
from workshop.domain.errors import WorkshopError
from workshop.queries.stock import StockRow, part_by_scan
from workshop.services import stock
from workshop.services.stock import CountLine, StocktakeResult, fmt_qty


class StocktakeDialog(QDialog):
    def __init__(self, ctx: AppContext, part: StockRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.part = part
        self.result_info: StocktakeResult | None = None
        self.scans = 0
        tr = ctx.tr
        self.setWindowTitle(tr("盘点", "Stocktake"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(tr("零件", "Part"), QLabel(f"{part.part_no}  {part.name}"))
        form.addRow(tr("库位", "Bin"), QLabel(part.bin_code or "—"))
        form.addRow(tr("账面数量", "On hand (books)"), QLabel(f"{fmt_qty(part.on_hand)} {part.unit}"))
        self.counted = QtyBox(float(part.on_hand), 0, 999999)
        self.counted.valueChanged.connect(self._show_difference)
        form.addRow(tr("实盘数量", "Counted"), self.counted)
        self.difference = QLabel()
        form.addRow(tr("差异", "Difference"), self.difference)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("必填：如 破损报废、以前漏记入库", "Required: e.g. damaged, receipt not booked"))
        form.addRow(tr("差异原因", "Reason"), self.reason)
        layout.addLayout(form)
        self.banner = ScanBanner(tr("可逐件扫描零件条码计数。", "Scan each piece to count it."))
        layout.addWidget(self.banner)
        self.scanner = ScanCatcher(self)
        self.scanner.scanned.connect(self.on_scan)
        self.error = QLabel()
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_difference()

    def on_scan(self, code: str) -> None:
        tr = self.ctx.tr
        found = part_by_scan(self.ctx.db, code)
        if found is None or found.part_id != self.part.part_id:
            what = f"{found.part_no} {found.name}" if found else code
            self.banner.refused(tr(f"扫到的是 {what}，不是正在盘点的 {self.part.part_no}：未计数。",
                                   f"That is {what}, not {self.part.part_no} being counted: not counted."))
            return
        self.scans += 1
        self.counted.setValue(self.scans if self.scans == 1 else self.counted.value() + 1)
        self.banner.accepted(tr(f"{self.part.part_no}：已数 {fmt_qty(self.counted_qty())} {self.part.unit}",
                                f"{self.part.part_no}: {fmt_qty(self.counted_qty())} counted"))

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
        ctx.ops.run_service(stock.record_stocktake, [line], reason, on_done=self._saved,
                            on_error=self._refused, parent=self)

    def _saved(self, result: StocktakeResult) -> None:
        self.result_info = result
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.error.setText(exc.message(self.ctx.lang) if isinstance(exc, WorkshopError) else str(exc))
