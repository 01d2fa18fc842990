"""W5 the floor terminal (车间终端): a screen of its own, big buttons for a touch screen, and the one scan path
for a scanner. Scan the badge, scan the work order's barcode, pick the job, clock on (the first clock-on of a
work order asks for the plate, F5); pause with a reason, resume, clock off, finish the job. The technician's
notices (the parts a paused job waited for were issued) show at each refresh. Left alone, it starts over."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.tools.common import error_text
from ui.widgets.scan_banner import ScanBanner
from ui.widgets.scanner import ScanCatcher, scan_field
from ui.workshop_floor.terminal_jobs import JobButtons, big, clock_line
from workshop.domain.job_clock import PauseReason
from workshop.domain.labels import pair
from workshop.domain.lang import tr
from workshop.queries.floor_clock import TechnicianStatus, TerminalOrder, technician_status, terminal_order
from workshop.services import job_clock

REFRESH_MS = 15_000
IDLE_MS = 120_000
NOTICE_STYLE = "background:#fff4c2;color:#5b4500;border-radius:6px;padding:8px;"


class FloorTerminalScreen(QWidget):
    def __init__(self, ctx: AppContext, terminal_name: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.terminal_name = terminal_name
        self.badge: str | None = None
        self.tech: TechnicianStatus | None = None
        self.order: TerminalOrder | None = None
        t = ctx.tr
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(screen_title(t("车间终端", "Floor terminal")))
        self.steps = QLabel()
        head.addSpacing(20)
        head.addWidget(self.steps, 1)
        self.scan = scan_field(QLineEdit())
        self.scan.setPlaceholderText(t("扫描工牌 / 工单条码", "Scan badge / work order"))
        self.scan.setMinimumWidth(260)
        self.scan.returnPressed.connect(self._typed)
        head.addWidget(self.scan)
        layout.addLayout(head)
        self.who = big(QLabel(), 6)
        layout.addWidget(self.who)
        self.clocks = QLabel()
        self.clocks.setWordWrap(True)
        layout.addWidget(big(self.clocks, 3))
        self.notice = big(QLabel(), 3)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.order_label = big(QLabel(), 4)
        layout.addWidget(self.order_label)
        plate_row = QHBoxLayout()
        self.plate_label = big(QLabel(t("核对车牌（第一次上工）", "Check the plate (first clock-on)")), 3)
        self.plate = big(QLineEdit(), 4)
        self.plate.setPlaceholderText(t("车上的车牌，或车架号后六位", "The car's plate, or the VIN's last six"))
        plate_row.addWidget(self.plate_label)
        plate_row.addWidget(self.plate, 1)
        layout.addLayout(plate_row)
        self.jobs = JobButtons(ctx)
        layout.addWidget(self.jobs, 1)
        actions = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        row1 = (("on", t("上工", "Clock on"), "#1e8c3a"), ("resume", t("继续", "Resume"), "#1e6fd0"),
                ("off", t("下工", "Clock off"), "#8a5a00"), ("finish", t("完工", "Finish job"), "#5b3fa6"),
                ("next", t("换人", "Next person"), "#475569"))
        for i, (key, label, colour) in enumerate(row1):
            self.buttons[key] = self._button(key, label, colour)
            actions.addWidget(self.buttons[key], 0, i)
        for i, reason in enumerate(PauseReason):
            zh, en = pair(reason)
            key = f"pause_{reason.value}"
            self.buttons[key] = self._button(key, t(f"暂停：{zh}", f"Pause: {en}"), "#b45309")
            actions.addWidget(self.buttons[key], 1, i)
        layout.addLayout(actions)
        self.banner = ScanBanner(t("请扫描工牌。", "Scan your badge."))
        layout.addWidget(self.banner)
        self.buttons["on"].clicked.connect(self.clock_on)
        self.buttons["resume"].clicked.connect(lambda: self._act(job_clock.resume_clock, clock_id=self._clock_id()))
        self.buttons["off"].clicked.connect(lambda: self._act(job_clock.clock_off, clock_id=self._clock_id()))
        self.buttons["finish"].clicked.connect(self.finish)
        self.buttons["next"].clicked.connect(self.start_over)
        for reason in PauseReason:
            self.buttons[f"pause_{reason.value}"].clicked.connect(
                lambda _=False, r=reason.value: self._act(job_clock.pause_clock, r, clock_id=self._clock_id()))
        self.jobs.picked.connect(lambda _id: self._enable())
        self.scanner = ScanCatcher(self)
        self.scanner.scanned.connect(self.on_scan)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_MS)
        self.idle.timeout.connect(self.start_over)
        self.start_over()

    def _button(self, key: str, label: str, colour: str) -> QPushButton:
        b = big(QPushButton(label), 5)
        b.setObjectName(key)
        b.setMinimumHeight(64)
        b.setStyleSheet(f"QPushButton{{background:{colour};color:white;border-radius:8px;}}"
                        "QPushButton:disabled{background:#cbd5e1;color:#64748b;}")
        return b

    # --- state ------------------------------------------------------------------------------------------
    def start_over(self) -> None:
        self.badge, self.tech, self.order = None, None, None
        self.plate.clear()
        self.banner.hint(self.ctx.tr("请扫描工牌。", "Scan your badge."))
        self.refresh()
        self.scan.setFocus()

    def refresh(self) -> None:
        ctx = self.ctx
        t = ctx.tr
        if self.badge is not None:
            self.tech = technician_status(ctx.db, self.badge)
        if self.tech is not None and self.order is not None:
            self.order = terminal_order(ctx.db, self.order.number, self.tech.user_id)
        tech, order = self.tech, self.order
        step = 3 if order else 2 if tech else 1
        marks = [t("① 扫工牌", "① Badge"), t("② 扫工单", "② Work order"), t("③ 选工作并上工", "③ Pick the job")]
        self.steps.setText("　".join(f"<b>{m}</b>" if i + 1 == step else m for i, m in enumerate(marks)))
        self.who.setText(t(f"技工：{tech.name}（{tech.team or '无班组'}）", f"Technician: {tech.name} "
                           f"({tech.team or 'no team'})") if tech else t("技工：—", "Technician: —"))
        self.clocks.setText("<br>".join(clock_line(ctx, c) for c in tech.clocks) if tech and tech.clocks
                            else t("现在没有在计时的工作。", "Not clocked on any job.") if tech else "")
        notices = tech.notices if tech else ()
        self.notice.setVisible(bool(notices))
        self.notice.setText("<br>".join(tr(ctx.lang, n.text_zh, n.text_en) for n in notices))
        if order is None:
            self.order_label.setText(t("工单：—", "Work order: —"))
        else:
            self.order_label.setText(f"{order.number}　{order.plate}　{order.model}")
        needs_plate = order is not None and order.needs_plate
        self.plate_label.setVisible(needs_plate)
        self.plate.setVisible(needs_plate)
        self.jobs.show_order(order)
        self._enable()

    def _clock_id(self) -> int | None:
        """The clock the buttons act on: the picked job's, else the technician's only open clock."""
        job = self.jobs.current()
        if job is not None and job.my_clock_id is not None:
            return job.my_clock_id
        return None

    def _enable(self) -> None:
        tech, job = self.tech, self.jobs.current()
        clocks = tech.clocks if tech else ()
        target = next((c for c in clocks if job is not None and c.id == job.my_clock_id), None)
        if target is None and len(clocks) == 1 and (job is None or job.my_clock_id is None):
            target = clocks[0]
        self.buttons["on"].setEnabled(job is not None and job.my_clock_id is None and not job.finished)
        self.buttons["finish"].setEnabled(job is not None and not job.finished and (job.mine or bool(job.my_status)))
        self.buttons["off"].setEnabled(target is not None)
        self.buttons["resume"].setEnabled(target is not None and target.status == "paused")
        for reason in PauseReason:
            self.buttons[f"pause_{reason.value}"].setEnabled(target is not None and target.status == "running")
        self.buttons["next"].setEnabled(tech is not None)

    # --- scans ------------------------------------------------------------------------------------------
    def _typed(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        if text.strip():
            self.on_scan(text)

    def on_scan(self, text: str) -> None:
        ctx = self.ctx
        code = text.strip().upper()
        self.idle.start()
        status = technician_status(ctx.db, code)
        if status is not None:
            if not status.active:
                self.banner.refused(ctx.tr(f"工牌 {code}（{status.name}）的用户已停用，不能打卡。",
                                           f"Badge {code} ({status.name}) belongs to a disabled user."))
                return
            self.badge, self.tech, self.order = code, status, None
            self.banner.accepted(ctx.tr(f"你好，{status.name}。请扫描工单条码。",
                                        f"Hello {status.name}. Scan the work order."))
            if status.notices:
                self._mark_seen_later()
            self.refresh()
            return
        if self.tech is None:
            self.banner.refused(ctx.tr(f"不认识的工牌 {code}：请先扫描工牌。", f"Unknown badge {code}: scan your badge first."))
            return
        order = terminal_order(ctx.db, code, self.tech.user_id)
        if order is None:
            self.banner.refused(ctx.tr(f"找不到工单 {code}。", f"No work order {code}."))
            return
        self.order = order
        self.banner.accepted(ctx.tr(f"工单 {order.number}：请选择工作。", f"Work order {order.number}: pick the job."))
        self.refresh()
        if order.needs_plate:
            self.plate.setFocus()

    def _mark_seen_later(self) -> None:
        """The notice stays on the screen until the next refresh after the technician saw it."""
        badge, ctx = self.badge, self.ctx
        if badge is not None:
            QTimer.singleShot(REFRESH_MS, lambda: ctx.ops.run_service(
                lambda uow, _terminal: job_clock.mark_notices_seen(uow, badge), on_error=lambda _e: None))

    # --- actions ----------------------------------------------------------------------------------------
    def _act(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> None:
        ctx, badge = self.ctx, self.badge
        if badge is None:
            self.banner.refused(ctx.tr("请先扫描工牌。", "Scan your badge first."))
            return
        self.idle.start()
        # the terminal's services take the scanned badge where the others take the logged-in user
        ctx.ops.run_service(lambda uow, _terminal: fn(uow, badge, *args, **kw), on_done=self._done,
                            on_error=self._refused, parent=self)

    def clock_on(self) -> None:
        job, order = self.jobs.current(), self.order
        if job is None or order is None:
            self.banner.refused(self.ctx.tr("请先扫描工单并选择工作。", "Scan the work order and pick the job first."))
            return
        plate = self.plate.text() if order.needs_plate else None
        self._act(job_clock.clock_on, order.number, job.id, plate=plate, terminal=self.terminal_name)

    def finish(self) -> None:
        job, order = self.jobs.current(), self.order
        if job is not None and order is not None:
            self._act(job_clock.finish_job, order.number, job.id)

    def _done(self, info: object) -> None:
        text = getattr(info, "message_en" if self.ctx.lang == "en" else "message_zh", None)
        self.banner.accepted(text or self.ctx.tr("已完工。", "Job finished."))
        self.refresh()

    def _refused(self, exc: BaseException) -> None:
        self.banner.refused(error_text(self.ctx, exc))
        self.refresh()
