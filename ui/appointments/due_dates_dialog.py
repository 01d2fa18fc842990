"""R2 at reception: the vehicle's insurance renewal and annual inspection dates (unticked: not known), and the
next service the shop computed (by date or mileage, whichever first)."""

from __future__ import annotations

from datetime import date
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from workshop.queries.reminders import vehicle_dues
from workshop.services import reminders


class _DateField(QWidget):
    def __init__(self, value: date | None) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.known = QCheckBox()
        d = value or date.today()
        self.edit = QDateEdit(QDate(d.year, d.month, d.day))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.known.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.known.toggled.connect(self.edit.setEnabled)
        row.addWidget(self.known)
        row.addWidget(self.edit, 1)

    def value(self) -> date | None:
        d = cast(date, self.edit.date().toPython())
        return d if self.known.isChecked() else None


class DueDatesDialog(QDialog):
    def __init__(self, ctx: AppContext, vehicle_id: int, plate: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.vehicle_id = ctx, vehicle_id
        t = ctx.tr
        self.setWindowTitle(t(f"到期日 — {plate}", f"Due dates — {plate}"))
        dues = vehicle_dues(ctx.db, vehicle_id)
        form = QFormLayout(self)
        service = dues.service_due.isoformat() if dues and dues.service_due else t("未知", "unknown")
        km = f"（{t('日均', 'avg')} {dues.daily_km} km）" if dues and dues.daily_km else ""
        form.addRow(t("下次保养", "Next service"), QLabel(service + km))
        self.insurance = _DateField(dues.insurance_due if dues else None)
        self.inspection = _DateField(dues.inspection_due if dues else None)
        form.addRow(t("保险到期", "Insurance renewal"), self.insurance)
        form.addRow(t("年检到期", "Annual inspection"), self.inspection)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, box)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        form.addRow(box)

    def save(self) -> None:
        ctx, vid = self.ctx, self.vehicle_id
        ins, insp = self.insurance.value(), self.inspection.value()
        ctx.ops.run_service(reminders.set_vehicle_due_dates, vid, insurance_due=ins, inspection_due=insp,
                            on_done=lambda _r: self.accept(), parent=self)
