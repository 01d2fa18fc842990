"""M3: the account names the orders a payment is for — the cashier ticks them (oldest first is the other way)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from workshop.domain.accounts import OpenOrder
from workshop.domain.money import fmt_money


class AllocationDialog(QDialog):
    def __init__(self, ctx: AppContext, account: str, orders: list[OpenOrder], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.setWindowTitle(tr(f"{account}：这笔款付哪几张工单", f"{account}: which orders this payment is for"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("勾选客户指定的工单（按结算先后排列）：", "Tick the orders the customer names "
                                   "(oldest settlement first):")))
        self.list = QListWidget()
        for o in orders:
            item = QListWidgetItem(f"{o.number}    {tr('欠', 'owes')} {fmt_money(o.owed)}")
            item.setData(Qt.ItemDataRole.UserRole, o.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(460, 320)

    def chosen(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out
