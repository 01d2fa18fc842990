"""F6: the customer consents to a priced added item. The amount agreed is recorded with the consent; when the
item's lines later come to another amount, the consent no longer holds and the item waits for a new one."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import AddedItem, LaborLine, PartLine, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.added_items import AddedItemState
from workshop.domain.money import ZERO, money
from workshop.domain.roles import Actor


def item_amounts(session: Session, work_order_id: int) -> dict[int, Decimal]:
    """Each added item's labor and parts at the lines' prices."""
    out: dict[int, Decimal] = {}
    for item_id, hours, rate in session.execute(
        select(LaborLine.added_item_id, LaborLine.hours, LaborLine.rate)
        .where(LaborLine.work_order_id == work_order_id, LaborLine.added_item_id.is_not(None))
    ):
        if item_id is not None:
            out[item_id] = out.get(item_id, ZERO) + money(Decimal(hours) * Decimal(rate))
    for item_id, qty, price in session.execute(
        select(PartLine.added_item_id, PartLine.quantity, PartLine.unit_price)
        .where(PartLine.work_order_id == work_order_id, PartLine.added_item_id.is_not(None))
    ):
        if item_id is not None:
            out[item_id] = out.get(item_id, ZERO) + money(Decimal(qty) * Decimal(price))
    return out


def recheck_consents(uow: UnitOfWork, actor: Actor, wo: WorkOrder) -> None:
    """After a change to the lines, in the same transaction: a confirmed item whose amount changed waits for a
    new consent (it no longer counts, its parts cannot be issued, the work order cannot settle)."""
    uow.session.flush()
    amounts = item_amounts(uow.session, wo.id)
    for item in uow.session.scalars(
        select(AddedItem).where(AddedItem.work_order_id == wo.id, AddedItem.state == AddedItemState.CONFIRMED,
                                AddedItem.consent_amount.is_not(None))
    ):
        now_amount = amounts.get(item.id, ZERO)
        if item.consent_amount is not None and now_amount != item.consent_amount:
            uow.audit(actor, "added_item.consent_void", "work_order", wo.id, number=wo.number, added_item_id=item.id,
                      agreed=str(item.consent_amount), now=str(now_amount))
            item.state, item.decided_by, item.consent_method, item.consent_at, item.consent_amount = (
                AddedItemState.PROPOSED.value, None, None, None, None)
