"""T1: register a special tool (code = its barcode, name, brand, model, location, original price)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from ui.context import AppContext
from ui.tools.common import error_label, error_text
from workshop.services import tools


class RegisterToolDialog(QDialog):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.result_info: tools.ToolInfo | None = None
        self.setWindowTitle(ctx.tr("登记专用工具", "Register a special tool"))
        form = QFormLayout(self)
        self.code = QLineEdit()
        self.code.setPlaceholderText(ctx.tr("如 VAS-6150（打印在条码标签上）", "e.g. VAS-6150 (printed on the label)"))
        self.name = QLineEdit()
        self.brand = QLineEdit()
        self.model = QLineEdit()
        self.location = QLineEdit()
        self.price = QLineEdit()
        self.price.setPlaceholderText("0.00")
        for zh, en, w in (("工具编号", "Code", self.code), ("名称", "Name", self.name), ("品牌", "Brand", self.brand),
                          ("型号", "Model", self.model), ("存放位置", "Location", self.location),
                          ("原价（元）", "Original price (元)", self.price)):
            form.addRow(ctx.tr(zh, en), w)
        self.error = error_label()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx = self.ctx
        values: dict[str, Any] = dict(code=self.code.text(), name=self.name.text(), brand=self.brand.text(),
                      model=self.model.text(), location=self.location.text(), original_price=self.price.text())

        def done(info: tools.ToolInfo) -> None:
            self.result_info = info
            self.accept()

        ctx.ops.run_service(tools.register_tool, **values, on_done=done,
                            on_error=lambda exc: self.error.setText(error_text(ctx, exc)))
