"""F6: an item the workshop added, confirmed with the customer (in person or by phone, at the agreed
amount) or declined, before it is charged, issued or done."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from workshop.db.models import (
    AddedItem,
    LaborLine,
    PartLine,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.added_items import DECLINABLE, AddedItemState
from workshop.domain.codes import ConsentMethod
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text
from workshop.services.approval_requests import check_lines_unlocked
from workshop.services.consent import item_amounts
from workshop.services.declined_record import record_declined_item
from workshop.services.work_order_common import (
    added_item_info,
    check_lines_editable,
    net_issued,
    touch,
)
from workshop.services.work_order_dto import (
    AddedItemInfo,
)
from workshop.services.work_order_lines import _lines_changed, _undo_part_line


def _added_item(uow: UnitOfWork, added_item_id: int, *, declining: bool = False) -> tuple[AddedItem, WorkOrder]:
    """The item and its work order, locked; still proposed (or, declining, proposed or confirmed)."""
    item = uow.session.get(AddedItem, added_item_id, with_for_update=True)
    if item is None:
        raise NotFound("找不到这个增项。", "No such added item.")
    wo = uow.session.get(WorkOrder, item.work_order_id, with_for_update=True)
    assert wo is not None
    if declining and item.state not in DECLINABLE:
        raise RuleViolation("这个增项已经取消了。", "This added item is already declined.")
    if not declining and item.state != AddedItemState.PROPOSED:
        raise RuleViolation("这个增项已经处理过了。", "This added item has already been decided.")
    return item, wo


def confirm_added_item(uow: UnitOfWork, actor: Actor, added_item_id: int, *, consent_method: str,
                       consent_at: datetime | None = None, agreed_amount: object = None) -> AddedItemInfo:
    """F6: the advisor confirmed the priced added item with the customer (in person or by phone, at a time);
    the amount agreed is recorded. agreed_amount is what the customer was told: refused if the price changed."""
    with uow:
        uow.authorize(actor, Perm.ADDED_ITEM_CONFIRM)
        if not isinstance(consent_method, str) or consent_method not in set(ConsentMethod):
            raise InvalidInput("请选择客户同意的方式：当面或电话。", "Choose how the customer agreed: in person or by phone.")
        now = uow.now
        at = consent_at or now
        if not isinstance(at, datetime) or at.tzinfo is None or at > now + timedelta(minutes=5):
            raise InvalidInput("客户同意的时间不能晚于现在。", "The time of consent cannot be in the future.")
        item, wo = _added_item(uow, added_item_id)
        if at < item.proposed_at - timedelta(minutes=5):
            raise InvalidInput("客户同意的时间不能早于增项提出的时间。", "Consent cannot come before the item was proposed.")
        check_lines_editable(wo)
        check_lines_unlocked(uow.session, wo)
        amounts = item_amounts(uow.session, wo.id)
        if item.id not in amounts:
            raise RuleViolation(f"增项「{item.description}」还没有工时和配件报价：请车间补上项目，按价格征得客户同意。",
                                "The added item has no labor or parts yet: the customer consents to a priced item.")
        amount = amounts[item.id]
        if agreed_amount is not None and parse_amount(agreed_amount, "同意金额", "Amount agreed") != amount:
            raise RuleViolation(f"增项「{item.description}」的金额已变为 {amount} 元，请按新价格重新征得客户同意。",
                                f"The added item now comes to {amount} yuan; ask the customer again at this price.")
        item.state, item.decided_by, item.consent_method, item.consent_at = (AddedItemState.CONFIRMED.value, actor.user_id,
                                                                             consent_method, at)
        item.consent_amount = amount
        _lines_changed(uow, actor, wo)
        uow.audit(actor, "added_item.confirm", "work_order", wo.id, number=wo.number, added_item_id=item.id,
                  consent_method=consent_method, consent_at=at, amount=str(amount))
        info = added_item_info(item, wo.number)
        uow.commit()
    return info


def decline_added_item(uow: UnitOfWork, actor: Actor, added_item_id: int, *, reason: str = "") -> AddedItemInfo:
    """The customer said no — before consenting, or withdrawing the consent before anything of it was done
    or fitted: the item is declined and its lines leave the work order (a part line whose parts were issued and
    all returned stays at 0 for the ledger, F6/P4)."""
    with uow:
        uow.authorize(actor, Perm.ADDED_ITEM_CONFIRM)
        why = clean_text(reason, "原因", "Reason", required=False)
        item, wo = _added_item(uow, added_item_id, declining=True)
        labor = list(uow.session.scalars(select(LaborLine).where(LaborLine.added_item_id == item.id)))
        parts = list(uow.session.scalars(select(PartLine).where(PartLine.added_item_id == item.id)))
        if any(net_issued(p) > 0 or p.fitted for p in parts):
            raise RuleViolation("此增项的配件已发料未退，请先把配件退回仓库。",
                                "Parts of this item are issued and not returned; return them first.")
        if any(ln.done for ln in labor):
            raise RuleViolation("此增项的工时项目已完工，不能取消。", "Work of this item is done; it cannot be declined.")
        if item.state == AddedItemState.CONFIRMED:
            check_lines_editable(wo)
        record_declined_item(uow, actor, item, wo, labor, parts, item_amounts(uow.session, wo.id).get(item.id))  # R3
        for ln in labor:
            uow.session.delete(ln)
        for p in parts:
            _undo_part_line(uow, p)
        item.state, item.decided_by, item.consent_at = AddedItemState.DECLINED.value, actor.user_id, uow.now
        touch(uow, actor, wo)
        uow.audit(actor, "added_item.decline", "work_order", wo.id, number=wo.number, added_item_id=item.id,
                  reason=why, labor=[ln.description for ln in labor], parts=[p.part_id for p in parts])
        info = added_item_info(item, wo.number)
        uow.commit()
    return info
