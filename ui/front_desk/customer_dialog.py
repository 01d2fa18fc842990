"""Add or edit a customer (name, phone, address). Checks and the stale-edit refusal come from the service."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from ui.context import AppContext
from ui.front_desk import common
from workshop.queries.customers import CustomerCard
from workshop.services import front_desk
from workshop.services.work_order_dto import CustomerInfo


class CustomerDialog(QDialog):
    def __init__(self, ctx: AppContext, customer: CustomerCard | None = None, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.ctx = ctx
        self.customer = customer
        self.saved: CustomerInfo | None = None
        self.setWindowTitle(ctx.tr("编辑客户", "Edit customer") if customer else ctx.tr("新客户", "New customer"))
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        self.name = QLineEdit(customer.name if customer else "")
        self.name.setPlaceholderText(ctx.tr("姓名或单位名称", "Name or company"))
        self.phone = QLineEdit(customer.phone if customer else "")
        self.phone.setPlaceholderText(ctx.tr("手机号或座机号", "Mobile or landline"))
        self.address = QLineEdit(customer.address if customer else "")
        form.addRow(ctx.tr("客户姓名", "Name"), self.name)
        form.addRow(ctx.tr("电话", "Phone"), self.phone)
        form.addRow(ctx.tr("地址", "Address"), self.address)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx, c = self.ctx, self.customer
        name, phone, address = self.name.text(), self.phone.text(), self.address.text()
        if c is None:
            ctx.ops.run_service(front_desk.add_customer, name=name, phone=phone, address=address,
                                on_done=self._saved, parent=self)
        else:
            ctx.ops.run_service(front_desk.edit_customer, c.id, expected_version=c.version, name=name,
                                phone=phone, address=address, on_done=self._saved, parent=self)

    def _saved(self, info: CustomerInfo) -> None:
        self.saved = info
        self.accept()
