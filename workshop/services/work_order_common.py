"""What the front desk, the workshop floor and quality share about a work order: loading it under a lock,
the stale-edit check, the F4 transition with its event and audit row, F7 deadlines, and the plain-data view."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import (
    AddedItem,
    LaborLine,
    LaborOperation,
    Part,
    PartLine,
    User,
    Vehicle,
    WorkOrder,
    WorkOrderEvent,
)
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.calendar import PUBLIC_CALENDAR, WorkingCalendar
from workshop.domain.clock import fmt_shop, utcnow
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation, StaleEdit
from workshop.domain.money import money
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.text import clean_text, halfwidth
from workshop.domain.vehicle import car_matches
from workshop.domain.work_order import TRANSITIONS, State, Transition, service_deadlines, transition_for
from workshop.services.work_order_dto import (
    AddedItemInfo,
    Deadlines,
    LaborLineInfo,
    PartLineInfo,
    WorkOrderInfo,
)

TEAMS = ("机修", "钣喷")
# a work order's lines may change only while the car has not been finished
LINES_EDITABLE = (State.DRAFT, State.STARTED, State.IN_PROGRESS)
# the work order's own fields may change until it is settled
FIELDS_EDITABLE = (State.DRAFT, State.STARTED, State.IN_PROGRESS, State.COMPLETED, State.INSPECTED)
_STAMP = {
    State.STARTED: "started_at", State.COMPLETED: "completed_at", State.INSPECTED: "inspected_at",
    State.SETTLED: "settled_at", State.DELIVERED: "delivered_at", State.CLOSED: "closed_at",
    State.CANCELLED: "cancelled_at",
}


def perm_of(action: str) -> Perm:
    """The permission the F4 table names for an action (the same from every source state)."""
    return next(t.perm for t in TRANSITIONS if t.action == action)


def clean_number(number: object) -> str:
    if not isinstance(number, str) or not number.strip():
        raise InvalidInput("请输入或扫描工单号。", "Enter or scan the work order number.")
    return halfwidth(clean_text(number, "工单号", "Work order number", max_len=40)).strip().upper()


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


def check_team(value: object) -> str | None:
    if value in (None, ""):
        return None
    if value not in TEAMS:
        raise InvalidInput("班组只能是 机修 或 钣喷。", "The team is 机修 (mechanical) or 钣喷 (body and paint).")
    return str(value)


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


def part_line_approved(session: Session, line: PartLine) -> bool:
    """F6: a line of an added item counts only once the customer confirmed that item."""
    if line.added_item_id is None:
        return True
    item = session.get(AddedItem, line.added_item_id)
    return item is not None and item.state == "confirmed"


def labor_line_approved(session: Session, line: LaborLine) -> bool:
    if line.added_item_id is None:
        return True
    item = session.get(AddedItem, line.added_item_id)
    return item is not None and item.state == "confirmed"


def deadlines(priority: str, opened_at: datetime, promised_at: datetime | None, state: str,
              now: datetime | None = None, calendar: WorkingCalendar = PUBLIC_CALENDAR) -> Deadlines:
    """F7: respond/resolve by priority; the expected finish is the promised time, else the resolve deadline
    (working days: S2, the shop's calendar from settings.working_calendar).
    Late: the car is not ready (QC passed) by the expected finish, or not started by the respond deadline."""
    respond_by, resolve_by = service_deadlines(priority, opened_at, calendar)
    expected = promised_at or resolve_by
    now = now or utcnow()
    not_ready = state in (State.DRAFT, State.STARTED, State.IN_PROGRESS, State.COMPLETED)
    late = (not_ready and now > expected) or (state == State.DRAFT and now > respond_by)
    return Deadlines(respond_by=respond_by, resolve_by=resolve_by, expected_finish=expected, late=late)


def added_item_info(item: AddedItem, number: str) -> AddedItemInfo:
    return AddedItemInfo(
        id=item.id, work_order_id=item.work_order_id, work_order_number=number, description=item.description,
        state=item.state, proposed_by=item.proposed_by, proposed_at=item.proposed_at, decided_by=item.decided_by,
        consent_method=item.consent_method, consent_at=item.consent_at, consent_amount=item.consent_amount,
    )


def work_order_info(session: Session, wo: WorkOrder) -> WorkOrderInfo:
    session.flush()
    labor = session.execute(
        select(LaborLine, LaborOperation.code)
        .outerjoin(LaborOperation, LaborOperation.id == LaborLine.operation_id)
        .where(LaborLine.work_order_id == wo.id).order_by(LaborLine.id)
    ).all()
    parts = session.execute(
        select(PartLine, Part.part_no, Part.name, Part.unit).join(Part, Part.id == PartLine.part_id)
        .where(PartLine.work_order_id == wo.id).order_by(PartLine.id)
    ).all()
    items = session.scalars(select(AddedItem).where(AddedItem.work_order_id == wo.id).order_by(AddedItem.id))
    return WorkOrderInfo(
        id=wo.id, number=wo.number, kind=wo.kind, charging_mode=wo.charging_mode, payer=wo.payer,
        internal_department=wo.internal_department, state=wo.state, priority=wo.priority,
        customer_id=wo.customer_id, vehicle_id=wo.vehicle_id, advisor_id=wo.advisor_id, team=wo.team,
        technician_id=wo.technician_id, mileage_in=wo.mileage_in, fault_description=wo.fault_description,
        requested_items=wo.requested_items, in_warranty=wo.in_warranty,
        out_of_warranty_agreed=wo.out_of_warranty_agreed, promised_at=wo.promised_at, opened_at=wo.opened_at,
        started_at=wo.started_at, completed_at=wo.completed_at, inspected_at=wo.inspected_at,
        settled_at=wo.settled_at, delivered_at=wo.delivered_at, closed_at=wo.closed_at,
        cancelled_at=wo.cancelled_at, discount_amount=wo.discount_amount, labor_total=wo.labor_total,
        parts_total=wo.parts_total, total=wo.total, cost_total=wo.cost_total, version=wo.version,
        updated_at=wo.updated_at, updated_by=wo.updated_by,
        labor_lines=tuple(
            LaborLineInfo(
                id=ln.id, operation_code=code, description=ln.description, hours=ln.hours, rate=ln.rate,
                amount=money(ln.hours * ln.rate), team=ln.team, technician_id=ln.technician_id,
                added_item_id=ln.added_item_id, done=ln.done,
            )
            for ln, code in labor
        ),
        part_lines=tuple(
            PartLineInfo(
                id=pl.id, part_id=pl.part_id, part_no=no, name=name, unit=unit, quantity=pl.quantity,
                unit_price=pl.unit_price, amount=money(pl.quantity * pl.unit_price), issued_qty=pl.issued_qty,
                returned_qty=pl.returned_qty, added_item_id=pl.added_item_id,
            )
            for pl, no, name, unit in parts
        ),
        added_items=tuple(added_item_info(i, wo.number) for i in items),
    )


def find_work_order(session: Session, number: str) -> WorkOrder:
    """A work order by its number, for reading (no lock)."""
    wo = session.scalar(select(WorkOrder).where(WorkOrder.number == clean_number(number)))
    if wo is None:
        raise NotFound(f"找不到工单 {number}。", f"No work order {number}.")
    return wo


def get_work_order(db: Database, number: str) -> WorkOrderInfo:
    """The whole work order as plain data (for a detail screen or a print)."""
    with db.read() as s:
        return work_order_info(s, find_work_order(s, number))


def net_issued(line: PartLine) -> Decimal:
    return line.issued_qty - line.returned_qty
