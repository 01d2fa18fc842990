"""The dialogs a desk opens that can be built on an empty shop (the people only): for the keyboard and the
1366×768 tests."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ui.context import AppContext


def desk_dialogs(ctx: AppContext) -> list[QDialog]:
    from ui.admin.users import UserDialog
    from ui.cashier.day_close_dialog import DayCloseDialog
    from ui.claims.new_claim_dialog import NewClaimDialog
    from ui.front_desk.customer_dialog import CustomerDialog
    from ui.front_desk.note_dialog import NoteDialog
    from ui.lock_dialog import LockDialog
    from ui.login import FirstAdminDialog, LoginDialog
    from ui.parts_counter.purchase_order_dialog import PurchaseOrderDialog
    from ui.parts_counter.receive_dialog import ReceiveDialog
    from ui.quality.complaint_dialog import ComplaintDialog
    from ui.tools.register_dialog import RegisterToolDialog

    demo = [(f"user{i}", f"用户{i}", "advisor") for i in range(11)]
    return [LoginDialog(ctx.db, ctx.lang, demo, "demo1234"), FirstAdminDialog(ctx.db),
            LockDialog(ctx.db, ctx.actor, ctx.lang), CustomerDialog(ctx), NewClaimDialog(ctx), ComplaintDialog(ctx),
            RegisterToolDialog(ctx), ReceiveDialog(ctx), PurchaseOrderDialog(ctx), UserDialog(ctx),
            NoteDialog(ctx, "备注", "说明"), DayCloseDialog(ctx)]
