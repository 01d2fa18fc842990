"""The parts counter (见单发料, P1): scan the work order, then scan parts. Each scan issues at once against the
matching line (or returns it, or records the old part handed in), with the large green or red banner, a beep,
a line in the shift's scan log and the lines updated. A scan is taken wherever the focus is in the window
(the side bar too) while this screen is shown; a part number typed by hand is issued with the button (Enter
after slow typing does not issue). The mode (发料/退料/收旧件) switches by F2/F3/F4 or a counter-card barcode."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk.common import kind_name, state_name
from ui.parts_counter.lines_model import CounterLinesModel
from ui.parts_counter.mode_bar import ModeBar
from ui.parts_counter.waiting_jobs import WaitingJobs
from ui.widgets.lazy_table import LazyTableModel
from ui.widgets.qty_box import QtyBox
from ui.widgets.scan_banner import ScanBanner, ScanLog, show_result
from ui.widgets.scanner import ScanCatcher, scan_field
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.clock import fmt_shop
from workshop.domain.counter_modes import MODES, mode_for_scan, mode_named
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Perm
from workshop.domain.text import halfwidth
from workshop.domain.work_order import ON_THE_JOB
from workshop.queries.stock import CounterWorkOrder, work_order_parts, work_orders_awaiting_parts
from workshop.services import parts_counter
from workshop.services.parts_counter import IssueResult, parse_scan
from workshop.services.stock import fmt_qty

WORK_ORDER_NUMBER = re.compile(r"^RO\d{4}-\d{3,}$")
QTY_TYPED = re.compile(r"^\s*(\d{1,4}(?:\.\d{1,2})?)\s*[*xX×]\s*$")
HINTS = {
    "issue": ("发料：扫描零件即发出。", "Issue: each scan issues the part."),
    "return": ("退料：把零件实物拿回柜台再扫描入库。", "Return: scan the physical part back at the counter."),
    "old_part": ("收旧件：扫描交回的旧件（以坏换新）。", "Old part in: scan the old part handed in (old for new)."),
}
PLACEHOLDERS = {
    "issue": ("扫码即发；手输零件号后点「发料」（可先输 3* 表示 3 件）",
              "Scans issue at once; typed part numbers: press Issue (3* = three)"),
    "return": ("扫描拿回柜台的零件即退料入库；手输后点「退料」", "Scan the part brought back; typed: press Return"),
    "old_part": ("扫描交回的旧件；手输后点「收旧件」", "Scan the old part handed in; typed: press Old part in"),
}


class PartsCounterScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.current: CounterWorkOrder | None = None
        self.last_result: IssueResult | None = None
        self.last_error: str | None = None
        tr = ctx.tr
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(screen_title(tr("备件发料（见单发料）", "Parts counter (issue against a work order)")))
        top.addStretch(1)
        self.mode_bar = ModeBar(ctx.lang)
        top.addWidget(self.mode_bar)
        layout.addLayout(top)

        # --- what the clerk scans or types ---
        entry = QHBoxLayout()
        entry.addWidget(QLabel(tr("工单号", "Work order")))
        self.wo_edit = scan_field(QLineEdit())
        self.wo_edit.setPlaceholderText(tr("扫描工单条码或输入工单号", "Scan the work order or type its number"))
        self.wo_edit.setMinimumWidth(200)
        self.wo_edit.returnPressed.connect(lambda: self.open_work_order(self.wo_edit.text()))
        entry.addWidget(self.wo_edit)
        open_btn = QPushButton(tr("打开", "Open"))
        open_btn.clicked.connect(lambda: self.open_work_order(self.wo_edit.text()))
        entry.addWidget(open_btn)
        entry.addSpacing(20)
        entry.addWidget(QLabel(tr("零件", "Part")))
        self.part_edit = scan_field(QLineEdit())
        self.part_edit.setMinimumWidth(320)
        self.part_edit.returnPressed.connect(self._typed_enter)
        entry.addWidget(self.part_edit, 1)
        entry.addWidget(QLabel(tr("数量", "Qty")))
        self.qty = QtyBox()
        entry.addWidget(self.qty)
        self.action_btn = QPushButton(tr("发料", "Issue"))
        self.action_btn.clicked.connect(self._typed_submit)
        entry.addWidget(self.action_btn)
        layout.addLayout(entry)

        # --- the work order ---
        head = QGroupBox(tr("工单", "Work order"))
        grid = QGridLayout(head)
        self.head_labels: dict[str, QLabel] = {}
        fields = (("number", "工单号", "Number"), ("state", "状态", "State"), ("kind", "类型", "Kind"),
                  ("plate", "车牌", "Plate"), ("vehicle", "车型", "Vehicle"), ("customer", "客户", "Customer"),
                  ("advisor", "服务顾问", "Advisor"), ("technician", "维修技师", "Technician"))
        for i, (key, zh, en) in enumerate(fields):
            grid.addWidget(QLabel(tr(zh + "：", en + ":")), i // 4, (i % 4) * 2)
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            grid.addWidget(value, i // 4, (i % 4) * 2 + 1)
            self.head_labels[key] = value
        layout.addWidget(head)

        # --- the cue ---
        self.banner = ScanBanner(tr("请扫描工单条码。", "Scan a work order."))
        layout.addWidget(self.banner)
        self.where = QLabel()
        self.where.setStyleSheet("color:#475569;")
        layout.addWidget(self.where)

        # --- the lines and the log ---
        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = CounterLinesModel(ctx.lang)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        split.addWidget(self.table)
        right = QSplitter(Qt.Orientation.Vertical)
        waiting = QWidget()
        wv = QVBoxLayout(waiting)
        wv.setContentsMargins(0, 0, 0, 0)
        wv.addWidget(QLabel(tr("待发料工单（双击打开）", "Waiting for parts (double-click to open)")))
        cols = [tr("工单号", "Work order"), tr("车牌", "Plate"), tr("服务顾问", "Advisor"), tr("开工", "Started"),
                tr("待发行", "Open lines")]
        self.waiting_model = LazyTableModel(cols, self._fetch_waiting)
        self.waiting_model.reads_off_thread(ctx.ops)  # ~10-25 ms on the large demo: a worker reads it
        self.waiting_view = QTableView()
        self.waiting_view.setModel(self.waiting_model)
        self.waiting_view.verticalHeader().setVisible(False)
        self.waiting_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.waiting_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.waiting_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.waiting_view.doubleClicked.connect(
            lambda index: self.open_work_order(str(self.waiting_model.row_values(index.row())[0])))
        wv.addWidget(self.waiting_view, 1)
        right.addWidget(waiting)
        self.waiting_jobs = WaitingJobs(ctx, self.open_work_order)  # W5: jobs paused 待料
        right.addWidget(self.waiting_jobs)
        logbox = QWidget()
        lv = QVBoxLayout(logbox)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(tr("本班扫描记录", "Scans this session")))
        self.log = ScanLog()
        lv.addWidget(self.log, 1)
        right.addWidget(logbox)
        split.addWidget(right)
        right.setMinimumWidth(460)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        bottom = QHBoxLayout()
        self.fitted_btn = QPushButton(tr("所选零件已装车", "Selected part is fitted"))
        self.fitted_btn.clicked.connect(self.mark_selected_fitted)
        bottom.addWidget(self.fitted_btn)
        bottom.addStretch(1)
        refresh = QPushButton(tr("刷新", "Refresh"))
        refresh.clicked.connect(lambda: self.refresh())
        bottom.addWidget(refresh)
        layout.addLayout(bottom)

        can_issue = ctx.can(Perm.PART_ISSUE)
        for w in (self.part_edit, self.qty, self.action_btn, self.fitted_btn):
            w.setEnabled(can_issue)
        self.scanner = ScanCatcher(self)
        self.scanner.scanned.connect(self.on_scan)
        for m in MODES:  # F2 / F3 / F4, wherever the focus is in the window
            self.scanner.on_key(getattr(Qt.Key, f"Key_{m.function_key}"), partial(self.set_mode, m.key))
        self.mode_bar.changed.connect(self._mode_changed)
        self._mode_changed("issue")
        ctx.ops.watch(self, {RecordKind.WORK_ORDERS, RecordKind.STOCK}, self._on_changed)
        self.waiting_model.reload()

    def _fetch_waiting(self, offset: int, limit: int) -> list[tuple[str, str, str, str, int]]:
        return [(r.number, r.plate, r.advisor, fmt_shop(r.started_at)[5:], r.lines_open)
                for r in work_orders_awaiting_parts(self.ctx.db, offset=offset, limit=limit)]

    def screenshot_preview(self) -> None:
        """For `workshop-gui --screenshot`: the first work order waiting for parts, opened at the counter."""
        waiting = work_orders_awaiting_parts(self.ctx.db, offset=0, limit=1)
        if waiting:
            self.open_work_order(waiting[0].number)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown from the side bar: the focus comes to the scan field, so nothing typed or scanned is lost."""
        super().showEvent(event)
        QTimer.singleShot(0, lambda: (self.part_edit if self.current else self.wo_edit).setFocus())

    # --- modes ----------------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self.mode_bar.mode

    def set_mode(self, mode: str) -> None:
        self.mode_bar.set_mode(mode)

    def _mode_changed(self, mode: str) -> None:
        tr = self.ctx.tr
        self.action_btn.setText(tr(mode_named(mode).zh, mode_named(mode).en))
        self.part_edit.setPlaceholderText(tr(*PLACEHOLDERS[mode]))
        self.banner.hint(tr(*HINTS[mode]))

    # --- scans and typed input ---------------------------------------------------------------------
    def on_scan(self, text: str) -> None:
        code = text.strip()
        self._say_where(code)
        mode = mode_for_scan(code)
        if mode is not None:
            self.set_mode(mode.key)
            self._accepted(self.ctx.tr(f"已切换到「{mode.zh}」模式。{HINTS[mode.key][0]}",
                                       f"Mode: {mode.en}. {HINTS[mode.key][1]}"))
            return
        try:
            qty, code = parse_scan(code)
        except WorkshopError as exc:
            self._refused(exc)
            return
        if WORK_ORDER_NUMBER.match(code.upper()):
            self.open_work_order(code)
            return
        if text.strip() == code:  # no "3*" in the scan itself: a prefix typed first, or the spin box
            qty = self._typed_quantity()
        self.submit(code, qty)

    def _say_where(self, code: str) -> None:
        """Which code the scan path took, and that it came from outside the screen (the side bar...) if so."""
        source = self.scanner.source
        outside = source is not None and not self.isAncestorOf(source)
        self.where.setText(self.ctx.tr(
            f"扫描：{code}" + ("（焦点不在本页，扫描已转到备件发料）" if outside else ""),
            f"Scanned: {code}" + (" (the focus was outside this screen; the scan came here)" if outside else "")))
        if outside:
            (self.part_edit if self.current else self.wo_edit).setFocus()

    def _typed_quantity(self) -> Decimal:
        """A quantity typed before the scan ("3*" in the part field), else the quantity box."""
        m = QTY_TYPED.match(halfwidth(self.part_edit.text()))
        if m:
            self.part_edit.clear()
            return Decimal(m.group(1))
        return self.qty.quantity()

    def _typed_enter(self) -> None:
        if self.part_edit.text().strip():
            button = self.action_btn.text()
            self.banner.hint(self.ctx.tr(f"手输的零件号请点「{button}」确认。",
                                         f"For a typed part number press '{button}'."))

    def _typed_submit(self) -> None:
        text = self.part_edit.text().strip()
        if not text:
            return
        try:
            qty, code = parse_scan(text)
        except WorkshopError as exc:
            self._refused(exc)
            return
        if text == code:
            qty = self.qty.quantity()
        self.part_edit.clear()
        self.submit(code, qty)

    def submit(self, code: str, qty: Decimal) -> None:
        ctx = self.ctx
        if self.current is None:
            self._refused(WorkshopError("请先扫描工单条码（见单发料）。", "Scan the work order first."))
            return
        number, mode = self.current.number, self.mode
        service = {"issue": parts_counter.issue_part, "return": parts_counter.return_part}.get(
            mode, parts_counter.receive_old_part)
        ctx.ops.run_service(service, number, code, qty, on_done=lambda r: self._done(r, code),
                            on_error=self._refused, parent=self)

    # --- results --------------------------------------------------------------------------------------
    def _done(self, result: object, code: str) -> None:
        if isinstance(result, IssueResult):
            self.last_result = result
            text = result.message(self.ctx.lang)
            highlight = result.part_line_id
        else:
            count = fmt_qty(result) if isinstance(result, Decimal) else result  # whole pieces: 1, not 1.00
            text = self.ctx.tr(f"已收旧件 {code}（本行共 {count}）。", f"Old part {code} received ({count} on the line).")
            highlight = None
        self._accepted(text)
        self.refresh(highlight)

    def _accepted(self, text: str) -> None:
        self.last_error = None
        show_result(self.banner, self.log, text, True)

    def _refused(self, exc: BaseException) -> None:
        text = exc.message(self.ctx.lang) if isinstance(exc, WorkshopError) else self.ctx.tr(
            f"意外错误：{exc}", f"Unexpected error: {exc}")
        self.last_error = text
        show_result(self.banner, self.log, text, False)

    # --- the work order -------------------------------------------------------------------------------
    def open_work_order(self, number: str) -> None:
        view = work_order_parts(self.ctx.db, number)
        if view is None:
            key = number.strip()
            self._refused(WorkshopError(f"找不到工单 {key}，请核对工单号。", f"No work order {key}; check the number."))
            return
        self.wo_edit.setText(view.number)
        self._set_work_order(view)
        tr = self.ctx.tr
        mode = mode_named(self.mode)
        if view.state in ON_THE_JOB:
            self._accepted(tr(f"工单 {view.number} 已打开：请扫描零件（{mode.zh}）。",
                              f"Work order {view.number} open: scan parts ({mode.en})."))
        else:
            state = state_name(self.ctx, view.state)  # never the raw code, in English either
            self._refused(WorkshopError(f"工单 {view.number} 状态为「{state}」，不能发料。",
                                        f"Work order {view.number} is {state}: no parts can be issued."))
        self.part_edit.setFocus()

    def _set_work_order(self, view: CounterWorkOrder, highlight: int | None = None) -> None:
        self.current = view
        en = self.ctx.lang == "en"
        kind = kind_name(self.ctx, view.kind)
        if view.internal_department:
            kind += f"（{view.internal_department}）" if not en else f" ({view.internal_department})"
        values = {
            "number": view.number, "state": state_name(self.ctx, view.state),
            "kind": kind, "plate": view.plate, "vehicle": view.vehicle, "customer": view.customer,
            "advisor": view.advisor, "technician": view.technician or "—",
        }
        for key, label in self.head_labels.items():
            label.setText(values[key])
        self.model.set_lines(view.lines, highlight)
        if highlight is not None:
            row = self.model.row_of(highlight)
            if row is not None:
                self.table.scrollTo(self.model.index(row, 0))

    def refresh(self, highlight: int | None = None) -> None:
        """Re-read the lines; the line last touched stays highlighted unless another is named."""
        if self.current is None:
            return
        view = work_order_parts(self.ctx.db, self.current.number)
        if view is not None:
            self._set_work_order(view, highlight if highlight is not None else self.model.highlighted)

    def _on_changed(self, _changes: ChangeSet) -> None:
        if self.isVisible():
            self.refresh()
            self.waiting_model.reload()

    def mark_selected_fitted(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if self.current is None or not rows:
            return
        line = self.model.line(rows[0].row())
        ctx, number = self.ctx, self.current.number
        ctx.ops.run_service(parts_counter.mark_fitted, number, line.line_id,
                            on_done=lambda _r: self.refresh(line.line_id), on_error=self._refused,
                            parent=self)
