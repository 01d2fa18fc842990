"""Open a work order for a vehicle (F1): kind (F2) and charging mode, mileage in, the fault in the customer's
words, requested items, priority (F7) and promised time. The warranty status (F3) is shown and follows the
mileage typed; out of warranty, the customer's agreement to the charges is asked for."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from workshop.domain.clock import SHOP_TZ, to_shop, utcnow
from workshop.domain.kind_policy import policy_of
from workshop.domain.work_order import ChargingMode, Kind, Priority
from workshop.queries.customers import VehicleRow, warranty_at_reception
from workshop.services import front_desk
from workshop.services.work_order_dto import WorkOrderInfo


def shop_datetime(edit: QDateTimeEdit) -> datetime:
    """What the clerk typed, read as shop time (Asia/Shanghai) whatever the computer's zone."""
    naive: datetime = edit.dateTime().toPython()  # type: ignore[assignment]
    return naive.replace(tzinfo=SHOP_TZ)


def set_shop_datetime(edit: QDateTimeEdit, value: datetime) -> None:
    local = to_shop(value).replace(tzinfo=None, second=0, microsecond=0)
    edit.setDateTime(QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)))


class OpenWorkOrderDialog(QDialog):
    def __init__(self, ctx: AppContext, customer_name: str, vehicle: VehicleRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.vehicle = vehicle
        self.opened: WorkOrderInfo | None = None
        self.setWindowTitle(ctx.tr("新建工单", "New work order"))
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        form.addRow(ctx.tr("客户 / 车辆", "Customer / vehicle"),
                    QLabel(f"{customer_name}　{vehicle.shown_plate}　{vehicle.brand} {vehicle.model}"))
        self.kind = QComboBox()
        for k in Kind:
            self.kind.addItem(common.kind_name(ctx, k.value), k.value)
        self.charging = QComboBox()
        for m in ChargingMode:
            self.charging.addItem(common.charging_name(ctx, m.value), m.value)
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(QLabel(ctx.tr("收费方式", "Charging")))
        row.addWidget(self.charging)
        form.addRow(ctx.tr("工单类型", "Kind"), row)
        self.department = QLineEdit()
        self.department.setPlaceholderText(ctx.tr("内部工单：领用部门，如 销售部", "Internal: department, e.g. Sales"))
        form.addRow(ctx.tr("领用部门", "Department"), self.department)
        self.mileage = QSpinBox()
        self.mileage.setRange(0, 2_000_000)
        self.mileage.setSingleStep(100)
        self.mileage.setSuffix(ctx.tr(" 公里", " km"))
        self.mileage.setValue(vehicle.last_mileage)
        form.addRow(ctx.tr("进厂里程", "Mileage in"), self.mileage)
        self.warranty = QLabel()
        self.warranty.setWordWrap(True)
        form.addRow(ctx.tr("保修状态", "Warranty"), self.warranty)
        self.agreed = QCheckBox(ctx.tr("已出保修：客户已同意保外费用", "Out of warranty: the customer agreed to the charges"))
        form.addRow("", self.agreed)
        self.fault = QPlainTextEdit()
        self.fault.setPlaceholderText(ctx.tr("客户原话，如：冷车启动时发动机有异响", "In the customer's words"))
        self.fault.setFixedHeight(70)
        form.addRow(ctx.tr("故障描述", "Fault"), self.fault)
        self.items = QPlainTextEdit()
        self.items.setPlaceholderText(ctx.tr("客户要求的项目，如：更换机油机滤、检查刹车", "What the customer asks for"))
        self.items.setFixedHeight(60)
        form.addRow(ctx.tr("维修项目", "Requested items"), self.items)
        self.priority = QComboBox()
        for p in (Priority.NORMAL, Priority.IMPORTANT, Priority.URGENT):
            self.priority.addItem(common.priority_name(ctx, p.value), p.value)
        form.addRow(ctx.tr("优先级", "Priority"), self.priority)
        self.use_promised = QCheckBox(ctx.tr("承诺交车", "Promise a time"))
        self.use_promised.setChecked(True)
        self.promised = QDateTimeEdit()
        self.promised.setCalendarPopup(True)
        self.promised.setDisplayFormat("yyyy-MM-dd HH:mm")
        set_shop_datetime(self.promised, utcnow() + timedelta(hours=4))
        prow = QHBoxLayout()
        prow.addWidget(self.use_promised)
        prow.addWidget(self.promised, 1)
        form.addRow(ctx.tr("承诺时间", "Promised"), prow)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ctx.tr("开单", "Open"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.mileage.valueChanged.connect(self._show_warranty)
        self.use_promised.toggled.connect(self.promised.setEnabled)
        self._kind_changed()
        self._show_warranty()

    def _kind_changed(self) -> None:
        policy = policy_of(self.kind.currentData())
        self.department.setEnabled(policy.names_department)
        if policy.charging is ChargingMode.FREE:
            self.charging.setCurrentIndex(self.charging.findData(ChargingMode.FREE.value))
        self._show_warranty()

    def _show_warranty(self) -> None:
        status = warranty_at_reception(self.ctx.db, self.vehicle.id, self.mileage.value())
        if status is None:
            return
        head = self.ctx.tr("在保修期内", "In warranty") if status.in_warranty else self.ctx.tr("已出保修", "Out of warranty")
        self.warranty.setText(head + self.ctx.tr("：", ": ") + status.text(self.ctx.lang))
        self.warranty.setStyleSheet("color: #1b7f3a;" if status.in_warranty else "color: #c81e1e; font-weight: bold;")
        needs = not status.in_warranty and policy_of(self.kind.currentData()).agree_out_of_warranty
        self.agreed.setVisible(needs)

    def save(self) -> None:
        ctx, v = self.ctx, self.vehicle
        km = self.mileage.value()
        lower = km < v.last_mileage
        if lower and not common.confirm(self, ctx, ctx.tr(
                f"进厂里程 {km:,} 公里低于上次记录的 {v.last_mileage:,} 公里。已与客户核对吗？",
                f"The mileage {km:,} km is lower than the last recorded {v.last_mileage:,} km. Checked with the customer?")):
            return
        values = {
            "vehicle_id": v.id, "kind": self.kind.currentData(), "mileage_in": km,
            "fault_description": self.fault.toPlainText(), "requested_items": self.items.toPlainText(),
            "priority": self.priority.currentData(), "charging_mode": self.charging.currentData(),
            "promised_at": shop_datetime(self.promised) if self.use_promised.isChecked() else None,
            "internal_department": self.department.text() if self.department.isEnabled() else None,
            "out_of_warranty_agreed": not self.agreed.isHidden() and self.agreed.isChecked(),
            "confirm_lower_mileage": lower,
        }
        ctx.ops.run_service(front_desk.open_work_order, **values, on_done=self._opened, parent=self)

    def _opened(self, info: WorkOrderInfo) -> None:
        self.opened = info
        self.accept()
