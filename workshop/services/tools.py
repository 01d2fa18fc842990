"""Special tools (T1-T3): the register, lending by badge and tool scan, returns, lost tools and charges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from sqlalchemy import select

from workshop.db.models import Tool, ToolCharge, ToolLoan, User, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.clock import end_of_working_day
from workshop.domain.codes import ToolState
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.labels import label_of
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text, halfwidth
from workshop.domain.work_order import SETTLED_OR_CANCELLED
from workshop.services.settings import get_setting

TOOL_STATES = tuple(ToolState)
LOST_RESOLUTIONS = ("charge", "replacement")


@dataclass(frozen=True)
class ToolInfo:
    id: int
    code: str
    name: str
    brand: str
    model: str
    location: str
    original_price: Decimal
    state: str


@dataclass(frozen=True)
class LoanInfo:
    id: int
    tool_code: str
    tool_name: str
    borrower_id: int
    borrower_name: str
    lent_at: datetime
    due_at: datetime
    returned_at: datetime | None
    work_order_no: str | None


@dataclass(frozen=True)
class ChargeInfo:
    id: int
    tool_code: str
    user_id: int
    user_name: str
    kind: str
    amount: Decimal
    at: datetime
    note: str


def _info(tool: Tool) -> ToolInfo:
    return ToolInfo(tool.id, tool.code, tool.name, tool.brand, tool.model, tool.location,
                    tool.original_price, tool.state)


def _tool_code(value: object) -> str:
    return clean_code(value, "工具编号", "Tool code", max_len=30)


def _locked_tool(uow: UnitOfWork, code: object) -> Tool:
    """The tool row, locked for the rest of the transaction (two desks scanning it wait for each other)."""
    tool_code = _tool_code(code)
    tool = uow.session.scalar(select(Tool).where(Tool.code == tool_code).with_for_update())
    if tool is None:
        raise NotFound(f"找不到工具 {tool_code}。", f"No tool with code {tool_code}.")
    return tool


def closing_time(uow: UnitOfWork) -> time:
    raw = get_setting(uow.session, "closing_time")
    try:
        hh, mm = raw.strip().split(":")
        return time(int(hh), int(mm))
    except ValueError:
        return time(18, 0)


def register_tool(uow: UnitOfWork, actor: Actor, *, code: str, name: str, original_price: Decimal | str,
                  brand: str = "", model: str = "", location: str = "") -> ToolInfo:
    """T1: a new special tool in the register, state 'in'. The code is unique (it is the barcode)."""
    with uow:
        uow.authorize(actor, Perm.TOOL_EDIT)
        tool_code = _tool_code(code)
        tool = Tool(
            code=tool_code,
            name=clean_text(name, "工具名称", "Tool name", max_len=100),
            brand=clean_text(brand, "品牌", "Brand", max_len=40, required=False),
            model=clean_text(model, "型号", "Model", max_len=60, required=False),
            location=clean_text(location, "存放位置", "Location", max_len=40, required=False),
            original_price=parse_amount(original_price, "原价", "Original price", allow_zero=False),
            state="in",
        )
        if uow.session.scalar(select(Tool.id).where(Tool.code == tool_code)) is not None:
            raise RuleViolation(f"工具编号 {tool_code} 已经登记过了。", f"Tool code {tool_code} is already registered.")
        uow.session.add(tool)
        uow.session.flush()
        uow.audit(actor, "tool.register", "tool", tool.id, code=tool.code, name=tool.name,
                  price=str(tool.original_price))
        info = _info(tool)
        uow.commit()
    return info


def retire_tool(uow: UnitOfWork, actor: Actor, code: str, reason: str) -> ToolInfo:
    """A worn-out tool leaves the register (kept for history). Only a tool in the crib can be retired."""
    with uow:
        uow.authorize(actor, Perm.TOOL_EDIT)
        why = clean_text(reason, "报废原因", "Reason", max_len=200)
        tool = _locked_tool(uow, code)
        if tool.state != "in":
            raise RuleViolation(
                f"工具 {tool.code} 当前为「{label_of(ToolState, tool.state)}」，只有在库的工具可以报废。",
                f"Tool {tool.code} is {label_of(ToolState, tool.state, 'en').lower()}; only a tool in the crib can be retired.",
            )
        tool.state = "retired"
        tool.version += 1
        uow.audit(actor, "tool.retire", "tool", tool.id, code=tool.code, reason=why)
        info = _info(tool)
        uow.commit()
    return info


def _borrower(uow: UnitOfWork, badge: object) -> User:
    text = halfwidth(clean_text(badge, "工牌", "Badge", max_len=40)).strip().upper()
    user = uow.session.scalar(select(User).where(User.badge_code == text))
    if user is None:
        raise NotFound(f"找不到工牌 {text} 的员工。", f"No staff member has badge {text}.")
    if not user.is_active:
        raise RuleViolation(
            f"{user.display_name} 的账户已停用，不能借工具。",
            f"{user.display_name}'s account is disabled; they cannot borrow tools.",
        )
    return user


def lend_tool(uow: UnitOfWork, actor: Actor, badge: str, tool_code: str, *, work_order_no: str | None = None,
              due_at: datetime | None = None) -> LoanInfo:
    """T2: scan the borrower's badge, then the tool. Due back by the end of the working day unless given."""
    with uow:
        uow.authorize(actor, Perm.TOOL_LEND)
        borrower = _borrower(uow, badge)
        now = uow.now
        work_order_id: int | None = None
        wo_no: str | None = None
        if work_order_no not in (None, ""):
            wo_no = clean_code(work_order_no, "工单号", "Work order number", max_len=20)
            wo = uow.session.scalar(select(WorkOrder).where(WorkOrder.number == wo_no))
            if wo is None:
                raise NotFound(f"找不到工单 {wo_no}。", f"No work order {wo_no}.")
            if wo.state in SETTLED_OR_CANCELLED:
                raise RuleViolation(f"工单 {wo_no} 已结束，不能再借工具。", f"Work order {wo_no} is finished.")
            work_order_id = wo.id
        if due_at is None:
            due = end_of_working_day(now, closing_time(uow))
        else:
            if not isinstance(due_at, datetime) or due_at.tzinfo is None:
                raise InvalidInput("归还时间缺少时区。", "The due time has no time zone.")
            if due_at <= now:
                raise InvalidInput("归还时间必须晚于现在。", "The due time must be later than now.")
            due = due_at
        tool = _locked_tool(uow, tool_code)
        if tool.state != "in":
            if tool.state == "out":
                loan = _open_loan(uow, tool)
                who = uow.session.get(User, loan.borrower_id) if loan else None
                name = who.display_name if who else "?"
                raise RuleViolation(
                    f"工具 {tool.code} 已借给 {name}，还没有归还，不能再借出。",
                    f"Tool {tool.code} is out with {name} and has not come back; it cannot be lent again.",
                )
            raise RuleViolation(
                f"工具 {tool.code} 当前为「{label_of(ToolState, tool.state)}」，不能借出。",
                f"Tool {tool.code} is {label_of(ToolState, tool.state, 'en').lower()}; it cannot be lent.",
            )
        tool.state = "out"
        tool.version += 1
        loan = ToolLoan(tool_id=tool.id, borrower_id=borrower.id, lent_by=actor.user_id, lent_at=now, due_at=due,
                        work_order_id=work_order_id)
        uow.session.add(loan)
        uow.session.flush()
        uow.audit(actor, "tool.lend", "tool_loan", loan.id, tool=tool.code, borrower=borrower.username,
                  due=due.isoformat(), work_order=wo_no)
        info = LoanInfo(loan.id, tool.code, tool.name, borrower.id, borrower.display_name, now, due, None, wo_no)
        uow.commit()
    return info


def _open_loan(uow: UnitOfWork, tool: Tool) -> ToolLoan | None:
    return uow.session.scalar(
        select(ToolLoan).where(ToolLoan.tool_id == tool.id, ToolLoan.returned_at.is_(None))
        .order_by(ToolLoan.lent_at.desc()).limit(1).with_for_update()
    )


def _out_loan(uow: UnitOfWork, tool: Tool) -> ToolLoan:
    if tool.state != "out":
        raise RuleViolation(
            f"工具 {tool.code} 当前为「{label_of(ToolState, tool.state)}」，没有借出。",
            f"Tool {tool.code} is {label_of(ToolState, tool.state, 'en').lower()}, not lent out.",
        )
    loan = _open_loan(uow, tool)
    if loan is None:  # pragma: no cover - state and loans are written together
        raise RuleViolation(f"工具 {tool.code} 没有未归还的借用记录。", f"Tool {tool.code} has no open loan.")
    return loan


def return_tool(uow: UnitOfWork, actor: Actor, tool_code: str) -> LoanInfo:
    """T2: scan the tool at the counter; the open loan is closed and the tool is back in the crib."""
    with uow:
        uow.authorize(actor, Perm.TOOL_LEND)
        tool = _locked_tool(uow, tool_code)
        loan = _out_loan(uow, tool)
        now = uow.now
        loan.returned_at = now
        loan.returned_to = actor.user_id
        tool.state = "in"
        tool.version += 1
        borrower = uow.session.get(User, loan.borrower_id)
        assert borrower is not None
        wo_no = _wo_number(uow, loan.work_order_id)
        uow.audit(actor, "tool.return", "tool_loan", loan.id, tool=tool.code, borrower=borrower.username,
                  late=now > loan.due_at)
        info = LoanInfo(loan.id, tool.code, tool.name, borrower.id, borrower.display_name, loan.lent_at,
                        loan.due_at, now, wo_no)
        uow.commit()
    return info


def _wo_number(uow: UnitOfWork, work_order_id: int | None) -> str | None:
    if work_order_id is None:
        return None
    return uow.session.scalar(select(WorkOrder.number).where(WorkOrder.id == work_order_id))


def declare_lost(uow: UnitOfWork, actor: Actor, tool_code: str, resolution: str = "charge",
                 note: str = "") -> ChargeInfo:
    """T3: a tool not returned is declared lost. 'charge': the borrower is charged the original price and the
    tool is marked lost. 'replacement': the borrower hands in a new tool of the same model; it takes the old
    code and label, so the tool is back in the crib, and the replacement is recorded against the borrower."""
    with uow:
        uow.authorize(actor, Perm.TOOL_DECLARE_LOST)
        if resolution not in LOST_RESOLUTIONS:
            raise InvalidInput("请选择：按原价赔偿，或以同型号工具替换。",
                               "Choose: charge the original price, or replace with the same model.")
        remark = clean_text(note, "备注", "Note", max_len=200, required=resolution == "replacement")
        tool = _locked_tool(uow, tool_code)
        loan = _out_loan(uow, tool)
        now = uow.now
        borrower = uow.session.get(User, loan.borrower_id)
        assert borrower is not None
        if resolution == "charge":
            amount = tool.original_price
            tool.state = "lost"
        else:
            amount = Decimal("0.00")
            loan.returned_at = now
            loan.returned_to = actor.user_id
            tool.state = "in"
        tool.version += 1
        charge = ToolCharge(tool_id=tool.id, loan_id=loan.id, user_id=borrower.id, kind=resolution, amount=amount,
                            at=now, recorded_by=actor.user_id, note=remark)
        uow.session.add(charge)
        uow.session.flush()
        uow.audit(actor, f"tool.lost_{resolution}", "tool_charge", charge.id, tool=tool.code,
                  borrower=borrower.username, amount=str(amount), model=tool.model, note=remark)
        info = ChargeInfo(charge.id, tool.code, borrower.id, borrower.display_name, resolution, amount, now, remark)
        uow.commit()
    return info
