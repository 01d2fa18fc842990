"""QC (F4, W2): every finished car waits here with the technician's self-check; the inspector passes it or
fails it with a reason, which sends it back to the workshop."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk import common, note_dialog
from ui.front_desk.common import RowsModel, make_table, selected_payload
from ui.widgets.columns import fit_columns
from ui.widgets.legend import legend
from ui.widgets.query_op import QueryOp
from workshop.domain.changes import RecordKind
from workshop.domain.roles import Perm
from workshop.queries.work_orders import WorkOrderDetail, work_order_detail
from workshop.queries.workshop_board import BoardRow, workshop_board
from workshop.services import workshop_floor


class QcScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(t("质检", "Quality check")))
        self.count = QLabel()
        layout.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = RowsModel([t(*h) for h in (
            ("工单号", "Work order"), ("车牌", "Plate"), ("车型", "Model"), ("班组", "Team"), ("技工", "Technician"),
            ("竣工后已等", "Waiting"), ("承诺交车", "Promised"), ("服务顾问", "Advisor"))],
            row_color=lambda r: common.RED if r.late else None, align_right=(5,))
        self.view = make_table(self.model, stretch=2)
        split.addWidget(self.view)
        lower = QWidget()
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(t("维修记录与自检", "Work done and self-check")))
        self.lines = RowsModel([t("项目", "Line"), t("工时 / 数量", "Hours / qty"), t("技工", "Technician")])
        self.lines_view = make_table(self.lines, stretch=0)
        self.events = RowsModel([t("时间", "Time"), t("到", "To"), t("操作人", "By"), t("说明", "Note")])
        self.events_view = make_table(self.events, stretch=3)
        row = QHBoxLayout()
        row.addWidget(self.lines_view, 1)
        row.addWidget(self.events_view, 1)
        lv.addLayout(row, 1)
        split.addWidget(lower)
        layout.addWidget(split, 1)
        layout.addWidget(legend(t, [(common.RED, "红色：超过承诺交车时间", "Red: past the promised time")]))
        buttons = QHBoxLayout()
        self.pass_button = QPushButton(t("质检通过", "Pass"))
        self.fail_button = QPushButton(t("不合格，返工…", "Fail, back to the workshop…"))
        self.suggest_button = QPushButton(t("记建议…", "Suggest for later…"))  # R3: stays on the vehicle
        self.suggest_button.setObjectName("qc_suggest")
        for b in (self.pass_button, self.fail_button, self.suggest_button):
            b.setVisible(ctx.can(Perm.QC_DECIDE))
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.pass_button.clicked.connect(self.qc_pass)
        self.fail_button.clicked.connect(self.qc_fail)
        self.suggest_button.clicked.connect(self.suggest)
        self.board_query: QueryOp[list[BoardRow]] = QueryOp(self, ctx.ops, self._show_board)
        self.detail_query: QueryOp[WorkOrderDetail | None] = QueryOp(self, ctx.ops, self._show_detail)
        self.view.selectionModel().selectionChanged.connect(self._show_selected)
        ctx.ops.watch(self, {RecordKind.WORK_ORDERS}, lambda _changes: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """The cars waiting for QC are read on a worker; the first is selected when they arrive."""
        db = self.ctx.db
        self.board_query.run(lambda: workshop_board(db, states=("completed",)))

    def _show_board(self, rows: list[BoardRow]) -> None:
        ctx = self.ctx
        self.model.set_rows([(r.number, r.plate, r.model, r.team or "", r.technician_name,
                              common.duration(ctx, r.waited), common.when(r.promised_at), r.advisor_name)
                             for r in rows], rows)
        self.count.setText(ctx.tr(f"待质检 {len(rows)} 辆", f"{len(rows)} cars waiting for QC"))
        fit_columns(self.view)
        if rows:
            self.view.selectRow(0)
        self._show_selected()

    def selected(self) -> BoardRow | None:
        row: BoardRow | None = selected_payload(self.view, self.model)
        return row

    def _show_selected(self) -> None:
        r = self.selected()
        self.pass_button.setEnabled(r is not None)
        self.fail_button.setEnabled(r is not None)
        self.suggest_button.setEnabled(r is not None)
        if r is None:
            self.detail_query.run(lambda: None)  # an answer still coming for the car selected before is dropped
            self.lines.set_rows([], [])
            self.events.set_rows([], [])
            return
        db, number = self.ctx.db, r.number
        self.detail_query.run(lambda: work_order_detail(db, number))  # 15-60 ms on the large demo

    def _show_detail(self, d: WorkOrderDetail | None) -> None:
        if d is None:
            return
        lines = [(ln.description, common.qty(ln.hours), d.user_names.get(ln.technician_id or 0, ""))
                 for ln in d.info.labor_lines]
        lines += [(f"{p.part_no} {p.name}", common.qty(p.quantity), "") for p in d.info.part_lines]
        self.lines.set_rows(lines, [*d.info.labor_lines, *d.info.part_lines])
        self.events.set_rows([(common.when(e.at), common.state_name(self.ctx, e.to_state), e.user_name, e.note)
                              for e in d.events], d.events)
        fit_columns(self.lines_view)
        fit_columns(self.events_view)

    def qc_pass(self) -> None:
        r = self.selected()
        if r is None:
            return
        ctx, number = self.ctx, r.number
        ctx.ops.run_service(workshop_floor.qc_pass, number, parent=self)

    def qc_fail(self) -> None:
        r = self.selected()
        if r is None:
            return
        ctx, number = self.ctx, r.number
        reason = note_dialog.ask_note(self, ctx, ctx.tr(f"质检不合格 — {number}", f"QC fail — {number}"),
                                      ctx.tr("不合格原因（返工要做什么）", "Reason (what must be redone)"))
        if reason is None:
            return
        ctx.ops.run_service(workshop_floor.qc_fail, number, reason=reason, parent=self)

    def suggest(self) -> None:
        r = self.selected()
        if r is None:
            return
        from ui.quality.suggestion_dialog import SuggestionDialog

        SuggestionDialog(self.ctx, r.number, parent=self).exec()
