"""C1: a new claim order: the warranty work order's number, then tick the parts to order and their quantities."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.common import cell_text
from ui.context import AppContext
from ui.tools.common import error_label, error_text
from workshop.domain.kind_policy import policy_of
from workshop.domain.money import fmt_money
from workshop.queries import claims as cq
from workshop.services import claims


class NewClaimDialog(QDialog):
    def __init__(self, ctx: AppContext, work_order_no: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.result_info: claims.ClaimInfo | None = None
        self.setWindowTitle(ctx.tr("新建索赔订货", "New claim order"))
        self.resize(720, 420)
        v = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.work_order = QLineEdit(work_order_no)
        self.work_order.setPlaceholderText(ctx.tr("索赔工单号，如 RO2611-0042", "Warranty work order, e.g. RO2611-0042"))
        self.work_order.returnPressed.connect(self.load)
        load = QPushButton(ctx.tr("载入零件", "Load parts"))
        load.clicked.connect(self.load)
        bar.addWidget(QLabel(ctx.tr("工单号", "Work order")))
        bar.addWidget(self.work_order, 1)
        bar.addWidget(load)
        v.addLayout(bar)
        self.info = QLabel()
        v.addWidget(self.info)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([ctx.tr(zh, en) for zh, en in (
            ("订货", "Order"), ("零件号", "Part no."), ("名称", "Name"), ("单价", "Price"), ("订货数量", "Quantity"))])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.table, 1)
        self.error = error_label()
        v.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        if work_order_no:
            self.load()

    def load(self) -> None:
        tr = self.ctx.tr
        self.table.setRowCount(0)
        self.error.clear()
        wo = cq.work_order_parts(self.ctx.db, self.work_order.text())
        if wo is None:
            self.info.setText("")
            self.error.setText(tr("找不到这个工单。", "No such work order."))
            return
        self.info.setText(f"{wo.number} · {wo.customer_name} {wo.customer_phone} · {wo.plate}")
        if not policy_of(wo.kind).claim_orders:
            self.error.setText(tr("这不是索赔工单：索赔订货只能挂在索赔工单上。",
                                  "Not a warranty work order: a claim order needs one."))
        for part in wo.parts:
            row = self.table.rowCount()
            self.table.insertRow(row)
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked if part.on_hand < part.quantity else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, tick)
            for col, text in ((1, part.part_no), (2, part.name), (3, fmt_money(part.unit_price))):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, col, item)
            qty = QDoubleSpinBox()
            qty.setDecimals(2)
            qty.setRange(0.01, float(part.quantity))
            qty.setValue(float(part.quantity))
            self.table.setCellWidget(row, 4, qty)
        if not wo.parts:
            self.error.setText(tr("工单上还没有零件：请先在工单上加零件。", "The work order has no parts yet."))

    def chosen(self) -> list[tuple[str, Decimal]]:
        out: list[tuple[str, Decimal]] = []
        for row in range(self.table.rowCount()):
            tick = self.table.item(row, 0)
            spin = self.table.cellWidget(row, 4)
            if tick is not None and tick.checkState() == Qt.CheckState.Checked and isinstance(spin, QDoubleSpinBox):
                out.append((cell_text(self.table, row, 1), Decimal(str(round(spin.value(), 2)))))
        return out

    def save(self) -> None:
        ctx = self.ctx
        number, lines = self.work_order.text(), self.chosen()

        def done(info: claims.ClaimInfo) -> None:
            self.result_info = info
            self.accept()

        ctx.ops.run_service(claims.create_claim_order, number, lines, on_done=done,
                            on_error=lambda exc: self.error.setText(error_text(ctx, exc)))
