"""What the front desk, the workshop floor and quality share about a work order: loading it under a lock,
the stale-edit check, the F4 transition with its event and audit row, F7 deadlines, and the plain-data view."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import (
    AddedItem,
    LaborLine,
    PartLine,
    User,
    Vehicle,
    WorkOrder,
    WorkOrderEvent,
)
from workshop.db.uow import UnitOfWork
from workshop.db.work_order_store import added_item_info as added_item_info
from workshop.db.work_order_store import clean_number as clean_number
from workshop.db.work_order_store import find_work_order as find_work_order
from workshop.db.work_order_store import get_work_order as get_work_order
from workshop.db.work_order_store import work_order_info as work_order_info
from workshop.domain.added_items import item_state_counts
from workshop.domain.clock import fmt_shop
from workshop.domain.deadlines import deadlines as deadlines
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation, StaleEdit
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.text import clean_text
from workshop.domain.vehicle import car_matches
from workshop.domain.work_order import (
    BEFORE_COMPLETION,
    BEFORE_SETTLEMENT,
    TRANSITIONS,
    State,
    Transition,
    transition_for,
)
from workshop.services import teams

# a work order's lines may change only while the car has not been finished
LINES_EDITABLE = BEFORE_COMPLETION
# the work order's own fields may change until it is settled
FIELDS_EDITABLE = BEFORE_SETTLEMENT
_STAMP = {
    State.STARTED: "started_at", State.COMPLETED: "completed_at", State.INSPECTED: "inspected_at",
    State.SETTLED: "settled_at", State.DELIVERED: "delivered_at", State.CLOSED: "closed_at",
    State.CANCELLED: "cancelled_at",
}


def perm_of(action: str) -> Perm:
    """The permission the F4 table names for an action (the same from every source state)."""
    return next(t.perm for t in TRANSITIONS if t.action == action)


def load_work_order(uow: UnitOfWork, number: str, *, lock: bool = True) -> WorkOrder:
    stmt = select(WorkOrder).where(WorkOrder.number == clean_number(number))
    if lock:
        stmt = stmt.with_for_update()
    wo = uow.session.scalar(stmt)
    if wo is None:
        raise NotFound(f"找不到工单 {number}。", f"No work order {number}.")
    return wo


def check_version(session: Session, wo: WorkOrder, expected_version: int | None) -> None:
    """Stale edits are refused: the later save of two desks gets who changed it and when."""
    if expected_version is None or wo.version == expected_version:
        return
    who = session.get(User, wo.updated_by) if wo.updated_by else None
    name = who.display_name if who else "他人"
    name_en = who.display_name if who else "someone else"
    when = fmt_shop(wo.updated_at)
    raise StaleEdit(
        f"工单 {wo.number} 已被 {name} 于 {when} 修改，请刷新后再改。",
        f"Work order {wo.number} was changed by {name_en} at {when} — reload and try again.",
    )


def touch(uow: UnitOfWork, actor: Actor, wo: WorkOrder) -> None:
    """Every write to a work order (its fields or its lines) records who and when, and bumps its version."""
    wo.updated_at = uow.now
    wo.updated_by = actor.user_id


def apply_transition(uow: UnitOfWork, actor: Actor, wo: WorkOrder, action: str, note: str = "",
                     **audit: object) -> Transition:
    """Move the work order along the F4 table; anything not in the table is refused. Writes the event and audit."""
    t = transition_for(action, wo.state)
    before = wo.state
    now = uow.now
    wo.state = t.target.value
    stamp = _STAMP.get(t.target)
    if stamp is not None:
        setattr(wo, stamp, now)
    touch(uow, actor, wo)
    uow.session.add(
        WorkOrderEvent(work_order_id=wo.id, from_state=before, to_state=t.target.value, at=now,
                       user_id=actor.user_id, note=note[:300])
    )
    uow.audit(actor, f"work_order.{action}", "work_order", wo.id, number=wo.number, before=before,
              after=t.target.value, note=note, **audit)
    return t


def check_lines_editable(wo: WorkOrder) -> None:
    if wo.state not in LINES_EDITABLE:
        raise RuleViolation(
            f"工单 {wo.number} 已竣工或已结束，不能再改项目。",
            f"Work order {wo.number} is finished; its items can no longer change.",
        )


def check_fields_editable(wo: WorkOrder) -> None:
    if wo.state not in FIELDS_EDITABLE:
        raise RuleViolation(
            f"工单 {wo.number} 已结算、交车或取消，不能再修改。",
            f"Work order {wo.number} is settled, delivered or cancelled; it can no longer be changed.",
        )


def check_team(session: Session, value: object) -> str | None:
    """A team in use (workshop.services.teams), or None when none is named."""
    return teams.check_team(session, value, optional=True)


def check_technician(session: Session, user_id: int | None, team: str | None) -> User | None:
    """A technician (or team leader) who is active and, when a team is named, belongs to it."""
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound("找不到这个技工，或已停用。", "No such technician, or disabled.")
    roles = {r.role for r in user.roles}
    if not roles & {Role.TECHNICIAN.value, Role.TEAM_LEADER.value}:
        raise InvalidInput(f"{user.display_name} 不是维修技工。", f"{user.display_name} is not a technician.")
    if team is not None and user.team is not None and user.team != team:
        raise InvalidInput(
            f"{user.display_name} 属于{user.team}班组，不在{team}。",
            f"{user.display_name} is in team {user.team}, not {team}.",
        )
    return user


def check_plate(session: Session, wo: WorkOrder, plate: object) -> str:
    """F5: the plate entered or scanned when the technician takes the car (the take, or the first clock-on of the
    work order) must be the work order's vehicle; returns the plate as the work order shows it."""
    seen = clean_text(plate, "车牌号", "Plate", max_len=40)
    vehicle = session.get(Vehicle, wo.vehicle_id)
    assert vehicle is not None
    if not car_matches(seen, vehicle.plate, vehicle.vin):
        shown = vehicle.shown_plate
        also_zh, also_en = ("" if vehicle.plate else "（未上牌：请输入或扫描车架号或其后六位）",
                            "" if vehicle.plate else " (no plate yet: enter or scan the VIN or its last six)")
        raise RuleViolation(
            f"车牌不符：工单 {wo.number} 的车辆是 {shown}，现在这辆是 {seen}{also_zh}。请核对车辆，不能开始维修。",
            f"Plate mismatch: work order {wo.number} is for {shown}, this car is {seen}{also_en}. "
            "Check the car; the job cannot start.",
        )
    return vehicle.shown_plate


def part_line_approved(session: Session, line: PartLine | LaborLine) -> bool:
    """F6: a line of an added item counts only once the customer confirmed that item."""
    if line.added_item_id is None:
        return True
    item = session.get(AddedItem, line.added_item_id)
    return item is not None and item_state_counts(item.state)


labor_line_approved = part_line_approved


def net_issued(line: PartLine) -> Decimal:
    return line.issued_qty - line.returned_qty
