"""What the buttons of the work order window do. Every change is one service call through ctx.ops (a worker
thread; a refusal is shown to the user in their language); the window refreshes on the ChangeSet the runner broadcasts (ctx.ops.watch)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from ui.front_desk import common, note_dialog
from ui.front_desk.common import selected_payload
from ui.widgets import save_pdf
from workshop.domain.kind_policy import policy_of
from workshop.domain.work_order import BEFORE_SETTLEMENT, PAYABLE_STATES, State
from workshop.services import front_desk
from workshop.services.work_order_common import LINES_EDITABLE
from workshop.services.work_order_dto import LaborLineInfo, PartLineInfo

if TYPE_CHECKING:
    from ui.front_desk.work_order_view import WorkOrderWindow



def enable_buttons(w: WorkOrderWindow) -> None:
    d = w.detail
    if d is None:
        return
    state = d.info.state
    pending = d.pending_added_items > 0
    enabled = {
        "edit": state in BEFORE_SETTLEMENT,
        "add_labor": state in LINES_EDITABLE, "add_part": state in LINES_EDITABLE,
        "remove_line": state in LINES_EDITABLE, "start": state == State.DRAFT,
        "confirm": pending, "decline": pending, "discount": state in BEFORE_SETTLEMENT,
        "settle": state == State.INSPECTED, "deliver": state == State.SETTLED,
        "cancel": state in LINES_EDITABLE,
        "print_settlement": state in PAYABLE_STATES,
        "quote": "quote" in policy_of(d.info.kind).documents,
        "walkaround": state in BEFORE_SETTLEMENT,
    }
    lock = w.approvals.lock  # A4: a pending request locks the priced lines, and says why
    for key in ("add_labor", "add_part", "remove_line", "confirm", "discount") if lock else ():
        enabled[key] = False
    for key, button in w.buttons.items():
        button.setEnabled(enabled.get(key, True))
        if key in ("add_labor", "add_part", "remove_line", "confirm", "discount"):
            button.setToolTip(w.ctx.tr(*lock) if lock else "")


def run(w: WorkOrderWindow, key: str) -> None:
    if w.detail is None:
        return
    handler: Callable[[WorkOrderWindow], None] = ACTIONS[key]
    handler(w)


def _version(w: WorkOrderWindow) -> int:
    assert w.detail is not None
    return w.detail.info.version


def edit(w: WorkOrderWindow) -> None:
    from ui.front_desk.edit_work_order_dialog import EditWorkOrderDialog

    assert w.detail is not None
    EditWorkOrderDialog(w.ctx, w.detail.info, parent=w).exec()


def add_labor(w: WorkOrderWindow) -> None:
    from ui.front_desk.labor_line_dialog import LaborLineDialog

    LaborLineDialog(w.ctx, w.number, _version(w), parent=w).exec()


def add_part(w: WorkOrderWindow) -> None:
    from ui.front_desk.part_line_dialog import PartLineDialog

    PartLineDialog(w.ctx, w.number, _version(w), parent=w).exec()


def remove_line(w: WorkOrderWindow) -> None:
    ctx, number, version = w.ctx, w.number, _version(w)
    labor: LaborLineInfo | None = selected_payload(w.labor_view, w.labor) if w.tabs.currentIndex() == 0 else None
    part: PartLineInfo | None = selected_payload(w.parts_view, w.parts) if w.tabs.currentIndex() == 1 else None
    if labor is None and part is None:
        common.inform(w, ctx, ctx.tr("请先在工时或配件页选中要删除的项目。", "Select a labor or part line first."))
        return
    name = labor.description if labor else part.name if part else ""
    if not common.confirm(w, ctx, ctx.tr(f"删除项目「{name}」？", f"Remove the line '{name}'?")):
        return
    if labor is not None:
        line_id = labor.id
        ctx.ops.run_service(front_desk.remove_labor_line, number, line_id, expected_version=version, parent=w)
    elif part is not None:
        pid = part.id
        ctx.ops.run_service(front_desk.remove_part_line, number, pid, expected_version=version, parent=w)


def start(w: WorkOrderWindow) -> None:
    ctx, number, version = w.ctx, w.number, _version(w)
    ctx.ops.run_service(front_desk.start_work_order, number, expected_version=version, parent=w)


def _chosen_added_item(w: WorkOrderWindow) -> Any:
    assert w.detail is not None
    item = selected_payload(w.added_view, w.added)
    if item is None or item.state != "proposed":
        item = next((a for a in w.detail.added_items if a.state == "proposed"), None)
    return item


def confirm_added(w: WorkOrderWindow) -> None:
    from ui.front_desk.consent_dialog import ConsentDialog

    item = _chosen_added_item(w)
    if item is not None:
        ConsentDialog(w.ctx, item.id, item.description, common.money(item.amount), parent=w).exec()


def decline_added(w: WorkOrderWindow) -> None:
    from ui.front_desk.consent_dialog import decline

    item = _chosen_added_item(w)
    if item is not None:
        decline(w.ctx, w, item.id)


def discount(w: WorkOrderWindow) -> None:
    """Engineer H5's approvals dialog (A1-A3); said plainly when it is not installed."""
    assert w.detail is not None
    try:
        module = importlib.import_module("ui.approvals.discount_dialog")
    except ImportError:
        common.inform(w, w.ctx, w.ctx.tr("优惠审批功能尚未提供。", "Discounts are not available yet."))
        return
    module.DiscountDialog(w.ctx, w.detail.info.id).exec()
    w.refresh()


def _tools_still_out(w: WorkOrderWindow) -> list[str]:
    try:
        tools = importlib.import_module("workshop.queries.tools")
    except ImportError:
        return []
    return [f"{r.tool_code} {r.tool_name}（{r.borrower_name}）"
            for r in tools.open_loans_for_work_order(w.ctx.db, w.number)]


def settle(w: WorkOrderWindow) -> None:
    assert w.detail is not None
    ctx, number, version, t = w.ctx, w.number, _version(w), w.detail.totals
    out = _tools_still_out(w)
    if out and not common.confirm(w, ctx, ctx.tr(
            "以下专用工具仍借出未还：\n" + "\n".join(out) + "\n\n请提醒技工归还。仍要结算吗？",
            "These special tools are still out:\n" + "\n".join(out) + "\n\nRemind the technician. Settle anyway?")):
        return
    pct = "—" if t.margin_pct is None else f"{t.margin_pct}%"
    summary = ctx.tr(
        f"工时费 {common.money(t.labor_total)}，配件费 {common.money(t.parts_total)}，优惠 {common.money(t.discount)}，"
        f"合计 {common.money(t.total)}，毛利率 {pct}。\n确认结算？",
        f"Labor {common.money(t.labor_total)}, parts {common.money(t.parts_total)}, discount "
        f"{common.money(t.discount)}, total {common.money(t.total)}, gross margin {pct}.\nSettle?")
    if not common.confirm(w, ctx, summary):
        return
    ctx.ops.run_service(front_desk.settle_work_order, number, expected_version=version, parent=w)


def deliver(w: WorkOrderWindow) -> None:
    ctx, number, version = w.ctx, w.number, _version(w)
    if not common.confirm(w, ctx, ctx.tr(f"工单 {number} 交车？", f"Deliver work order {number}?")):
        return
    ctx.ops.run_service(front_desk.deliver_work_order, number, expected_version=version, parent=w)


def cancel(w: WorkOrderWindow) -> None:
    ctx, number, version = w.ctx, w.number, _version(w)
    reason = note_dialog.ask_note(w, ctx, ctx.tr("取消工单", "Cancel the work order"),
                                  ctx.tr("取消原因", "Reason for cancelling"))
    if reason is None:
        return
    ctx.ops.run_service(front_desk.cancel_work_order, number, reason=reason, expected_version=version,
                        parent=w)


def open_file(path: Path) -> None:
    """Show the PDF in the system viewer (tests replace this function)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def print_document(w: WorkOrderWindow, which: str) -> None:
    """F9: the work order, quote or settlement as a Chinese A4 PDF with the number as a barcode: saved where
    the user says (proposing e.g. 结算单-<number>.pdf), then shown with a "saved to" message."""
    ctx, number = w.ctx, w.number
    documents = importlib.import_module("workshop.printing.documents")
    render = getattr(documents, f"{which}_pdf")  # work_order_pdf / quote_pdf / settlement_pdf (db, number, out)
    names = {"work_order": ctx.tr("任务委托书", "work-order"), "quote": ctx.tr("报价单", "quote"),
             "settlement": ctx.tr("结算单", "settlement")}
    path = save_pdf.ask_save_path(w, ctx, ctx.tr(f"保存{names[which]}", f"Save the {names[which]}"),
                                  f"{names[which]}-{number}.pdf")
    if path is None:
        return

    def done(_result: object) -> None:
        save_pdf.show_written(w, ctx, path, names[which])
        open_file(path)

    ctx.ops.run(lambda: render(ctx.db, number, path), done, parent=w)


def open_quote(w: WorkOrderWindow) -> None:
    """P3: the accident quote — written, signed and printed in its own dialog (ui/front_desk/quote_dialog.py)."""
    from ui.front_desk.quote_dialog import QuoteDialog

    QuoteDialog(w.ctx, w.number, parent=w).exec()


def open_walkaround(w: WorkOrderWindow) -> None:
    """R4: the walk-around at reception, in its own dialog (ui/front_desk/walkaround_dialog.py)."""
    if w.detail is None:
        return
    from ui.front_desk.walkaround_dialog import WalkaroundDialog

    WalkaroundDialog(w.ctx, w.number, w.detail.info.mileage_in, parent=w).exec()


def print_label(w: WorkOrderWindow) -> None:
    """The work order's label (number as barcode, plate) for the key tag that travels with the car (F9)."""
    if w.detail is None:
        return
    from ui.widgets.label_preview import LabelPreviewDialog

    LabelPreviewDialog(w.ctx, "work-orders", [w.detail.info.id], parent=w).exec()


ACTIONS: dict[str, Callable[[WorkOrderWindow], None]] = {
    "edit": edit, "add_labor": add_labor, "add_part": add_part, "remove_line": remove_line, "start": start,
    "confirm": confirm_added, "decline": decline_added, "discount": discount, "settle": settle,
    "deliver": deliver, "cancel": cancel,
    "print_work_order": lambda w: print_document(w, "work_order"),
    "print_quote": lambda w: print_document(w, "quote"),
    "print_settlement": lambda w: print_document(w, "settlement"),
    "print_label": print_label, "quote": open_quote, "walkaround": open_walkaround,
}
