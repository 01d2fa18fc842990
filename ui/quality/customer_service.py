"""Customer service (客服): return visits due after delivery (Q1) and complaints with their clocks — answer
within 24 hours, first verification within 3 working days — through accept → handle → verify → feedback →
archive (Q2). Overdue ones in red."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk import common, note_dialog
from ui.front_desk.common import RED, RowsModel, make_table, selected_payload
from ui.widgets.columns import fit_columns
from ui.widgets.fresh import Freshness
from ui.widgets.legend import legend
from ui.widgets.query_op import QueryOp
from workshop.domain.changes import RecordKind
from workshop.domain.complaints import ComplaintState, ComplaintStep
from workshop.domain.labels import label_of, member_of
from workshop.domain.roles import Perm
from workshop.queries.customer_service import (
    CareCounts,
    ComplaintRow,
    ReturnVisitRow,
    care_counts,
    complaint_steps,
    next_complaint_step,
    open_complaints,
    return_visits_due,
)
from workshop.services import quality


def _step_name(code: str, lang: str) -> str:
    """A step of a complaint's history; older records name the state reached instead."""
    return label_of(ComplaintStep if member_of(ComplaintStep, code) else ComplaintState, code, lang)


class CustomerServiceScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(t("回访与投诉", "Follow-up and complaints")))
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        visits = QWidget()
        vl = QVBoxLayout(visits)
        self.visits = RowsModel([t(*h) for h in (
            ("应回访时间", "Due"), ("状态", "Status"), ("工单号", "Work order"), ("客户", "Customer"),
            ("电话", "Phone"), ("车牌", "Plate"), ("交车时间", "Delivered"), ("服务顾问", "Advisor"),
            ("回访结果", "Result"), ("满意度", "Score"))],
            row_color=lambda v: RED if v.overdue else None)
        self.visits_view = make_table(self.visits, stretch=8)
        vl.addWidget(self.visits_view, 1)
        vl.addWidget(legend(t, [(RED, "红色：回访已超期", "Red: the visit is overdue")]))
        vbar = QHBoxLayout()
        self.show_done = QCheckBox(t("显示已回访", "Show visits done"))
        self.record_visit = QPushButton(t("记录回访…", "Record the visit…"))
        self.record_visit.setVisible(ctx.can(Perm.RETURN_VISIT))
        vbar.addWidget(self.show_done)
        vbar.addStretch(1)
        vbar.addWidget(self.record_visit)
        vl.addLayout(vbar)
        self.tabs.addTab(visits, "")

        complaints = QWidget()
        cl = QVBoxLayout(complaints)
        split = QSplitter(Qt.Orientation.Vertical)
        self.complaints = RowsModel([t(*h) for h in (
            ("编号", "Number"), ("客户", "Customer"), ("电话", "Phone"), ("工单", "Work order"), ("状态", "State"),
            ("受理时间", "Received"), ("24小时答复", "Answer in 24 h"), ("3个工作日验证", "Verify in 3 working days"),
            ("内容", "Complaint"))],
            row_color=lambda c: RED if c.answer_overdue or c.verify_overdue else None)
        self.complaints_view = make_table(self.complaints, stretch=8)
        split.addWidget(self.complaints_view)
        self.steps = RowsModel([t("步骤", "Step"), t("时间", "Time"), t("经办人", "By"), t("说明", "Note")])
        self.steps_view = make_table(self.steps, stretch=3)
        split.addWidget(self.steps_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        cl.addWidget(split, 1)
        cl.addWidget(legend(t, [(RED, "红色：答复或核实已超期", "Red: the answer or check is overdue")]))
        cbar = QHBoxLayout()
        self.show_archived = QCheckBox(t("显示已归档", "Show archived"))
        self.new_complaint = QPushButton(t("登记投诉…", "Record a complaint…"))
        self.next_step = QPushButton()
        for b in (self.new_complaint, self.next_step):
            b.setVisible(ctx.can(Perm.COMPLAINT_HANDLE))
        cbar.addWidget(self.show_archived)
        cbar.addStretch(1)
        cbar.addWidget(self.new_complaint)
        cbar.addWidget(self.next_step)
        cl.addLayout(cbar)
        self.tabs.addTab(complaints, "")
        self.note = QLabel(t("投诉须在 24 小时内答复、3 个工作日内首次验证；超期标红。",
                             "A complaint is answered within 24 hours and first verified within 3 working days; "
                             "overdue ones are red."))
        layout.addWidget(self.note)

        self.show_done.toggled.connect(self.refresh)
        self.show_archived.toggled.connect(self.refresh)
        self.record_visit.clicked.connect(self._record_visit)
        self.new_complaint.clicked.connect(self._new_complaint)
        self.next_step.clicked.connect(self._next_step)
        self.visits_view.selectionModel().selectionChanged.connect(self._enable)
        self.complaints_view.selectionModel().selectionChanged.connect(self._complaint_chosen)
        # a change reloads the lists at once, a hidden screen when shown again; the time left to each visit and
        # answer ages: shown after five minutes, the lists are read again (in the background)
        self.fresh = Freshness(self, ctx.ops, {RecordKind.COMPLAINTS, RecordKind.WORK_ORDERS}, lambda: self.refresh(),
                               max_age_s=300)
        self.query: QueryOp[tuple[list[ReturnVisitRow], list[ComplaintRow], CareCounts]] = QueryOp(self, ctx.ops, self._show)
        self.refresh()

    # --- data --------------------------------------------------------------------------------------------
    def _clock(self, due: datetime, left: timedelta, done_at: datetime | None, late: bool) -> str:
        ctx = self.ctx
        if done_at is not None:
            return ctx.tr(f"已完成 {common.when(done_at)}", f"done {common.when(done_at)}")
        if late:
            return ctx.tr(f"已超期 {common.duration(ctx, -left)}", f"overdue by {common.duration(ctx, -left)}")
        return ctx.tr(f"剩 {common.duration(ctx, left)}（{common.when(due)}）",
                      f"{common.duration(ctx, left)} left ({common.when(due)})")

    def refresh(self) -> None:
        """Both lists in one read off the GUI thread (~80-200 ms on the large demo)."""
        db, done, archived = self.ctx.db, self.show_done.isChecked(), self.show_archived.isChecked()
        self.query.run(lambda: (return_visits_due(db, include_done=done),
                                open_complaints(db, include_archived=archived), care_counts(db)))

    @property
    def loading(self) -> bool:
        return self.query.pending

    def _show(self, lists: tuple[list[ReturnVisitRow], list[ComplaintRow], CareCounts]) -> None:
        ctx = self.ctx
        visits, complaints, counts = lists
        self.fresh.mark_loaded()
        self.visits.set_rows([(common.when(v.due_at),
                               ctx.tr("已回访", "Done") if v.done_at else
                               (ctx.tr("已超期", "Overdue") if v.overdue else ctx.tr("待回访", "Due")),
                               v.work_order_number, v.customer_name, v.customer_phone, v.plate,
                               common.when(v.delivered_at), v.advisor_name,
                               (ctx.tr(f"（第 {v.attempts} 次）", f"(call {v.attempts}) ") if v.attempts else "") + v.result,
                               v.score or "")
                              for v in visits], visits)
        self.complaints.set_rows([(c.number, c.customer_name, c.customer_phone, c.work_order_number,
                                   label_of(ComplaintState, c.state, ctx.lang), common.when(c.received_at),
                                   self._clock(c.answer_due, c.answer_left, c.answered_at, c.answer_overdue),
                                   self._clock(c.verify_due, c.verify_left, c.verified_at, c.verify_overdue),
                                   c.content.replace("\n", " "))
                                  for c in complaints], complaints)
        due, late = counts.visits_due, counts.visits_overdue  # all of them, not only the rows listed
        self.tabs.setTabText(0, ctx.tr(f"回访（待 {due}，超期 {late}）", f"Return visits ({due} due, {late} overdue)"))
        open_n, late_c = counts.complaints_open, counts.complaints_overdue
        self.tabs.setTabText(1, ctx.tr(f"投诉（处理中 {open_n}，超期 {late_c}）",
                                       f"Complaints ({open_n} open, {late_c} overdue)"))
        for view in (self.visits_view, self.complaints_view):
            fit_columns(view)
        self._complaint_chosen()
        self._enable()

    def _visit(self) -> ReturnVisitRow | None:
        v: ReturnVisitRow | None = selected_payload(self.visits_view, self.visits)
        return v

    def _complaint(self) -> ComplaintRow | None:
        c: ComplaintRow | None = selected_payload(self.complaints_view, self.complaints)
        return c

    def _enable(self) -> None:
        v = self._visit()
        self.record_visit.setEnabled(v is not None and v.done_at is None)

    def _complaint_chosen(self) -> None:
        ctx, c = self.ctx, self._complaint()
        step = next_complaint_step(c.state) if c else None
        named = label_of(ComplaintStep, step, ctx.lang)
        self.next_step.setText(ctx.tr(f"下一步：{named}…", f"Next: {named}…") if step
                               else ctx.tr("下一步", "Next step"))
        self.next_step.setEnabled(step is not None)
        rows = complaint_steps(ctx.db, c.id) if c else []
        self.steps.set_rows([(_step_name(s.step, ctx.lang), common.when(s.at), s.user_name, s.note)
                             for s in rows], rows)
        fit_columns(self.steps_view)

    # --- actions -----------------------------------------------------------------------------------------
    def _record_visit(self) -> None:
        from ui.quality.return_visit_dialog import ReturnVisitDialog

        if (v := self._visit()) is not None:
            ReturnVisitDialog(self.ctx, v, parent=self).exec()

    def _new_complaint(self) -> None:
        from ui.quality.complaint_dialog import ComplaintDialog

        ComplaintDialog(self.ctx, parent=self).exec()

    def _next_step(self) -> None:
        ctx, c = self.ctx, self._complaint()
        step = next_complaint_step(c.state) if c else None
        if c is None or step is None:
            return
        named = label_of(ComplaintStep, step, ctx.lang)
        note = note_dialog.ask_note(self, ctx, ctx.tr(f"投诉 {c.number}：{named}", f"Complaint {c.number}: {named}"),
                                    ctx.tr(f"{named}说明", f"Note on {named}"))
        if note is None:
            return
        number = c.number
        ctx.ops.run_service(quality.advance_complaint, number, step, note=note, parent=self)
