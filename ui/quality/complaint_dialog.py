"""Q2 accept: a complaint with the customer (found as at the front desk), the work order when there is one,
the content and the time it was received; the 24-hour and 3-working-day clocks start then."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.open_work_order_dialog import set_shop_datetime, shop_datetime
from workshop.domain.clock import utcnow
from workshop.queries.customers import search
from workshop.services import quality
from workshop.services.work_order_dto import ComplaintInfo


class ComplaintDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: ComplaintInfo | None = None
        t = ctx.tr
        self.setWindowTitle(t("登记投诉", "Record a complaint"))
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText(t("车牌、手机号或姓名", "Plate, phone or name"))
        self.customer = QComboBox()
        self.work_order = QLineEdit()
        self.work_order.setPlaceholderText(t("相关工单号（可不填）", "Work order number (optional)"))
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText(t("客户投诉的内容", "What the customer complains about"))
        self.content.setFixedHeight(100)
        self.received = QDateTimeEdit()
        self.received.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received.setCalendarPopup(True)
        set_shop_datetime(self.received, utcnow())
        form.addRow(t("查找客户", "Find customer"), self.find_box)
        form.addRow(t("客户", "Customer"), self.customer)
        form.addRow(t("工单", "Work order"), self.work_order)
        form.addRow(t("投诉内容", "Complaint"), self.content)
        form.addRow(t("受理时间", "Received"), self.received)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.find_box.textChanged.connect(self._find)

    def _find(self) -> None:
        self.customer.clear()
        seen: set[int] = set()
        for h in search(self.ctx.db, self.find_box.text(), limit=20):
            if h.customer_id not in seen:
                seen.add(h.customer_id)
                self.customer.addItem(f"{h.customer_name}　{h.phone}　{h.plate}", h.customer_id)

    def save(self) -> None:
        ctx = self.ctx
        customer_id = self.customer.currentData()
        number = self.work_order.text().strip() or None
        content = self.content.toPlainText()
        at = min(shop_datetime(self.received), utcnow() + timedelta(minutes=1))
        ctx.ops.run_service(quality.record_complaint, content=content, customer_id=customer_id,
                            work_order_number=number, received_at=at, on_done=self._saved, parent=self)

    def _saved(self, info: ComplaintInfo) -> None:
        self.saved = info
        self.accept()
