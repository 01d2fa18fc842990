"""R2: customer service's reminder list — next service (by date or mileage, whichever first), insurance
renewal and annual inspection falling due within the set days ahead (or overdue), soonest first; each call's
outcome recorded (reached / not reached / booked into an appointment)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk.common import ORANGE, RED, RowsModel, make_table, selected_payload
from ui.widgets.columns import fit_columns
from ui.widgets.legend import legend
from ui.widgets.query_op import QueryOp
from workshop.domain.changes import RecordKind
from workshop.domain.clock import shop_today
from workshop.domain.labels import choices, label_of
from workshop.domain.reminders import ReminderKind
from workshop.domain.roles import Perm
from workshop.queries.reminders import ReminderRow, reminder_counts, reminder_list
from workshop.services.settings import read_setting


class RemindersScreen(QWidget):
    def __init__(self, ctx: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(t("保养提醒", "Maintenance reminders")))
        bar = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItem(t("全部提醒", "All reminders"), None)
        for k, name in choices(ReminderKind, ctx.lang):
            self.kind.addItem(name, k.value)
        self.info = QLabel("")
        self.call = QPushButton(t("记录电话…", "Record the call…"))
        self.call.setVisible(ctx.can(Perm.REMINDER_CALL))
        bar.addWidget(self.kind)
        bar.addWidget(self.info, 1)
        bar.addWidget(self.call)
        layout.addLayout(bar)
        self.model = RowsModel([t(*h) for h in (
            ("到期日", "Due"), ("剩余天数", "Days left"), ("提醒", "Reminder"), ("车牌", "Plate"), ("车型", "Model"),
            ("客户", "Customer"), ("电话", "Phone"), ("当前里程", "Mileage"), ("日均里程", "km/day"),
            ("已打电话", "Calls"))],
            row_color=lambda r: RED if r.days_left < 0 else (ORANGE if r.calls else None), align_right=(1, 7, 8, 9))
        self.view = make_table(self.model, stretch=5)
        layout.addWidget(self.view, 1)
        layout.addWidget(legend(t, [(RED, "红色：已过期", "Red: overdue"),
                                    (ORANGE, "橙色：打过电话未接通", "Orange: called, not reached")]))
        note = QLabel(t("保养按日期或里程先到者计算，里程按该车历次进厂推算；红色为已过期，橙色为打过未接通。",
                        "Service is due by date or mileage, whichever first, the mileage predicted from the visits; "
                        "red: overdue, orange: called but not reached."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.call.clicked.connect(self._call)
        self.view.doubleClicked.connect(lambda _i: self._call())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.call.setEnabled(self._row() is not None))
        ctx.ops.watch(self, {RecordKind.APPOINTMENTS, RecordKind.WORK_ORDERS}, lambda _changes: self.refresh())
        self.query: QueryOp[tuple[list[ReminderRow], tuple[int, int], int]] = QueryOp(self, ctx.ops, self._show)
        self.refresh()

    def current_day(self) -> date:
        return self.today or shop_today()

    def refresh(self) -> None:
        """Read the list off the GUI thread (a quarter of a second the first time on the large demo)."""
        db, day = self.ctx.db, self.current_day()
        k = self.kind.currentData()
        kinds = (ReminderKind(k),) if k else tuple(ReminderKind)

        def read() -> tuple[list[ReminderRow], tuple[int, int], int]:
            ahead = int(read_setting(db, "reminder_days_ahead"))  # read once, for the list and its count
            return (reminder_list(db, day, days_ahead=ahead, kinds=kinds),
                    reminder_counts(db, day, days_ahead=ahead, kinds=kinds), ahead)

        self.query.run(read)

    def _show(self, result: tuple[list[ReminderRow], tuple[int, int], int]) -> None:
        ctx = self.ctx
        rows, (total, overdue), ahead = result
        self.model.set_rows([(r.due_date.isoformat(), r.days_left, label_of(ReminderKind, r.kind, ctx.lang),
                              r.plate, r.model, r.customer_name, r.customer_phone, r.last_mileage, r.daily_km or "",
                              r.calls or "") for r in rows], rows)
        shown = ctx.tr(f"（列出最早到期的 {len(rows)} 条）", f" (the {len(rows)} due first listed)") \
            if total > len(rows) else ""
        self.info.setText(ctx.tr(f"未来 {ahead} 天内到期及已过期：共 {total} 条，已过期 {overdue} 条{shown}",
                                 f"Due within {ahead} days or overdue: {total}, {overdue} overdue{shown}"))
        fit_columns(self.view, self.view.property('fit_stretch'))
        self.call.setEnabled(self._row() is not None)

    def _row(self) -> ReminderRow | None:
        r: ReminderRow | None = selected_payload(self.view, self.model)
        return r

    def _call(self) -> None:
        from ui.appointments.reminder_call_dialog import ReminderCallDialog

        if (r := self._row()) is not None and self.ctx.can(Perm.REMINDER_CALL):
            ReminderCallDialog(self.ctx, r, self.current_day(), parent=self).exec()
