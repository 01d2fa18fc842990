"""F8: a work order's labor and part lines — catalog operations and parts at their price, added, changed
and removed while the job is not finished; every change rechecks the consents and approvals it affects."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from workshop.db.models import (
    ClaimOrderLine,
    LaborLine,
    LaborOperation,
    Part,
    PartLine,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.errors import NotFound, RuleViolation
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text
from workshop.services.approval_requests import check_lines_unlocked, revalidate_after_change
from workshop.services.consent import recheck_consents
from workshop.services.stock import fmt_qty
from workshop.services.work_order_common import (
    check_lines_editable,
    check_team,
    check_technician,
    check_version,
    load_work_order,
    net_issued,
    touch,
    work_order_info,
)
from workshop.services.work_order_dto import (
    WorkOrderInfo,
)


def find_operation(uow: UnitOfWork, code: str) -> LaborOperation:
    c = clean_code(code, "工时代码", "Operation code")
    op = uow.session.scalar(select(LaborOperation).where(LaborOperation.code == c))
    if op is None:
        raise NotFound(f"工时目录里没有代码 {c}。", f"No labor operation {c} in the catalog.")
    if op.retired_at is not None:  # it stays on the orders that carry it, but no new line takes it
        raise RuleViolation(f"工时 {c}（{op.name}）已停用，不能再加到工单上。",
                            f"The labor operation {c} ({op.name}) is retired and cannot be added any more.")
    return op


def find_part(uow: UnitOfWork, part_no: str) -> Part:
    c = clean_code(part_no, "零件号", "Part number")
    part = uow.session.scalar(select(Part).where(Part.part_no == c))
    if part is None:
        part = uow.session.scalar(select(Part).where(Part.barcode == c))
    if part is None:
        raise NotFound(f"配件目录里没有 {c}。", f"No part {c} in the catalog.")
    return part


def labor_values(op: LaborOperation, hours: object, rate: object) -> tuple[Decimal, Decimal]:
    """F8: the catalog's standard hours and rate apply; less is a discount and goes through approvals."""
    h = op.standard_hours if hours is None else parse_amount(hours, "工时", "Hours", allow_zero=False)
    r = op.rate if rate is None else parse_amount(rate, "工时单价", "Labor rate")
    if h < op.standard_hours or r < op.rate:
        raise RuleViolation(
            f"{op.code} 的标准工时为 {op.standard_hours}、单价 {op.rate} 元；少收属于优惠，请走折扣审批，不能在项目上改低。",
            f"{op.code} has standard hours {op.standard_hours} at {op.rate} 元; charging less is a discount "
            "and goes through approval, not through the line.",
        )
    return h, r


def part_values(part: Part, quantity: object, unit_price: object) -> tuple[Decimal, Decimal]:
    q = parse_amount(quantity, "数量", "Quantity", allow_zero=False)
    p = part.price if unit_price is None else parse_amount(unit_price, "单价", "Unit price")
    if p < part.price:
        raise RuleViolation(
            f"{part.part_no} 的标准价为 {part.price} 元；少收属于优惠，请走折扣审批，不能在项目上改低。",
            f"{part.part_no} has the standard price {part.price} 元; charging less is a discount and goes "
            "through approval, not through the line.",
        )
    return q, p


def _editable(uow: UnitOfWork, actor: Actor, number: str, expected_version: int | None) -> WorkOrder:
    uow.authorize(actor, Perm.WORK_ORDER_EDIT)
    wo = load_work_order(uow, number)
    check_version(uow.session, wo, expected_version)
    check_lines_editable(wo)
    check_lines_unlocked(uow.session, wo)  # A4: locked while a request for these figures is pending
    return wo


def _lines_changed(uow: UnitOfWork, actor: Actor, wo: WorkOrder) -> None:
    """A4: an approval of the old figures holds only if the new ones stay within it."""
    touch(uow, actor, wo)
    recheck_consents(uow, actor, wo)  # F6: a price change after consent needs a new consent
    revalidate_after_change(uow, actor, wo)


def add_labor_line(uow: UnitOfWork, actor: Actor, number: str, *, expected_version: int, operation_code: str,
                   hours: Decimal | str | None = None, rate: Decimal | str | None = None,
                   team: str | None = None, technician_id: int | None = None,
                   description: str | None = None) -> WorkOrderInfo:
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        add_labor_in(uow, actor, wo, operation_code=operation_code, hours=hours, rate=rate, team=team,
                     technician_id=technician_id, description=description)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def add_labor_in(uow: UnitOfWork, actor: Actor, wo: WorkOrder, *, operation_code: str,
                 hours: Decimal | str | None = None, rate: Decimal | str | None = None, team: str | None = None,
                 technician_id: int | None = None, description: str | None = None) -> LaborLine:
    """add_labor_line's step on a work order the caller loaded and may edit, inside the caller's transaction."""
    op = find_operation(uow, operation_code)
    h, r = labor_values(op, hours, rate)
    t = check_team(uow.session, team) or op.team
    check_technician(uow.session, technician_id, t)
    desc = op.name if description is None else clean_text(description, "项目说明", "Description")
    line = LaborLine(work_order_id=wo.id, operation_id=op.id, description=desc, hours=h, rate=r, team=t,
                     technician_id=technician_id, done=False)
    uow.session.add(line)
    _lines_changed(uow, actor, wo)
    uow.session.flush()
    uow.audit(actor, "work_order.labor_add", "work_order", wo.id, number=wo.number, line_id=line.id,
              code=op.code, hours=str(h), rate=str(r))
    return line


def remove_labor_line(uow: UnitOfWork, actor: Actor, number: str, line_id: int, *,
                      expected_version: int) -> WorkOrderInfo:
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        line = uow.session.get(LaborLine, line_id, with_for_update=True)
        if line is None or line.work_order_id != wo.id:
            raise NotFound("这个工时项目不在此工单上。", "This labor line is not on this work order.")
        if line.done:
            raise RuleViolation("已完工的工时项目不能删除。", "A labor line that is done cannot be removed.")
        uow.audit(actor, "work_order.labor_remove", "work_order", wo.id, number=wo.number, line_id=line.id,
                  description=line.description, hours=str(line.hours), rate=str(line.rate))
        uow.session.delete(line)
        _lines_changed(uow, actor, wo)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def add_part_line(uow: UnitOfWork, actor: Actor, number: str, *, expected_version: int, part_no: str,
                  quantity: Decimal | str | int = Decimal(1),
                  unit_price: Decimal | str | None = None) -> WorkOrderInfo:
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        part = find_part(uow, part_no)
        q, p = part_values(part, quantity, unit_price)
        line = PartLine(work_order_id=wo.id, part_id=part.id, quantity=q, unit_price=p)
        uow.session.add(line)
        _lines_changed(uow, actor, wo)
        uow.session.flush()
        uow.audit(actor, "work_order.part_add", "work_order", wo.id, number=wo.number, line_id=line.id,
                  part_no=part.part_no, quantity=str(q), unit_price=str(p))
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def _part_line(uow: UnitOfWork, wo: WorkOrder, line_id: int) -> PartLine:
    line = uow.session.get(PartLine, line_id, with_for_update=True)
    if line is None or line.work_order_id != wo.id:
        raise NotFound("这个配件项目不在此工单上。", "This part line is not on this work order.")
    return line


def change_part_quantity(uow: UnitOfWork, actor: Actor, number: str, line_id: int, *, expected_version: int,
                         quantity: Decimal | str | int) -> WorkOrderInfo:
    """Raise (P2: before issuing more) or lower a part line — to 0 once every part is back (P4) —; never below
    what is out on it."""
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        line = _part_line(uow, wo, line_id)
        q = parse_amount(quantity, "数量", "Quantity", allow_zero=True)  # 0: all returned, nothing charged
        if q < net_issued(line):
            raise RuleViolation(
                f"此项目已发料 {net_issued(line)}，数量不能改得比这更少（先退料）。",
                f"{net_issued(line)} are already issued on this line; return parts before lowering it.",
            )
        before = line.quantity
        line.quantity = q
        _lines_changed(uow, actor, wo)
        uow.audit(actor, "work_order.part_quantity", "work_order", wo.id, number=wo.number, line_id=line.id,
                  before=str(before), after=str(q))
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def _undo_part_line(uow: UnitOfWork, line: PartLine) -> bool:
    """Take a part line off the work order (F6/W3/P4): refused while a part of it is out or fitted; a line
    that was issued and all returned stays at quantity 0 — the ledger's moves keep pointing at it — and a line
    never issued goes. True when kept at 0."""
    if net_issued(line) > 0 or line.fitted:
        raise RuleViolation(
            f"此配件项目还有 {fmt_qty(net_issued(line))} 件在车上或未退回，不能删除：请先把配件退回仓库（P4）。",
            f"{fmt_qty(net_issued(line))} of this line are still out or fitted; return them to the store first.",
        )
    referenced = line.issued_qty > 0 or uow.session.scalar(
        select(ClaimOrderLine.id).where(ClaimOrderLine.part_line_id == line.id).limit(1)) is not None
    if referenced:
        line.quantity = Decimal(0)
        return True
    uow.session.delete(line)
    return False


def remove_part_line(uow: UnitOfWork, actor: Actor, number: str, line_id: int, *,
                     expected_version: int) -> WorkOrderInfo:
    with uow:
        wo = _editable(uow, actor, number, expected_version)
        line = _part_line(uow, wo, line_id)
        quantity = line.quantity
        kept = _undo_part_line(uow, line)
        uow.audit(actor, "work_order.part_remove", "work_order", wo.id, number=wo.number, line_id=line.id,
                  part_id=line.part_id, quantity=str(quantity), kept_at_zero_for_the_ledger=kept)
        _lines_changed(uow, actor, wo)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info
