"""What the claim-order services share (C1-C3): loading a claim under a lock, its signatures, its plain data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.claims_store import is_fitted as is_fitted
from workshop.db.claims_store import reserved_qty as reserved_qty
from workshop.db.models import (
    Approval,
    ClaimOrder,
    Deposit,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.approval_kinds import ApprovalKind, ApprovalState
from workshop.domain.claims import (
    DEPOSIT_METHODS,
    ClaimInfo,
    DepositInfo,
)
from workshop.domain.errors import InvalidInput, NotFound
from workshop.domain.roles import Perm, Role
from workshop.domain.text import clean_code
from workshop.domain.work_order import BEFORE_SETTLEMENT, FITTED
from workshop.services.limits import claim_director_threshold

METHODS = DEPOSIT_METHODS
MANAGER, DIRECTOR = ApprovalKind.CLAIM_SIGNATURE_MANAGER.value, ApprovalKind.CLAIM_SIGNATURE_DIRECTOR.value
SIGN_ROLE = {MANAGER: Role.WORKSHOP_MANAGER, DIRECTOR: Role.SERVICE_DIRECTOR}
SIGN_PERM = {MANAGER: Perm.CLAIM_SIGN_MANAGER, DIRECTOR: Perm.CLAIM_SIGN_DIRECTOR}
# a claim order may be raised while the car is still being worked on
CLAIMABLE_WO_STATES = BEFORE_SETTLEMENT
# the part is fitted: issued on the work order and the work order completed (or further)
FITTED_WO_STATES = FITTED


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
            Approval.claim_order_id == claim_id, Approval.state == ApprovalState.APPROVED, Approval.kind.in_([MANAGER, DIRECTOR])
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
    if value not in DEPOSIT_METHODS:
        raise InvalidInput("付款方式只能是：现金、微信、支付宝、银行卡。",
                           "The payment method is one of: cash, wechat, alipay, card.")
    return str(value)


def _bump(claim: ClaimOrder) -> None:
    claim.version += 1
