"""The one approval mechanism (A4): filing, deciding, signing and withdrawing a request of any kind in
workshop.domain.approval_kinds.REGISTRY, the lock on a work order's priced lines while one is pending, and the
re-check of approved figures after a change.

For a kind that other features add (an accident quote's signature, a payment void ...):
    request_signature(uow, actor, ApprovalKind.QUOTE_SIGNATURE, QuoteSignatureDetails(...), reason=...,
                      work_order_id=...)   -> a pending request in the inbox of the kind's default role
    sign(uow, actor, approval_id, comment)  -> approves it (the kind's decide_perm is checked)
    sign_now(uow, user, actor, kind, details, ...)  -> inside the caller's transaction, a signature given at
                      once by the acting user (claim orders), returns the Approval row
    register_effect(kind, fn)  -> fn(uow, decider, approval, details) runs in the deciding transaction when a
                      request of that kind is approved (e.g. set quote.signed_revision).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.approvals_store import lock_sentence as lock_sentence
from workshop.db.approvals_store import pending_request as pending_request
from workshop.db.models import Approval, DiscountGrant, User, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.approval_figures import Comparison, Figures, compare
from workshop.domain.approval_kinds import (
    ApprovalInfo,
    ApprovalKind,
    ApprovalState,
    Details,
    DiscountDetails,
    parse_details,
    spec_of,
)
from workshop.domain.clock import week_start
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.labels import label
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.text import clean_text
from workshop.domain.work_order import SETTLED_OR_CANCELLED
from workshop.services.limits import policy_limits
from workshop.services.totals import compute_totals

PENDING = ApprovalState.PENDING.value


def approval_info(session: Session, a: Approval) -> ApprovalInfo:
    names: dict[int, str] = {
        uid: name for uid, name in session.execute(
            select(User.id, User.display_name).where(User.id.in_([a.requested_by, a.decided_by or a.requested_by]))
        )
    }
    wo_no = session.scalar(select(WorkOrder.number).where(WorkOrder.id == a.work_order_id)) or ""
    return ApprovalInfo(
        id=a.id, kind=a.kind, state=a.state, work_order_id=a.work_order_id, work_order_no=wo_no,
        required_role=a.required_role, requested_by=a.requested_by,
        requested_by_name=names.get(a.requested_by, ""), requested_at=a.requested_at, reason=a.reason,
        details=json.loads(a.details or "{}"), decided_by=a.decided_by,
        decided_by_name=names.get(a.decided_by, "") if a.decided_by else "", decided_at=a.decided_at,
        decision_reason=a.decision_reason,
    )


def reason_text(value: object, *, required: bool = True) -> str:
    if not required and (value is None or str(value).strip() == ""):
        return ""
    return clean_text(value, "原因", "Reason", max_len=200)


def work_order_row(uow: UnitOfWork, work_order_id: int, *, lock: bool = True) -> WorkOrder:
    wo = uow.session.get(WorkOrder, work_order_id, with_for_update=lock)
    if wo is None:
        raise NotFound("找不到这张工单。", "No such work order.")
    return wo


# --- pending requests lock the work order ------------------------------------------------------------------


def refuse_if_pending(session: Session, wo: WorkOrder) -> None:
    """A4: nothing that needs the approval proceeds while it is pending."""
    pending = pending_request(session, wo.id)
    if pending is not None:
        zh, en = lock_sentence(session, wo, pending)
        raise RuleViolation(zh, en)


def check_lines_unlocked(session: Session, wo: WorkOrder) -> None:
    """Called by every edit of a work order's priced lines: locked while a figures-bound request is pending."""
    pending = pending_request(session, wo.id)
    if pending is not None and spec_of(pending.kind).locks_lines:
        zh, en = lock_sentence(session, wo, pending)
        raise RuleViolation(zh, en)


# --- filing, deciding, withdrawing -------------------------------------------------------------------------


def file_request(uow: UnitOfWork, actor: Actor, user: User, kind: ApprovalKind, details: Details, *,
                 reason: str, required_role: Role, work_order_id: int | None = None,
                 claim_order_id: int | None = None) -> Approval:
    """A pending request inside the caller's transaction, audited."""
    approval = Approval(kind=kind.value, state=PENDING, work_order_id=work_order_id, claim_order_id=claim_order_id,
                        required_role=required_role.value, requested_by=user.id, requested_at=uow.now,
                        reason=reason, details=json.dumps(details.to_json(), ensure_ascii=False))
    uow.session.add(approval)
    uow.session.flush()
    uow.audit(actor, "approval.request", "approval", approval.id, kind=kind.value, work_order_id=work_order_id,
              required_role=required_role.value, reason=reason, details=details.to_json())
    return approval


def request_signature(uow: UnitOfWork, actor: Actor, kind: ApprovalKind, details: Details, *, reason: object,
                      work_order_id: int | None = None, required_role: Role | None = None) -> ApprovalInfo:
    """Any registered kind as a pending request in the inbox (one transaction)."""
    with uow:
        uow.authorize(actor, Perm.VIEW)  # then the kind's own right to ask
        spec = spec_of(kind)
        if not isinstance(details, spec.details_type):
            raise InvalidInput("审批内容与类型不符。", "The details do not match the approval kind.")
        user = uow.authorize(actor, spec.request_perm)
        text = reason_text(reason)
        try:
            role = spec.default_role if required_role is None else Role(required_role)
        except ValueError:
            raise InvalidInput("未知的审批角色。", "Unknown approver role.") from None
        if work_order_id is not None:
            refuse_if_pending(uow.session, work_order_row(uow, work_order_id))
        approval = file_request(uow, actor, user, spec.kind, details, reason=text,
                                required_role=role, work_order_id=work_order_id)
        info = approval_info(uow.session, approval)
        uow.commit()
    return info


def sign_now(uow: UnitOfWork, user: User, actor: Actor, kind: ApprovalKind, details: Details, *, reason: str,
             requested_by: int, requested_at: datetime, work_order_id: int | None = None,
             claim_order_id: int | None = None, comment: str = "签字 / signed") -> Approval:
    """A signature the acting user gives at once (the caller authorized the kind's decide_perm), inside the
    caller's transaction: an approved request naming who asked, who signed and when."""
    spec = spec_of(kind)
    approval = Approval(kind=spec.kind.value, state=ApprovalState.APPROVED.value, work_order_id=work_order_id,
                        claim_order_id=claim_order_id, required_role=spec.default_role.value,
                        requested_by=requested_by, requested_at=requested_at, reason=reason,
                        details=json.dumps(details.to_json(), ensure_ascii=False), decided_by=user.id,
                        decided_at=uow.now, decision_reason=comment)
    uow.session.add(approval)
    uow.session.flush()
    return approval


Effect = Callable[[UnitOfWork, User, Approval, Details], None]


def apply_discount(uow: UnitOfWork, actor_id: int, wo: WorkOrder, advisor_id: int, pct: Decimal, amount: Decimal,
                   reason: str, approval_id: int | None) -> DiscountGrant:
    """Put the discount on the work order and record the grant. DiscountGrant.amount is the money off when
    given (for a percentage too), so the discount report sums it per advisor per week."""
    now = uow.now
    money_off = compute_totals(uow.session, wo, discount_pct=pct, discount_amount=amount).discount
    for old in uow.session.scalars(
        select(DiscountGrant).where(DiscountGrant.work_order_id == wo.id, DiscountGrant.active.is_(True))
    ):
        old.active = False
    grant = DiscountGrant(work_order_id=wo.id, advisor_id=advisor_id, week_start=week_start(now), pct=pct,
                          amount=money_off, reason=reason, at=now, approval_id=approval_id, active=True)
    uow.session.add(grant)
    wo.discount_pct = pct
    wo.discount_amount = amount
    wo.discount_reason = reason
    wo.updated_at = now
    wo.updated_by = actor_id
    uow.session.flush()
    return grant


def _discount_effect(uow: UnitOfWork, decider: User, approval: Approval, details: Details) -> None:
    assert isinstance(details, DiscountDetails) and approval.work_order_id is not None
    wo = work_order_row(uow, approval.work_order_id)
    if wo.state in SETTLED_OR_CANCELLED:
        raise RuleViolation(f"工单 {wo.number} 已结算或已取消，不能再打折。",
                            f"Work order {wo.number} is settled or cancelled; it takes no discount now.")
    # the approved discount counts in the advisor's week: take their lock as give_discount does
    uow.session.execute(select(User.id).where(User.id == approval.requested_by).with_for_update()).one()
    apply_discount(uow, decider.id, wo, approval.requested_by, details.pct, details.amount, approval.reason,
                   approval.id)


def _late_void_effect(uow: UnitOfWork, decider: User, approval: Approval, details: Details) -> None:
    from workshop.domain.approval_kinds import PaymentVoidDetails
    from workshop.services.cashier import late_void_effect

    assert isinstance(details, PaymentVoidDetails)
    late_void_effect(uow, decider, approval, details)


def _write_off_effect(uow: UnitOfWork, decider: User, approval: Approval, details: Details) -> None:
    from workshop.domain.approval_kinds import WriteOffDetails
    from workshop.services.receivables import write_off_effect

    assert isinstance(details, WriteOffDetails)
    write_off_effect(uow, decider, approval, details)


EFFECTS: dict[ApprovalKind, Effect] = {ApprovalKind.DISCOUNT: _discount_effect,
                                       ApprovalKind.PAYMENT_VOID: _late_void_effect,
                                       ApprovalKind.WRITE_OFF: _write_off_effect}


def register_effect(kind: ApprovalKind, effect: Effect) -> None:
    """What approving a request of `kind` does, in the deciding transaction (for kinds other features add)."""
    EFFECTS[kind] = effect


def recorded_figures(details: dict[str, Any]) -> Figures | None:
    return Figures.from_json(details)


def figures_now(uow: UnitOfWork, wo: WorkOrder, details: Details | None = None) -> Figures:
    """The work order's figures now; for a pending discount request, with the discount it asks for."""
    if isinstance(details, DiscountDetails):
        return compute_totals(uow.session, wo, discount_pct=details.pct, discount_amount=details.amount).figures
    return compute_totals(uow.session, wo).figures


def _roles(user: User) -> frozenset[Role]:
    return frozenset(Role(r.role) for r in user.roles)


def decide(uow: UnitOfWork, actor: Actor, approval_id: int, approve: bool, reason: object = "") -> ApprovalInfo:
    """A4: approve or refuse a request of any kind. The decider's role must cover it (the registry says who
    decides up to what); nobody decides their own request; a refusal says why. When the work order's figures
    are no longer those the request was filed with, the request becomes void instead (nothing is applied)."""
    with uow:
        uow.authorize(actor, Perm.APPROVAL_DECIDE)
        if not isinstance(approve, bool):
            raise InvalidInput("请选择批准或拒绝。", "Choose approve or refuse.")
        text = reason_text(reason, required=not approve)
        approval = uow.session.get(Approval, approval_id, with_for_update=True)
        if approval is None:
            raise NotFound("找不到这个审批申请。", "No such approval request.")
        spec = spec_of(approval.kind)
        user = uow.authorize(actor, spec.decide_perm)
        if approval.state != PENDING:
            raise RuleViolation("这个申请已经处理过了。", "This request has already been decided.")
        if approval.requested_by == user.id:
            raise PermissionDenied("不能审批自己提出的申请。", "Nobody approves their own request.")
        now = uow.now
        limits = policy_limits(uow.session, now)
        raw = json.loads(approval.details or "{}")
        details = parse_details(approval.kind, raw)
        role = Role(approval.required_role)
        if not spec.may_decide(_roles(user), role, limits, details):
            raise PermissionDenied(f"这个申请需要{label(role)}或更高的审批权限。",
                                   f"This request needs the {label(role, 'en').lower()} or a higher approver.")
        approval.decided_by = user.id
        approval.decided_at = now
        approval.decision_reason = text
        raw["decided_with_limits"] = limits.as_json()
        approved_figures = recorded_figures(raw)
        comparison: Comparison | None = None
        if spec.binds_figures and approval.work_order_id is not None and approved_figures is not None:
            now_figures = figures_now(uow, work_order_row(uow, approval.work_order_id), details)
            comparison = compare(approved_figures, now_figures)
            if now_figures.digest != approved_figures.digest and comparison.within:
                comparison = Comparison(False, False, "申请后项目或价格已改变，申请失效，请重新申请。",
                                        "The lines or prices changed after the request; it is void, ask again.")
        if comparison is not None and not comparison.within:
            approval.state = ApprovalState.VOID.value
            approval.decision_reason = comparison.zh[:300]
        else:
            approval.state = ApprovalState.APPROVED.value if approve else ApprovalState.REFUSED.value
            if approve and spec.kind in EFFECTS:
                EFFECTS[spec.kind](uow, user, approval, details)
        approval.details = json.dumps(raw, ensure_ascii=False)
        uow.session.flush()
        uow.audit(actor, "approval.decide", "approval", approval.id, kind=approval.kind, decision=approval.state,
                  reason=approval.decision_reason, work_order_id=approval.work_order_id)
        info = approval_info(uow.session, approval)
        uow.commit()
    return info


def sign(uow: UnitOfWork, actor: Actor, approval_id: int, comment: object = "") -> ApprovalInfo:
    """Approve a pending signature request (quote signature ...)."""
    return decide(uow, actor, approval_id, True, comment)


def withdraw(uow: UnitOfWork, actor: Actor, approval_id: int) -> ApprovalInfo:
    """A4: the one who asked takes a pending request back (to edit the work order, say). One click."""
    with uow:
        uow.authorize(actor, Perm.VIEW)  # the right to ask for this kind is checked once the request is read
        approval = uow.session.get(Approval, approval_id, with_for_update=True)
        if approval is None:
            raise NotFound("找不到这个审批申请。", "No such approval request.")
        if approval.requested_by != actor.user_id:
            raise PermissionDenied("只有申请人可以撤回申请。", "Only the one who asked can withdraw a request.")
        uow.authorize(actor, spec_of(approval.kind).request_perm)
        if approval.state != PENDING:
            raise RuleViolation("这个申请已经处理过了，不能撤回。", "This request was already decided; it cannot be withdrawn.")
        approval.state = ApprovalState.WITHDRAWN.value
        approval.decided_by = actor.user_id
        approval.decided_at = uow.now
        approval.decision_reason = ""  # the state says it: withdrawn by the one who asked
        uow.session.flush()
        uow.audit(actor, "approval.withdraw", "approval", approval.id, kind=approval.kind,
                  work_order_id=approval.work_order_id)
        info = approval_info(uow.session, approval)
        uow.commit()
    return info


# --- after a change to the lines ------------------------------------------------------------------------


def revalidate_after_change(uow: UnitOfWork, actor: Actor, wo: WorkOrder) -> None:
    """A4, inside the editing transaction: each approval of this work order that approved figures still holds
    when the new figures stay within them (audited as such); otherwise it becomes void and its discount grant
    no longer covers the discount (settlement then asks for a new approval)."""
    uow.session.flush()
    rows = list(uow.session.scalars(
        select(Approval).where(Approval.work_order_id == wo.id, Approval.state == ApprovalState.APPROVED.value)
    ))
    bound = [a for a in rows if spec_of(a.kind).binds_figures]
    if not bound:
        return
    now_figures = figures_now(uow, wo)
    for a in bound:
        approved = recorded_figures(json.loads(a.details or "{}"))
        if approved is None:
            continue
        result = compare(approved, now_figures)
        if result.same:
            continue
        if result.within:
            uow.audit(actor, "approval.still_within", "approval", a.id, kind=a.kind, number=wo.number,
                      note=result.zh, figures=now_figures.to_json())
            continue
        a.state = ApprovalState.VOID.value
        details = json.loads(a.details or "{}")
        details.update(void_zh=result.zh, void_en=result.en, void_at=uow.now.isoformat(),
                       void_figures=now_figures.to_json())
        a.details = json.dumps(details, ensure_ascii=False)
        uow.audit(actor, "approval.void", "approval", a.id, kind=a.kind, number=wo.number, note=result.zh,
                  figures=now_figures.to_json())
