"""Purchase orders (S1, P3, P5): the orders with their supplier and state; a new stock order, an accident job's
signed quote parts, a self-purchase, cancelling an order nothing of which has arrived."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox

from ui.admin.master_form import TableScreen
from ui.context import AppContext
from ui.parts_counter.purchase_dialogs import QuoteOrderDialog, SelfPurchaseDialog
from ui.parts_counter.purchase_order_dialog import PurchaseOrderDialog
from workshop.domain.changes import RecordKind
from workshop.domain.clock import fmt_shop
from workshop.domain.codes import PurchaseOrderState
from workshop.domain.labels import label_of
from workshop.domain.roles import Perm
from workshop.queries.purchasing import PurchaseOrderRow, purchase_order_list
from workshop.services import purchasing


class PurchaseOrdersScreen(TableScreen):
    TITLE = ("采购订单", "Purchase orders")
    HEADERS = (("订单号", "Order"), ("供应商", "Supplier"), ("状态", "State"), ("类型", "Type"), ("工单", "Work order"),
               ("行数", "Lines"), ("金额", "Amount"), ("下单时间", "Ordered"))
    KINDS = frozenset({RecordKind.PURCHASE_ORDERS, RecordKind.STOCK})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        can = ctx.can(Perm.PURCHASE)
        self.state = QComboBox()
        self.state.addItem(ctx.tr("待到货", "Open"), "open")
        self.state.addItem(ctx.tr("全部", "All"), None)
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.bar.addWidget(self.state)
        self.button("新建订单", "New order", lambda: PurchaseOrderDialog(ctx, self).exec(), can)
        self.button("按报价单订货", "Order a signed quote", lambda: QuoteOrderDialog(ctx, self).exec(), can)
        self.button("自采", "Self-purchase", lambda: SelfPurchaseDialog(ctx, parent=self).exec(), can)
        self.button("取消订单", "Cancel order", self.cancel, can)
        self.bar.addStretch(1)
        self.refresh()

    def load(self) -> list[PurchaseOrderRow]:
        return purchase_order_list(self.ctx.db, state=self.state.currentData())

    def cells(self, row: PurchaseOrderRow) -> Sequence[object]:
        tr = self.ctx.tr
        kind = tr("自采", "self-purchase") if row.is_self_purchase else (
            tr("报价单", "quote") if row.from_quote else tr("备货", "stock"))
        return (row.number, row.supplier, label_of(PurchaseOrderState, row.state, self.ctx.lang), kind,
                row.work_order_no or "", row.lines, row.amount, fmt_shop(row.created_at))

    def cancel(self) -> None:
        row: PurchaseOrderRow | None = self.selected()
        if row is not None:
            ctx = self.ctx
            ctx.ops.run_service(purchasing.cancel_purchase_order, row.number, parent=self)
