"""Add a part line from the parts catalog: search by part number or name, with price and stock shown."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.common import RED, RowsModel, make_table, selected_payload
from workshop.queries.work_orders import PartPickRow, find_parts
from workshop.services import front_desk
from workshop.services.work_order_dto import WorkOrderInfo


def _stock_color(row: PartPickRow) -> QColor | None:
    return RED if row.on_hand <= 0 else None


class PartLineDialog(QDialog):
    def __init__(self, ctx: AppContext, number: str, version: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.number = number
        self.version = version
        self.saved: WorkOrderInfo | None = None
        self.setWindowTitle(ctx.tr(f"添加配件 — {number}", f"Add a part — {number}"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(ctx.tr("零件号、名称中的词或拼音首字母（如 jylq）",
                                            "Part number, a word of the name or pinyin initials"))
        layout.addWidget(self.search)
        self.model = RowsModel([ctx.tr(zh, en) for zh, en in (
            ("零件号", "Part no."), ("名称", "Name"), ("单位", "Unit"), ("单价", "Price"), ("库存", "In stock"))],
            row_color=_stock_color, align_right=(3, 4))
        self.table = make_table(self.model, stretch=1)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.quantity = QDoubleSpinBox()
        self.quantity.setDecimals(2)
        self.quantity.setRange(0.01, 9999)
        self.quantity.setValue(1)
        form.addRow(ctx.tr("数量", "Quantity"), self.quantity)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ctx.tr("添加", "Add"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.refresh)

    def refresh(self) -> None:
        rows = find_parts(self.ctx.db, self.search.text())
        self.model.set_rows([(p.part_no, p.name, p.unit, common.money(p.price), common.qty(p.on_hand)) for p in rows],
                            rows)
        if rows:
            self.table.selectRow(0)
        self.table.resizeColumnsToContents()

    def save(self) -> None:
        part: PartPickRow | None = selected_payload(self.table, self.model)
        if part is None:
            common.inform(self, self.ctx, self.ctx.tr("请先选择一个配件。", "Choose a part first."))
            return
        ctx, number, version = self.ctx, self.number, self.version
        quantity = Decimal(f"{self.quantity.value():.2f}")
        ctx.ops.run(lambda: front_desk.add_part_line(ctx.db.uow(), ctx.actor, number, expected_version=version,
                                                     part_no=part.part_no, quantity=quantity),
                    self._saved, changed="work_orders", parent=self)

    def _saved(self, info: WorkOrderInfo) -> None:
        self.saved = info
        self.accept()
