"""A new purchase order to a supplier from the supplier list: part lines typed or scanned (S1). Accident parts are
ordered from the signed quote instead (P3), which the core enforces."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from workshop.domain.errors import InvalidInput, WorkshopError
from workshop.services import purchasing, suppliers
from workshop.services.purchasing import OrderLine, PurchaseOrderInfo


class PurchaseOrderDialog(QDialog):
    COLUMNS = (("零件号或条码", "Part no. or barcode"), ("数量", "Quantity"), ("进价（元）", "Unit cost"))

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.result_info: PurchaseOrderInfo | None = None
        self.setWindowTitle(tr("新建采购订单", "New purchase order"))
        self.setMinimumSize(560, 420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.supplier = QComboBox()
        self.supplier.setEditable(True)
        for s in suppliers.list_suppliers(ctx.db, active_only=True):
            self.supplier.addItem(s.name + (tr("（厂家）", " (manufacturer)") if s.is_manufacturer else ""), s.name)
        self.work_order = QLineEdit()
        self.work_order.setPlaceholderText(tr("可留空（备库存）", "optional (stock order)"))
        form.addRow(tr("供应商", "Supplier"), self.supplier)
        form.addRow(tr("工单号", "Work order"), self.work_order)
        layout.addLayout(form)
        self.lines = QTableWidget(3, len(self.COLUMNS))
        self.lines.setHorizontalHeaderLabels([tr(zh, en) for zh, en in self.COLUMNS])
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines.setColumnWidth(0, 220)
        layout.addWidget(self.lines, 1)
        more = QPushButton(tr("加一行", "Add a line"))
        more.clicked.connect(lambda: self.lines.insertRow(self.lines.rowCount()))
        layout.addWidget(more)
        self.error = QLabel()
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def set_line(self, row: int, code: str, qty: str, cost: str) -> None:
        if row >= self.lines.rowCount():
            self.lines.setRowCount(row + 1)
        for col, value in enumerate((code, qty, cost)):
            self.lines.setItem(row, col, QTableWidgetItem(value))

    def _cell(self, row: int, col: int) -> str:
        item = self.lines.item(row, col)
        return item.text().strip() if item is not None else ""

    def order_lines(self) -> list[OrderLine]:
        out: list[OrderLine] = []
        for row in range(self.lines.rowCount()):
            code, qty, cost = (self._cell(row, c) for c in range(3))
            if not (code or qty or cost):
                continue
            try:
                out.append(OrderLine(code, Decimal(qty or "x"), Decimal(cost or "x")))
            except ArithmeticError:
                raise InvalidInput(f"第 {row + 1} 行：数量和进价必须是数字。",
                                   f"Line {row + 1}: quantity and unit cost must be numbers.") from None
        return out

    def save(self) -> None:
        ctx = self.ctx
        try:
            lines = self.order_lines()
        except WorkshopError as exc:
            self.error.setText(exc.message(ctx.lang))
            return
        index = self.supplier.findText(self.supplier.currentText())
        supplier = str(self.supplier.itemData(index)) if index >= 0 else self.supplier.currentText()
        wo = self.work_order.text().strip() or None

        def done(info: PurchaseOrderInfo) -> None:
            self.result_info = info
            self.accept()

        ctx.ops.run_service(purchasing.create_purchase_order, supplier, lines, wo,
                    on_done=done, parent=self,
                    on_error=lambda exc: self.error.setText(exc.message(ctx.lang) if isinstance(exc, WorkshopError)
                                                            else str(exc)))
