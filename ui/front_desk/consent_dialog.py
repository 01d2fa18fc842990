"""F6: the advisor confirms an added item with the customer: how (in person, by phone) and when."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common, note_dialog
from ui.front_desk.open_work_order_dialog import set_shop_datetime, shop_datetime
from workshop.domain.clock import utcnow
from workshop.services import front_desk
from workshop.services.work_order_dto import AddedItemInfo


class ConsentDialog(QDialog):
    def __init__(self, ctx: AppContext, added_item_id: int, description: str, amount: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.added_item_id = added_item_id
        self.saved: AddedItemInfo | None = None
        self.setWindowTitle(ctx.tr("客户确认增项", "Customer consent to an added item"))
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        text = QLabel(f"{description}（{amount}）")
        text.setWordWrap(True)
        form.addRow(ctx.tr("增项", "Added item"), text)
        box = QVBoxLayout()
        self.in_person = QRadioButton(ctx.tr("当面同意", "Agreed in person"))
        self.by_phone = QRadioButton(ctx.tr("电话同意", "Agreed by phone"))
        self.by_phone.setChecked(True)
        box.addWidget(self.in_person)
        box.addWidget(self.by_phone)
        form.addRow(ctx.tr("同意方式", "How"), box)
        self.at = QDateTimeEdit()
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        set_shop_datetime(self.at, utcnow())
        form.addRow(ctx.tr("同意时间", "When"), self.at)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ctx.tr("记录客户同意", "Record consent"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx, item = self.ctx, self.added_item_id
        method = "in_person" if self.in_person.isChecked() else "phone"
        at = shop_datetime(self.at)
        now = utcnow()
        if at > now:  # typed to the minute: "now" may be a few seconds ahead of the clock
            at = now
        ctx.ops.run(lambda: front_desk.confirm_added_item(ctx.db.uow(), ctx.actor, item, consent_method=method,
                                                          consent_at=at),
                    self._saved, changed="work_orders", parent=self)

    def _saved(self, info: AddedItemInfo) -> None:
        self.saved = info
        self.accept()


def decline(ctx: AppContext, parent: QWidget, added_item_id: int,
            on_done: Callable[[AddedItemInfo], None] | None = None) -> None:
    """The customer said no: ask for the reason, then decline the item (its lines leave the work order)."""
    reason = note_dialog.ask_note(parent, ctx, ctx.tr("客户不同意增项", "Customer declines"), ctx.tr("原因", "Reason"),
                      required=False)
    if reason is None:
        return
    ctx.ops.run(lambda: front_desk.decline_added_item(ctx.db.uow(), ctx.actor, added_item_id, reason=reason),
                on_done, changed="work_orders", parent=parent)
