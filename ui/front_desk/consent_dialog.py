"""F6: the advisor confirms a priced added item with the customer: its labor and parts lines with their amounts
and the total come first; then how (in person, by phone) and when. The amount agreed is recorded."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

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
from workshop.queries.added_items import added_item_lines
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
        text = QLabel(description)
        text.setWordWrap(True)
        form.addRow(ctx.tr("增项", "Added item"), text)
        self.lines = added_item_lines(ctx.db, added_item_id)
        self.total = sum((ln.amount for ln in self.lines), Decimal("0.00"))
        rows = [ctx.tr(f"{'工时' if ln.kind == 'labor' else '配件'}　{ln.text}　{common.qty(ln.quantity)} × "
                       f"{common.money(ln.price)} = {common.money(ln.amount)}",
                       f"{'Labor' if ln.kind == 'labor' else 'Part'}  {ln.text}  {common.qty(ln.quantity)} × "
                       f"{common.money(ln.price)} = {common.money(ln.amount)}") for ln in self.lines]
        self.lines_label = QLabel("\n".join(rows) or ctx.tr("（没有工时和配件）", "(no labor or parts)"))
        self.lines_label.setWordWrap(True)
        form.addRow(ctx.tr("项目与价格", "Lines and prices"), self.lines_label)
        self.total_label = QLabel(ctx.tr(f"客户同意的金额：{common.money(self.total)}",
                                         f"Amount the customer agrees to: {common.money(self.total)}"))
        self.total_label.setStyleSheet("font-weight: bold;")
        form.addRow("", self.total_label)
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
        if not self.lines:  # F6: the customer consents to a price
            ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
            ok.setEnabled(False)
            self.total_label.setText(ctx.tr("这个增项还没有工时和配件报价，请车间补上项目后再征得客户同意。",
                                            "No labor or parts on this item yet: it needs a price before consent."))
            self.total_label.setStyleSheet("color: #c81e1e; font-weight: bold;")
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
        agreed = self.total
        ctx.ops.run_service(front_desk.confirm_added_item, item, consent_method=method, consent_at=at,
                            agreed_amount=agreed, on_done=self._saved, parent=self)

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
    ctx.ops.run_service(front_desk.decline_added_item, added_item_id, reason=reason, on_done=on_done,
                        parent=parent)
