"""R1: the appointment calendar. Day view: each slot's places per team (booked / capacity, full ones red) and
the day's appointments, with booking, arrival (opens the work order with its item), no-show and cancellation.
Week view: each day's places per team (closed days and public holidays marked). 明日确认: tomorrow's
appointments to call and confirm."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from PySide6.QtCore import QDate, QModelIndex
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk import common, note_dialog
from ui.front_desk.common import ORANGE, RED, RowsModel, make_table, selected_payload
from ui.widgets.columns import fit_columns
from ui.widgets.legend import legend
from workshop.domain.appointments import WEEKDAYS_ZH, ApptState, Channel
from workshop.domain.changes import RecordKind
from workshop.domain.clock import shop_today
from workshop.domain.labels import label_of
from workshop.domain.lang import tr
from workshop.domain.roles import Perm
from workshop.queries import appointments as aq
from workshop.services import appointments

WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class _WeekModel(RowsModel):
    """A table whose columns change: the week's are named after its days, the day's after the teams."""

    def set_headers(self, headers: list[str]) -> None:
        self._headers = list(headers)  # shown on the next set_rows (a model reset)


class AppointmentsScreen(QWidget):
    def __init__(self, ctx: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(t("预约", "Appointments")))
        bar = QHBoxLayout()
        start = today or shop_today()
        self.day = QDateEdit(QDate(start.year, start.month, start.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.weekday = QLabel("")
        prev, nxt, today_btn = QPushButton("◀"), QPushButton("▶"), QPushButton(t("今天", "Today"))
        prev.clicked.connect(lambda: self._shift(-1))
        nxt.clicked.connect(lambda: self._shift(1))
        today_btn.clicked.connect(lambda: self._go(shop_today()))
        for w in (QLabel(t("日期", "Day")), prev, self.day, self.weekday, nxt, today_btn):
            bar.addWidget(w)
        bar.addStretch(1)
        self.book_btn = QPushButton(t("预约…", "Book…"))
        self.arrive_btn = QPushButton(t("到店开单…", "Arrived: open work order…"))
        self.no_show_btn = QPushButton(t("未到店", "No-show"))
        self.cancel_btn = QPushButton(t("取消预约…", "Cancel…"))
        self.confirm_btn = QPushButton(t("已电话确认", "Confirmed by phone"))
        for b in (self.book_btn, self.arrive_btn, self.no_show_btn, self.cancel_btn, self.confirm_btn):
            b.setVisible(ctx.can(Perm.APPOINTMENT_BOOK))
            bar.addWidget(b)
        self.arrive_btn.setVisible(ctx.can(Perm.WORK_ORDER_OPEN))
        layout.addLayout(bar)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        day_page = QWidget()
        dl = QVBoxLayout(day_page)
        self.slots = _WeekModel([t("时段", "Slot")],  # a column per team: refresh() sets them from the day's plan
                               row_color=lambda full: RED if full else None)
        self.slots_view = make_table(self.slots)
        self.slots_view.setMaximumHeight(170)
        dl.addWidget(self.slots_view)
        self.closed = QLabel("")
        self.closed.setStyleSheet("color: #c81e1e; font-weight: bold;")
        dl.addWidget(self.closed)
        self.list = RowsModel([t(*h) for h in (
            ("时段", "Slot"), ("班组", "Team"), ("状态", "State"), ("车牌", "Plate"), ("车型", "Model"),
            ("客户", "Customer"), ("电话", "Phone"), ("预约项目", "Service"), ("渠道", "Channel"),
            ("服务顾问", "Advisor"), ("确认", "Confirmed"), ("工单", "Work order"))],
            row_color=lambda r: ORANGE if r.overbooked and r.state == "booked" else None)
        self.list_view = make_table(self.list, stretch=7)
        dl.addWidget(self.list_view, 1)
        dl.addWidget(legend(t, [(RED, "红色：时段已约满（再约会被拒绝，组长可超额）",
                                 "Red: the slot is full (a booking is refused; a lead may overbook)"),
                                (ORANGE, "橙色：超额预约", "Orange: an overbooked appointment")]))
        self.tabs.addTab(day_page, t("日视图", "Day"))

        self.week = _WeekModel([t("班组", "Team"), *["" for _ in range(7)]])
        self.week_view = make_table(self.week)
        self.week_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.week_view.verticalHeader().setDefaultSectionSize(48)
        self.week_view.doubleClicked.connect(self._open_day)
        self.tabs.addTab(self.week_view, t("周视图", "Week"))

        self.calls = RowsModel([t(*h) for h in (
            ("时段", "Slot"), ("车牌", "Plate"), ("客户", "Customer"), ("电话", "Phone"), ("预约项目", "Service"),
            ("服务顾问", "Advisor"), ("已确认", "Confirmed"))])
        self.calls_view = make_table(self.calls, stretch=4)
        self.tabs.addTab(self.calls_view, t("次日确认", "Confirm the next day"))

        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.tabs.currentChanged.connect(lambda _i: self._enable())
        self.book_btn.clicked.connect(self._book)
        self.arrive_btn.clicked.connect(self._arrive)
        self.no_show_btn.clicked.connect(self._no_show)
        self.cancel_btn.clicked.connect(self._cancel)
        self.confirm_btn.clicked.connect(self._confirm)
        self.list_view.selectionModel().selectionChanged.connect(self._enable)
        self.calls_view.selectionModel().selectionChanged.connect(self._enable)
        ctx.ops.watch(self, {RecordKind.APPOINTMENTS, RecordKind.WORK_ORDERS}, lambda _changes: self.refresh())
        self.refresh()

    # --- data --------------------------------------------------------------------------------------------
    def current_day(self) -> date:
        d = cast(date, self.day.date().toPython())
        return d

    def _go(self, d: date) -> None:
        self.day.setDate(QDate(d.year, d.month, d.day))

    def _shift(self, days: int) -> None:
        step = 7 if self.tabs.currentIndex() == 1 else 1
        self._go(self.current_day() + timedelta(days=days * step))

    def _open_day(self, index: QModelIndex) -> None:
        """A double click on a day of the week opens that day."""
        if index.column() > 0:
            monday = self.current_day() - timedelta(days=self.current_day().weekday())
            self._go(monday + timedelta(days=index.column() - 1))
            self.tabs.setCurrentIndex(0)

    def _state(self, state: str) -> str:
        return label_of(ApptState, state, self.ctx.lang)

    def _channel(self, ch: str) -> str:
        return label_of(Channel, ch, self.ctx.lang)

    def refresh(self) -> None:
        ctx, day = self.ctx, self.current_day()
        plan = aq.day_plan(ctx.db, day)
        teams = plan.teams
        self.slots.set_headers([ctx.tr("时段", "Slot"), *[ctx.tr(f"{tm}（已约/可约）", f"{tm} (booked/places)")
                                                          for tm in teams]])
        self.slots.set_rows([(slot, *[f"{plan.cell(slot, tm).booked} / {plan.cell(slot, tm).capacity}" for tm in teams])
                             for slot in plan.slots],
                            [all(plan.cell(slot, tm).full for tm in teams) for slot in plan.slots])
        self.closed.setText(ctx.tr("本店休息日或法定节假日：不接受预约。", "A closed day or public holiday: no appointments.")
                            if plan.closed else "")
        self.list.set_rows([(r.slot, r.team, self._state(r.state) + (ctx.tr("（超额）", " (over)") if r.overbooked else ""),
                             r.plate, r.model, r.customer_name, r.customer_phone, r.service, self._channel(r.channel),
                             r.advisor_name, "✓" if r.confirmed_at else "", r.work_order_number or "")
                            for r in plan.appointments], list(plan.appointments))
        monday = day - timedelta(days=day.weekday())
        week = aq.week_plan(ctx.db, monday)
        names = tr(ctx.lang, WEEKDAYS_ZH, WEEKDAYS_EN)
        self.weekday.setText(names[day.weekday()])
        self.week.set_headers([ctx.tr("班组", "Team"), *[f"{names[i]} {w.day.strftime('%m-%d')}" for i, w in enumerate(week)]])
        self.week.set_rows([(tm, *[ctx.tr("休息", "closed") if w.closed else f"{w.booked[tm]} / {w.capacity[tm]}"
                                   for w in week]) for tm in teams], list(teams))
        tomorrow = aq.confirmation_list(ctx.db, day + timedelta(days=1))
        self.calls.set_rows([(r.slot, r.plate, r.customer_name, r.customer_phone, r.service, r.advisor_name,
                              "✓" if r.confirmed_at else "") for r in tomorrow], tomorrow)
        booked = sum(1 for r in plan.appointments if r.state == "booked")
        self.tabs.setTabText(0, ctx.tr(f"日视图（待到店 {booked}）", f"Day ({booked} to come)"))
        self.tabs.setTabText(2, ctx.tr(f"次日确认（{len(tomorrow)}）", f"Confirm the next day ({len(tomorrow)})"))
        for view in (self.slots_view, self.list_view, self.calls_view):
            fit_columns(view, view.property('fit_stretch'))
        self._enable()

    def selected(self) -> aq.AppointmentRow | None:
        view, model = (self.calls_view, self.calls) if self.tabs.currentIndex() == 2 else (self.list_view, self.list)
        r: aq.AppointmentRow | None = selected_payload(view, model)
        return r

    def _enable(self) -> None:
        r = self.selected()
        open_ = r is not None and r.state == "booked"
        on_day = self.tabs.currentIndex() == 0
        for b in (self.arrive_btn, self.no_show_btn):
            b.setEnabled(open_ and on_day)
        self.cancel_btn.setEnabled(open_)
        self.confirm_btn.setEnabled(open_ and r is not None and r.confirmed_at is None)

    # --- actions -----------------------------------------------------------------------------------------
    def _book(self) -> None:
        from ui.appointments.booking_dialog import BookingDialog

        BookingDialog(self.ctx, self.current_day(), parent=self).exec()

    def _arrive(self) -> None:
        ctx, r = self.ctx, self.selected()
        if r is None:
            return
        km, ok = QInputDialog.getInt(self, ctx.tr("到店开单", "Arrival"),
                                     ctx.tr(f"{r.plate} 进厂里程（公里）", f"{r.plate}: mileage in (km)"), r.mileage, 0, 2_000_000)
        if not ok:
            return
        aid = r.id
        ctx.ops.run_service(appointments.arrive_appointment, aid, mileage_in=km,
                    on_done=lambda info: common.inform(self, ctx, ctx.tr(f"已开工单 {info.work_order_number}。",
                                                                 f"Work order {info.work_order_number} opened.")),
                    parent=self)

    def _no_show(self) -> None:
        ctx, r = self.ctx, self.selected()
        if r is not None:
            aid = r.id
            ctx.ops.run_service(appointments.record_no_show, aid, parent=self)

    def _cancel(self) -> None:
        ctx, r = self.ctx, self.selected()
        if r is None:
            return
        reason = note_dialog.ask_note(self, ctx, ctx.tr(f"取消预约 {r.plate}", f"Cancel {r.plate}"),
                                      ctx.tr("取消原因", "Reason"))
        if reason is not None:
            aid = r.id
            ctx.ops.run_service(appointments.cancel_appointment, aid, reason=reason, parent=self)

    def _confirm(self) -> None:
        ctx, r = self.ctx, self.selected()
        if r is not None:
            aid = r.id
            ctx.ops.run_service(appointments.confirm_appointment, aid, parent=self)
