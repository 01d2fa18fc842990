"""The vehicle history panel in its own window, for a screen that shows a customer's work order (the cashier)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.front_desk.vehicle_history import VehicleHistoryPanel
from ui.widgets.work_order_windows import show_work_order


class VehicleHistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, work_order_id: int, plate: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.windows: dict[str, QWidget] = {}
        self.setWindowTitle(ctx.tr(f"车辆档案 {plate}", f"Vehicle history {plate}"))
        layout = QVBoxLayout(self)
        self.panel = VehicleHistoryPanel(ctx, self.open_work_order)
        layout.addWidget(self.panel, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.panel.show_history(work_order_id=work_order_id, name=plate)
        self.resize(900, 560)

    def open_work_order(self, number: str) -> None:
        show_work_order(self.ctx, number, self, self.windows)
