"""The work order history: a lazy table (pages fetched as the user scrolls, by keyset) with filters by state,
kind, advisor and text. Opens at once on 150,000 work orders: only the first page is read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QTableView, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.common import RED, make_table
from ui.widgets.columns import fit_columns
from ui.widgets.export_excel import export_button
from ui.widgets.lazy_table import LazyTableModel
from ui.widgets.legend import legend
from ui.widgets.query_op import SEARCH_DEBOUNCE_MS
from workshop.domain.labels import pair
from workshop.domain.work_order import IN_WORKSHOP, OPEN_STATES, Kind, State
from workshop.queries.work_orders import (
    LIST_PAGE,
    WorkOrderFilter,
    WorkOrderListRow,
    WorkOrderPager,
    people_with_role,
)

# the state filter's choices: (zh, en, states)
STATE_CHOICES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("全部状态", "All states", ()),
    ("未结束", "Open", tuple(s.value for s in OPEN_STATES)),
    ("在厂", "In the workshop", tuple(s.value for s in IN_WORKSHOP)),
    *((*pair(s), (s.value,)) for s in State),
)


def _late_color(row: Sequence[Any]) -> QColor | None:
    return RED if row[-1] else None


class WorkOrderHistory(QWidget):
    """open_work_order(number) is called on a double-click."""

    def __init__(self, ctx: AppContext, open_work_order: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self.open_work_order = open_work_order
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.state = QComboBox()
        for zh, en, states in STATE_CHOICES:
            self.state.addItem(ctx.tr(zh, en), states)
        self.kind = QComboBox()
        self.kind.addItem(ctx.tr("全部类型", "All kinds"), None)
        for k in Kind:
            self.kind.addItem(common.kind_name(ctx, k.value), k.value)
        self.advisor = QComboBox()
        self.advisor.addItem(ctx.tr("全部顾问", "All advisors"), None)
        for p in people_with_role(ctx.db, "advisor", "front_desk_lead"):
            self.advisor.addItem(p.name, p.id)
        self.text = QLineEdit()
        self.text.setPlaceholderText(ctx.tr("工单号、车牌、手机号、姓名", "Number, plate, phone, name"))
        self.text.setClearButtonEnabled(True)
        for w in (self.state, self.kind, self.advisor):
            bar.addWidget(w)
        bar.addWidget(self.text, 1)
        self.export = export_button(self, ctx, "work-orders", lambda: {"orders": self.current_filter()})
        bar.addWidget(self.export)
        layout.addLayout(bar)
        t = ctx.tr
        headers = [t(*h) for h in (("工单号", "Number"), ("开单时间", "Opened"), ("状态", "State"),
                                   ("类型", "Kind"), ("优先级", "Priority"), ("车牌", "Plate"),
                                   ("客户", "Customer"), ("服务顾问", "Advisor"), ("承诺交车", "Promised"),
                                   ("金额", "Total"), ("开票", "Invoice"))]
        self.pager = WorkOrderPager(ctx.db)
        self.model = LazyTableModel(headers, self._fetch, page_size=LIST_PAGE, row_color=_late_color, hidden_tail=1)
        self.model.reads_off_thread(ctx.ops)  # a text filter on the large demo takes ~50 ms
        self.view: QTableView = make_table(self.model)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open)
        layout.addWidget(self.view, 1)
        layout.addWidget(legend(ctx.tr, [(RED, "红色：超过承诺交车时间", "Red: past the promised time")]))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self.text.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.state, self.kind, self.advisor):
            combo.currentIndexChanged.connect(self.reload)
        self.model.on_reloaded = self._first_rows
        self.reload()

    def _first_rows(self) -> None:
        fit_columns(self.view)
        self.model.on_reloaded = None

    def current_filter(self) -> WorkOrderFilter:
        return WorkOrderFilter(states=self.state.currentData() or (), kind=self.kind.currentData(),
                               advisor_id=self.advisor.currentData(), text=self.text.text())

    def _fetch(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        ctx = self.ctx
        rows: list[WorkOrderListRow] = self.pager.fetch_page(offset, limit)
        return [(r.number, common.when(r.opened_at), common.state_name(ctx, r.state), common.kind_name(ctx, r.kind),
                 common.priority_name(ctx, r.priority), r.plate, r.customer_name, r.advisor_name,
                 common.when(r.promised_at), common.money(r.total) if r.total else "",
                 ctx.tr("已开票", "invoiced") if r.invoiced else "", r.late) for r in rows]

    def reload(self) -> None:
        self.pager = WorkOrderPager(self.ctx.db, self.current_filter())
        self.model.reload(self._fetch)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_work_order(str(self.model.row_values(index.row())[0]))
