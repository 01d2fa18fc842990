"""Add or edit a vehicle: plate (full-width input normalised, its GA 36 kind shown as you type; 未上牌 for a new
car known by its VIN; a plate of no known form kept after a confirmation), VIN (check digit), model, purchase
date, mileage (a lower mileage than the last visit asks for confirmation), warranty terms."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
)

from ui.context import AppContext
from ui.front_desk import common
from workshop.domain.errors import WorkshopError
from workshop.domain.vehicle import NO_PLATE, normalise_vin, read_plate
from workshop.queries.customers import VehicleRow
from workshop.services import front_desk
from workshop.services.work_order_dto import VehicleInfo


class VehicleDialog(QDialog):
    def __init__(self, ctx: AppContext, customer_id: int, vehicle: VehicleRow | None = None,
                 parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.ctx = ctx
        self.customer_id = customer_id
        self.vehicle = vehicle
        self.saved: VehicleInfo | None = None
        self.setWindowTitle(ctx.tr("编辑车辆", "Edit vehicle") if vehicle else ctx.tr("添加车辆", "Add vehicle"))
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        self.plate = QLineEdit(vehicle.plate if vehicle else "")
        self.plate.setPlaceholderText(ctx.tr("如 粤B·12345、粤B·D12345、粤Z·1234港", "e.g. 粤B·12345, 粤B·D12345"))
        self.no_plate = QCheckBox(ctx.tr("未上牌（新车，凭车架号识别）", "No plate yet (new car, known by its VIN)"))
        self.no_plate.setChecked(vehicle is not None and not vehicle.plate)
        self.no_plate.toggled.connect(self._check_plate)
        self.plate_hint = QLabel()
        self.plate_hint.setWordWrap(True)
        self.vin = QLineEdit(vehicle.vin if vehicle else "")
        self.vin.setPlaceholderText(ctx.tr("17 位车架号", "17-character VIN"))
        self.vin_hint = QLabel()
        self.brand = QLineEdit(vehicle.brand if vehicle else "")
        self.model = QLineEdit(vehicle.model if vehicle else "")
        self.purchase = QDateEdit(QDate(vehicle.purchase_date.year, vehicle.purchase_date.month, vehicle.purchase_date.day) if vehicle else QDate.currentDate())
        self.purchase.setCalendarPopup(True)
        self.purchase.setDisplayFormat("yyyy-MM-dd")
        self.mileage = QSpinBox()
        self.mileage.setRange(0, 2_000_000)
        self.mileage.setSingleStep(1000)
        self.mileage.setSuffix(ctx.tr(" 公里", " km"))
        self.mileage.setValue(vehicle.last_mileage if vehicle else 0)
        self.months = QSpinBox()
        self.months.setRange(1, 240)
        self.months.setValue(vehicle.warranty_months if vehicle else 36)
        self.months.setSuffix(ctx.tr(" 个月", " months"))
        self.km = QSpinBox()
        self.km.setRange(1, 2_000_000)
        self.km.setSingleStep(10000)
        self.km.setValue(vehicle.warranty_km if vehicle else 100000)
        self.km.setSuffix(ctx.tr(" 公里", " km"))
        form.addRow(ctx.tr("车牌号", "Plate"), self.plate)
        form.addRow("", self.no_plate)
        form.addRow("", self.plate_hint)
        form.addRow(ctx.tr("车架号", "VIN"), self.vin)
        form.addRow("", self.vin_hint)
        form.addRow(ctx.tr("品牌", "Brand"), self.brand)
        form.addRow(ctx.tr("车型", "Model"), self.model)
        form.addRow(ctx.tr("购车日期", "Purchase date"), self.purchase)
        form.addRow(ctx.tr("当前里程", "Mileage"), self.mileage)
        form.addRow(ctx.tr("保修期", "Warranty period"), self.months)
        form.addRow(ctx.tr("保修里程", "Warranty mileage"), self.km)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.plate.textChanged.connect(self._check_plate)
        self.vin.textChanged.connect(self._check_vin)
        self._check_plate()
        self._check_vin()

    def _hint(self, label: QLabel, ok: bool, text: str) -> None:
        label.setText(text)
        label.setStyleSheet("color: #1b7f3a;" if ok else "color: #c81e1e;")

    def _check_plate(self) -> None:
        self.plate.setEnabled(not self.no_plate.isChecked())
        if self.no_plate.isChecked() or not self.plate.text().strip():
            self._hint(self.plate_hint, True, self.ctx.tr("未上牌：上牌后在此补录车牌，原记录保留。",
                                                          "No plate: add it here once issued; the history is kept.")
                       if self.no_plate.isChecked() else "")
            return
        try:
            r = read_plate(self.plate.text())
        except WorkshopError as exc:
            self._hint(self.plate_hint, False, exc.message(self.ctx.lang))
            return
        if r.recognised:
            self._hint(self.plate_hint, True, f"✓ {r.plate}（{self.ctx.tr(r.kind.zh, r.kind.en)}）")
        else:
            self._hint(self.plate_hint, False, self.ctx.tr(
                f"{r.plate}：不是已知的号牌格式，保存时需确认", f"{r.plate}: not a known plate format; confirm on saving"))

    def _plate_value(self) -> tuple[str, bool] | None:
        """The plate to save (未上牌 for none yet) and whether an unrecognised one was confirmed; None: not saving."""
        if self.no_plate.isChecked():
            return NO_PLATE, False
        text = self.plate.text()
        try:
            r = read_plate(text) if text.strip() else None
        except WorkshopError:
            return text, False  # the service says why
        if r is None or r.recognised:
            return text, False
        if not common.confirm(self, self.ctx, self.ctx.tr(
                f"车牌号 {r.plate} 不是已知的号牌格式。已核对行驶证确认无误吗？车辆会标记为“车牌待核”。",
                f"The plate {r.plate} is not a known plate format. Checked against the registration? "
                "The vehicle is flagged for checking.")):
            return None
        return text, True

    def _check_vin(self) -> None:
        if not self.vin.text().strip():
            self._hint(self.vin_hint, True, "")
            return
        try:
            normalise_vin(self.vin.text())
            self._hint(self.vin_hint, True, self.ctx.tr("✓ 校验位正确", "✓ check digit correct"))
        except WorkshopError as exc:
            self._hint(self.vin_hint, False, exc.message(self.ctx.lang))

    def save(self) -> None:
        ctx, v = self.ctx, self.vehicle
        plate_value = self._plate_value()
        if plate_value is None:
            return
        plate, confirmed = plate_value
        vin, brand, model = self.vin.text(), self.brand.text(), self.model.text()
        bought: date = self.purchase.date().toPython()  # type: ignore[assignment]
        km, months, limit = self.mileage.value(), self.months.value(), self.km.value()
        if v is None:
            cid = self.customer_id
            ctx.ops.run_service(front_desk.add_vehicle, customer_id=cid, plate=plate, vin=vin, brand=brand,
                                model=model, purchase_date=bought, mileage=km, warranty_months=months,
                                warranty_km=limit, confirm_unrecognised_plate=confirmed, on_done=self._saved,
                                parent=self)
            return
        lower = km < v.last_mileage
        if lower and not common.confirm(self, ctx, ctx.tr(
                f"本次里程 {km:,} 公里低于上次记录的 {v.last_mileage:,} 公里。已与客户核对（仪表更换或上次录错）吗？",
                f"The mileage {km:,} km is lower than the last recorded {v.last_mileage:,} km. "
                "Checked with the customer (instrument replaced or a typing error last time)?")):
            return
        ctx.ops.run_service(front_desk.edit_vehicle, v.id, expected_version=v.version, plate=plate, vin=vin,
                            brand=brand, model=model, purchase_date=bought, warranty_months=months,
                            warranty_km=limit, mileage=km if km != v.last_mileage else None,
                            confirm_lower_mileage=lower, confirm_unrecognised_plate=confirmed,
                            on_done=self._saved, parent=self)

    def _saved(self, info: VehicleInfo) -> None:
        self.saved = info
        self.accept()
