"""The dialogs a desk opens, for the keyboard and the 1366×768 tests: those built on an empty shop (the people
only), and those opened on a record."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ui.context import AppContext
from workshop.domain.roles import Actor, Role


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


def record_dialogs(ctx: AppContext, people: dict[Role, Actor]) -> list[QDialog]:
    """The dialogs opened on a record (a work order, its car, its customer, a day): one order opened first."""
    from datetime import date

    from tests.helpers.front_desk_data import add_shop, make_vin, open_order
    from ui.appointments.booking_dialog import BookingDialog
    from ui.appointments.due_dates_dialog import DueDatesDialog
    from ui.approvals.discount_dialog import DiscountDialog
    from ui.claims.new_claim_dialog import NewClaimDialog
    from ui.front_desk.edit_work_order_dialog import EditWorkOrderDialog
    from ui.front_desk.labor_line_dialog import LaborLineDialog
    from ui.front_desk.part_line_dialog import PartLineDialog
    from ui.front_desk.vehicle_dialog import VehicleDialog
    from ui.front_desk.walkaround_dialog import WalkaroundDialog
    from ui.quality.suggestion_dialog import SuggestionDialog
    from ui.workshop_floor.dispatch_dialog import DispatchDialog

    shop = add_shop(ctx.db, people, plate="粤B·D1A10", vin=make_vin("LSVAU2180N2654321"))
    wo = open_order(ctx.db, people, shop)
    return [LaborLineDialog(ctx, wo.number, wo.version), PartLineDialog(ctx, wo.number, wo.version),
            EditWorkOrderDialog(ctx, wo), WalkaroundDialog(ctx, wo.number, wo.mileage_in),
            DiscountDialog(ctx, wo.id), NewClaimDialog(ctx, wo.number), SuggestionDialog(ctx, wo.number),
            DispatchDialog(ctx, wo.number), VehicleDialog(ctx, shop.customer.id),
            DueDatesDialog(ctx, shop.vehicle.id, shop.vehicle.plate or ""),
            BookingDialog(ctx, date(2027, 3, 1))]
