"""C2: the claim order's signatures (workshop manager; above the limit also the service director), its
order to the manufacturer, and its cancellation before that."""

from __future__ import annotations

from workshop.db.claims_store import is_fitted as is_fitted
from workshop.db.claims_store import reserved_qty as reserved_qty
from workshop.db.uow import UnitOfWork
from workshop.domain.approval_kinds import ApprovalKind, ClaimSignatureDetails
from workshop.domain.claims import (
    BEFORE_ORDER,
    ClaimInfo,
    ClaimState,
    SignatureInfo,
)
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.labels import label, label_of
from workshop.domain.money import fmt_money
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text
from workshop.services.approval_requests import sign_now
from workshop.services.claim_common import (
    MANAGER,
    SIGN_PERM,
    SIGN_ROLE,
    _bump,
    _claim,
    _info,
    _signed_kinds,
    needed_signatures,
)
from workshop.services.limits import claim_director_threshold

# --- C2: signatures ---------------------------------------------------------------------------------------


def sign_claim_order(uow: UnitOfWork, actor: Actor, claim_no: str, kind: str = MANAGER) -> SignatureInfo:
    """C2: sign as workshop manager (kind 'claim_manager') or service director ('claim_director')."""
    with uow:
        user = uow.authorize(actor, SIGN_PERM.get(kind, Perm.CLAIM_SIGN_MANAGER) if isinstance(kind, str)
                             else Perm.CLAIM_SIGN_MANAGER)
        if not isinstance(kind, str) or kind not in SIGN_PERM:
            raise InvalidInput("签字类型只能是车间经理或服务总监。", "Sign as workshop manager or service director.")
        claim = _claim(uow, claim_no)
        if claim.state != ClaimState.DRAFT:
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
            claim.state = ClaimState.SIGNED.value
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
        if claim.state not in BEFORE_ORDER:
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
        claim.state = ClaimState.ORDERED.value
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
        if claim.state not in BEFORE_ORDER:
            raise RuleViolation(f"索赔订货单 {claim.number} 已订货，不能取消。",
                                f"Claim order {claim.number} is already ordered; it cannot be cancelled.")
        claim.state = ClaimState.CANCELLED.value
        _bump(claim)
        uow.audit(actor, "claim.cancel", "claim_order", claim.id, number=claim.number, reason=why)
        info = _info(uow, claim)
        uow.commit()
    return info
