"""Edit a work order's own fields (fault, requested items, priority, promised time, mileage in, charging mode,
the customer's agreement to out-of-warranty charges). Saved with the version the window showed: if another
desk saved in between, the service refuses with who changed it and when (stale edit)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.open_work_order_dialog import set_shop_datetime, shop_datetime
from workshop.domain.clock import utcnow
from workshop.domain.work_order import ChargingMode, Priority
from workshop.services import front_desk
from workshop.services.work_order_dto import WorkOrderInfo


class EditWorkOrderDialog(QDialog):
    def __init__(self, ctx: AppContext, info: WorkOrderInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = info
        self.saved: WorkOrderInfo | None = None
        t = ctx.tr
        self.setWindowTitle(t(f"修改工单 {info.number}", f"Edit work order {info.number}"))
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.fault = QPlainTextEdit(info.fault_description)
        self.fault.setFixedHeight(70)
        self.items = QPlainTextEdit(info.requested_items)
        self.items.setFixedHeight(60)
        self.priority = QComboBox()
        for p in (Priority.NORMAL, Priority.IMPORTANT, Priority.URGENT):
            self.priority.addItem(common.priority_name(ctx, p.value), p.value)
        self.priority.setCurrentIndex(self.priority.findData(info.priority))
        self.charging = QComboBox()
        for m in ChargingMode:
            self.charging.addItem(common.charging_name(ctx, m.value), m.value)
        self.charging.setCurrentIndex(self.charging.findData(info.charging_mode))
        self.promised = QDateTimeEdit()
        self.promised.setCalendarPopup(True)
        self.promised.setDisplayFormat("yyyy-MM-dd HH:mm")
        set_shop_datetime(self.promised, info.promised_at or utcnow())
        self.mileage = QSpinBox()
        self.mileage.setRange(0, 2_000_000)
        self.mileage.setSuffix(t(" 公里", " km"))
        self.mileage.setValue(info.mileage_in)
        self.agreed = QCheckBox(t("客户已同意保外费用", "The customer agreed to out-of-warranty charges"))
        self.agreed.setChecked(info.out_of_warranty_agreed)
        self.agreed.setVisible(not info.in_warranty)
        form.addRow(t("故障描述", "Fault"), self.fault)
        form.addRow(t("维修项目", "Requested items"), self.items)
        form.addRow(t("优先级", "Priority"), self.priority)
        form.addRow(t("收费方式", "Charging"), self.charging)
        form.addRow(t("承诺交车", "Promised"), self.promised)
        form.addRow(t("进厂里程", "Mileage in"), self.mileage)
        form.addRow("", self.agreed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx, info = self.ctx, self.info
        km = self.mileage.value()
        lower = km < info.mileage_in
        if lower and not common.confirm(self, ctx, ctx.tr(
                f"里程 {km:,} 公里低于原来的 {info.mileage_in:,} 公里。已与客户核对吗？",
                f"The mileage {km:,} km is lower than {info.mileage_in:,} km. Checked with the customer?")):
            return
        promised = shop_datetime(self.promised)
        changes = {
            "fault_description": self.fault.toPlainText(), "requested_items": self.items.toPlainText(),
            "priority": self.priority.currentData(), "charging_mode": self.charging.currentData(),
            "promised_at": promised if promised != info.promised_at else None,
            "mileage_in": km if km != info.mileage_in else None, "confirm_lower_mileage": lower,
            "out_of_warranty_agreed": self.agreed.isChecked() if not info.in_warranty else None,
        }
        if info.promised_at is not None and abs((promised - info.promised_at).total_seconds()) < 60:
            changes["promised_at"] = None  # shown to the minute: unchanged
        number, version = info.number, info.version
        ctx.ops.run_service(front_desk.edit_work_order, number, expected_version=version, **changes,
                            on_done=self._saved, parent=self)

    def _saved(self, info: WorkOrderInfo) -> None:
        self.saved = info
        self.accept()
