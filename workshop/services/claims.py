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
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from workshop.db.claims_store import is_fitted as is_fitted
from workshop.db.claims_store import reserved_qty as reserved_qty
from workshop.db.models import (
    ClaimOrder,
    ClaimOrderLine,
    Deposit,
    PartLine,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.claims import CLOSED, ArrivalInfo, ClaimInfo, ClaimState, DepositInfo, SignatureInfo
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.kind_policy import policy_of
from workshop.domain.labels import label_of
from workshop.domain.money import ZERO, money, parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code
from workshop.services.claim_arrival import mark_customer_called as mark_customer_called
from workshop.services.claim_arrival import receive_claim_parts as receive_claim_parts
from workshop.services.claim_arrival import record_refund as record_refund
from workshop.services.claim_common import CLAIMABLE_WO_STATES as CLAIMABLE_WO_STATES
from workshop.services.claim_common import DIRECTOR as DIRECTOR
from workshop.services.claim_common import FITTED_WO_STATES as FITTED_WO_STATES
from workshop.services.claim_common import MANAGER as MANAGER
from workshop.services.claim_common import METHODS as METHODS
from workshop.services.claim_common import SIGN_PERM as SIGN_PERM
from workshop.services.claim_common import SIGN_ROLE as SIGN_ROLE
from workshop.services.claim_common import _bump, _claim, _deposit_info, _info, _method
from workshop.services.claim_common import needed_signatures as needed_signatures
from workshop.services.claim_signatures import cancel_claim_order as cancel_claim_order
from workshop.services.claim_signatures import mark_ordered as mark_ordered
from workshop.services.claim_signatures import sign_claim_order as sign_claim_order
from workshop.services.numbering import next_number
from workshop.services.parts_catalog import find_part

__all__ = [  # the claim services' public names, wherever they live now (tests and screens import them from here)
    "CLAIMABLE_WO_STATES", "DIRECTOR", "FITTED_WO_STATES", "MANAGER",
    "METHODS", "SIGN_PERM", "SIGN_ROLE", "ArrivalInfo", "ClaimInfo", "DepositInfo",
    "SignatureInfo", "cancel_claim_order", "create_claim_order", "is_fitted", "mark_customer_called",
    "mark_ordered", "needed_signatures", "receive_claim_parts", "record_deposit", "record_refund", "reserved_qty",
    "sign_claim_order",
]


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
        if not policy_of(wo.kind).claim_orders:
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
                .where(ClaimOrderLine.part_line_id == line.id, ClaimOrder.state != ClaimState.CANCELLED)
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
        claim = ClaimOrder(number=next_number(uow, "claim_order", now), work_order_id=wo.id, state=ClaimState.DRAFT.value,
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
        if claim.state in CLOSED:
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
