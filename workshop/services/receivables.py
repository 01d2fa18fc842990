"""M5: the insurer's and the manufacturer's part of each settled work order, tracked until it is paid.

billed (at settlement) → approved (the amount the payer accepts) → paid; or rejected (the payer's reason) →
billed to the customer (rebilled: the customer's bill grows by it) or written off, which needs the service
director's approval through the one approval registry (ApprovalKind.WRITE_OFF). Every move is a
receivable_events row (append-only at the database); the receivable row carries the state and the sums."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from workshop.db.models import Approval, Receivable, ReceivableEvent, User, Vehicle, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.approval_kinds import ApprovalKind, WriteOffDetails
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.money import ZERO, fmt_money, money, parse_amount
from workshop.domain.payers import Payer, PayerSplit
from workshop.domain.receivables import ReceivableInfo as ReceivableInfo
from workshop.domain.receivables import RecState, check_move
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.text import clean_text


def _info(uow: UnitOfWork, r: Receivable) -> ReceivableInfo:
    number = uow.session.scalar(select(WorkOrder.number).where(WorkOrder.id == r.work_order_id)) or ""
    return ReceivableInfo(r.id, number, r.payer, r.payer_name, r.amount, r.approved_amount, r.paid_amount,
                          r.rebilled_amount, r.state, r.reason, r.billed_at)


def _event(uow: UnitOfWork, actor_id: int, r: Receivable, action: str, amount: Decimal, reason: str = "",
           reference: str = "", approval_id: int | None = None) -> None:
    uow.session.add(ReceivableEvent(receivable_id=r.id, action=action, amount=amount, reason=reason,
                                    reference=reference, at=uow.now, by=actor_id, approval_id=approval_id))
    r.version += 1


def manufacturer_name(uow: UnitOfWork, wo: WorkOrder) -> str:
    brand = uow.session.scalar(select(Vehicle.brand).where(Vehicle.id == wo.vehicle_id)) or ""
    return f"{brand}厂家" if brand else "厂家"


def bill_at_settlement(uow: UnitOfWork, actor: Actor, wo: WorkOrder, split: PayerSplit) -> None:
    """Inside the settlement's transaction: one receivable per paying insurer / manufacturer part."""
    parts = ((Payer.INSURER, split.insurer, split.insurer_name or "保险公司"),
             (Payer.MANUFACTURER, split.manufacturer, manufacturer_name(uow, wo)))
    for payer, amount, name in parts:
        if amount <= 0:
            continue
        r = Receivable(work_order_id=wo.id, payer=payer.value, payer_name=name[:60], amount=amount,
                       approved_amount=None, paid_amount=ZERO, rebilled_amount=ZERO, state=RecState.BILLED,
                       reason="", billed_at=uow.now, version=1)
        uow.session.add(r)
        uow.session.flush()
        _event(uow, actor.user_id, r, "billed", amount)
        uow.audit(actor, "receivable.bill", "receivable", r.id, number=wo.number, payer=payer.value,
                  payer_name=name, amount=str(amount))


def _load(uow: UnitOfWork, receivable_id: int) -> Receivable:
    if isinstance(receivable_id, bool) or not isinstance(receivable_id, int):
        raise InvalidInput("请选择一笔应收款。", "Choose a receivable.")
    r = uow.session.get(Receivable, receivable_id, with_for_update=True)
    if r is None:
        raise NotFound("找不到这笔应收款。", "No such receivable.")
    return r


def _what(uow: UnitOfWork, r: Receivable) -> str:
    number = uow.session.scalar(select(WorkOrder.number).where(WorkOrder.id == r.work_order_id))
    return f"{r.payer_name}（{number}）"


def approve(uow: UnitOfWork, actor: Actor, receivable_id: int, *, amount: object) -> ReceivableInfo:
    """The payer accepts an amount (at most what was billed)."""
    with uow:
        uow.authorize(actor, Perm.RECEIVABLE_EDIT)
        value = parse_amount(amount, "核准金额", "Approved amount", allow_zero=False)
        r = _load(uow, receivable_id)
        check_move("approve", r.state, _what(uow, r))
        if value > r.amount:
            raise RuleViolation(f"核准金额 {fmt_money(value)} 不能超过开账金额 {fmt_money(r.amount)}。",
                                f"The approved amount {fmt_money(value)} cannot exceed the billed {fmt_money(r.amount)}.")
        r.state, r.approved_amount = RecState.APPROVED, value
        _event(uow, actor.user_id, r, "approved", value)
        uow.audit(actor, "receivable.approve", "receivable", r.id, amount=str(value))
        info = _info(uow, r)
        uow.commit()
    return info


def record_payment(uow: UnitOfWork, actor: Actor, receivable_id: int, *, amount: object,
                   reference: object = "") -> ReceivableInfo:
    """The payer's money came in: paid once the approved amount is covered; more is refused."""
    with uow:
        uow.authorize(actor, Perm.RECEIVABLE_EDIT)
        value = parse_amount(amount, "回款金额", "Amount received", allow_zero=False)
        ref = clean_text(reference or "", "回款凭证号", "Reference", max_len=60, required=False)
        r = _load(uow, receivable_id)
        check_move("pay", r.state, _what(uow, r))
        assert r.approved_amount is not None
        left = money(r.approved_amount - r.paid_amount)
        if value > left:
            raise RuleViolation(f"回款 {fmt_money(value)} 超过尚欠的 {fmt_money(left)}，不能多收。",
                                f"{fmt_money(value)} is more than the {fmt_money(left)} still owed.")
        r.paid_amount = money(r.paid_amount + value)
        if r.paid_amount == r.approved_amount:
            r.state = RecState.PAID
        _event(uow, actor.user_id, r, "paid", value, reference=ref)
        uow.audit(actor, "receivable.pay", "receivable", r.id, amount=str(value), reference=ref)
        info = _info(uow, r)
        uow.commit()
    return info


def reject(uow: UnitOfWork, actor: Actor, receivable_id: int, *, reason: object) -> ReceivableInfo:
    with uow:
        uow.authorize(actor, Perm.RECEIVABLE_EDIT)
        why = clean_text(reason, "拒付原因", "Reason for the rejection", max_len=200)
        r = _load(uow, receivable_id)
        check_move("reject", r.state, _what(uow, r))
        r.state, r.reason = RecState.REJECTED, why
        _event(uow, actor.user_id, r, "rejected", money(r.amount - r.paid_amount), reason=why)
        uow.audit(actor, "receivable.reject", "receivable", r.id, reason=why)
        info = _info(uow, r)
        uow.commit()
    return info


def rebill_customer(uow: UnitOfWork, actor: Actor, receivable_id: int) -> ReceivableInfo:
    """The rejected part goes onto the customer's bill: the cashier then collects it (M2)."""
    with uow:
        uow.authorize(actor, Perm.RECEIVABLE_EDIT)
        r = _load(uow, receivable_id)
        check_move("rebill", r.state, _what(uow, r))
        uow.session.get(WorkOrder, r.work_order_id, with_for_update=True)  # the bill changes: as a payment does
        part = money(r.amount - r.paid_amount)
        r.state, r.rebilled_amount = RecState.REBILLED, part
        _event(uow, actor.user_id, r, "rebilled", part, reason=r.reason)
        uow.audit(actor, "receivable.rebill", "receivable", r.id, amount=str(part))
        info = _info(uow, r)
        uow.commit()
    return info


def request_write_off(uow: UnitOfWork, actor: Actor, receivable_id: int, *, reason: object) -> int:
    """A4: the write-off waits for the service director in the approval inbox; returns the request id."""
    from workshop.services.approval_requests import file_request

    with uow:
        user = uow.authorize(actor, Perm.RECEIVABLE_EDIT)
        why = clean_text(reason, "核销原因", "Reason for the write-off", max_len=200)
        r = _load(uow, receivable_id)
        check_move("write_off", r.state, _what(uow, r))
        pending = uow.session.scalar(select(Approval.id).where(
            Approval.kind == ApprovalKind.WRITE_OFF.value, Approval.state == "pending",
            Approval.work_order_id == r.work_order_id))
        if pending is not None:
            raise RuleViolation("这笔应收已经有待审批的核销申请。", "A write-off request for it is already pending.")
        details = WriteOffDetails(r.id, r.payer, r.payer_name, money(r.amount - r.paid_amount), r.reason)
        approval = file_request(uow, actor, user, ApprovalKind.WRITE_OFF, details, reason=why,
                                required_role=Role.SERVICE_DIRECTOR, work_order_id=r.work_order_id)
        approval_id = approval.id
        uow.commit()
    return approval_id


def write_off_effect(uow: UnitOfWork, decider: User, approval: Approval, details: WriteOffDetails) -> None:
    """On the director's approval, in the deciding transaction."""
    r = _load(uow, details.receivable_id)
    check_move("write_off", r.state, _what(uow, r))
    r.state = RecState.WRITTEN_OFF
    _event(uow, decider.id, r, "written_off", details.amount, reason=approval.reason, approval_id=approval.id)
