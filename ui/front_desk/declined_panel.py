"""R3 in the work order window: what this vehicle's customer declined before, or the QC inspector suggested,
still open — one click puts it on this work order (its lines at today's prices), or it is dismissed with why."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.front_desk import common, note_dialog
from ui.front_desk.common import RowsModel, make_table, selected_payload, when
from ui.widgets.columns import fit_columns
from workshop.domain.roles import Perm
from workshop.queries.declined_work import DeclinedRow, declined_for_vehicle
from workshop.services import declined_work
from workshop.services.work_order_dto import WorkOrderInfo

EDITABLE = ("draft", "started", "in_progress")


class DeclinedPanel(QWidget):
    def __init__(self, ctx: AppContext, version: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.version = version
        self.info: WorkOrderInfo | None = None
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #b45309; font-weight: bold;")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = RowsModel([t(*h) for h in (("项目", "Item"), ("来源", "Source"), ("金额", "Value"),
                                                ("记录时间", "Noted"), ("记录人", "By"), ("原工单", "Work order"))],
                               align_right=(2,))
        self.view = make_table(self.model, stretch=0)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.take = QPushButton(t("加入本工单", "Add to this work order"))
        self.take.setObjectName("declined_take")
        self.dismiss = QPushButton(t("不再需要…", "Dismiss…"))
        self.dismiss.setObjectName("declined_dismiss")
        for b, perm in ((self.take, Perm.WORK_ORDER_EDIT), (self.dismiss, Perm.ADDED_ITEM_CONFIRM)):
            b.setVisible(ctx.can(perm))
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.take.clicked.connect(self.take_selected)
        self.dismiss.clicked.connect(self.dismiss_selected)
        self.view.doubleClicked.connect(lambda _i: self.take_selected())
        self.rows: list[DeclinedRow] = []

    def refresh(self, info: WorkOrderInfo) -> int:
        return self.show_rows(info, declined_for_vehicle(self.ctx.db, info.vehicle_id))

    def show_rows(self, info: WorkOrderInfo, rows: list[DeclinedRow]) -> int:
        """The vehicle's open suggestions, read before (on a worker, for the work order window)."""
        self.info = info
        ctx = self.ctx
        self.rows = rows
        self.model.set_rows([(r.description, r.source_label(ctx.lang), common.money(r.amount) if r.amount else "—",
                              when(r.noted_at), r.noted_by, r.work_order) for r in self.rows], self.rows)
        fit_columns(self.view, self.view.property('fit_stretch'))
        if self.rows:
            self.view.selectRow(0)
        self.hint.setText("\n".join(r.hint(ctx.lang) for r in self.rows[:3]))
        self.hint.setVisible(bool(self.rows))
        editable = info.state in EDITABLE
        self.take.setEnabled(bool(self.rows) and editable)
        self.take.setToolTip("" if editable else ctx.tr("此工单已竣工，不能再加项目。", "This work order is finished."))
        self.dismiss.setEnabled(bool(self.rows))
        return len(self.rows)

    def selected(self) -> DeclinedRow | None:
        row: DeclinedRow | None = selected_payload(self.view, self.model)
        return row

    def take_selected(self) -> None:
        r, info = self.selected(), self.info
        if r is None or info is None or not self.take.isEnabled():
            return
        ctx, number, version = self.ctx, info.number, self.version()
        ctx.ops.run_service(declined_work.take_up_declined_work, r.id, number, expected_version=version,
                            parent=self)

    def dismiss_selected(self) -> None:
        r = self.selected()
        if r is None:
            return
        ctx = self.ctx
        reason = note_dialog.ask_note(self, ctx, ctx.tr(f"不再需要 — {r.description}", f"Dismiss — {r.description}"),
                                      ctx.tr("原因（如：客户已在外面修好）", "Why (e.g. repaired elsewhere)"))
        if reason is None:
            return
        ctx.ops.run_service(declined_work.dismiss_declined_work, r.id, reason=reason, parent=self)
