"""R2: one reminder call — reached, not reached (the vehicle stays on the list), or booked (the appointment is
made with the call, in one transaction; a full slot refuses both)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from ui.appointments.booking_dialog import BookingFields
from ui.context import AppContext
from ui.front_desk import common
from workshop.domain.labels import label, label_of
from workshop.domain.reminders import CallOutcome, ReminderKind
from workshop.queries.reminders import ReminderRow
from workshop.services import reminders


class ReminderCallDialog(QDialog):
    def __init__(self, ctx: AppContext, row: ReminderRow, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        t = ctx.tr
        kind = label_of(ReminderKind, row.kind, ctx.lang)
        self.setWindowTitle(t(f"提醒电话 — {row.plate}", f"Reminder call — {row.plate}"))
        form = QFormLayout(self)
        form.addRow(t("客户", "Customer"), QLabel(f"{row.customer_name}　{row.customer_phone}"))
        form.addRow(t("提醒", "Reminder"), QLabel(f"{kind}　{row.due_date.isoformat()}"))
        outcomes = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons_by: dict[CallOutcome, QRadioButton] = {}
        for o in CallOutcome:
            b = QRadioButton(label(o, ctx.lang))
            self.group.addButton(b)
            self.buttons_by[o] = b
            outcomes.addWidget(b)
            b.toggled.connect(lambda _on: self._enable())
        form.addRow(t("结果", "Outcome"), outcomes)
        self.note = QLineEdit()
        self.note.setPlaceholderText(t("如：客户下周来保养；无人接听", "e.g. coming next week; no answer"))
        form.addRow(t("记录", "Notes"), self.note)
        self.booking = BookingFields(ctx, max(today + timedelta(days=1), row.due_date - timedelta(days=3)),
                                     vehicle=(row.vehicle_id, f"{row.plate}　{row.model}"))
        self.booking.service.setText(kind.replace("到期", "") if row.kind == "service" else "")
        form.addRow(self.booking)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, self.box)
        self.box.accepted.connect(self.save)
        self.box.rejected.connect(self.reject)
        form.addRow(self.box)
        self._enable()

    def outcome(self) -> CallOutcome | None:
        return next((o for o, b in self.buttons_by.items() if b.isChecked()), None)

    def _enable(self) -> None:
        o = self.outcome()
        self.booking.setVisible(o is CallOutcome.BOOKED)
        self.box.button(QDialogButtonBox.StandardButton.Save).setEnabled(o is not None)
        self.adjustSize()

    def save(self) -> None:
        ctx, row, o = self.ctx, self.row, self.outcome()
        if o is None:
            return
        booking = None
        if o is CallOutcome.BOOKED:
            booking = self.booking.values()
        note = self.note.text()
        ctx.ops.run_service(reminders.record_reminder_call, row.vehicle_id, kind=row.kind,
                            due_date=row.due_date, outcome=o.value, note=note, booking=booking,
                            on_done=lambda _info: self.accept(), parent=self)
