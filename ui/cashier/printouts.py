"""What the cashier saves as PDF: a receipt (M2) and the gate pass (M4), written off the GUI thread with the
outcome said on the screen's message line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from ui.context import AppContext
from ui.tools.common import error_text, say


def save_receipt(ctx: AppContext, message: QLabel, receipt_no: str, path: str) -> None:
    from workshop.printing.receipt import receipt_pdf

    ctx.ops.run(lambda: receipt_pdf(ctx.db, receipt_no, Path(path)),
                on_done=lambda p: say(message, ctx.tr(f"收据已保存：{p}", f"Receipt saved: {p}"), True),
                on_error=lambda exc: say(message, error_text(ctx, exc), False))


def save_gate_pass(ctx: AppContext, message: QLabel, number: str, path: str) -> None:
    """M4: the pass is issued (or the same one again) and printed."""
    from workshop.printing.gate_pass import gate_pass_pdf
    from workshop.services import cashier_gate

    def refused(exc: BaseException) -> None:
        say(message, error_text(ctx, exc), False)

    def print_it(code: str) -> None:  # the pass is issued (one transaction); then its PDF is written
        ctx.ops.run(lambda: gate_pass_pdf(ctx.db, code, Path(path)),
                    on_done=lambda _r: say(message, ctx.tr(f"放行条 {code} 已保存：{path}",
                                                           f"Gate pass {code} saved: {path}"), True),
                    on_error=refused)

    ctx.ops.run_service(cashier_gate.issue_gate_pass, number, on_done=lambda info: print_it(info.code),
                        on_error=refused)
