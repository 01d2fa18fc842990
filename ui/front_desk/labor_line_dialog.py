"""Add a labor line from the labor catalog (operation code, standard hours and rate; F8), with a team or a
technician."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
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
from ui.front_desk.common import RowsModel, make_table, selected_payload
from ui.widgets.columns import fit_columns
from workshop.queries.work_orders import LaborOperationRow, find_labor_operations, people_with_role
from workshop.services import front_desk
from workshop.services.work_order_dto import WorkOrderInfo


class LaborLineDialog(QDialog):
    def __init__(self, ctx: AppContext, number: str, version: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.number = number
        self.version = version
        self.saved: WorkOrderInfo | None = None
        self.setWindowTitle(ctx.tr(f"添加工时项目 — {number}", f"Add a labor line — {number}"))
        self.resize(680, 520)
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(ctx.tr("工时代码、名称中的词或拼音首字母",
                                            "Operation code, a word of the name or pinyin initials"))
        layout.addWidget(self.search)
        self.model = RowsModel([ctx.tr(zh, en) for zh, en in (
            ("代码", "Code"), ("名称", "Operation"), ("标准工时", "Std hours"), ("单价", "Rate"), ("班组", "Team"))],
            align_right=(2, 3))
        self.table = make_table(self.model, stretch=1)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.hours = QDoubleSpinBox()
        self.hours.setDecimals(2)
        self.hours.setRange(0, 999)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(ctx.tr(" 工时", " h"))
        self.technician = QComboBox()
        self.technician.addItem(ctx.tr("（按班组派工）", "(team assigns)"), None)
        for p in people_with_role(ctx.db, "technician", "team_leader"):
            self.technician.addItem(f"{p.name}（{p.team or '-'}）", p.id)
        form.addRow(ctx.tr("工时", "Hours"), self.hours)
        form.addRow(ctx.tr("技工", "Technician"), self.technician)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ctx.tr("添加", "Add"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._picked)
        self.refresh()

    def refresh(self) -> None:
        rows = find_labor_operations(self.ctx.db, self.search.text())
        self.model.set_rows([(o.code, o.name, common.qty(o.standard_hours), common.money(o.rate), o.team)
                             for o in rows], rows)
        if rows:
            self.table.selectRow(0)
        fit_columns(self.table)

    def _picked(self) -> None:
        op: LaborOperationRow | None = selected_payload(self.table, self.model)
        if op is not None:
            self.hours.setMinimum(float(op.standard_hours))
            self.hours.setValue(float(op.standard_hours))

    def save(self) -> None:
        op: LaborOperationRow | None = selected_payload(self.table, self.model)
        if op is None:
            common.inform(self, self.ctx, self.ctx.tr("请先选择一个工时项目。", "Choose an operation first."))
            return
        ctx, number, version = self.ctx, self.number, self.version
        hours = Decimal(f"{self.hours.value():.2f}")
        tech = self.technician.currentData()
        ctx.ops.run_service(front_desk.add_labor_line, number, expected_version=version,
                            operation_code=op.code, hours=None if hours == op.standard_hours else hours,
                            technician_id=tech, on_done=self._saved, parent=self)

    def _saved(self, info: WorkOrderInfo) -> None:
        self.saved = info
        self.accept()
