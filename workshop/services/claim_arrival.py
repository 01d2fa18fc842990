"""C3: the claim parts arrive (reserved for their work order), the customer is called, the deposit is
refunded once the parts are fitted."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.claims_store import is_fitted as is_fitted
from workshop.db.claims_store import reserved_qty as reserved_qty
from workshop.db.models import (
    ClaimOrderLine,
    Customer,
    Deposit,
    Part,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.claims import (
    ArrivalInfo,
    ClaimInfo,
    ClaimState,
    DepositInfo,
)
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.labels import label_of
from workshop.domain.money import ZERO, fmt_money, parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text
from workshop.services.claim_common import _bump, _claim, _deposit_info, _info, _method, _wo
from workshop.services.stock import _move  # the one writer of the stock ledger (P8)

# --- C3: arrival, the customer's call, the refund ---------------------------------------------------------


def receive_claim_parts(uow: UnitOfWork, actor: Actor, claim_no: str,
                        quantities: dict[int, Decimal | int | str] | None = None) -> ArrivalInfo:
    """C3: the parts clerk books in what arrived (claim line id -> quantity; None: everything outstanding).
    Each receipt is a `claim_receipt` move of the ledger tied to the work order line: reserved for it."""
    with uow:
        user = uow.authorize(actor, Perm.CLAIM_RECEIVE)
        claim = _claim(uow, claim_no)
        if claim.state != ClaimState.ORDERED:
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
            claim.state = ClaimState.ARRIVED.value
            claim.arrived_at = now
        _bump(claim)
        uow.audit(actor, "claim.arrived", "claim_order", claim.id, number=claim.number,
                  lines=[(p, str(q)) for p, q, _ in booked], complete=claim.state == ClaimState.ARRIVED)
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
        if claim.state != ClaimState.ARRIVED:
            raise RuleViolation(f"索赔订货单 {claim.number} 的零件还没到齐，不用通知客户。",
                                f"The parts of claim order {claim.number} have not all arrived yet.")
        claim.customer_called_at = uow.now
        _bump(claim)
        uow.audit(actor, "claim.customer_called", "claim_order", claim.id, number=claim.number, note=remark)
        info = _info(uow, claim)
        uow.commit()
    return info


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
        if claim.state != ClaimState.CANCELLED:
            if claim.state != ClaimState.ARRIVED or not is_fitted(uow.session, claim):
                raise RuleViolation(
                    f"索赔订货单 {claim.number} 的零件还没装车（要发料并竣工），订金暂不能退。",
                    f"The parts of claim order {claim.number} are not fitted yet (issued and the work order "
                    f"completed); the deposit cannot be refunded yet.",
                )
            claim.state = ClaimState.REFUNDED.value
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
