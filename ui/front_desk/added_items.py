"""F6 at the front desk: added items the workshop proposed, waiting for the customer's consent. The advisor
calls the customer and records how and when they agreed (or that they declined)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.common import RowsModel, make_table, selected_payload
from ui.widgets.columns import fit_columns
from ui.widgets.query_op import QueryOp
from workshop.domain.roles import Perm
from workshop.queries.workshop_board import PendingAddedItemRow, pending_added_items


class PendingAddedItems(QWidget):
    def __init__(self, ctx: AppContext, open_work_order: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self.open_work_order = open_work_order
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        t = ctx.tr
        self.model = RowsModel([t(*h) for h in (("工单号", "Work order"), ("车牌", "Plate"), ("客户", "Customer"),
                                                ("电话", "Phone"), ("增项说明", "Added item"), ("金额", "Amount"),
                                                ("提出人", "Proposed by"), ("提出时间", "Proposed at"))],
                               align_right=(5,))
        self.view = make_table(self.model, stretch=4)
        self.view.doubleClicked.connect(self._open)
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        self.mine = QCheckBox(t("只看我的工单", "Only my work orders"))
        self.agree = QPushButton(t("客户同意…", "Customer agrees…"))
        self.refuse = QPushButton(t("客户不同意…", "Customer declines…"))
        for b in (self.agree, self.refuse):
            b.setVisible(ctx.can(Perm.ADDED_ITEM_CONFIRM))
        bar.addWidget(self.mine)
        bar.addStretch(1)
        bar.addWidget(self.agree)
        bar.addWidget(self.refuse)
        layout.addLayout(bar)
        self.mine.toggled.connect(self.refresh)
        self.agree.clicked.connect(self._agree)
        self.refuse.clicked.connect(self._refuse)
        self.loaded: Callable[[], object] | None = None  # told when the rows are in (the tab's count)
        self.query: QueryOp[list[PendingAddedItemRow]] = QueryOp(self, ctx.ops, self._show)
        self.refresh()

    def refresh(self) -> None:
        """Off the GUI thread (~40-190 ms on the large demo)."""
        db, advisor = self.ctx.db, self.ctx.actor.user_id if self.mine.isChecked() else None
        self.query.run(lambda: pending_added_items(db, advisor_id=advisor))

    def _show(self, rows: list[PendingAddedItemRow]) -> None:
        self.model.set_rows([(r.work_order_number, r.plate, r.customer_name, r.customer_phone, r.description,
                              common.money(r.amount), r.proposed_by, common.when(r.proposed_at)) for r in rows], rows)
        fit_columns(self.view)
        if self.loaded is not None:
            self.loaded()

    @property
    def count(self) -> int:
        return self.model.rowCount()

    def _chosen(self) -> PendingAddedItemRow | None:
        item: PendingAddedItemRow | None = selected_payload(self.view, self.model)
        return item or self.model.payload(0)

    def _agree(self) -> None:
        item = self._chosen()
        if item is not None:  # the dialog (and the services it calls) imported when first used (issue 22)
            from ui.front_desk.consent_dialog import ConsentDialog

            ConsentDialog(self.ctx, item.id, item.description, common.money(item.amount), parent=self).exec()

    def _refuse(self) -> None:
        item = self._chosen()
        if item is not None:
            from ui.front_desk.consent_dialog import decline

            decline(self.ctx, self, item.id)

    def _open(self, index: QModelIndex) -> None:
        item = self.model.payload(index.row())
        if item is not None:
            self.open_work_order(item.work_order_number)
