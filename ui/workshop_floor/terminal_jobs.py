"""The floor terminal's pieces: the work order's jobs as large buttons to pick one, and the line of an open clock."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QPushButton, QWidget

from ui.context import AppContext
from workshop.domain.clock import fmt_shop
from workshop.domain.job_clock import ClockStatus, PauseReason
from workshop.domain.labels import label_of
from workshop.queries.floor_clock import OpenClock, TerminalJob, TerminalOrder

W = TypeVar("W", bound=QWidget)
COLUMNS = 3


def big(widget: W, extra_pt: int) -> W:
    """Readable from a step away, pressable with a gloved finger."""
    font = widget.font()
    font.setPointSize(font.pointSize() + extra_pt)
    widget.setFont(font)
    return widget


def clock_line(ctx: AppContext, c: OpenClock) -> str:
    lang = ctx.lang
    since = fmt_shop(c.started_at)[-5:]
    if c.status == "paused" and c.pause_reason:
        return ctx.tr(f"【暂停】{c.work_order_no}「{c.description}」暂停（{label_of(PauseReason, c.pause_reason)}），"
                      f"自 {fmt_shop(c.paused_since)[-5:]}",
                      f"[paused] {c.work_order_no} '{c.description}' paused ({label_of(PauseReason, c.pause_reason, 'en')}) "
                      f"since {fmt_shop(c.paused_since)[-5:]}")
    return ctx.tr(f"【计时】{c.work_order_no}「{c.description}」{label_of(ClockStatus, c.status)}，{since} 上工",
                  f"[on] {c.work_order_no} '{c.description}' {label_of(ClockStatus, c.status, lang)} since {since}")


def job_text(ctx: AppContext, job: TerminalJob) -> str:
    hours = f"{job.hours.normalize():f} h"
    who = job.technicians or ctx.tr("未派工", "not dispatched")
    if job.finished:
        state = ctx.tr("已完工", "finished")
    elif job.my_status:
        state = label_of(ClockStatus, job.my_status, ctx.lang)
    else:
        state = ""
    return f"{job.description}  {hours}\n{who}" + (f" · {state}" if state else "")


class JobButtons(QWidget):
    """One checkable button per labor line of the scanned work order; `picked(line_id)`."""

    picked = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid = QGridLayout(self)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.picked.emit)
        self.jobs: dict[int, TerminalJob] = {}

    def show_order(self, order: TerminalOrder | None) -> None:
        chosen = self.group.checkedId()
        for b in self.group.buttons():
            self.group.removeButton(b)
            b.deleteLater()
        self.jobs = {j.id: j for j in order.jobs} if order else {}
        for i, job in enumerate(order.jobs if order else ()):
            b = big(QPushButton(job_text(self.ctx, job)), 4)
            b.setObjectName(f"job_{job.id}")
            b.setCheckable(True)
            b.setMinimumHeight(72)
            colour = "#dcfce7" if job.my_status else "#e0ecff" if job.mine else "#f1f5f9"
            b.setStyleSheet(f"QPushButton{{background:{colour};border:2px solid #94a3b8;border-radius:8px;}}"
                            "QPushButton:checked{border:4px solid #1e6fd0;}"
                            "QPushButton:disabled{color:#94a3b8;}")
            b.setEnabled(not job.finished)
            self.group.addButton(b, job.id)
            self.grid.addWidget(b, i // COLUMNS, i % COLUMNS)
        if order is not None:
            keep = chosen if chosen in self.jobs and not self.jobs[chosen].finished else None
            if keep is None:
                open_jobs = [j for j in order.jobs if not j.finished]
                mine = [j for j in open_jobs if j.my_status] or [j for j in open_jobs if j.mine]
                pick = mine or open_jobs
                keep = pick[0].id if pick else None
            if keep is not None:
                self.select(keep)

    def select(self, line_id: int) -> None:
        b = self.group.button(line_id)
        if b is not None:
            b.setChecked(True)

    def current(self) -> TerminalJob | None:
        return self.jobs.get(self.group.checkedId())
