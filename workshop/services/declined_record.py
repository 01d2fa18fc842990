"""R3: what a decline leaves on the vehicle. Called inside the transaction that declines an added item (F6), before
its lines leave the work order, so the value and the lines it was priced with are kept for the next visit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select

from workshop.db.models import AddedItem, DeclinedWork, LaborLine, LaborOperation, Part, PartLine, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.declined_work import DeclinedSource, DeclinedState
from workshop.domain.roles import Actor


def lines_json(uow: UnitOfWork, labor: Sequence[LaborLine], parts: Sequence[PartLine]) -> str:
    op_ids = [ln.operation_id for ln in labor if ln.operation_id]
    codes = dict(uow.session.execute(select(LaborOperation.id, LaborOperation.code)
                                     .where(LaborOperation.id.in_(op_ids))).all()) if op_ids else {}
    part_ids = [p.part_id for p in parts]
    part_nos = dict(uow.session.execute(select(Part.id, Part.part_no).where(Part.id.in_(part_ids)))
                    .all()) if part_ids else {}
    doc = {"labor": [{"code": codes[ln.operation_id], "hours": str(ln.hours)}
                     for ln in labor if ln.operation_id in codes],
           "parts": [{"part_no": part_nos[p.part_id], "qty": str(p.quantity)} for p in parts if p.part_id in part_nos]}
    return json.dumps(doc, ensure_ascii=False)


def record_declined_item(uow: UnitOfWork, actor: Actor, item: AddedItem, wo: WorkOrder, labor: Sequence[LaborLine],
                         parts: Sequence[PartLine], amount: Decimal | None) -> DeclinedWork:
    row = DeclinedWork(vehicle_id=wo.vehicle_id, customer_id=wo.customer_id, source=DeclinedSource.DECLINED_ITEM.value,
                       state=DeclinedState.OPEN.value, description=item.description, amount=amount,
                       lines=lines_json(uow, labor, parts), work_order_id=wo.id, added_item_id=item.id,
                       noted_by=actor.user_id, noted_at=uow.now, close_reason="")
    uow.session.add(row)
    return row
