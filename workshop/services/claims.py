"""Warranty claim orders and deposits (C1-C3).

A claim order (索赔订货) orders catalog parts for a warranty work order; the parts must be on that work order.
The customer leaves a deposit (one per claim order). The workshop manager signs every claim order; above the
limit `claim_director_threshold` (A3, default 5,000 元) the service director signs as well; nobody signs an
order they created, and one person gives one signature. Each signature is an Approval record (A4), approved
when written: a signature is a decision. Only then may the order be marked ordered.

The claim part arrives as a `claim_receipt` move of the stock ledger (P8), tied to the work order line it was
ordered for: it is reserved for that work order (see `reserved_qty`), not free stock. When the part is issued on
the work order and the work order is completed, the deposit is refunded, once, never more than was taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from workshop.db.models import (
    Approval,
    ClaimOrder,
    ClaimOrderLine,
    Customer,
    Deposit,
    Part,
    PartLine,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.approval_kinds import ApprovalKind, ClaimSignatureDetails
from workshop.domain.codes import ClaimState
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.labels import label, label_of
from workshop.domain.money import ZERO, fmt_money, money, parse_amount
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.text import clean_code, clean_text
from workshop.domain.work_order import BEFORE_SETTLEMENT, FITTED, Kind
from workshop.services.approval_requests import sign_now
from workshop.services.limits import claim_director_threshold
from workshop.services.numbering import next_number
from workshop.services.parts_catalog import find_part
from workshop.services.stock import _move  # the one writer of the stock ledger (P8)

METHODS = ("cash", "wechat", "alipay", "card")
MANAGER, DIRECTOR = ApprovalKind.CLAIM_SIGNATURE_MANAGER.value, ApprovalKind.CLAIM_SIGNATURE_DIRECTOR.value
SIGN_ROLE = {MANAGER: Role.WORKSHOP_MANAGER, DIRECTOR: Role.SERVICE_DIRECTOR}
SIGN_PERM = {MANAGER: Perm.CLAIM_SIGN_MANAGER, DIRECTOR: Perm.CLAIM_SIGN_DIRECTOR}
# a claim order may be raised while the car is still being worked on
CLAIMABLE_WO_STATES = BEFORE_SETTLEMENT
# the part is fitted: issued on the work order and the work order completed (or further)
FITTED_WO_STATES = FITTED


@dataclass(frozen=True)
class ClaimInfo:
    id: int
    number: str
    work_order_no: str
    state: str
    amount: Decimal
    needs_director: bool
    signatures: tuple[str, ...]  # kinds signed: claim_manager, claim_director
    version: int


@dataclass(frozen=True)
class DepositInfo:
    id: int
    claim_no: str
    receipt_no: str
    amount: Decimal
    method: str
    received_at: datetime
    refunded_amount: Decimal | None
    refunded_at: datetime | None
    refund_method: str | None


@dataclass(frozen=True)
class SignatureInfo:
    approval_id: int
    claim_no: str
    kind: str
    signed_by: str
    signed_at: datetime
    claim_state: str


@dataclass(frozen=True)
class ArrivalInfo:
    claim_no: str
    state: str
    lines: tuple[tuple[str, Decimal, Decimal], ...]  # part_no, arrived now, arrived in all
    customer_phone: str


def _claim(uow: UnitOfWork, number: object) -> ClaimOrder:
    code = clean_code(number, "索赔订货单号", "Claim order number", max_len=20)
    claim = uow.session.scalar(select(ClaimOrder).where(ClaimOrder.number == code).with_for_update())
    if claim is None:
        raise NotFound(f"找不到索赔订货单 {code}。", f"No claim order {code}.")
    return claim


def _wo(uow: UnitOfWork, claim: ClaimOrder) -> WorkOrder:
    wo = uow.session.get(WorkOrder, claim.work_order_id)
    assert wo is not None
    return wo


def _signed_kinds(session: Session, claim_id: int) -> dict[str, int]:
    rows = session.execute(
        select(Approval.kind, Approval.decided_by).where(
            Approval.claim_order_id == claim_id, Approval.state == "approved", Approval.kind.in_([MANAGER, DIRECTOR])
        )
    )
    return {kind: int(by) for kind, by in rows if by is not None}


def needed_signatures(session: Session, claim: ClaimOrder, at: datetime) -> tuple[str, ...]:
    """C2: the manager always; the director too when the amount is above the limit in force."""
    if claim.amount > claim_director_threshold(session, at):
        return (MANAGER, DIRECTOR)
    return (MANAGER,)


def _info(uow: UnitOfWork, claim: ClaimOrder) -> ClaimInfo:
    needed = needed_signatures(uow.session, claim, uow.now)
    signed = _signed_kinds(uow.session, claim.id)
    return ClaimInfo(claim.id, claim.number, _wo(uow, claim).number, claim.state, claim.amount,
                     DIRECTOR in needed, tuple(k for k in (MANAGER, DIRECTOR) if k in signed), claim.version)


def _deposit_info(claim: ClaimOrder, d: Deposit) -> DepositInfo:
    return DepositInfo(d.id, claim.number, d.receipt_no, d.amount, d.method, d.received_at, d.refunded_amount,
                       d.refunded_at, d.refund_method)


def _method(value: object) -> str:
    if value not in METHODS:
        raise InvalidInput("付款方式只能是：现金、微信、支付宝、银行卡。",
                           "The payment method is one of: cash, wechat, alipay, card.")
    return str(value)


def _bump(claim: ClaimOrder) -> None:
    claim.version += 1


# --- C1: the claim order and its deposit ------------------------------------------------------------------


def create_claim_order(uow: UnitOfWork, actor: Actor, work_order_no: str,
                       lines: Sequence[tuple[str, Decimal | int | str]]) -> ClaimInfo:
    """C1: a claim order for catalog parts (part number or barcode, quantity) of a warranty work order.
    Each part must be on the work order; the claim line is tied to that work order line."""
    with uow:
        uow.authorize(actor, Perm.CLAIM_EDIT)
        number = clean_code(work_order_no, "工单号", "Work order number", max_len=20)
        wo = uow.session.scalar(select(WorkOrder).where(WorkOrder.number == number))
        if wo is None:
            raise NotFound(f"找不到工单 {number}。", f"No work order {number}.")
        if wo.kind != Kind.WARRANTY:
            raise RuleViolation(
                f"工单 {wo.number} 不是索赔工单，不能做索赔订货。",
                f"Work order {wo.number} is not a warranty work order; a claim order needs one.",
            )
        if wo.state not in CLAIMABLE_WO_STATES:
            raise RuleViolation(f"工单 {wo.number} 已结算或已取消，不能再做索赔订货。",
                                f"Work order {wo.number} is settled or cancelled; no claim order can be raised.")
        if not lines:
            raise InvalidInput("索赔订货单至少要有一个零件。", "A claim order needs at least one part.")
        wo_lines = list(uow.session.scalars(select(PartLine).where(PartLine.work_order_id == wo.id)))
        claim_lines: list[ClaimOrderLine] = []
        seen: set[int] = set()
        for code, qty in lines:
            part = find_part(uow.session, code, among={ln.part_id for ln in wo_lines})
            amount = parse_amount(qty, "数量", "Quantity", allow_zero=False, maximum=Decimal("9999"))
            if part.id in seen:
                raise InvalidInput(f"{part.part_no} 在订货单上出现了两次。", f"{part.part_no} is listed twice.")
            seen.add(part.id)
            on_wo = [ln for ln in wo_lines if ln.part_id == part.id]
            if not on_wo:
                raise RuleViolation(
                    f"{part.name}（{part.part_no}）不在工单 {wo.number} 上：请先在工单上加这个零件。",
                    f"{part.part_no} ({part.name}) is not on work order {wo.number}; add it to the work order first.",
                )
            line = on_wo[0]
            claimed = uow.session.scalar(
                select(func.coalesce(func.sum(ClaimOrderLine.quantity), 0))
                .join(ClaimOrder, ClaimOrder.id == ClaimOrderLine.claim_order_id)
                .where(ClaimOrderLine.part_line_id == line.id, ClaimOrder.state != "cancelled")
            )
            already = Decimal(claimed or 0)
            if already + amount > line.quantity:
                raise RuleViolation(
                    f"{part.part_no} 工单上要 {line.quantity.normalize():f}，已在别的索赔订货单上订了 "
                    f"{already.normalize():f}，不能再订 {amount.normalize():f}。",
                    f"The work order asks for {line.quantity.normalize():f} of {part.part_no}; "
                    f"{already.normalize():f} are already on claim orders, {amount.normalize():f} more is too many.",
                )
            claim_lines.append(ClaimOrderLine(part_id=part.id, quantity=amount, unit_price=part.price,
                                              part_line_id=line.id, arrived_qty=ZERO))
        now = uow.now
        claim = ClaimOrder(number=next_number(uow, "claim_order", now), work_order_id=wo.id, state="draft",
                           amount=money(sum((cl.quantity * cl.unit_price for cl in claim_lines), ZERO)),
                           created_by=actor.user_id, created_at=now, version=1)
        uow.session.add(claim)
        uow.session.flush()
        for cl in claim_lines:
            cl.claim_order_id = claim.id
            uow.session.add(cl)
        uow.session.flush()
        uow.audit(actor, "claim.create", "claim_order", claim.id, number=claim.number, work_order=wo.number,
                  amount=str(claim.amount), lines=[(cl.part_id, str(cl.quantity)) for cl in claim_lines])
        info = _info(uow, claim)
        uow.commit()
    return info


def record_deposit(uow: UnitOfWork, actor: Actor, claim_no: str, amount: object, method: str, *,
                   receipt_no: str | None = None, received_at: datetime | None = None) -> DepositInfo:
    """C1: the customer's deposit (amount, time, receipt number, payment method). One per claim order; the
    receipt number is the printed receipt's (DJyymm-nnnn) unless the cashier's own number is given."""
    with uow:
        uow.authorize(actor, Perm.DEPOSIT_RECORD)
        value = parse_amount(amount, "订金金额", "Deposit amount", allow_zero=False)
        pay = _method(method)
        now = uow.now
        when = received_at or now
        if not isinstance(when, datetime) or when.tzinfo is None:
            raise InvalidInput("收款时间缺少时区。", "The time received has no time zone.")
        if when > now:
            raise InvalidInput("收款时间不能晚于现在。", "The time received cannot be in the future.")
        claim = _claim(uow, claim_no)
        if claim.state in ("cancelled", "refunded"):
            raise RuleViolation(f"索赔订货单 {claim.number} 已{label_of(ClaimState, claim.state)[1:]}，不能再收订金。",
                                f"Claim order {claim.number} is {label_of(ClaimState, claim.state, 'en').lower()}; no deposit can be taken.")
        if uow.session.scalar(select(Deposit.id).where(Deposit.claim_order_id == claim.id)) is not None:
            raise RuleViolation(f"索赔订货单 {claim.number} 已经收过订金。",
                                f"A deposit is already recorded for claim order {claim.number}.")
        if receipt_no:
            receipt = clean_code(receipt_no, "收据号", "Receipt number", max_len=40)
            if uow.session.scalar(select(Deposit.id).where(Deposit.receipt_no == receipt)) is not None:
                raise RuleViolation(f"收据号 {receipt} 已经用过了。", f"Receipt number {receipt} is already used.")
        else:
            receipt = next_number(uow, "deposit_receipt", now)
        deposit = Deposit(claim_order_id=claim.id, amount=value, received_at=when, receipt_no=receipt, method=pay,
                          recorded_by=actor.user_id)
        uow.session.add(deposit)
        _bump(claim)
        uow.session.flush()
        uow.audit(actor, "deposit.record", "deposit", deposit.id, claim=claim.number, amount=str(value),
                  method=pay, receipt=receipt)
        info = _deposit_info(claim, deposit)
        uow.commit()
    return info


# --- C2: signatures ---------------------------------------------------------------------------------------


def sign_claim_order(uow: UnitOfWork, actor: Actor, claim_no: str, kind: str = MANAGER) -> SignatureInfo:
    """C2: sign as workshop manager (kind 'claim_manager') or service director ('claim_director')."""
    with uow:
        user = uow.authorize(actor, SIGN_PERM.get(kind, Perm.CLAIM_SIGN_MANAGER) if isinstance(kind, str)
                             else Perm.CLAIM_SIGN_MANAGER)
        if not isinstance(kind, str) or kind not in SIGN_PERM:
            raise InvalidInput("签字类型只能是车间经理或服务总监。", "Sign as workshop manager or service director.")
        claim = _claim(uow, claim_no)
        if claim.state != "draft":
            raise RuleViolation(f"索赔订货单 {claim.number} 为「{label_of(ClaimState, claim.state)}」，不需要再签字。",
                                f"Claim order {claim.number} is {label_of(ClaimState, claim.state, 'en').lower()}; it takes no more signatures.")
        if claim.created_by == user.id:
            raise PermissionDenied(f"索赔订货单 {claim.number} 是您自己开的，不能自己签字。",
                                   f"You created claim order {claim.number}; you cannot sign it yourself.")
        now = uow.now
        needed = needed_signatures(uow.session, claim, now)
        signed = _signed_kinds(uow.session, claim.id)
        if kind not in needed:
            raise RuleViolation(
                f"索赔订货单 {claim.number} 金额 {fmt_money(claim.amount)} 未超过总监签字金额，不需要总监签字。",
                f"Claim order {claim.number} ({fmt_money(claim.amount)}) is within the limit; no director "
                f"signature is needed.",
            )
        if kind in signed:
            raise RuleViolation(f"索赔订货单 {claim.number} 已有{label(SIGN_ROLE[kind])}签字。",
                                f"Claim order {claim.number} already has this signature.")
        if user.id in signed.values():
            raise RuleViolation(f"您已经在索赔订货单 {claim.number} 上签过字，另一个签字要由别人签。",
                                f"You have already signed claim order {claim.number}; the other signature is "
                                f"someone else's.")
        threshold = claim_director_threshold(uow.session, now)
        approval = sign_now(
            uow, user, actor, ApprovalKind(kind), ClaimSignatureDetails(claim.amount, threshold, tuple(needed)),
            reason=f"索赔订货单 {claim.number} 签字（{label(SIGN_ROLE[kind])}）", requested_by=claim.created_by,
            requested_at=claim.created_at, work_order_id=claim.work_order_id, claim_order_id=claim.id)
        signed[kind] = user.id
        if all(k in signed for k in needed):
            claim.state = "signed"
        _bump(claim)
        uow.session.flush()
        uow.audit(actor, "claim.sign", "claim_order", claim.id, number=claim.number, kind=kind,
                  approval=approval.id, amount=str(claim.amount), threshold=str(threshold))
        info = SignatureInfo(approval.id, claim.number, kind, user.display_name, now, claim.state)
        uow.commit()
    return info


def mark_ordered(uow: UnitOfWork, actor: Actor, claim_no: str) -> ClaimInfo:
    """C2: the order goes to the manufacturer, only with every signature it needs (checked again now)."""
    with uow:
        try:
            uow.authorize(actor, Perm.CLAIM_RECEIVE)
        except PermissionDenied:
            uow.authorize(actor, Perm.CLAIM_EDIT)
        claim = _claim(uow, claim_no)
        if claim.state not in ("draft", "signed"):
            raise RuleViolation(f"索赔订货单 {claim.number} 为「{label_of(ClaimState, claim.state)}」，不能订货。",
                                f"Claim order {claim.number} is {label_of(ClaimState, claim.state, 'en').lower()}; it cannot be ordered.")
        now = uow.now
        needed = needed_signatures(uow.session, claim, now)
        signed = _signed_kinds(uow.session, claim.id)
        missing = [k for k in needed if k not in signed]
        if missing:
            raise RuleViolation(
                f"索赔订货单 {claim.number} 还缺{'、'.join(label(SIGN_ROLE[k]) for k in missing)}签字，不能订货。",
                f"Claim order {claim.number} still needs the signature of the "
                f"{' and '.join(SIGN_ROLE[k].value.replace('_', ' ') for k in missing)}; it cannot be ordered.",
            )
        claim.state = "ordered"
        claim.ordered_at = now
        _bump(claim)
        uow.audit(actor, "claim.ordered", "claim_order", claim.id, number=claim.number)
        info = _info(uow, claim)
        uow.commit()
    return info


def cancel_claim_order(uow: UnitOfWork, actor: Actor, claim_no: str, reason: str) -> ClaimInfo:
    """Before it is ordered a claim order can be cancelled; a deposit taken is then refunded (record_refund)."""
    with uow:
        uow.authorize(actor, Perm.CLAIM_EDIT)
        why = clean_text(reason, "取消原因", "Reason", max_len=200)
        claim = _claim(uow, claim_no)
        if claim.state not in ("draft", "signed"):
            raise RuleViolation(f"索赔订货单 {claim.number} 已订货，不能取消。",
                                f"Claim order {claim.number} is already ordered; it cannot be cancelled.")
        claim.state = "cancelled"
        _bump(claim)
        uow.audit(actor, "claim.cancel", "claim_order", claim.id, number=claim.number, reason=why)
        info = _info(uow, claim)
        uow.commit()
    return info


# --- C3: arrival, the customer's call, the refund ---------------------------------------------------------


def receive_claim_parts(uow: UnitOfWork, actor: Actor, claim_no: str,
                        quantities: dict[int, Decimal | int | str] | None = None) -> ArrivalInfo:
    """C3: the parts clerk books in what arrived (claim line id -> quantity; None: everything outstanding).
    Each receipt is a `claim_receipt` move of the ledger tied to the work order line: reserved for it."""
    with uow:
        user = uow.authorize(actor, Perm.CLAIM_RECEIVE)
        claim = _claim(uow, claim_no)
        if claim.state != "ordered":
            raise RuleViolation(
                f"索赔订货单 {claim.number} 为「{label_of(ClaimState, claim.state)}」，只有已订货的单子可以收货。",
                f"Claim order {claim.number} is {label_of(ClaimState, claim.state, 'en').lower()}; only an ordered claim can be received.",
            )
        lines = list(uow.session.scalars(
            select(ClaimOrderLine).where(ClaimOrderLine.claim_order_id == claim.id).order_by(ClaimOrderLine.id)
            .with_for_update()
        ))
        wanted: dict[int, Decimal] = {}
        if quantities is None:
            wanted = {ln.id: ln.quantity - ln.arrived_qty for ln in lines if ln.quantity > ln.arrived_qty}
        else:
            ids = {ln.id for ln in lines}
            for line_id, qty in quantities.items():
                if line_id not in ids:
                    raise NotFound("这张索赔订货单上没有这一行。", "That line is not on this claim order.")
                wanted[line_id] = parse_amount(qty, "到货数量", "Quantity arrived", maximum=Decimal("9999"))
        if not any(q > 0 for q in wanted.values()):
            raise InvalidInput("请填写到货数量。", "Enter the quantity that arrived.")
        wo = _wo(uow, claim)
        booked: list[tuple[str, Decimal, Decimal]] = []
        for ln in lines:
            qty = wanted.get(ln.id, ZERO)
            if qty == 0:
                continue
            part = uow.session.get(Part, ln.part_id)
            assert part is not None
            if ln.arrived_qty + qty > ln.quantity:
                raise RuleViolation(
                    f"{part.part_no} 订了 {ln.quantity.normalize():f}，已到 {ln.arrived_qty.normalize():f}，"
                    f"不能再收 {qty.normalize():f}。",
                    f"{part.part_no}: {ln.quantity.normalize():f} ordered, {ln.arrived_qty.normalize():f} arrived; "
                    f"{qty.normalize():f} more is too many.",
                )
            cost = part.avg_cost if part.avg_cost > 0 else ln.unit_price
            _move(uow, part, "claim_receipt", qty, cost, user_id=user.id, part_line_id=ln.part_line_id,
                  work_order_id=wo.id, reference=claim.number, reason=f"索赔件到货，预留给工单 {wo.number}")
            ln.arrived_qty += qty
            ln.arrived_at = ln.arrived_at or uow.now  # C3 counts each line from its own arrival
            booked.append((part.part_no, qty, ln.arrived_qty))
        now = uow.now
        if all(ln.arrived_qty >= ln.quantity for ln in lines):
            claim.state = "arrived"
            claim.arrived_at = now
        _bump(claim)
        uow.audit(actor, "claim.arrived", "claim_order", claim.id, number=claim.number,
                  lines=[(p, str(q)) for p, q, _ in booked], complete=claim.state == "arrived")
        info = ArrivalInfo(claim.number, claim.state, tuple(booked), _customer_phone(uow.session, wo))
        uow.commit()
    return info


def _customer_phone(session: Session, wo: WorkOrder) -> str:
    return session.scalar(select(Customer.phone).where(Customer.id == wo.customer_id)) or ""


def mark_customer_called(uow: UnitOfWork, actor: Actor, claim_no: str, note: str = "") -> ClaimInfo:
    """C3: the advisor called the customer to say the part has arrived."""
    with uow:
        uow.authorize(actor, Perm.CLAIM_EDIT)
        remark = clean_text(note, "备注", "Note", max_len=200, required=False)
        claim = _claim(uow, claim_no)
        if claim.state != "arrived":
            raise RuleViolation(f"索赔订货单 {claim.number} 的零件还没到齐，不用通知客户。",
                                f"The parts of claim order {claim.number} have not all arrived yet.")
        claim.customer_called_at = uow.now
        _bump(claim)
        uow.audit(actor, "claim.customer_called", "claim_order", claim.id, number=claim.number, note=remark)
        info = _info(uow, claim)
        uow.commit()
    return info


def is_fitted(session: Session, claim: ClaimOrder) -> bool:
    """C3: every claim part is issued on the work order (net of returns) and the work order is completed."""
    wo = session.get(WorkOrder, claim.work_order_id)
    if wo is None or wo.state not in FITTED_WO_STATES:
        return False
    for line in session.scalars(select(ClaimOrderLine).where(ClaimOrderLine.claim_order_id == claim.id)):
        issued = session.scalar(
            select(func.coalesce(func.sum(PartLine.issued_qty - PartLine.returned_qty), 0))
            .where(PartLine.work_order_id == wo.id, PartLine.part_id == line.part_id)
        )
        if Decimal(issued or 0) < line.quantity:
            return False
    return True


def record_refund(uow: UnitOfWork, actor: Actor, claim_no: str, amount: object, method: str, *,
                  refunded_at: datetime | None = None) -> DepositInfo:
    """C3: the deposit goes back once the part is fitted (or the claim order was cancelled). Once only, and
    never more than was taken."""
    with uow:
        uow.authorize(actor, Perm.DEPOSIT_RECORD)
        value = parse_amount(amount, "退款金额", "Refund amount", allow_zero=False)
        pay = _method(method)
        now = uow.now
        when = refunded_at or now
        if not isinstance(when, datetime) or when.tzinfo is None or when > now:
            raise InvalidInput("退款时间不能晚于现在。", "The refund time cannot be in the future.")
        claim = _claim(uow, claim_no)
        deposit = uow.session.scalar(select(Deposit).where(Deposit.claim_order_id == claim.id).with_for_update())
        if deposit is None:
            raise RuleViolation(f"索赔订货单 {claim.number} 没有收过订金。",
                                f"No deposit was taken for claim order {claim.number}.")
        if deposit.refunded_at is not None:
            raise RuleViolation(
                f"收据 {deposit.receipt_no} 的订金已于 {deposit.refunded_at:%Y-%m-%d} 退过，不能再退。",
                f"The deposit of receipt {deposit.receipt_no} was already refunded; it is refunded once.",
            )
        if value > deposit.amount:
            raise RuleViolation(f"退款 {fmt_money(value)} 超过了订金 {fmt_money(deposit.amount)}。",
                                f"The refund {fmt_money(value)} is more than the deposit {fmt_money(deposit.amount)}.")
        if claim.state != "cancelled":
            if claim.state != "arrived" or not is_fitted(uow.session, claim):
                raise RuleViolation(
                    f"索赔订货单 {claim.number} 的零件还没装车（要发料并竣工），订金暂不能退。",
                    f"The parts of claim order {claim.number} are not fitted yet (issued and the work order "
                    f"completed); the deposit cannot be refunded yet.",
                )
            claim.state = "refunded"
            claim.fitted_at = claim.fitted_at or now
        deposit.refunded_amount = value
        deposit.refunded_at = when
        deposit.refund_method = pay
        deposit.refunded_by = actor.user_id
        _bump(claim)
        uow.audit(actor, "deposit.refund", "deposit", deposit.id, claim=claim.number, amount=str(value),
                  deposit=str(deposit.amount), method=pay)
        info = _deposit_info(claim, deposit)
        uow.commit()
    return info


# built once: issue_part asks this on every scan (building a select() costs as much as running it)
_ARRIVED_CLAIM_PARTS = (
    select(ClaimOrderLine.arrived_qty, ClaimOrder.work_order_id)
    .join(ClaimOrder, ClaimOrder.id == ClaimOrderLine.claim_order_id)
    .where(ClaimOrderLine.part_id == bindparam("part_id"), ClaimOrderLine.arrived_qty > 0,
           ClaimOrder.state.in_(["ordered", "arrived"]))
)


def reserved_qty(session: Session, part_id: int, *, excluding_work_order_id: int | None = None) -> Decimal:
    """Claim parts on hand that are reserved for their work orders (arrived, not yet issued there).
    The parts counter may subtract this from on-hand before issuing the part on another work order."""
    total = ZERO
    for arrived, wo_id in session.execute(_ARRIVED_CLAIM_PARTS, {"part_id": part_id}):
        if wo_id == excluding_work_order_id:
            continue
        issued = session.scalar(
            select(func.coalesce(func.sum(PartLine.issued_qty - PartLine.returned_qty), 0))
            .where(PartLine.work_order_id == wo_id, PartLine.part_id == part_id)
        )
        total += max(Decimal(arrived) - Decimal(issued or 0), ZERO)
    return total

