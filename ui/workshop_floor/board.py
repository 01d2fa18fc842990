"""The workshop board (W1, F7): every car in the workshop — state, team, technician, how long it has waited,
promised time and expected finish; late ones in red and first. Assign (W1), take with the plate check (F5),
propose an added item (F6), complete with the self-check (W2). Refreshes on every change and each minute."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk import common, note_dialog
from ui.front_desk.common import RED, RowsModel, make_table, selected_payload
from ui.widgets.columns import fit_columns
from ui.widgets.fresh import Freshness
from ui.widgets.legend import legend
from ui.widgets.query_op import QueryOp
from ui.widgets.team_choices import team_choices
from workshop.domain.changes import RecordKind
from workshop.domain.roles import Perm
from workshop.domain.work_order import IN_WORKSHOP
from workshop.queries.workshop_board import BoardRow, workshop_board


def _late(row: BoardRow) -> QColor | None:
    return RED if row.late else None


class WorkshopBoardScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.windows: dict[str, QWidget] = {}
        t = ctx.tr
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(screen_title(t("车间看板", "Workshop board")))
        self.summary = QLabel()
        font = self.summary.font()
        font.setPointSize(font.pointSize() + 2)
        self.summary.setFont(font)
        head.addSpacing(24)
        head.addWidget(self.summary, 1)
        layout.addLayout(head)
        bar = QHBoxLayout()
        self.team = QComboBox()
        self.team.addItem(t("全部班组", "All teams"), None)
        for code, label in team_choices(ctx.db):
            self.team.addItem(label, code)
        self.state = QComboBox()
        self.state.addItem(t("全部在厂车辆", "Every car in the workshop"), None)
        for s in IN_WORKSHOP:
            self.state.addItem(common.state_name(ctx, s.value), (s.value,))
        bar.addWidget(QLabel(t("班组", "Team")))
        bar.addWidget(self.team)
        bar.addWidget(QLabel(t("状态", "State")))
        bar.addWidget(self.state)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = RowsModel([t(*h) for h in (
            ("工单号", "Work order"), ("车牌", "Plate"), ("车型", "Model"), ("状态", "State"), ("优先级", "Priority"),
            ("班组", "Team"), ("技工", "Technician"), ("本状态已等", "Waited"), ("在厂", "In shop"),
            ("承诺交车", "Promised"), ("预计完工", "Expected"), ("超时", "Late"), ("增项待确认", "Added waiting"),
            ("服务顾问", "Advisor"))], row_color=_late, align_right=(7, 8, 12))
        self.view = make_table(self.model)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open)
        layout.addWidget(self.view, 1)
        layout.addWidget(legend(t, [(RED, "红色：超过承诺交车时间", "Red: past the promised time")]))
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, perm in (("assign", t("派工…", "Assign…"), Perm.JOB_ASSIGN),
                                 ("dispatch", t("分工时派工…", "Dispatch the jobs…"), Perm.JOB_ASSIGN),
                                 ("clocks", t("打卡记录…", "Clock entries…"), Perm.JOB_ASSIGN),
                                 ("take", t("接车维修（核对车牌）…", "Take the car (plate check)…"), Perm.JOB_TAKE),
                                 ("propose", t("提出增项…", "Propose added item…"), Perm.ADDED_ITEM_PROPOSE),
                                 ("complete", t("竣工自检…", "Complete with self-check…"), Perm.JOB_COMPLETE),
                                 ("open", t("查看工单", "Open work order"), Perm.VIEW)):
            b = QPushButton(label)
            b.setObjectName(key)
            b.setVisible(ctx.can(perm))
            buttons.addWidget(b)
            self.buttons[key] = b
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.buttons["assign"].clicked.connect(self.assign)
        self.buttons["dispatch"].clicked.connect(self.dispatch)
        self.buttons["clocks"].clicked.connect(self.clocks)
        self.buttons["take"].clicked.connect(self.take)
        self.buttons["propose"].clicked.connect(self.propose)
        self.buttons["complete"].clicked.connect(self.complete)
        self.buttons["open"].clicked.connect(lambda: self._open(None))
        self.team.currentIndexChanged.connect(self.refresh)
        self.state.currentIndexChanged.connect(self.refresh)
        self.view.selectionModel().selectionChanged.connect(self._enable)
        # a change reloads the board on screen at once, a hidden board when it is shown again; its times
        # ("late", minutes waited) age: every minute on screen, and on show when a minute old
        self.fresh = Freshness(self, ctx.ops, {RecordKind.WORK_ORDERS}, lambda: self.refresh(),
                               max_age_s=60)
        self.clock = QTimer(self)
        self.clock.setInterval(60_000)
        self.clock.timeout.connect(lambda: self.refresh() if self.isVisible() else None)
        self.clock.start()
        self.board_query: QueryOp[list[BoardRow]] = QueryOp(self, ctx.ops, self._show_board)
        self.refresh()

    def refresh(self) -> None:
        """Off the GUI thread (~60 ms on the large demo); the rows arrive in _show_board."""
        db, team, states = self.ctx.db, self.team.currentData(), self.state.currentData()
        self.board_query.run(lambda: workshop_board(db, team=team, states=states))

    @property
    def loading(self) -> bool:
        return self.board_query.pending

    def _show_board(self, rows: list[BoardRow]) -> None:
        ctx = self.ctx
        self.fresh.mark_loaded()
        chosen = self.selected()
        late_mark = ctx.tr("超时", "LATE")
        self.model.set_rows([(r.number, r.plate, r.model, common.state_name(ctx, r.state),
                              common.priority_name(ctx, r.priority), r.team or "", r.technician_name,
                              common.duration(ctx, r.waited), common.duration(ctx, r.in_shop),
                              common.when(r.promised_at), common.when(r.expected_finish),
                              late_mark if r.late else "", r.pending_added_items or "", r.advisor_name)
                             for r in rows], rows)
        late = sum(1 for r in rows if r.late)
        waiting = sum(r.pending_added_items for r in rows)
        self.summary.setText(ctx.tr(f"在厂 {len(rows)} 辆　超时 {late} 辆　增项待客户确认 {waiting} 项",
                                    f"{len(rows)} cars in the workshop · {late} late · {waiting} added items waiting"))
        self.summary.setStyleSheet("color: #c81e1e;" if late else "")
        fit_columns(self.view)
        if chosen is not None:
            for i, r in enumerate(rows):
                if r.id == chosen.id:
                    self.view.selectRow(i)
        self._enable()

    def selected(self) -> BoardRow | None:
        row: BoardRow | None = selected_payload(self.view, self.model)
        return row

    def _enable(self) -> None:
        r = self.selected()
        state = r.state if r else None
        self.buttons["assign"].setEnabled(state in ("started", "in_progress"))
        self.buttons["dispatch"].setEnabled(state in ("started", "in_progress"))
        self.buttons["take"].setEnabled(state == "started")
        self.buttons["propose"].setEnabled(state in ("started", "in_progress"))
        self.buttons["complete"].setEnabled(state == "in_progress")
        self.buttons["open"].setEnabled(r is not None)

    def assign(self) -> None:
        from ui.workshop_floor.assign_dialog import AssignDialog

        if (r := self.selected()) is not None:
            AssignDialog(self.ctx, r, parent=self).exec()

    def dispatch(self) -> None:
        from ui.workshop_floor.dispatch_dialog import DispatchDialog

        if (r := self.selected()) is not None:
            DispatchDialog(self.ctx, r.number, parent=self).exec()

    def clocks(self) -> None:
        from ui.workshop_floor.clocks_dialog import ClocksDialog

        ClocksDialog(self.ctx, parent=self).exec()

    def take(self) -> None:
        from ui.workshop_floor.take_dialog import TakeDialog

        if (r := self.selected()) is not None:
            TakeDialog(self.ctx, r, parent=self).exec()

    def propose(self) -> None:
        from ui.workshop_floor.propose_dialog import ProposeDialog

        if (r := self.selected()) is not None:
            ProposeDialog(self.ctx, r, parent=self).exec()

    def complete(self) -> None:
        r = self.selected()
        if r is None:
            return
        ctx, number = self.ctx, r.number
        note = note_dialog.ask_note(self, ctx, ctx.tr(f"竣工自检 — {number}", f"Self-check — {number}"),
                                    ctx.tr("自检记录（做了什么、检查结果）", "Self-check (what was done, what was checked)"))
        if note is None:
            return
        # imported on use: the board is the director's first screen, so its imports are in the start-up time
        from workshop.services import workshop_floor

        ctx.ops.run_service(workshop_floor.complete_job, number, self_check_note=note, parent=self)

    def _open(self, index: QModelIndex | None) -> None:
        from ui.front_desk.work_order_view import WorkOrderWindow

        r = self.model.payload(index.row()) if index is not None else self.selected()
        if r is None:
            return
        window = self.windows.get(r.number)
        if window is None:
            window = WorkOrderWindow(self.ctx, r.number, parent=self)
            window.setWindowFlag(Qt.WindowType.Window, True)
            self.windows[r.number] = window
        window.show()
        window.raise_()
