"""门岗 (the gate, M4): scan the gate pass as the car leaves; the delivery is recorded, or the reason it may not
leave is shown large enough to read from the booth."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QVBoxLayout, QWidget

from ui.common import screen_title
from ui.context import AppContext
from ui.tools.common import error_text
from workshop.domain.clock import fmt_shop, utcnow
from workshop.services import cashier_gate
from workshop.services.work_order_dto import WorkOrderInfo

GREEN = "#1a7f37"
RED = "#c81e1e"


class GateScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(tr("门岗放行", "Gate")))
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(tr("扫描放行条条码，回车", "Scan the gate pass, Enter"))
        self.scan.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhPreferUppercase)
        font = self.scan.font()
        font.setPointSize(font.pointSize() + 6)
        self.scan.setFont(font)
        self.scan.returnPressed.connect(self.scan_pass)
        layout.addWidget(self.scan)
        self.result = QLabel(tr("请扫描放行条。", "Scan a gate pass."))
        self.result.setWordWrap(True)
        big = self.result.font()
        big.setPointSize(big.pointSize() + 10)
        big.setBold(True)
        self.result.setFont(big)
        layout.addWidget(self.result)
        layout.addWidget(QLabel(tr("本班放行记录", "Released this shift")))
        self.released = QListWidget()
        layout.addWidget(self.released, 1)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.scan.setFocus()

    def _show(self, text: str, ok: bool) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {GREEN if ok else RED}")

    def scan_pass(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code:
            return
        ctx = self.ctx

        def done(info: WorkOrderInfo) -> None:
            self._show(ctx.tr(f"放行：{info.number} 已交车", f"Released: {info.number} delivered"), True)
            self.released.insertItem(0, f"{fmt_shop(utcnow())}  {code.upper()}  {info.number}")

        ctx.ops.run_service(cashier_gate.scan_gate_pass, code, on_done=done,
                            on_error=lambda exc: self._show(error_text(ctx, exc), False))
