"""The workshop floor: assigning jobs (W1), the technician's take with the plate check (F5), added items
proposed by the workshop (F6), completion with the self-check (W2) and the QC decision (F4)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from workshop.db.models import AddedItem, LaborLine, PartLine, User, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.added_items import AddedItemState
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.text import clean_text
from workshop.domain.work_order import BEFORE_COMPLETION, ON_THE_JOB
from workshop.services.front_desk import find_operation, find_part, labor_values, part_values
from workshop.services.work_order_common import (
    added_item_info,
    apply_transition,
    check_plate,
    check_team,
    check_technician,
    check_version,
    load_work_order,
    perm_of,
    touch,
    work_order_info,
)
from workshop.services.work_order_dto import AddedItemInfo, ProposedLabor, ProposedPart, WorkOrderInfo

__all__ = ["assign_job", "complete_job", "propose_added_item", "qc_fail", "qc_pass", "take_job"]

ASSIGNABLE = BEFORE_COMPLETION


def _roles(user: User) -> set[str]:
    return {r.role for r in user.roles}


def _is_manager(user: User) -> bool:
    return Role.WORKSHOP_MANAGER.value in _roles(user)


def assign_job(uow: UnitOfWork, actor: Actor, number: str, *, team: str | None = None,
               technician_id: int | None = None, line_id: int | None = None,
               expected_version: int | None = None) -> WorkOrderInfo:
    """W1: the workshop manager (any team) or a team leader (own team) assigns a team and/or technician,
    to the whole work order or (line_id) to one labor line."""
    with uow:
        user = uow.authorize(actor, Perm.JOB_ASSIGN)
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        if wo.state not in ASSIGNABLE:
            raise RuleViolation(f"工单 {wo.number} 已竣工或已结束，不能再派工。",
                                f"Work order {wo.number} is finished; it cannot be assigned.")
        t = check_team(uow.session, team)
        tech = check_technician(uow.session, technician_id, t)
        if t is None and tech is not None:
            t = tech.team
        if t is None:
            raise InvalidInput("请选择班组或技工。", "Choose a team or a technician.")
        if not _is_manager(user) and user.team != t:
            raise PermissionDenied(
                f"班组长只能在本班组（{user.team or '无'}）内派工。",
                f"A team leader assigns only inside their own team ({user.team or 'none'}).",
            )
        if line_id is not None:
            line = uow.session.get(LaborLine, line_id, with_for_update=True)
            if line is None or line.work_order_id != wo.id:
                raise NotFound("这个工时项目不在此工单上。", "This labor line is not on this work order.")
            line.team, line.technician_id = t, technician_id
        else:
            wo.team, wo.technician_id = t, technician_id
        touch(uow, actor, wo)
        uow.audit(actor, "work_order.assign", "work_order", wo.id, number=wo.number, team=t,
                  technician_id=technician_id, line_id=line_id)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def take_job(uow: UnitOfWork, actor: Actor, number: str, *, plate: str) -> WorkOrderInfo:
    """F5: the technician takes the car; the plate entered or scanned must be the work order's vehicle."""
    with uow:
        user = uow.authorize(actor, perm_of("take"))
        wo = load_work_order(uow, number)
        seen = check_plate(uow.session, wo, plate)
        roles = _roles(user)
        lead = bool(roles & {Role.TEAM_LEADER.value, Role.WORKSHOP_MANAGER.value})
        if wo.technician_id is not None and wo.technician_id != actor.user_id and not lead:
            owner = uow.session.get(User, wo.technician_id)
            name = owner.display_name if owner else "?"
            raise RuleViolation(f"这辆车已派给 {name}。", f"This car is assigned to {name}.")
        if wo.team is not None and user.team is not None and user.team != wo.team and not _is_manager(user):
            raise RuleViolation(f"这辆车派给了{wo.team}班组。", f"This car is assigned to team {wo.team}.")
        if wo.technician_id is None and roles & {Role.TECHNICIAN.value, Role.TEAM_LEADER.value}:
            wo.technician_id = actor.user_id
            wo.team = wo.team or user.team
        apply_transition(uow, actor, wo, "take", plate=seen)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def propose_added_item(uow: UnitOfWork, actor: Actor, number: str, *, description: str,
                       labor: Sequence[ProposedLabor] = (), parts: Sequence[ProposedPart] = ()) -> AddedItemInfo:
    """F6: the workshop proposes work found during the repair. Its lines wait, not approved, until the advisor
    confirms it with the customer (front_desk.confirm_added_item)."""
    with uow:
        uow.authorize(actor, Perm.ADDED_ITEM_PROPOSE)
        desc = clean_text(description, "增项说明", "Description of the added item", max_len=300)
        wo = load_work_order(uow, number)
        if wo.state not in ON_THE_JOB:
            raise RuleViolation("只有开工后、竣工前的工单可以提出增项。",
                                "Added items can be proposed only between job start and completion.")
        now = uow.now
        item = AddedItem(work_order_id=wo.id, description=desc, state=AddedItemState.PROPOSED.value, proposed_by=actor.user_id,
                         proposed_at=now)
        uow.session.add(item)
        uow.session.flush()
        for pl in labor or ():
            op = find_operation(uow, pl.operation_code)
            h, r = labor_values(op, pl.hours, None)
            uow.session.add(LaborLine(work_order_id=wo.id, operation_id=op.id, description=op.name, hours=h, rate=r,
                                      team=wo.team or op.team, technician_id=wo.technician_id,
                                      added_item_id=item.id, done=False))
        for pp in parts or ():
            part = find_part(uow, pp.part_no)
            q, p = part_values(part, pp.quantity, None)
            uow.session.add(PartLine(work_order_id=wo.id, part_id=part.id, quantity=q, unit_price=p,
                                     added_item_id=item.id))
        touch(uow, actor, wo)
        uow.audit(actor, "added_item.propose", "work_order", wo.id, number=wo.number, added_item_id=item.id,
                  description=desc, labor=[pl.operation_code for pl in labor or ()],
                  parts=[f"{pp.part_no}×{pp.quantity}" for pp in parts or ()])
        info = added_item_info(item, wo.number)
        uow.commit()
    return info


def complete_job(uow: UnitOfWork, actor: Actor, number: str, *, self_check_note: str) -> WorkOrderInfo:
    """W2 竣工: the technician's self-check is written down; the car then goes to the QC inspector."""
    with uow:
        user = uow.authorize(actor, perm_of("complete"))
        note = clean_text(self_check_note, "自检记录", "Self-check note", max_len=300)
        wo = load_work_order(uow, number)
        lead = bool(_roles(user) & {Role.TEAM_LEADER.value, Role.WORKSHOP_MANAGER.value})
        if wo.technician_id not in (None, actor.user_id) and not lead:
            raise RuleViolation("只有负责这辆车的技工或班组长可以竣工。",
                                "Only the car's technician or a team leader can complete it.")
        pending = uow.session.scalar(
            select(AddedItem.description).where(AddedItem.work_order_id == wo.id, AddedItem.state == AddedItemState.PROPOSED)
            .limit(1)
        )
        if pending is not None:
            raise RuleViolation(f"增项「{pending}」还在等客户确认，暂不能竣工。",
                                f"The added item '{pending}' awaits the customer's decision; the job cannot complete.")
        apply_transition(uow, actor, wo, "complete", note=note)
        for line in uow.session.scalars(select(LaborLine).where(LaborLine.work_order_id == wo.id)):
            line.done = True
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def _qc(uow: UnitOfWork, actor: Actor, number: str, action: str, note: str) -> WorkOrderInfo:
    wo: WorkOrder = load_work_order(uow, number)
    apply_transition(uow, actor, wo, action, note=note)
    if action == "qc_fail":
        for line in uow.session.scalars(select(LaborLine).where(LaborLine.work_order_id == wo.id)):
            line.done = False
    return work_order_info(uow.session, wo)


def qc_pass(uow: UnitOfWork, actor: Actor, number: str, *, note: str = "") -> WorkOrderInfo:
    with uow:
        uow.authorize(actor, perm_of("qc_pass"))
        info = _qc(uow, actor, number, "qc_pass", clean_text(note, "质检记录", "QC note", max_len=300, required=False))
        uow.commit()
    return info


def qc_fail(uow: UnitOfWork, actor: Actor, number: str, *, reason: str) -> WorkOrderInfo:
    """A fail sends the car back to the workshop (in progress) with the reason."""
    with uow:
        uow.authorize(actor, perm_of("qc_fail"))
        info = _qc(uow, actor, number, "qc_fail", clean_text(reason, "不合格原因", "Reason for the fail", max_len=300))
        uow.commit()
    return info
