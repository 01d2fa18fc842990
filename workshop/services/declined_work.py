"""R3: declined work on the vehicle — the QC inspector notes a suggestion, the advisor takes an open item into the
new work order in one click (as its lines, through the front desk's own line rules) or dismisses it with a reason.
The read side is workshop.queries.declined_work."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from workshop.db.models import DeclinedWork, LaborLine, PartLine
from workshop.db.uow import UnitOfWork
from workshop.domain.declined_work import DeclinedSource, DeclinedState
from workshop.domain.errors import NotFound, RuleViolation
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text
from workshop.domain.work_order import AT_QC
from workshop.services.work_order_common import load_work_order, work_order_info
from workshop.services.work_order_dto import WorkOrderInfo
from workshop.services.work_order_lines import (
    _editable,
    _lines_changed,
    find_operation,
    find_part,
    labor_values,
    part_values,
)

QC_STATES = AT_QC


@dataclass(frozen=True)
class DeclinedInfo:
    id: int
    vehicle_id: int
    source: str
    state: str
    description: str
    amount: Decimal | None
    taken_into: str | None = None


def _info(row: DeclinedWork, taken_into: str | None = None) -> DeclinedInfo:
    return DeclinedInfo(row.id, row.vehicle_id, row.source, row.state, row.description, row.amount, taken_into)


def note_qc_suggestion(uow: UnitOfWork, actor: Actor, number: str, *, description: str,
                       amount: object = None) -> DeclinedInfo:
    """The QC inspector suggests work for a later visit (e.g. 前刹车片剩余 3 mm，建议下次更换), with an estimate."""
    with uow:
        uow.authorize(actor, Perm.QC_DECIDE)
        desc = clean_text(description, "建议内容", "Suggestion", max_len=300)
        value = None if amount is None else parse_amount(amount, "预估金额", "Estimate")
        wo = load_work_order(uow, number, lock=False)
        if wo.state not in QC_STATES:
            raise RuleViolation("只有竣工后待质检或已质检的工单可以记质检建议。",
                                "A QC suggestion is noted on a completed or inspected work order.")
        row = DeclinedWork(vehicle_id=wo.vehicle_id, customer_id=wo.customer_id,
                           source=DeclinedSource.QC_SUGGESTION.value, state=DeclinedState.OPEN.value,
                           description=desc, amount=value, lines="{}", work_order_id=wo.id, noted_by=actor.user_id,
                           noted_at=uow.now, close_reason="")
        uow.session.add(row)
        uow.session.flush()
        uow.audit(actor, "declined_work.suggest", "work_order", wo.id, number=wo.number, declined_id=row.id,
                  description=desc, amount=str(value) if value is not None else None)
        info = _info(row)
        uow.commit()
    return info


def _open_row(uow: UnitOfWork, declined_id: int) -> DeclinedWork:
    row = uow.session.get(DeclinedWork, declined_id, with_for_update=True)
    if row is None:
        raise NotFound("找不到这条建议。", "No such declined or suggested item.")
    if row.state != DeclinedState.OPEN:
        raise RuleViolation(f"「{row.description}」已经处理过了。", f"'{row.description}' has already been dealt with.")
    return row


def dismiss_declined_work(uow: UnitOfWork, actor: Actor, declined_id: int, *, reason: str) -> DeclinedInfo:
    """No longer needed (done elsewhere, the car sold…): closed with who and why."""
    with uow:
        uow.authorize(actor, Perm.ADDED_ITEM_CONFIRM)
        why = clean_text(reason, "撤销原因", "Reason", max_len=200)
        row = _open_row(uow, declined_id)
        row.state, row.closed_by, row.closed_at, row.close_reason = (
            DeclinedState.DISMISSED.value, actor.user_id, uow.now, why)
        uow.audit(actor, "declined_work.dismiss", "work_order", row.work_order_id, declined_id=row.id,
                  description=row.description, reason=why)
        info = _info(row)
        uow.commit()
    return info


def take_up_declined_work(uow: UnitOfWork, actor: Actor, declined_id: int, number: str, *,
                          expected_version: int) -> WorkOrderInfo:
    """One click at reception: the open item goes onto the vehicle's new work order — its labor and parts at
    today's catalog (the line rules of the front desk apply), or, for a suggestion without lines, into the
    requested items. The item is then done, pointing at that work order. One transaction."""
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        row = _open_row(uow, declined_id)
        if row.vehicle_id != wo.vehicle_id:
            raise RuleViolation(f"「{row.description}」属于另一辆车，不能加到工单 {wo.number}。",
                                f"'{row.description}' belongs to another vehicle, not to {wo.number}.")
        doc = json.loads(row.lines or "{}")
        labor, parts = doc.get("labor", []), doc.get("parts", [])
        for ln in labor:
            op = find_operation(uow, ln["code"])
            h, r = labor_values(op, max(Decimal(ln["hours"]), op.standard_hours), None)
            uow.session.add(LaborLine(work_order_id=wo.id, operation_id=op.id, description=op.name, hours=h, rate=r,
                                      team=op.team, done=False))
        for pl in parts:
            part = find_part(uow, pl["part_no"])
            q, p = part_values(part, pl["qty"], None)
            uow.session.add(PartLine(work_order_id=wo.id, part_id=part.id, quantity=q, unit_price=p))
        if not labor and not parts:
            wo.requested_items = "；".join(x for x in (wo.requested_items.strip(), row.description) if x)[:2000]
        row.state, row.closed_by, row.closed_at, row.taken_into_id = (
            DeclinedState.DONE.value, actor.user_id, uow.now, wo.id)
        _lines_changed(uow, actor, wo)
        uow.audit(actor, "declined_work.take_up", "work_order", wo.id, number=wo.number, declined_id=row.id,
                  description=row.description, labor=[x["code"] for x in labor],
                  parts=[f"{x['part_no']}×{x['qty']}" for x in parts])
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info
