"""F5: the technician takes the car: the plate is typed or scanned from the car and checked against the
work order; a mismatch stops the start."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ui.context import AppContext
from ui.front_desk import common
from workshop.queries.workshop_board import BoardRow
from workshop.services import workshop_floor
from workshop.services.work_order_dto import WorkOrderInfo


class TakeDialog(QDialog):
    def __init__(self, ctx: AppContext, row: BoardRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.saved: WorkOrderInfo | None = None
        self.setWindowTitle(ctx.tr(f"接车维修 — {row.number}", f"Take the car — {row.number}"))
        self.setMinimumWidth(400)
        form = QFormLayout(self)
        form.addRow(ctx.tr("车型", "Model"), QLabel(row.model))
        hint = QLabel(ctx.tr("请看车上的车牌输入或扫描，系统核对是否与工单一致。",
                             "Type or scan the plate on the car; it is checked against the work order."))
        hint.setWordWrap(True)
        form.addRow(hint)
        self.plate = QLineEdit()
        self.plate.setPlaceholderText(ctx.tr("车上的车牌，如 粤B12345", "The car's plate, e.g. 粤B12345"))
        form.addRow(ctx.tr("车牌", "Plate"), self.plate)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ctx.tr("核对并开始维修", "Check and start"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx, number, plate = self.ctx, self.row.number, self.plate.text()
        ctx.ops.run_service(workshop_floor.take_job, number, plate=plate, on_done=self._saved, parent=self)

    def _saved(self, info: WorkOrderInfo) -> None:
        self.saved = info
        self.accept()
