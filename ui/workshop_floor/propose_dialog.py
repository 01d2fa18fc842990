"""F6: the workshop proposes an added item (work found during the repair) with its labor and parts; it goes
to the front desk, where the advisor asks the customer."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.common import RowsModel, make_table
from workshop.queries.work_orders import find_labor_operations, find_parts
from workshop.queries.workshop_board import BoardRow
from workshop.services import workshop_floor
from workshop.services.work_order_dto import AddedItemInfo, ProposedLabor, ProposedPart


class ProposeDialog(QDialog):
    def __init__(self, ctx: AppContext, row: BoardRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.saved: AddedItemInfo | None = None
        self.labor: list[ProposedLabor] = []
        self.parts: list[ProposedPart] = []
        self.part_names: dict[str, str] = {}
        t = ctx.tr
        self.setWindowTitle(t(f"提出增项 — {row.number}", f"Propose an added item — {row.number}"))
        self.resize(620, 480)
        form = QFormLayout(self)
        form.addRow(t("车辆", "Vehicle"), QLabel(f"{row.plate}　{row.model}"))
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(t("发现的问题和建议，如：前刹车片磨损到极限，建议更换",
                                              "What was found and what is advised"))
        self.description.setFixedHeight(70)
        form.addRow(t("增项说明", "Description"), self.description)
        labor_row = QHBoxLayout()
        self.operation = QComboBox()
        for op in find_labor_operations(ctx.db, limit=500):
            self.operation.addItem(f"{op.code} {op.name}（{common.qty(op.standard_hours)} 工时）", op.code)
        add_labor = QPushButton(t("加工时", "Add labor"))
        labor_row.addWidget(self.operation, 1)
        labor_row.addWidget(add_labor)
        form.addRow(t("工时项目", "Labor"), labor_row)
        part_row = QHBoxLayout()
        self.part_no = QLineEdit()
        self.part_no.setPlaceholderText(t("零件号", "Part number"))
        self.quantity = QDoubleSpinBox()
        self.quantity.setRange(0.01, 999)
        self.quantity.setValue(1)
        add_part = QPushButton(t("加配件", "Add part"))
        part_row.addWidget(self.part_no, 1)
        part_row.addWidget(self.quantity)
        part_row.addWidget(add_part)
        form.addRow(t("配件", "Parts"), part_row)
        self.lines = RowsModel([t("项目", "Line"), t("数量 / 工时", "Qty / hours")])
        self.lines_view = make_table(self.lines, stretch=0)
        form.addRow(self.lines_view)
        self.warning = QLabel()
        self.warning.setStyleSheet("color: #c81e1e;")
        form.addRow(self.warning)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("提交前台", "Send to the front desk"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        add_labor.clicked.connect(self.add_labor)
        add_part.clicked.connect(self.add_part)

    def _show_lines(self) -> None:
        rows = [(self.operation.itemText(self.operation.findData(pl.operation_code)), "") for pl in self.labor]
        rows += [(f"{pp.part_no} {self.part_names.get(pp.part_no, '')}", common.qty(pp.quantity)) for pp in self.parts]
        self.lines.set_rows(rows, [*self.labor, *self.parts])

    def add_labor(self) -> None:
        code = self.operation.currentData()
        if code:
            self.labor.append(ProposedLabor(operation_code=code))
            self._show_lines()

    def add_part(self) -> None:
        found = find_parts(self.ctx.db, self.part_no.text(), limit=1)
        if not found:
            self.warning.setText(self.ctx.tr("配件目录里没有这个零件号。", "No such part number in the catalog."))
            return
        self.warning.setText("")
        self.part_names[found[0].part_no] = found[0].name
        self.parts.append(ProposedPart(part_no=found[0].part_no, quantity=Decimal(f"{self.quantity.value():.2f}")))
        self.part_no.clear()
        self._show_lines()

    def save(self) -> None:
        ctx, number = self.ctx, self.row.number
        text, labor, parts = self.description.toPlainText(), tuple(self.labor), tuple(self.parts)
        ctx.ops.run_service(workshop_floor.propose_added_item, number, description=text, labor=labor,
                            parts=parts, on_done=self._saved, parent=self)

    def _saved(self, info: AddedItemInfo) -> None:
        self.saved = info
        self.accept()
