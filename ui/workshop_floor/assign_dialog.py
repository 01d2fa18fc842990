"""W1: the workshop manager or a team leader assigns a car to a team and a technician."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from ui.context import AppContext
from ui.front_desk import common
from ui.widgets.team_choices import team_choices
from workshop.queries.work_orders import people_with_role
from workshop.queries.workshop_board import BoardRow
from workshop.services import workshop_floor
from workshop.services.work_order_dto import WorkOrderInfo


class AssignDialog(QDialog):
    def __init__(self, ctx: AppContext, row: BoardRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.saved: WorkOrderInfo | None = None
        self.setWindowTitle(ctx.tr(f"派工 — {row.number}", f"Assign — {row.number}"))
        self.setMinimumWidth(380)
        form = QFormLayout(self)
        form.addRow(ctx.tr("车辆", "Vehicle"), QLabel(f"{row.plate}　{row.model}"))
        self.team = QComboBox()
        for code, label in team_choices(ctx.db, row.team):
            self.team.addItem(label, code)
        if row.team:
            self.team.setCurrentIndex(max(0, self.team.findData(row.team)))
        self.technician = QComboBox()
        form.addRow(ctx.tr("班组", "Team"), self.team)
        form.addRow(ctx.tr("技工", "Technician"), self.technician)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ctx.tr("派工", "Assign"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.team.currentIndexChanged.connect(self._fill_technicians)
        self._fill_technicians()

    def _fill_technicians(self) -> None:
        self.technician.clear()
        self.technician.addItem(self.ctx.tr("（班组内自行接车）", "(anyone in the team takes it)"), None)
        for p in people_with_role(self.ctx.db, "technician", "team_leader", team=self.team.currentData()):
            self.technician.addItem(p.name, p.id)
        if self.row.technician_id is not None:
            self.technician.setCurrentIndex(max(0, self.technician.findData(self.row.technician_id)))

    def save(self) -> None:
        ctx, row = self.ctx, self.row
        team, tech = self.team.currentData(), self.technician.currentData()
        ctx.ops.run_service(workshop_floor.assign_job, row.number, team=team, technician_id=tech,
                            expected_version=row.version, on_done=self._saved, parent=self)

    def _saved(self, info: WorkOrderInfo) -> None:
        self.saved = info
        self.accept()
