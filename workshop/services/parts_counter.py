"""The parts counter: issue by scan against a work order line (P1, P2, P7), returns scanned back (P4), the old
part handed in (P7), lines marked fitted. Each refusal is one sentence a clerk understands, and writes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import load_only
from sqlalchemy.orm.attributes import set_committed_value

from workshop.db.added_items_store import confirmed_added_items
from workshop.db.models import Part, PartLine, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.added_items import line_counts
from workshop.domain.changes import RecordKind
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.kind_policy import policy_of
from workshop.domain.labels import label_of
from workshop.domain.money import ZERO, money
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text, halfwidth
from workshop.domain.work_order import FITTED, ON_THE_JOB, SETTLED_OR_CANCELLED, State
from workshop.services.claims import reserved_qty
from workshop.services.job_clock import notify_parts_issued
from workshop.services.parts_catalog import find_part
from workshop.services.stock import _move, fmt_qty, lock_part, quantity, shortage_error

ISSUE_STATES = ON_THE_JOB
FITTED_STATES = FITTED
_QTY_PREFIX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[*xX×]\s*(\S.*)$")
# Built once (a scan is the hottest path in the shop; building a select() costs as much as running it)
_WORK_ORDER_BY_NUMBER = select(WorkOrder).where(WorkOrder.number == bindparam("number")).with_for_update()
# the issue reads only what it checks and writes (37 columns, 10 of them times, cost more than the statement)
_WORK_ORDER_TO_ISSUE = _WORK_ORDER_BY_NUMBER.options(
    load_only(WorkOrder.id, WorkOrder.number, WorkOrder.kind, WorkOrder.state))
_LINES_OF = (select(PartLine).where(PartLine.work_order_id == bindparam("wo_id")).order_by(PartLine.id)
             .with_for_update())

_UPDATE_LINE = update(PartLine).where(PartLine.id == bindparam("line_id"))  # run on the connection: Core


@dataclass(frozen=True)
class IssueResult:
    work_order_no: str
    part_line_id: int
    part_id: int
    part_no: str
    part_name: str
    quantity: Decimal        # this issue (negative never: returns have their own result)
    line_quantity: Decimal   # what the line asks for
    issued_qty: Decimal
    returned_qty: Decimal
    remaining: Decimal       # still to issue on the line
    on_hand_after: Decimal
    unit_cost: Decimal
    kind: str                # issue | internal | return
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message_zh


def parse_scan(text: str) -> tuple[Decimal, str]:
    """'3*06L115562B' -> (3, '06L115562B'); a plain code -> (1, code). Full-width input is accepted."""
    raw = halfwidth(text or "").strip()
    m = _QTY_PREFIX.match(raw)
    if m:
        return quantity(m.group(1)), m.group(2).strip()
    return Decimal(1), raw


def net_issued(line: PartLine) -> Decimal:
    return line.issued_qty - line.returned_qty


def remaining(line: PartLine) -> Decimal:
    return line.quantity - net_issued(line)


def _work_order(uow: UnitOfWork, work_order_no: str, statement: Select[WorkOrder] = _WORK_ORDER_BY_NUMBER
                ) -> WorkOrder:
    number = clean_code(work_order_no, "工单号", "Work order number", max_len=20)
    wo = uow.session.scalar(statement, {"number": number})
    if wo is None:
        raise NotFound(f"找不到工单 {number}，请核对工单号。", f"No work order {number}; check the number.")
    return wo


def _state_zh(state: str) -> str:
    return label_of(State, state)


def _check_issue_state(wo: WorkOrder) -> None:
    if wo.state in ISSUE_STATES:
        return
    if wo.state == State.DRAFT:
        raise RuleViolation(f"工单 {wo.number} 还没开工，不能发料（先开工再发料）。",
                            f"Work order {wo.number} is not started yet: no parts before job start.")
    if wo.state in SETTLED_OR_CANCELLED:
        raise RuleViolation(f"工单 {wo.number} {_state_zh(wo.state)}，不能再发料。",
                            f"Work order {wo.number} is {label_of(State, wo.state, 'en').lower()}: no more parts can be issued on it.")
    raise RuleViolation(f"工单 {wo.number} {_state_zh(wo.state)}，不能再发料；如需返工请让车间退回维修中。",
                        f"Work order {wo.number} is {label_of(State, wo.state, 'en').lower()}: no more parts; rework must reopen it first.")


def _lines(uow: UnitOfWork, wo: WorkOrder) -> list[PartLine]:
    return list(uow.session.scalars(_LINES_OF, {"wo_id": wo.id}))


def _approved(uow: UnitOfWork, lines: list[PartLine]) -> dict[int, bool]:
    """Line id -> approved: a line of the work order as opened, or of an added item the customer confirmed (F6)."""
    confirmed = confirmed_added_items(uow.session, among={ln.added_item_id for ln in lines if ln.added_item_id})
    return {ln.id: line_counts(ln.added_item_id, confirmed) for ln in lines}


def _part_for(uow: UnitOfWork, code: str, lines: list[PartLine]) -> Part:
    # PostgreSQL: the part is read locked at once (stock.lock_part then has it); SQLite holds the write lock already
    return find_part(uow.session, code, among={ln.part_id for ln in lines}, for_update=uow.db.dialect != "sqlite")


def issue_part(uow: UnitOfWork, actor: Actor, work_order_no: str, code: str, qty: object = 1) -> IssueResult:
    """P1/P2/P7: issue qty of the scanned part against its line on the work order, at once."""
    with uow:
        user = uow.authorize(actor, Perm.PART_ISSUE)
        amount = quantity(qty)
        wo = _work_order(uow, work_order_no, _WORK_ORDER_TO_ISSUE)
        _check_issue_state(wo)
        lines = _lines(uow, wo)
        part = _part_for(uow, code, lines)
        mine = [ln for ln in lines if ln.part_id == part.id]
        if not mine:
            raise RuleViolation(f"{part.name}（{part.part_no}）不在工单 {wo.number} 上，不能发。",
                                f"{part.part_no} ({part.name}) is not on work order {wo.number}.")
        approved = _approved(uow, mine)
        usable = [ln for ln in mine if approved[ln.id]]
        if not usable:
            raise RuleViolation(f"{part.name}（{part.part_no}）属于增项，客户还没确认，不能发料。",
                                f"{part.part_no} is on an added item the customer has not confirmed yet.")
        open_lines = [ln for ln in usable if remaining(ln) > 0]
        if not open_lines:
            asked = sum((ln.quantity for ln in usable), ZERO)
            issued = sum((net_issued(ln) for ln in usable), ZERO)
            raise RuleViolation(
                f"工单 {wo.number} 上 {part.name} 要 {fmt_qty(asked)}，已发 {fmt_qty(issued)}，已发够；"
                f"要多发请先让前台增加数量。",
                f"Work order {wo.number} asks for {fmt_qty(asked)} of {part.part_no} and {fmt_qty(issued)} are "
                f"issued: the line must be raised first.",
            )
        line = next((ln for ln in open_lines if remaining(ln) >= amount), open_lines[0])
        if amount > remaining(line):
            raise RuleViolation(
                f"工单 {wo.number} 上 {part.name} 还差 {fmt_qty(remaining(line))}，不能发 {fmt_qty(amount)}；"
                f"要多发请先让前台增加数量。",
                f"Only {fmt_qty(remaining(line))} of {part.part_no} is still asked for on {wo.number}, not "
                f"{fmt_qty(amount)}: the line must be raised first.",
            )
        part = lock_part(uow, part.id)
        if part.old_for_new and line.old_part_received < net_issued(line) + amount:
            raise RuleViolation(
                f"{part.name} 是以坏换新件：请先交回旧件（已交 {fmt_qty(line.old_part_received)}），再发新件。",
                f"{part.part_no} is old-for-new: hand in the old part first "
                f"({fmt_qty(line.old_part_received)} handed in).",
            )
        if part.on_hand < amount:
            raise shortage_error(part, amount)
        reserved = reserved_qty(uow.session, part.id, excluding_work_order_id=wo.id)  # C3: claim parts
        if part.on_hand - reserved < amount:
            raise RuleViolation(
                f"{part.name}（{part.part_no}）现有 {fmt_qty(part.on_hand)}，其中 {fmt_qty(reserved)} 是为其他工单"
                f"到货的索赔件，不能发到工单 {wo.number}。",
                f"{part.part_no}: {fmt_qty(part.on_hand)} on hand, of which {fmt_qty(reserved)} are claim parts "
                f"reserved for other work orders; they cannot be issued on {wo.number}.",
            )
        kind = policy_of(wo.kind).stock_move
        # the move, the part and the line as plain statements (the ORM's flush cost more than all the reads)
        move = _move(uow, part, kind, -amount, user_id=user.id, part_line_id=line.id, work_order_id=wo.id,
                     reference=wo.number, plain=True)
        written: dict[str, object] = {"issued_qty": line.issued_qty + amount,
                                      "issued_cost": money(line.issued_cost + amount * move.unit_cost)}
        if line.issued_qty == 0 and line.first_issue_full is None:
            written["first_issue_full"] = amount >= line.quantity
        uow.session.connection().execute(_UPDATE_LINE, {"line_id": line.id, **written})
        uow.mark(RecordKind.WORK_ORDERS, wo.id)  # the line, written on the connection
        for key, value in written.items():
            set_committed_value(line, key, value)
        uow.audit(actor, "part.issue", "part_line", line.id, work_order=wo.number, part_no=part.part_no,
                  qty=str(amount), unit_cost=str(move.unit_cost), kind=kind)
        notify_parts_issued(uow, wo, part.name, uow.now)  # W5: a job paused 待料 on this car hears of it
        rest = remaining(line)
        result = IssueResult(
            work_order_no=wo.number, part_line_id=line.id, part_id=part.id, part_no=part.part_no,
            part_name=part.name, quantity=amount, line_quantity=line.quantity, issued_qty=line.issued_qty,
            returned_qty=line.returned_qty, remaining=rest, on_hand_after=part.on_hand, unit_cost=move.unit_cost,
            kind=kind,
            message_zh=f"已发 {fmt_qty(amount)} {part.unit} {part.name}（{part.part_no}）"
                       f"{'，本行已发齐' if rest == 0 else f'，本行还差 {fmt_qty(rest)}'}。",
            message_en=f"Issued {fmt_qty(amount)} x {part.part_no} {part.name}"
                       f"{' - line complete' if rest == 0 else f' - {fmt_qty(rest)} still to issue'}.",
        )
        uow.commit()
    return result


def return_part(uow: UnitOfWork, actor: Actor, work_order_no: str, code: str, qty: object = 1,
                reason: str = "") -> IssueResult:
    """P4: an unused part comes back to the counter and is scanned in; the system return follows the physical
    one. Only while the work order is open (started or in progress); fitted parts never return."""
    with uow:
        user = uow.authorize(actor, Perm.PART_RETURN)
        amount = quantity(qty)
        why = clean_text(reason, "退料原因", "Reason for the return", max_len=200, required=False)
        wo = _work_order(uow, work_order_no)
        if wo.state in FITTED_STATES:
            raise RuleViolation(f"工单 {wo.number} {_state_zh(wo.state)}，零件已装车，不能退料。",
                                f"Work order {wo.number} is {label_of(State, wo.state, 'en').lower()}: its parts are fitted and cannot be returned.")
        if wo.state not in ISSUE_STATES:
            raise RuleViolation(f"工单 {wo.number} {_state_zh(wo.state)}，不能退料。",
                                f"Work order {wo.number} is {label_of(State, wo.state, 'en').lower()}: nothing can be returned on it.")
        lines = _lines(uow, wo)
        part = _part_for(uow, code, lines)
        mine = [ln for ln in lines if ln.part_id == part.id and net_issued(ln) > 0]
        if not mine:
            raise RuleViolation(f"工单 {wo.number} 上没有发出过 {part.name}（{part.part_no}），不能退。",
                                f"No {part.part_no} was issued on work order {wo.number}: nothing to return.")
        unfitted = [ln for ln in mine if not ln.fitted]
        if not unfitted:
            raise RuleViolation(f"{part.name}（{part.part_no}）已标记为装车，不能退料。",
                                f"{part.part_no} is marked fitted on {wo.number} and cannot be returned.")
        line = next((ln for ln in reversed(unfitted) if net_issued(ln) >= amount), None)
        if line is None:
            most = max(net_issued(ln) for ln in unfitted)
            raise RuleViolation(f"工单 {wo.number} 上 {part.name} 只发出 {fmt_qty(most)}，不能退 {fmt_qty(amount)}。",
                                f"Only {fmt_qty(most)} of {part.part_no} was issued on {wo.number}; "
                                f"cannot return {fmt_qty(amount)}.")
        net = net_issued(line)
        cost_back = line.issued_cost if amount == net else money(line.issued_cost * amount / net)
        unit_cost = money(cost_back / amount)
        part = lock_part(uow, part.id)
        move = _move(uow, part, "return", amount, unit_cost, user_id=user.id, part_line_id=line.id,
                     work_order_id=wo.id, reference=wo.number, reason=why)
        line.returned_qty += amount
        line.issued_cost = ZERO if line.issued_qty == line.returned_qty else money(
            line.issued_cost - amount * move.unit_cost)
        line.issued_cost = max(line.issued_cost, ZERO)
        uow.audit(actor, "part.return", "part_line", line.id, work_order=wo.number, part_no=part.part_no,
                  qty=str(amount), unit_cost=str(move.unit_cost), reason=why)
        rest = remaining(line)
        result = IssueResult(
            work_order_no=wo.number, part_line_id=line.id, part_id=part.id, part_no=part.part_no,
            part_name=part.name, quantity=amount, line_quantity=line.quantity, issued_qty=line.issued_qty,
            returned_qty=line.returned_qty, remaining=rest, on_hand_after=part.on_hand, unit_cost=move.unit_cost,
            kind="return",
            message_zh=f"已退回 {fmt_qty(amount)} {part.unit} {part.name}（{part.part_no}）入库。",
            message_en=f"Returned {fmt_qty(amount)} x {part.part_no} {part.name} to stock.",
        )
        uow.commit()
    return result


def receive_old_part(uow: UnitOfWork, actor: Actor, work_order_no: str, code: str, qty: object = 1) -> Decimal:
    """P7: the old part is handed in at the counter; recorded on its line before the new one may be issued.
    Returns the quantity handed in on the line so far."""
    with uow:
        uow.authorize(actor, Perm.PART_ISSUE)
        amount = quantity(qty)
        wo = _work_order(uow, work_order_no)
        _check_issue_state(wo)
        lines = _lines(uow, wo)
        part = _part_for(uow, code, lines)
        mine = [ln for ln in lines if ln.part_id == part.id]
        if not mine:
            raise RuleViolation(f"{part.name}（{part.part_no}）不在工单 {wo.number} 上。",
                                f"{part.part_no} is not on work order {wo.number}.")
        if not part.old_for_new:
            raise InvalidInput(f"{part.name} 不是以坏换新件，不用交旧件。",
                               f"{part.part_no} is not an old-for-new part; no old part is needed.")
        line = next((ln for ln in mine if ln.old_part_received + amount <= ln.quantity), None)
        if line is None:
            raise RuleViolation(f"工单上 {part.name} 的旧件已交齐。",
                                f"All old parts of {part.part_no} on this work order are handed in already.")
        line.old_part_received += amount
        uow.audit(actor, "part.old_received", "part_line", line.id, work_order=wo.number, part_no=part.part_no,
                  qty=str(amount))
        total = line.old_part_received
        uow.commit()
    return total


def mark_fitted(uow: UnitOfWork, actor: Actor, work_order_no: str, part_line_id: int) -> None:
    """The part is in the car: from now on it cannot be returned (P4). Technicians and the counter may mark it."""
    with uow:
        try:
            uow.authorize(actor, Perm.JOB_COMPLETE)
        except PermissionDenied:
            uow.authorize(actor, Perm.PART_ISSUE)
        wo = _work_order(uow, work_order_no)
        line = uow.session.get(PartLine, part_line_id, with_for_update=True)
        if line is None or line.work_order_id != wo.id:
            raise NotFound("工单上没有这一行零件。", "That part line is not on this work order.")
        if net_issued(line) <= 0:
            raise RuleViolation("这一行还没有发料，不能标记装车。", "Nothing was issued on this line: it cannot be fitted.")
        if not line.fitted:
            line.fitted = True
            uow.audit(actor, "part.fitted", "part_line", line.id, work_order=wo.number)
        uow.commit()
