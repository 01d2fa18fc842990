"""Administration: the working calendar (S2). China's public holidays and 调休 working weekends come from the
`chinesecalendar` package; here the shop enters its own closed days and, for a year the package does not know
yet, that year's holidays and working weekends. A warning stands at the top while a year in use is unknown."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from workshop.queries.calendar import calendar_status, working_days_between
from workshop.services import settings

FIELDS = (
    ("shop_closed_days", "本店休息日", "The shop's closed days"),
    ("public_holidays", "法定节假日（软件尚不知道的年份）", "Public holidays (a year not known yet)"),
    ("adjusted_working_days", "调休上班日（周末上班）", "Adjusted working days (weekends worked)"),
)


class CalendarScreen(QWidget):
    def __init__(self, ctx: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(ctx.tr("工作日历", "Working calendar")))
        self.warning = QLabel("")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c81e1e; font-weight: bold;")
        layout.addWidget(self.warning)
        info = QLabel(ctx.tr(
            "工单的 5 个工作日（F7）和投诉的 3 个工作日复核（Q2）按此日历计算。日期写成 2027-01-01，多个用逗号或空格分开。",
            "Work orders' 5 working days (F7) and complaints' 3-working-day verification (Q2) count on this "
            "calendar. Write dates as 2027-01-01, several separated by commas or spaces."))
        info.setWordWrap(True)
        layout.addWidget(info)
        form = QFormLayout()
        self.edits: dict[str, QPlainTextEdit] = {}
        for key, zh, en in FIELDS:
            edit = QPlainTextEdit()
            edit.setFixedHeight(60)
            self.edits[key] = edit
            form.addRow(ctx.tr(zh, en), edit)
        layout.addLayout(form)
        row = QHBoxLayout()
        save = QPushButton(ctx.tr("保存", "Save"))
        save.clicked.connect(self.save)
        row.addWidget(save)
        row.addStretch(1)
        layout.addLayout(row)
        self.next_days = QLabel("")
        self.next_days.setWordWrap(True)
        layout.addWidget(self.next_days)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        today = self.today or date.today()
        status = calendar_status(self.ctx.db, today)
        self.warning.setText(status.warning(self.ctx.lang))
        self.warning.setVisible(bool(status.unknown_years))
        for key, value in (("shop_closed_days", status.shop_closed_days), ("public_holidays", status.public_holidays),
                           ("adjusted_working_days", status.adjusted_working_days)):
            self.edits[key].setPlainText(value)
        days = working_days_between(self.ctx.db, today, today + timedelta(days=20))
        self.next_days.setText(self.ctx.tr("接下来的工作日：", "Next working days: ")
                               + "  ".join(d.strftime("%m-%d") for d in days[:12]))

    def save(self) -> None:
        ctx = self.ctx
        values = {key: edit.toPlainText() for key, edit in self.edits.items()}
        ctx.ops.run_service(settings.set_settings, values, on_done=lambda _r: self.refresh(), parent=self)
