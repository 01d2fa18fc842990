"""M4: the gate pass (放行条). The cashier prints it once the customer's part of the bill is paid (or there is
nothing for the customer to pay); scanning it at the exit records the delivery. A car without a pass is not
delivered: front_desk.deliver_work_order takes the pass too (take_gate_pass)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from workshop.db.models import GatePass, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.clock import fmt_shop
from workshop.domain.errors import NotFound, PermissionDenied, RuleViolation
from workshop.domain.money import fmt_money
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code
from workshop.domain.work_order import State
from workshop.services import quality
from workshop.services.accounts import may_leave_on_account
from workshop.services.numbering import next_number
from workshop.services.totals import customer_balance
from workshop.services.work_order_common import apply_transition, load_work_order, work_order_info
from workshop.services.work_order_dto import WorkOrderInfo


@dataclass(frozen=True)
class GatePassInfo:
    code: str
    work_order_no: str
    basis: str  # paid, nothing_owed, account (M3)
    issued_at: datetime
    used_at: datetime | None


def _info(gp: GatePass, number: str) -> GatePassInfo:
    return GatePassInfo(gp.code, number, gp.basis, gp.issued_at, gp.used_at)


def issue_gate_pass(uow: UnitOfWork, actor: Actor, number: str) -> GatePassInfo:
    """M4: the pass for a settled order whose customer part is paid; printing it again gives the same pass."""
    with uow:
        uow.authorize(actor, Perm.GATE_PASS)
        wo = load_work_order(uow, number)
        if wo.state != State.SETTLED:
            raise RuleViolation(f"工单 {wo.number} 不是“已结算待交车”，不能开放行条。",
                                f"Work order {wo.number} is not settled and waiting for delivery; no gate pass.")
        open_pass = uow.session.scalar(
            select(GatePass).where(GatePass.work_order_id == wo.id, GatePass.used_at.is_(None)))
        if open_pass is not None:
            info = _info(open_pass, wo.number)
            uow.commit()
            return info
        balance = customer_balance(uow.session, wo)
        on_account = balance.owed > 0 and may_leave_on_account(uow.session, wo, balance.owed)  # M3
        if balance.owed > 0 and not on_account:
            raise RuleViolation(f"客户还欠 {fmt_money(balance.owed)}，付清后才能开放行条。",
                                f"The customer still owes {fmt_money(balance.owed)}; the gate pass comes once paid.")
        basis = "account" if on_account else "paid" if balance.customer_due > 0 else "nothing_owed"
        gp = GatePass(code=next_number(uow, "gate_pass"), work_order_id=wo.id, issued_at=uow.now,
                      issued_by=actor.user_id, basis=basis)
        uow.session.add(gp)
        uow.session.flush()
        uow.audit(actor, "gate_pass.issue", "work_order", wo.id, number=wo.number, code=gp.code, basis=basis,
                  paid=str(balance.paid))
        info = _info(gp, wo.number)
        uow.commit()
    return info


def take_gate_pass(uow: UnitOfWork, actor: Actor, wo: WorkOrder, code: str | None = None) -> GatePass:
    """M4, inside the delivery's transaction: the car's unused pass (the scanned one when given) is used now."""
    stmt = select(GatePass).where(GatePass.work_order_id == wo.id, GatePass.used_at.is_(None))
    if code is not None:
        stmt = stmt.where(GatePass.code == code)
    gp = uow.session.scalar(stmt.with_for_update())
    if gp is None:
        raise RuleViolation(f"工单 {wo.number} 没有放行条：请先到收银台付款并打印放行条。",
                            f"Work order {wo.number} has no gate pass: pay at the cashier and print it first.")
    owed = customer_balance(uow.session, wo).owed  # a payment voided after the pass was printed
    # M3: a pass on account still needs the account within its limit when the car leaves
    if owed > 0 and not (gp.basis == "account" and may_leave_on_account(uow.session, wo, owed)):
        raise RuleViolation(f"客户还欠 {fmt_money(owed)}（放行条开出后有收款被作废），付清后才能放行。",
                            f"The customer owes {fmt_money(owed)} (a payment was voided after the pass was "
                            "printed); the car leaves once paid.")
    gp.used_at, gp.used_by = uow.now, actor.user_id
    return gp


def scan_gate_pass(uow: UnitOfWork, actor: Actor, code: str) -> WorkOrderInfo:
    """M4: the gate scans the pass; the car leaves and the work order is delivered (the return visit falls due)."""
    with uow:
        try:
            uow.authorize(actor, Perm.GATE_PASS)
        except PermissionDenied:
            uow.authorize(actor, Perm.WORK_ORDER_DELIVER)
        value = clean_code(code, "放行条号", "Gate pass number")
        gp = uow.session.scalar(select(GatePass).where(GatePass.code == value))
        if gp is None:
            raise NotFound(f"找不到放行条 {value}。", f"No gate pass {value}.")
        number = uow.session.scalar(select(WorkOrder.number).where(WorkOrder.id == gp.work_order_id))
        assert number is not None
        if gp.used_at is not None:
            raise RuleViolation(f"放行条 {value} 已于 {fmt_shop(gp.used_at)} 使用过（工单 {number}）。",
                                f"Gate pass {value} was already used at {fmt_shop(gp.used_at)} ({number}).")
        wo = load_work_order(uow, number)
        take_gate_pass(uow, actor, wo, value)
        apply_transition(uow, actor, wo, "deliver", note=f"放行条 {value}", gate_pass=value)
        quality.after_delivery(uow, actor, wo)  # Q1: the return visit, or an internal order closes
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info
