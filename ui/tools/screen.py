"""The tool crib: scan the technician's badge, then the tool -> lent; scan a tool alone -> returned (the scan
desk, ui/tools/scan_desk.py, on the one scan path with the counter's banner).
Tabs: the register (T1), tools out, overdue (T2), and lost-tool charges per person per month (T3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.tools.common import error_text
from ui.tools.scan_desk import ToolScanDesk
from ui.widgets import save_pdf
from ui.widgets.export_excel import export_button
from ui.widgets.lazy_table import RED, LazyTableModel
from ui.widgets.legend import legend
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.clock import fmt_shop, to_shop, utcnow
from workshop.domain.codes import ToolState
from workshop.domain.labels import label, label_of
from workshop.domain.money import fmt_money
from workshop.domain.roles import Perm
from workshop.queries import tools as tq
from workshop.services import tools


def _table(model: LazyTableModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class ToolsScreen(QWidget):
    register_model: LazyTableModel
    charges_model: LazyTableModel
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(screen_title(tr("专用工具", "Special tools")))
        top.addStretch(1)
        self.figures = QLabel()
        top.addWidget(self.figures)
        layout.addLayout(top)

        # --- the scan desk: the one scan path, the banner, the log ---
        self.desk = ToolScanDesk(ctx)
        self.desk.setEnabled(ctx.can(Perm.TOOL_LEND))
        layout.addWidget(self.desk)

        # --- the tabs ---
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        layout.addWidget(legend(tr, [(RED, "红色：超过应还时间", "Red: past the time it is due back")]))
        self._build_register()
        self._build_out()
        self._build_overdue()
        self._build_charges()
        ctx.ops.watch(self, {RecordKind.TOOLS, RecordKind.USERS}, self._on_changed)
        self.refresh()

    # --- building -----------------------------------------------------------------------------------
    def _build_register(self) -> None:
        tr = self.ctx.tr
        page = QWidget()
        v = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("编号 / 名称 / 型号", "Code / name / model"))
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(lambda _t: self.register_model.reload())
        self.state = QComboBox()
        self.state.addItem(tr("全部状态", "All states"), None)
        for s in tools.TOOL_STATES:
            self.state.addItem(label(s, self.ctx.lang), s.value)
        self.state.currentIndexChanged.connect(lambda _i: self.register_model.reload())
        self.btn_register = QPushButton(tr("登记工具", "Register a tool"))
        self.btn_register.clicked.connect(self.register_tool)
        self.btn_retire = QPushButton(tr("报废", "Retire"))
        self.btn_retire.clicked.connect(self.retire_selected)
        self.btn_label = QPushButton(tr("打印条码标签", "Print barcode label"))
        self.btn_label.clicked.connect(self.print_label)
        self.btn_register.setEnabled(self.ctx.can(Perm.TOOL_EDIT))
        self.btn_retire.setEnabled(self.ctx.can(Perm.TOOL_EDIT))
        self.btn_label.setEnabled(self.ctx.can(Perm.LABEL_PRINT))
        for w in (self.search, self.state):
            bar.addWidget(w)
        self.export = export_button(self, self.ctx, "tools", lambda: {"search": self.search.text(),
                                                                      "state": self.state.currentData()})
        bar.addWidget(self.export)
        bar.addStretch(1)
        for b in (self.btn_register, self.btn_retire, self.btn_label):
            bar.addWidget(b)
        v.addLayout(bar)
        cols = [tr(zh, en) for zh, en in (("编号", "Code"), ("名称", "Name"), ("品牌", "Brand"), ("型号", "Model"),
                                          ("位置", "Location"), ("原价", "Price"), ("状态", "State"),
                                          ("借用人", "Borrower"), ("应还时间", "Due back"))]
        self.register_model = LazyTableModel(cols, self._fetch_register, row_color=self._register_color,
                                             hidden_tail=2)
        self.register_view = _table(self.register_model, 1)
        self.register_view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)  # a label batch
        v.addWidget(self.register_view, 1)
        self.tabs.addTab(page, tr("工具台账", "Register"))

    def _loan_cols(self) -> list[str]:
        tr = self.ctx.tr
        return [tr(zh, en) for zh, en in (("编号", "Code"), ("名称", "Name"), ("借用人", "Borrower"),
                                          ("工牌", "Badge"), ("借出时间", "Lent at"), ("应还时间", "Due back"),
                                          ("工单", "Work order"), ("超时（小时）", "Hours overdue"))]

    def _build_out(self) -> None:
        tr = self.ctx.tr
        page = QWidget()
        v = QVBoxLayout(page)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.btn_return = QPushButton(tr("归还所选", "Return selected"))
        self.btn_return.clicked.connect(self.return_selected)
        self.btn_lost = QPushButton(tr("报失…", "Declare lost…"))
        self.btn_lost.clicked.connect(self.declare_lost)
        self.btn_return.setEnabled(self.ctx.can(Perm.TOOL_LEND))
        self.btn_lost.setEnabled(self.ctx.can(Perm.TOOL_DECLARE_LOST))
        bar.addWidget(self.btn_return)
        bar.addWidget(self.btn_lost)
        v.addLayout(bar)
        self.out_rows: list[tq.LoanRow] = []
        self.out_model = LazyTableModel(self._loan_cols(), self._fetch_out, row_color=self._loan_color)
        self.out_view = _table(self.out_model, 1)
        v.addWidget(self.out_view, 1)
        self.tabs.addTab(page, tr("借出中", "Out"))

    def _build_overdue(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        self.overdue_model = LazyTableModel(self._loan_cols(), self._fetch_overdue, row_color=lambda _r: RED)
        self.overdue_view = _table(self.overdue_model, 1)
        v.addWidget(self.overdue_view, 1)
        self.tabs.addTab(page, self.ctx.tr("超时未还", "Overdue"))

    def _build_charges(self) -> None:
        tr = self.ctx.tr
        page = QWidget()
        v = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.month = QLineEdit(to_shop(utcnow()).strftime("%Y-%m"))
        self.month.setMaximumWidth(100)
        self.month.returnPressed.connect(lambda: self.charges_model.reload())
        show = QPushButton(tr("查询", "Show"))
        show.clicked.connect(lambda: self.charges_model.reload())
        export = QPushButton(tr("导出 CSV（工资）", "Export CSV (payroll)"))
        export.clicked.connect(self.export_charges)
        bar.addWidget(QLabel(tr("月份", "Month")))
        bar.addWidget(self.month)
        bar.addWidget(show)
        bar.addStretch(1)
        bar.addWidget(export)
        v.addLayout(bar)
        cols = [tr(zh, en) for zh, en in (("工牌", "Badge"), ("姓名", "Name"), ("赔偿次数", "Charges"),
                                          ("以新换旧", "Replacements"), ("赔偿金额", "Amount"))]
        self.charges_model = LazyTableModel(cols, self._fetch_charges)
        v.addWidget(_table(self.charges_model, 1), 1)
        self.tabs.addTab(page, tr("丢失赔偿", "Lost-tool charges"))

    # --- fetching -----------------------------------------------------------------------------------
    def _fetch_register(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        rows = tq.list_tools(self.ctx.db, search=self.search.text(), state=self.state.currentData(),
                             offset=offset, limit=limit)
        return [(r.code, r.name, r.brand, r.model, r.location, fmt_money(r.original_price), label_of(ToolState, r.state, self.ctx.lang),
                 r.borrower_name or "", fmt_shop(r.due_at), r.id, r.due_at) for r in rows]

    @staticmethod
    def _register_color(row: Sequence[Any]) -> QColor | None:
        due: datetime | None = row[-1]
        return RED if due is not None and due < utcnow() else None

    def _loan_tuple(self, r: tq.LoanRow) -> tuple[Any, ...]:
        hours = f"{r.hours_overdue:.1f}" if r.hours_overdue > 0 else ""
        return (r.tool_code, r.tool_name, r.borrower_name, r.borrower_badge, fmt_shop(r.lent_at), fmt_shop(r.due_at),
                r.work_order_no or "", hours)

    def _fetch_out(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        rows = tq.tools_out(self.ctx.db, offset=offset, limit=limit)
        if offset == 0:
            self.out_rows = []
        self.out_rows.extend(rows)
        return [self._loan_tuple(r) for r in rows]

    @staticmethod
    def _loan_color(row: Sequence[Any]) -> QColor | None:
        return RED if row[7] else None

    def _fetch_overdue(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        return [self._loan_tuple(r) for r in tq.overdue_loans(self.ctx.db, offset=offset, limit=limit)]

    def _fetch_charges(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        if offset > 0:
            return []
        try:
            rows = tq.tool_charges_by_person(self.ctx.db, self.month.text())
        except Exception as exc:  # a badly typed month: say so, show nothing
            self.desk.say(error_text(self.ctx, exc), False)
            return []
        return [(r.badge_code, r.display_name, r.charges, r.replacements, fmt_money(r.total)) for r in rows]

    def refresh(self) -> None:
        for model in (self.register_model, self.out_model, self.overdue_model, self.charges_model):
            model.reload()
        f = tq.tool_figures(self.ctx.db)
        self.figures.setText(self.ctx.tr(f"共 {f.total} 件 · 借出 {f.out} · 超时 {f.overdue} · 丢失 {f.lost}",
                                         f"{f.total} tools · {f.out} out · {f.overdue} overdue · {f.lost} lost"))
        self.tabs.setTabText(1, self.ctx.tr(f"借出中（{f.out}）", f"Out ({f.out})"))
        self.tabs.setTabText(2, self.ctx.tr(f"超时未还（{f.overdue}）", f"Overdue ({f.overdue})"))

    def _on_changed(self, _changes: ChangeSet) -> None:
        self.refresh()

    # --- actions ------------------------------------------------------------------------------------
    def _selected_loan(self) -> tq.LoanRow | None:
        rows = self.out_view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.out_rows):
            self.desk.say(self.ctx.tr("请先在「借出中」选一件工具。", "Select a tool under 'Out' first."), False)
            return None
        return self.out_rows[rows[0].row()]

    def _selected_tool(self) -> tuple[str, int] | None:
        rows = self.register_view.selectionModel().selectedRows()
        if not rows:
            self.desk.say(self.ctx.tr("请先在台账里选一件工具。", "Select a tool in the register first."), False)
            return None
        values = self.register_model.row_values(rows[0].row())
        return str(values[0]), int(values[-2])

    def return_selected(self) -> None:
        loan = self._selected_loan()
        if loan is not None:
            self.desk.return_tool(loan.tool_code)

    def declare_lost(self) -> None:
        from ui.tools.lost_dialog import LostToolDialog

        loan = self._selected_loan()
        if loan is None:
            return
        tool = tq.tool_by_code(self.ctx.db, loan.tool_code)
        dialog = LostToolDialog(self.ctx, loan, fmt_money(tool.original_price) if tool else "")
        if dialog.exec() and dialog.result_info is not None:
            info = dialog.result_info
            self.desk.say(self.ctx.tr(
                f"已报失 {info.tool_code}：{info.user_name} " + (f"赔偿 {fmt_money(info.amount)}"
                                                                if info.kind == "charge" else "以同型号替换"),
                f"{info.tool_code} lost: {info.user_name} " + (f"charged {fmt_money(info.amount)}"
                                                               if info.kind == "charge" else "replaced it")), True)

    def register_tool(self) -> None:
        from ui.tools.register_dialog import RegisterToolDialog

        dialog = RegisterToolDialog(self.ctx)
        if dialog.exec() and dialog.result_info is not None:
            self.desk.say(self.ctx.tr(f"已登记 {dialog.result_info.code}", f"Registered {dialog.result_info.code}"),
                True)

    def retire_selected(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        picked = self._selected_tool()
        if picked is None:
            return
        code = picked[0]
        reason, ok = QInputDialog.getText(self, self.ctx.tr("报废工具", "Retire tool"),
                                          self.ctx.tr(f"{code} 报废原因：", f"Why is {code} retired?"))
        if not ok:
            return
        ctx = self.ctx
        ctx.ops.run_service(tools.retire_tool, code, reason,
                            on_done=lambda info: self.desk.say(ctx.tr(f"{info.code} 已报废", f"{info.code} retired"), True),
                            on_error=lambda exc: self.desk.say(error_text(ctx, exc), False))

    def print_label(self) -> None:
        picked = self._selected_tool()
        if picked is None:
            return
        _code, tool_id = picked
        from ui.widgets.label_preview import LabelPreviewDialog

        LabelPreviewDialog(self.ctx, "tools", [int(self.register_model.row_values(i.row())[-2])
                                               for i in self.register_view.selectionModel().selectedRows()]
                           or [tool_id], parent=self).exec()

    def write_label(self, tool_id: int, path: str) -> None:
        from workshop.printing.labels import contents_for, render_labels_pdf
        from workshop.queries.labels import label_rows

        ctx = self.ctx

        def job() -> str:
            rows = label_rows(ctx.db, "tools", ids=[tool_id], actor=ctx.actor)
            render_labels_pdf(contents_for(rows), path)
            return path

        ctx.ops.run(job, on_done=lambda p: self.desk.say(ctx.tr(f"标签已保存：{p}", f"Label saved: {p}"), True),
                    on_error=lambda exc: self.desk.say(error_text(ctx, exc), False))

    def export_charges(self) -> None:
        month = self.month.text().strip()
        path = save_pdf.ask_save_path(self, self.ctx, self.ctx.tr("导出工具赔偿", "Export tool charges"),
                                      self.ctx.tr(f"工具赔偿-{month}.csv", f"tool-charges-{month}.csv"), "CSV (*.csv)")
        if path is not None:
            self.write_charges(month, str(path))

    def write_charges(self, month: str, path: str) -> None:
        ctx = self.ctx
        ctx.ops.run(lambda: tq.write_charges_csv(ctx.db, month, path),
                    on_done=lambda n: self.desk.say(ctx.tr(f"已导出 {n} 人：{path}", f"Exported {n} people: {path}"),
                                          True),
                    on_error=lambda exc: self.desk.say(error_text(ctx, exc), False))

