"""R1: book an appointment — the vehicle (searched by plate, phone or name), the day and slot, the team, the
requested service (from the labor catalog or in the customer's words), the channel and the advisor. A full
slot is refused; a front-desk lead may tick 超额预约 to overbook it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from workshop.domain.appointments import Channel
from workshop.domain.labels import choices
from workshop.domain.roles import Perm
from workshop.queries import appointments as aq
from workshop.queries.customers import SearchHit, search
from workshop.services import appointments, teams
from workshop.services.labor_catalog import list_labor_operations
from workshop.services.settings import read_setting


class BookingFields(QWidget):
    """The booking's fields, also used by the reminder call dialog (R2: booked)."""

    def __init__(self, ctx: AppContext, day: date, *, vehicle: tuple[int, str] | None = None,
                 slot: str | None = None, team: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        t = ctx.tr
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.vehicle_id: int | None = vehicle[0] if vehicle else None
        self.vehicle_search = QLineEdit()
        self.vehicle_search.setPlaceholderText(t("车牌、手机尾号或姓名，回车查找", "Plate, phone tail or name; Enter to search"))
        self.hits = QComboBox()
        self.hits.setMinimumWidth(360)
        if vehicle:
            self.vehicle_search.setVisible(False)
            self.hits.addItem(vehicle[1], vehicle[0])
            self.hits.setEnabled(False)
        else:
            form.addRow(t("查找车辆", "Find the vehicle"), self.vehicle_search)
        form.addRow(t("车辆", "Vehicle"), self.hits)
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        form.addRow(t("日期", "Day"), self.day)
        self.slot = QComboBox()
        for s in [x.strip() for x in read_setting(ctx.db, "appointment_slots").split(",")]:
            self.slot.addItem(s, s)
        if slot:
            self.slot.setCurrentIndex(max(0, self.slot.findData(slot)))
        form.addRow(t("时段", "Slot"), self.slot)
        self.team = QComboBox()
        for tm in teams.list_teams(ctx.db):
            self.team.addItem(tm.label, tm.code)
        if team:
            self.team.setCurrentIndex(max(0, self.team.findData(team)))
        form.addRow(t("班组", "Team"), self.team)
        self.operation = QComboBox()
        self.operation.addItem(t("（不选，写下客户的原话）", "(none: in the customer's words)"), None)
        for op in list_labor_operations(ctx.db, include_retired=False):
            self.operation.addItem(f"{op.code}  {op.name}", (op.code, op.team))
        self.operation.currentIndexChanged.connect(self._operation_chosen)
        form.addRow(t("工时项目", "Labor operation"), self.operation)
        self.service = QLineEdit()
        self.service.setPlaceholderText(t("如：空调有异味、常规保养", "e.g. the air conditioning smells, service"))
        form.addRow(t("预约项目", "Requested service"), self.service)
        self.channel = QComboBox()
        for ch, name in choices(Channel, ctx.lang):
            self.channel.addItem(name, ch.value)
        form.addRow(t("渠道", "Channel"), self.channel)
        self.advisor = QComboBox()
        for uid, name in aq.advisors(ctx.db):
            self.advisor.addItem(name, uid)
        self.advisor.setCurrentIndex(max(0, self.advisor.findData(ctx.actor.user_id)))
        form.addRow(t("服务顾问", "Advisor"), self.advisor)
        self.overbook = QCheckBox(t("超额预约（时段已满时，前台主管及以上）", "Overbook (a full slot; front-desk lead and above)"))
        self.overbook.setVisible(ctx.can(Perm.APPOINTMENT_OVERBOOK))
        form.addRow("", self.overbook)
        self.vehicle_search.returnPressed.connect(self._search)

    def _search(self) -> None:
        hits: list[SearchHit] = [h for h in search(self.ctx.db, self.vehicle_search.text()) if h.vehicle_id is not None]
        self.hits.clear()
        for h in hits:
            self.hits.addItem(f"{h.plate}　{h.model}　{h.customer_name} {h.phone}", h.vehicle_id)
        if not hits:
            self.hits.addItem(self.ctx.tr("没有找到车辆", "No vehicle found"), None)

    def _operation_chosen(self) -> None:
        data = self.operation.currentData()
        if data:
            self.team.setCurrentIndex(max(0, self.team.findData(data[1])))

    def values(self) -> dict[str, Any]:
        op = self.operation.currentData()
        return {"day": self.day.date().toPython(), "slot": self.slot.currentData(), "team": self.team.currentData(),
                "service": self.service.text(), "channel": self.channel.currentData(),
                "operation_code": op[0] if op else None, "advisor_id": self.advisor.currentData(),
                "overbook": self.overbook.isChecked()}

    def chosen_vehicle(self) -> int | None:
        vid: int | None = self.hits.currentData()
        return vid


class BookingDialog(QDialog):
    def __init__(self, ctx: AppContext, day: date, parent: QWidget | None = None, *, slot: str | None = None,
                 team: str | None = None, on_booked: Callable[[Any], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_booked = on_booked
        self.setWindowTitle(ctx.tr("预约", "Book an appointment"))
        form = QFormLayout(self)
        self.fields = BookingFields(ctx, day, slot=slot, team=team)
        form.addRow(self.fields)
        self.hint = QLabel(ctx.tr("时段约满时不能预约；前台主管可超额预约。",
                                  "A full slot cannot be booked; a front-desk lead may overbook it."))
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(self.ctx, self.buttons)
        for b in self.buttons.buttons():  # Enter in the search field searches; it does not save
            if isinstance(b, QPushButton):
                b.setAutoDefault(False)
                b.setDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def save(self) -> None:
        ctx, vid = self.ctx, self.fields.chosen_vehicle()
        if vid is None:
            common.inform(self, ctx, ctx.tr("请先查找并选择车辆。", "Find and choose the vehicle first."))
            return
        values = self.fields.values()
        ctx.ops.run_service(appointments.book_appointment, vehicle_id=vid, **values, on_done=self._booked,
                            parent=self)

    def _booked(self, info: Any) -> None:
        if self.on_booked is not None:
            self.on_booked(info)
        self.accept()
