"""The stock screen (P8): every part with on-hand, bin, moving-average cost and value, loaded page by page;
low-stock and dead-stock filters; the selected part's ledger with every move; receiving, stocktake, labels and
purchasing; internal consumption per department and month (P6). A part scanned anywhere on the screen (the one
scan path) is found and selected, ready to count (盘点所选) or label."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.widgets import legend as colours
from ui.widgets.columns import fit_columns
from ui.widgets.export_excel import export_button
from ui.widgets.fresh import Freshness
from ui.widgets.lazy_table import LazyTableModel
from ui.widgets.legend import legend
from ui.widgets.query_op import SEARCH_DEBOUNCE_MS, QueryOp
from ui.widgets.scan_banner import ScanBanner
from ui.widgets.scanner import ScanCatcher
from workshop.domain.changes import RecordKind
from workshop.domain.clock import SHOP_TZ, fmt_shop, to_shop, utcnow
from workshop.domain.codes import MoveKind
from workshop.domain.labels import label_of
from workshop.domain.money import fmt_money
from workshop.domain.roles import Perm
from workshop.queries import stock as q
from workshop.services.stock import fmt_qty

GREY = QColor(130, 130, 130)
FILTERS = (("all", "全部零件", "All parts"), ("low", "低库存", "Low stock"), ("dead", "积压件（长期无进出）", "Dead stock"))


def _table(model: LazyTableModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    # the columns are fitted when rows arrive (not ResizeToContents: it measured every loaded row at each show)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    previous = model.on_reloaded

    def rows_in() -> None:
        fit_columns(view, stretch)
        if previous is not None:
            previous()

    model.on_reloaded = rows_in
    return view


def _month_start(text: str) -> datetime | None:
    try:
        year, month = (int(x) for x in text.strip().split("-"))
        return datetime(year, month, 1, tzinfo=SHOP_TZ)
    except ValueError:
        return None


class StockScreen(QWidget):
    internal_model: LazyTableModel
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dead_cutoff = q.dead_stock_cutoff(ctx.db)
        tr = ctx.tr
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(screen_title(tr("库存", "Stock")))
        top.addStretch(1)
        self.totals = QLabel()
        top.addWidget(self.totals)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self._build_stock()
        self._build_internal()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.reload)
        # a stock change reloads the list on screen at once, a hidden one when it is shown again
        self.fresh = Freshness(self, ctx.ops, {RecordKind.STOCK}, lambda: self.reload())
        self.reload()

    # --- the stock list and a part's ledger ------------------------------------------------------------
    def _build_stock(self) -> None:
        tr, ctx = self.ctx.tr, self.ctx
        page = QWidget()
        v = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.search = QLineEdit()  # names are searched in Chinese: the input method stays on here
        self.search.setPlaceholderText(tr("零件号 / 名称 / 条码", "Part no / name / barcode"))
        self.search.setMinimumWidth(240)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.filter = QComboBox()
        for key, zh, en in FILTERS:
            self.filter.addItem(tr(zh, en), key)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.search)
        bar.addWidget(self.filter)
        self.export = export_button(self, ctx, "parts", lambda: {"search": self.search.text(),
                                                                 "only": self.filter.currentData()})
        bar.addWidget(self.export)
        bar.addStretch(1)
        self.btn_receive = QPushButton(tr("收货入库…", "Receive…"))
        self.btn_receive.clicked.connect(self.receive)
        self.btn_count = QPushButton(tr("盘点所选…", "Count selected…"))
        self.btn_count.clicked.connect(self.count_selected)
        self.btn_labels = QPushButton(tr("打印所选标签", "Print label"))
        self.btn_labels.clicked.connect(self.print_selected_label)
        self.btn_self = QPushButton(tr("自采…", "Self-purchase…"))
        self.btn_self.clicked.connect(self.self_purchase)
        self.btn_quote = QPushButton(tr("按报价单订货…", "Order from quote…"))
        self.btn_quote.clicked.connect(self.order_from_quote)
        for button, perm in ((self.btn_receive, Perm.STOCK_RECEIVE), (self.btn_count, Perm.STOCK_ADJUST),
                             (self.btn_labels, Perm.LABEL_PRINT), (self.btn_self, Perm.PURCHASE),
                             (self.btn_quote, Perm.PURCHASE)):
            button.setEnabled(ctx.can(perm))
            bar.addWidget(button)
        v.addLayout(bar)
        self.banner = ScanBanner()
        self.banner.hide()  # until the first scan
        v.addWidget(self.banner)
        self.scanner = ScanCatcher(self)
        self.scanner.scanned.connect(self.on_scan)
        cols = [tr(zh, en) for zh, en in (
            ("零件号", "Part no"), ("名称", "Name"), ("库位", "Bin"), ("库存", "On hand"), ("单位", "Unit"),
            ("平均成本", "Avg cost"), ("库存金额", "Value"), ("售价", "Price"), ("最低库存", "Min"),
            ("最后进出", "Last move"))]
        self.rows: dict[int, q.StockRow] = {}
        self.params: tuple[str, str] = ("", "all")  # the search and the filter of the latest reload
        self.select_first = False  # a scanned part: select it when the list arrives
        self.model = LazyTableModel(cols, self._fetch_parts, row_color=self._part_color, hidden_tail=1)
        self.model.reads_off_thread(ctx.ops)  # a name search on the large demo takes ~100 ms
        self.model.on_reloaded = self._parts_in
        self.totals_query: QueryOp[q.StockTotals] = QueryOp(self, ctx.ops, self._show_totals)
        self.view = _table(self.model, 1)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # a label batch
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_ledger(cur.row()))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        lower = QWidget()
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 0, 0, 0)
        self.ledger_title = QLabel(tr("选择一个零件查看出入库流水。", "Select a part to see its ledger."))
        lv.addWidget(self.ledger_title)
        lcols = [tr(zh, en) for zh, en in (
            ("时间", "When"), ("类型", "Kind"), ("数量", "Qty"), ("单位成本", "Unit cost"), ("结存", "On hand after"),
            ("结存均价", "Avg after"), ("经办人", "By"), ("工单", "Work order"), ("单据", "Reference"),
            ("原因", "Reason"))]
        self.ledger_part: int | None = None
        self.ledger_model = LazyTableModel(lcols, self._fetch_ledger, row_color=self._move_color)
        self.ledger_model.reads_off_thread(self.ctx.ops)  # a busy part's ledger: ~130 ms on the large demo
        self.ledger_view = _table(self.ledger_model, 9)
        lv.addWidget(self.ledger_view, 1)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        v.addWidget(split, 1)
        v.addWidget(legend(tr, [(colours.AMBER, "橙色：不高于最低库存", "Amber: at or below the minimum stock"),
                                (GREY, "灰色：呆滞（长期无出入库）", "Grey: dead stock (no move for long)")]))
        self.tabs.addTab(page, tr("库存", "Stock"))

    def _fetch_parts(self, offset: int, limit: int) -> Sequence[Sequence[Any]]:
        search, only = self.params  # on a worker: no widget is read here
        rows = q.stock_list(self.ctx.db, search=search, only=only, offset=offset, limit=limit)
        out = []
        for r in rows:
            self.rows[r.part_id] = r
            out.append((r.part_no, r.name, r.bin_code or "", fmt_qty(r.on_hand), r.unit, f"{r.avg_cost:,.2f}",
                        f"{r.value:,.2f}", f"{r.price:,.2f}", fmt_qty(r.min_stock), fmt_shop(r.last_move_at)[:10],
                        r.part_id))
        return out

    def _part_color(self, row: Sequence[Any]) -> QColor | None:
        r = self.rows.get(row[-1])
        if r is None:
            return None
        if r.min_stock > 0 and r.on_hand <= r.min_stock:
            return colours.AMBER
        if r.on_hand > 0 and (r.last_move_at is None or r.last_move_at < self.dead_cutoff):
            return GREY
        return None

    def _fetch_ledger(self, offset: int, limit: int) -> Sequence[Sequence[Any]]:
        if self.ledger_part is None:
            return []
        return [(fmt_shop(m.at), label_of(MoveKind, m.kind, self.ctx.lang), fmt_qty(m.quantity),
                 f"{m.unit_cost:,.2f}", fmt_qty(m.on_hand_after), f"{m.avg_cost_after:,.2f}", m.user,
                 m.work_order_no or "", m.reference, m.reason)
                for m in q.part_ledger(self.ctx.db, self.ledger_part, offset=offset, limit=limit)]

    def _move_color(self, row: Sequence[Any]) -> QColor | None:
        return None  # the sign of the quantity says out or in; red is kept for late or refused

    def on_scan(self, code: str) -> None:
        """A scanned part: shown alone in the list and selected (for 盘点所选 or a label), or refused."""
        tr = self.ctx.tr
        self.banner.show()
        part = q.part_by_scan(self.ctx.db, code)
        if part is None:
            self.banner.refused(tr(f"不认识的条码或零件号：{code.strip().upper()}。",
                                   f"Unknown barcode or part number: {code.strip().upper()}."))
            return
        self.tabs.setCurrentIndex(0)
        self.filter.setCurrentIndex(0)
        self.search.blockSignals(True)
        self.search.setText(part.part_no)
        self.search.blockSignals(False)
        self.select_first = True
        self.reload()  # the part alone, selected when it arrives (_parts_in)
        self.banner.accepted(tr(f"{part.part_no} {part.name}：库存 {fmt_qty(part.on_hand)} {part.unit}，库位 "
                                f"{part.bin_code or '—'}（可「盘点所选」或打印标签）",
                                f"{part.part_no} {part.name}: {fmt_qty(part.on_hand)} on hand, bin {part.bin_code or '—'}"))

    def selected(self) -> q.StockRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.rows.get(self.model.row_values(index.row())[-1])

    def _show_ledger(self, row: int) -> None:
        if row < 0 or row >= self.model.loaded:
            return
        part = self.rows.get(self.model.row_values(row)[-1])
        if part is None:
            return
        self.ledger_part = part.part_id
        self.ledger_title.setText(self.ctx.tr(
            f"{part.part_no} {part.name} 的出入库流水（最新在上）", f"Ledger of {part.part_no} {part.name} (newest first)"))
        self.ledger_model.reload()

    # --- internal consumption (P6) ------------------------------------------------------------------------
    def _build_internal(self) -> None:
        tr = self.ctx.tr
        page = QWidget()
        v = QVBoxLayout(page)
        bar = QHBoxLayout()
        now = to_shop(utcnow())
        self.month_from = QLineEdit(f"{now.year}-01")
        self.month_to = QLineEdit(now.strftime("%Y-%m"))
        for w in (self.month_from, self.month_to):
            w.setMaximumWidth(90)
            w.returnPressed.connect(self._show_internal)
        show = QPushButton(tr("查询", "Show"))
        show.clicked.connect(self._show_internal)
        bar.addWidget(QLabel(tr("从", "From")))
        bar.addWidget(self.month_from)
        bar.addWidget(QLabel(tr("到", "to")))
        bar.addWidget(self.month_to)
        bar.addWidget(show)
        bar.addStretch(1)
        v.addLayout(bar)
        note = QLabel(tr("内部领用走内部工单，按移动平均成本计入售后成本（P6）。",
                         "Internal use goes through internal work orders, at moving-average cost (P6)."))
        v.addWidget(note)
        cols = [tr("部门", "Department"), tr("月份", "Month"), tr("金额（成本）", "Amount (cost)")]
        self.months = (_month_start(self.month_from.text()), _month_start(self.month_to.text()))
        self.internal_model = LazyTableModel(cols, self._fetch_internal)
        self.internal_model.reads_off_thread(self.ctx.ops)  # ~350 ms on the large demo
        v.addWidget(_table(self.internal_model, 0), 1)
        self.tabs.addTab(page, tr("内部领用", "Internal use"))
        # read when its tab is first shown, not when the screen opens (a year of stock moves: issue 22)
        self._internal_page, self._internal_live = page, False
        self.tabs.currentChanged.connect(self._tab_shown)

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self._internal_page and not self._internal_live:
            self._show_internal()

    def _show_internal(self) -> None:
        self._internal_live = True
        self.reload_internal()

    def reload_internal(self) -> None:
        self.months = (_month_start(self.month_from.text()), _month_start(self.month_to.text()))
        self.internal_model.reload()

    def _fetch_internal(self, offset: int, limit: int) -> Sequence[Sequence[Any]]:
        start, end = self.months
        if offset > 0 or start is None or end is None or not self._internal_live:
            return []
        end = (end + timedelta(days=32)).replace(day=1)
        rows = q.internal_consumption(self.ctx.db, start, end)
        return [(r.department, r.month, fmt_money(r.amount)) for r in rows]

    # --- actions -----------------------------------------------------------------------------------------
    def reload(self) -> None:
        """The list and the totals on workers (their rows arrive in _parts_in / _show_totals)."""
        self.dead_cutoff = q.dead_stock_cutoff(self.ctx.db)
        self.rows.clear()
        db, search, only = self.ctx.db, self.search.text(), self.filter.currentData()
        self.params = (search, only)
        self.model.reload()
        self.totals_query.run(lambda: q.stock_totals(db, search=search, only=only))
        if self.ledger_part is not None:
            self.ledger_model.reload()

    def _parts_in(self) -> None:
        self.fresh.mark_loaded()
        if self.model.rowCount() and (self.select_first or not self.view.currentIndex().isValid()):
            self.view.setCurrentIndex(self.model.index(0, 0))  # the first part's ledger shows at once
        self.select_first = False

    def _show_totals(self, totals: q.StockTotals) -> None:
        self.totals.setText(self.ctx.tr(f"{totals.parts} 种零件，库存金额 {fmt_money(totals.value)}",
                                        f"{totals.parts} parts, stock value {fmt_money(totals.value)}"))

    @property
    def loading(self) -> bool:
        return self.model.reloading or self.totals_query.pending

    def receive(self) -> None:
        from ui.parts_counter.receive_dialog import ReceiveDialog

        ReceiveDialog(self.ctx, self).exec()

    def count_selected(self) -> None:
        from ui.parts_counter.stocktake_dialog import StocktakeDialog

        part = self.selected()
        if part is not None:
            StocktakeDialog(self.ctx, part, self).exec()

    def self_purchase(self) -> None:
        from ui.parts_counter.purchase_dialogs import SelfPurchaseDialog

        part = self.selected()
        SelfPurchaseDialog(self.ctx, part.part_no if part else "", self).exec()

    def order_from_quote(self) -> None:
        from ui.parts_counter.purchase_dialogs import QuoteOrderDialog

        QuoteOrderDialog(self.ctx, self).exec()

    def print_selected_label(self) -> None:
        part = self.selected()
        if part is None:
            return
        from ui.widgets.label_preview import LabelPreviewDialog

        LabelPreviewDialog(self.ctx, "parts", [self.rows[self.model.row_values(i.row())[-1]].part_id
                                               for i in self.view.selectionModel().selectedRows()]
                           or [part.part_id], parent=self).exec()
