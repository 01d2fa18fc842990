"""The tool crib's scan desk (T2) on the one scan path: scan the technician's badge, then the tool -> lent; scan a
tool alone -> returned. Every result, accepted or refused, is the counter's large banner with its sound and a
line in the shift's scan log, and is followed by a fresh start: the borrower and the work order are cleared, so
the next tool scanned alone is a return, never a lend to the last borrower."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.tools.common import error_text
from ui.widgets.scan_banner import ScanBanner, ScanLog, show_result
from ui.widgets.scanner import ScanCatcher, scan_field
from workshop.domain.clock import fmt_shop
from workshop.queries import tools as tq
from workshop.services import tools, users
from workshop.services.dto import UserInfo


class ToolScanDesk(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        tr = ctx.tr
        super().__init__(tr("借还工具（先扫工牌，再扫工具 → 借出；只扫工具 → 归还）",
                            "Lend and return (badge, then tool -> lent; tool alone -> returned)"), parent)
        self.ctx = ctx
        self.borrower: UserInfo | None = None
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        self.scan = scan_field(QLineEdit())
        self.scan.setPlaceholderText(tr("扫描或输入：技工工牌 / 工具编号", "Scan or type: badge / tool code"))
        self.scan.setMinimumWidth(260)
        self.scan.returnPressed.connect(self._typed)
        self.work_order = scan_field(QLineEdit())
        self.work_order.setPlaceholderText(tr("工单号（可选）", "Work order (optional)"))
        self.work_order.setMaximumWidth(220)
        self.borrower_label = QLabel(tr("借用人：—", "Borrower: —"))
        self.borrower_label.setMinimumWidth(260)
        font = self.borrower_label.font()
        font.setBold(True)
        self.borrower_label.setFont(font)
        clear = QPushButton(tr("取消", "Clear"))
        clear.clicked.connect(self.fresh_start)
        for w in (self.scan, self.work_order, self.borrower_label, clear):
            row.addWidget(w)
        row.addStretch(1)
        outer.addLayout(row)
        below = QHBoxLayout()
        self.banner = ScanBanner(tr("请扫描技工工牌（借出）或工具（归还）。", "Scan a badge (to lend) or a tool (to return)."))
        below.addWidget(self.banner, 3)
        self.log = ScanLog()
        self.log.setMaximumHeight(90)
        below.addWidget(self.log, 2)
        outer.addLayout(below)
        self.scanner = ScanCatcher(self)
        self.scanner.scanned.connect(self.on_scan)

    # --- results --------------------------------------------------------------------------------------
    def say(self, text: str, ok: bool) -> None:
        """A result of another action of the screen (export, register...): the banner, no scan log line."""
        (self.banner.accepted if ok else self.banner.refused)(text)

    def _result(self, text: str, ok: bool) -> None:
        """A scan's result: banner, sound, log, and a fresh start for the next technician."""
        show_result(self.banner, self.log, text, ok)
        self.fresh_start()

    def _refused(self, exc: BaseException) -> None:
        self._result(error_text(self.ctx, exc), False)

    def fresh_start(self) -> None:
        self.borrower = None
        self.borrower_label.setText(self.ctx.tr("借用人：—", "Borrower: —"))
        self.borrower_label.setStyleSheet("")
        self.work_order.clear()
        self.scan.setFocus()

    # --- scans ----------------------------------------------------------------------------------------
    def _typed(self) -> None:
        text = self.scan.text().strip()
        self.scan.clear()
        if text:
            self.on_scan(text)

    def on_scan(self, text: str) -> None:
        text = text.strip()
        tr = self.ctx.tr
        person = users.user_by_badge(self.ctx.db, text)
        if person is not None:
            if not person.is_active:
                self._result(tr(f"{person.display_name} 的账户已停用，不能借工具。",
                                f"{person.display_name}'s account is disabled; no tools."), False)
                return
            self.borrower = person
            self.borrower_label.setText(tr(f"借用人：{person.display_name}（{person.badge_code}）",
                                           f"Borrower: {person.display_name} ({person.badge_code})"))
            self.borrower_label.setStyleSheet("color:#1565c0;")
            show_result(self.banner, self.log, tr(f"借用人 {person.display_name}：请扫描要借的工具。",
                                                  f"Borrower {person.display_name}: now scan the tool."), True)
            return
        if self.borrower is not None:
            self.lend(self.borrower.badge_code, text, self.work_order.text().strip() or None)
            return
        tool = tq.tool_by_code(self.ctx.db, text)
        if tool is None:
            self._result(tr(f"不认识的工牌或工具编号：{text}", f"Unknown badge or tool code: {text}"), False)
        elif tool.state == "out":
            self.return_tool(tool.code)
        else:
            self._result(tr(f"工具 {tool.code} 在库：要借出请先扫描技工工牌。",
                            f"Tool {tool.code} is in the crib: scan the technician's badge first."), False)

    def lend(self, badge: str, code: str, work_order_no: str | None) -> None:
        ctx = self.ctx

        def done(loan: tools.LoanInfo) -> None:
            self._result(ctx.tr(f"已借出：{loan.tool_code} {loan.tool_name} → {loan.borrower_name}，"
                                f"请于 {fmt_shop(loan.due_at)} 前归还。",
                                f"Lent: {loan.tool_code} to {loan.borrower_name}, due {fmt_shop(loan.due_at)}."), True)

        self._run(tools.lend_tool, badge, code, work_order_no=work_order_no, done=done)

    def return_tool(self, code: str) -> None:
        ctx = self.ctx

        def done(loan: tools.LoanInfo) -> None:
            late = loan.returned_at is not None and loan.returned_at > loan.due_at
            self._result(ctx.tr(f"已归还：{loan.tool_code} {loan.tool_name}（{loan.borrower_name}）"
                                + ("，超时归还" if late else ""),
                                f"Returned: {loan.tool_code} ({loan.borrower_name})" + (", late" if late else "")),
                         True)

        self._run(tools.return_tool, code, done=done)

    def _run(self, service: Callable[..., tools.LoanInfo], /, *args: Any, done: Callable[[tools.LoanInfo], None],
             **kwargs: Any) -> None:
        self.ctx.ops.run_service(service, *args, on_done=done, on_error=self._refused, **kwargs)
