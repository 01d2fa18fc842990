"""A1-A4: discounts within the limit, approval requests up the ladder, decisions, and the settlement check.

The weekly quota is counted inside the locked transaction: the giving advisor's User row is locked
(SELECT ... FOR UPDATE; on SQLite the write transaction is BEGIN IMMEDIATE) before their week is counted,
so two desks cannot both give the same advisor's last discount of the week.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.db.models import Approval, DiscountGrant, User, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.clock import week_start
from workshop.domain.discount_policy import (
    LADDER,
    Decision,
    approver_covers_margin,
    decide_accident_margin,
    decide_discount,
    fmt_pct,
)
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation, StaleEdit
from workshop.domain.money import parse_amount
from workshop.domain.roles import ROLE_NAMES_EN, ROLE_NAMES_ZH, Actor, Perm, Role
from workshop.domain.text import clean_text
from workshop.domain.work_order import Kind, State
from workshop.services.limits import policy_limits
from workshop.services.totals import Totals, compute_totals

DISCOUNT = "discount"
ACCIDENT_MARGIN = "accident_margin"
DISCOUNT_KINDS = (Kind.GENERAL.value, Kind.MAINTENANCE.value)  # customer-paid work (A1, F8)
OPEN_FOR_DISCOUNT = (State.DRAFT.value, State.STARTED.value, State.IN_PROGRESS.value, State.COMPLETED.value,
                     State.INSPECTED.value)


@dataclass(frozen=True)
class DiscountResult:
    work_order_id: int
    work_order_no: str
    pct: Decimal
    amount: Decimal
    discount: Decimal       # money off the gross
    total: Decimal          # after discount
    margin_pct: Decimal | None
    week_count: int         # this advisor's discounted work orders this week, this one included
    grant_id: int
    approval_id: int | None
    version: int


@dataclass(frozen=True)
class ApprovalInfo:
    id: int
    kind: str
    state: str
    work_order_id: int | None
    work_order_no: str
    required_role: str
    requested_by: int
    requested_by_name: str
    requested_at: datetime
    reason: str
    details: dict[str, Any]
    decided_by: int | None
    decided_by_name: str
    decided_at: datetime | None
    decision_reason: str


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


# --- helpers -------------------------------------------------------------------------------------------


def _roles_of(session: Session, user_id: int) -> frozenset[Role]:
    user = session.get(User, user_id)
    return frozenset(Role(r.role) for r in user.roles) if user else frozenset()


def _work_order(uow: UnitOfWork, work_order_id: int, *, lock: bool = True) -> WorkOrder:
    wo = uow.session.get(WorkOrder, work_order_id, with_for_update=lock)
    if wo is None:
        raise NotFound("找不到这张工单。", "No such work order.")
    return wo


def _reason(value: object, *, required: bool = True) -> str:
    if not required and (value is None or str(value).strip() == ""):
        return ""
    return clean_text(value, "原因", "Reason", max_len=200)


def _discount_input(pct: object, amount: object) -> tuple[Decimal, Decimal]:
    given_pct = pct not in (None, "")
    given_amount = amount not in (None, "")
    if given_pct == given_amount:
        raise InvalidInput("请填写折扣百分比或折扣金额（二选一）。", "Give either a percentage or an amount off.")
    if given_pct:
        value = parse_amount(pct, "折扣百分比", "Discount percentage", allow_zero=False, maximum=Decimal(100))
        return value, Decimal("0.00")
    return Decimal("0.00"), parse_amount(amount, "折扣金额", "Discount amount", allow_zero=False)


def _pending(session: Session, work_order_id: int) -> Approval | None:
    return session.scalar(
        select(Approval).where(Approval.work_order_id == work_order_id, Approval.state == "pending")
        .order_by(Approval.id).limit(1)
    )


def _refuse_if_pending(session: Session, wo: WorkOrder) -> None:
    pending = _pending(session, wo.id)
    if pending is not None:
        role = Role(pending.required_role)
        raise RuleViolation(
            f"工单 {wo.number} 有一个待{ROLE_NAMES_ZH[role]}审批的申请，审批前不能继续。",
            f"Work order {wo.number} has a request waiting for the {ROLE_NAMES_EN[role].lower()}'s "
            f"decision; nothing proceeds until it is decided.",
        )


def week_count(session: Session, advisor_id: int, week: datetime, *, excluding_work_order: int | None = None,
               before: datetime | None = None) -> int:
    """Distinct work orders this advisor discounted in the calendar week starting at `week`."""
    q = select(func.count(func.distinct(DiscountGrant.work_order_id))).where(
        DiscountGrant.advisor_id == advisor_id, DiscountGrant.week_start == week, DiscountGrant.active.is_(True)
    )
    if excluding_work_order is not None:
        q = q.where(DiscountGrant.work_order_id != excluding_work_order)
    if before is not None:
        q = q.where(DiscountGrant.at < before)
    return int(session.scalar(q) or 0)


def _check_discountable(wo: WorkOrder) -> None:
    if wo.kind not in DISCOUNT_KINDS:
        raise RuleViolation(
            "只有一般维修和保养工单可以打折；事故车按毛利率审批（A2）。",
            "Only general repair and maintenance work orders take a discount; accident jobs go by margin (A2).",
        )
    if wo.state not in OPEN_FOR_DISCOUNT:
        raise RuleViolation(f"工单 {wo.number} 已结算或已取消，不能再打折。",
                            f"Work order {wo.number} is settled or cancelled; it takes no discount now.")


def _apply(uow: UnitOfWork, actor_id: int, wo: WorkOrder, advisor_id: int, pct: Decimal, amount: Decimal,
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


def _numbers(totals: Totals, pct: Decimal, amount: Decimal, count_before: int, decision: Decision,
             limits_json: dict[str, object]) -> dict[str, Any]:
    return {
        "pct": str(pct), "amount": str(amount), "pct_of_gross": str(totals.discount_pct_of_gross),
        "discount": str(totals.discount), "gross": str(totals.gross), "total_after": str(totals.total),
        "margin_pct_after": None if totals.margin_pct is None else str(totals.margin_pct),
        "week_count_before": count_before, "policy_zh": decision.reason_zh, "policy_en": decision.reason_en,
        "limits": limits_json,
    }


# --- A1: giving a discount ----------------------------------------------------------------------------


def _evaluate(uow: UnitOfWork, actor: Actor, work_order_id: int, pct: object, amount: object,
              expected_version: int | None) -> tuple[WorkOrder, Decimal, Decimal, Totals, int, Decision, User]:
    user = uow.authorize(actor, Perm.DISCOUNT_GIVE)
    wo = _work_order(uow, work_order_id)
    if expected_version is not None and wo.version != expected_version:
        raise StaleEdit("工单已被别人修改，请刷新。", "The work order was changed by someone else — reload.")
    _check_discountable(wo)
    _refuse_if_pending(uow.session, wo)
    the_pct, the_amount = _discount_input(pct, amount)
    totals = compute_totals(uow.session, wo, discount_pct=the_pct, discount_amount=the_amount)
    if totals.gross <= 0:
        raise RuleViolation("工单还没有金额，不能打折。", "The work order has no amount yet; nothing to discount.")
    if the_amount > totals.gross:
        raise InvalidInput("折扣金额超过工单金额。", "The amount off is more than the work order's total.")
    # the quota is counted after this lock: a second desk giving this advisor's discount waits here
    uow.session.execute(select(User.id).where(User.id == user.id).with_for_update()).one()
    now = uow.now
    count_before = week_count(uow.session, user.id, week_start(now), excluding_work_order=wo.id)
    limits = policy_limits(uow.session, now)
    roles = frozenset(Role(r.role) for r in user.roles)
    decision = decide_discount(limits, roles, count_before, totals.discount_pct_of_gross)
    return wo, the_pct, the_amount, totals, count_before, decision, user


def give_discount(uow: UnitOfWork, actor: Actor, work_order_id: int, *, pct: object = None,
                  amount: object = None, reason: object, expected_version: int | None = None) -> DiscountResult:
    """A1: within the giver's limit the discount applies at once and shows in the director's discount
    report; otherwise RuleViolation with the policy's sentence (then request_discount_approval)."""
    text = _reason(reason)
    with uow:
        wo, the_pct, the_amount, totals, count_before, decision, user = _evaluate(
            uow, actor, work_order_id, pct, amount, expected_version)
        if not decision.allowed:
            raise RuleViolation(decision.reason_zh + "可以申请审批。", decision.reason_en + " You can ask for approval.")
        grant = _apply(uow, actor.user_id, wo, user.id, the_pct, the_amount, text, None)
        uow.audit(actor, "discount.give", "work_order", wo.id, number=wo.number, pct=str(the_pct),
                  amount=str(the_amount), discount=str(totals.discount), reason=text,
                  week_count=count_before + 1)
        result = DiscountResult(wo.id, wo.number, the_pct, the_amount, totals.discount, totals.total,
                                totals.margin_pct, count_before + 1, grant.id, None, wo.version)
        uow.commit()
    return result


def request_discount_approval(uow: UnitOfWork, actor: Actor, work_order_id: int, *, pct: object = None,
                              amount: object = None, reason: object,
                              expected_version: int | None = None) -> ApprovalInfo:
    """A1/A3: send a discount above the giver's limit to the lowest role whose limit covers it."""
    text = _reason(reason)
    with uow:
        wo, the_pct, the_amount, totals, count_before, decision, user = _evaluate(
            uow, actor, work_order_id, pct, amount, expected_version)
        if decision.allowed or decision.needs_role is None:
            raise RuleViolation("这个折扣在您的权限内，可以直接打折，不需要审批。",
                                "This discount is within your limit: give it directly, no approval needed.")
        now = uow.now
        limits = policy_limits(uow.session, now)
        approval = Approval(
            kind=DISCOUNT, state="pending", work_order_id=wo.id, required_role=decision.needs_role.value,
            requested_by=user.id, requested_at=now, reason=text,
            details=json.dumps(_numbers(totals, the_pct, the_amount, count_before, decision, limits.as_json()),
                               ensure_ascii=False),
        )
        uow.session.add(approval)
        uow.session.flush()
        uow.audit(actor, "approval.request", "approval", approval.id, kind=DISCOUNT, number=wo.number,
                  pct=str(the_pct), amount=str(the_amount), required_role=approval.required_role, reason=text)
        info = approval_info(uow.session, approval)
        uow.commit()
    return info


# --- A2: accident margin -------------------------------------------------------------------------------


def margin_decision(uow: UnitOfWork, work_order: WorkOrder, settler_roles: frozenset[Role]
                    ) -> tuple[Totals, Decision]:
    totals = compute_totals(uow.session, work_order)
    limits = policy_limits(uow.session, uow.now)
    return totals, decide_accident_margin(limits, totals.margin_pct, settler_roles)


def request_margin_approval(uow: UnitOfWork, actor: Actor, work_order_id: int, reason: object) -> ApprovalInfo:
    """A2: the accident job's margin goes to the front-desk lead (at or above the floor) or, with the
    advisor's written reason, to the service director (below it)."""
    text = _reason(reason)
    with uow:
        user = uow.authorize(actor, Perm.WORK_ORDER_SETTLE)
        wo = _work_order(uow, work_order_id)
        if wo.kind != Kind.ACCIDENT.value:
            raise RuleViolation("只有事故车工单需要毛利率审批。", "Only accident jobs need a margin approval.")
        if wo.state in (State.SETTLED.value, State.DELIVERED.value, State.CLOSED.value, State.CANCELLED.value):
            raise RuleViolation(f"工单 {wo.number} 已结算或已取消。", f"Work order {wo.number} is settled or cancelled.")
        _refuse_if_pending(uow.session, wo)
        totals, decision = margin_decision(uow, wo, frozenset())
        assert decision.needs_role is not None
        limits = policy_limits(uow.session, uow.now)
        details = {
            "margin_pct": None if totals.margin_pct is None else str(totals.margin_pct),
            "revenue": str(totals.total), "parts_cost": str(totals.parts_cost),
            "labor_cost": str(totals.labor_cost), "gross_profit": str(totals.gross_profit),
            "floor_pct": str(limits.min_accident_margin_pct), "policy_zh": decision.reason_zh,
            "policy_en": decision.reason_en, "limits": limits.as_json(),
        }
        approval = Approval(kind=ACCIDENT_MARGIN, state="pending", work_order_id=wo.id,
                            required_role=decision.needs_role.value, requested_by=user.id,
                            requested_at=uow.now, reason=text, details=json.dumps(details, ensure_ascii=False))
        uow.session.add(approval)
        uow.session.flush()
        uow.audit(actor, "approval.request", "approval", approval.id, kind=ACCIDENT_MARGIN, number=wo.number,
                  margin_pct=details["margin_pct"], required_role=approval.required_role, reason=text)
        info = approval_info(uow.session, approval)
        uow.commit()
    return info


# --- A3/A4: deciding -----------------------------------------------------------------------------------


def can_decide(roles: frozenset[Role], approval_kind: str, required_role: str, details: dict[str, Any],
               limits_approve: dict[Role, Decimal] | None = None) -> bool:
    """Whether holders of `roles` may decide this request (the director decides all)."""
    if Role.SERVICE_DIRECTOR in roles:
        return True
    try:
        required = Role(required_role)
    except ValueError:
        return False
    if approval_kind == ACCIDENT_MARGIN:
        return approver_covers_margin(required, roles)
    if approval_kind == DISCOUNT:
        pct = Decimal(str(details.get("pct_of_gross", "100")))
        ladder = limits_approve or {}
        return any(r in roles and ladder.get(r, Decimal(0)) > 0 and pct <= ladder.get(r, Decimal(0))
                   for r in LADDER)
    return required in roles


def decide(uow: UnitOfWork, actor: Actor, approval_id: int, approve: bool, reason: object = "") -> ApprovalInfo:
    """A4: approve or refuse a request. The role must cover it; nobody decides their own request; a refusal
    says why. An approved discount applies at once (its grant names the approval)."""
    with uow:
        user = uow.authorize(actor, Perm.APPROVAL_DECIDE)
        if not isinstance(approve, bool):
            raise InvalidInput("请选择批准或拒绝。", "Choose approve or refuse.")
        text = _reason(reason, required=not approve)
        approval = uow.session.get(Approval, approval_id, with_for_update=True)
        if approval is None:
            raise NotFound("找不到这个审批申请。", "No such approval request.")
        if approval.state != "pending":
            raise RuleViolation("这个申请已经处理过了。", "This request has already been decided.")
        if approval.kind not in (DISCOUNT, ACCIDENT_MARGIN):
            raise RuleViolation("索赔订货单请在索赔订货界面签字。", "Claim orders are signed on the claim orders screen.")
        if approval.requested_by == user.id:
            raise PermissionDenied("不能审批自己提出的申请。", "Nobody approves their own request.")
        now = uow.now
        limits = policy_limits(uow.session, now)
        roles = frozenset(Role(r.role) for r in user.roles)
        details = json.loads(approval.details or "{}")
        if not can_decide(roles, approval.kind, approval.required_role, details, dict(limits.approve_up_to_pct)):
            role = Role(approval.required_role)
            raise PermissionDenied(
                f"这个申请需要{ROLE_NAMES_ZH[role]}或更高的审批权限。",
                f"This request needs the {ROLE_NAMES_EN[role].lower()} or a higher approver.",
            )
        approval.state = "approved" if approve else "refused"
        approval.decided_by = user.id
        approval.decided_at = now
        approval.decision_reason = text
        details["decided_with_limits"] = limits.as_json()
        approval.details = json.dumps(details, ensure_ascii=False)
        if approve and approval.kind == DISCOUNT and approval.work_order_id is not None:
            wo = _work_order(uow, approval.work_order_id)
            _check_discountable(wo)
            # the approved discount counts in the advisor's week: take their lock as give_discount does
            uow.session.execute(select(User.id).where(User.id == approval.requested_by).with_for_update()).one()
            _apply(uow, user.id, wo, approval.requested_by, Decimal(details["pct"]), Decimal(details["amount"]),
                   approval.reason, approval.id)
        uow.session.flush()
        uow.audit(actor, "approval.decide", "approval", approval.id, kind=approval.kind,
                  decision=approval.state, reason=text, work_order_id=approval.work_order_id)
        info = approval_info(uow.session, approval)
        uow.commit()
    return info


# --- the settlement check -----------------------------------------------------------------------------


def _grant_matches(grant: DiscountGrant, wo: WorkOrder) -> bool:
    if grant.pct != wo.discount_pct:
        return False
    return wo.discount_amount == 0 or grant.amount == wo.discount_amount


def _check_discount_covered(uow: UnitOfWork, wo: WorkOrder, totals: Totals) -> None:
    if totals.discount <= 0:
        return
    grant = uow.session.scalar(
        select(DiscountGrant).where(DiscountGrant.work_order_id == wo.id, DiscountGrant.active.is_(True))
        .order_by(DiscountGrant.id.desc()).limit(1)
    )
    if grant is None or not _grant_matches(grant, wo):
        raise RuleViolation(
            f"工单 {wo.number} 的折扣没有按规定给出或审批（A1），不能结算。",
            f"The discount on work order {wo.number} was not given or approved through A1; it cannot settle.",
        )
    if grant.approval_id is not None:
        state = uow.session.scalar(select(Approval.state).where(Approval.id == grant.approval_id))
        if state == "approved":
            return  # a past decision keeps the limits that applied when it was made
    # given within the advisor's own limit: re-checked with the limits in force now (A3)
    now = uow.now
    limits = policy_limits(uow.session, now)
    before = week_count(uow.session, grant.advisor_id, grant.week_start, excluding_work_order=wo.id,
                        before=grant.at)
    decision = decide_discount(limits, _roles_of(uow.session, grant.advisor_id), before,
                               totals.discount_pct_of_gross)
    if not decision.allowed:
        raise RuleViolation(
            f"工单 {wo.number} 的折扣 {fmt_pct(totals.discount_pct_of_gross)}% 按现行限额不再允许："
            f"{decision.reason_zh}请申请审批后再结算。",
            f"The discount of {fmt_pct(totals.discount_pct_of_gross)}% on {wo.number} is not covered by the "
            f"limits in force now: {decision.reason_en} Ask for approval before settling.",
        )


def _check_accident_margin(uow: UnitOfWork, actor: Actor, wo: WorkOrder) -> None:
    totals, decision = margin_decision(uow, wo, _roles_of(uow.session, actor.user_id))
    if decision.allowed:
        return
    approved = uow.session.scalars(
        select(Approval).where(Approval.work_order_id == wo.id, Approval.kind == ACCIDENT_MARGIN,
                               Approval.state == "approved").order_by(Approval.id.desc())
    ).first()
    if approved is not None:
        details = json.loads(approved.details or "{}")
        was = details.get("margin_pct")
        now_pct = totals.margin_pct
        if was is not None and now_pct is not None and now_pct >= Decimal(was):
            return
        if was is None and now_pct is None:
            return
        raise RuleViolation(
            f"事故车工单 {wo.number} 的毛利率已从审批时的 {was}% 变为 {now_pct}%，需要重新审批。",
            f"Accident job {wo.number}'s margin changed from {was}% when approved to {now_pct}%; ask again.",
        )
    raise RuleViolation(decision.reason_zh + "请先提交毛利率审批。",
                        decision.reason_en + " Ask for the margin approval first.")


def check_before_settlement(uow: UnitOfWork, actor: Actor, work_order: WorkOrder) -> None:
    """Called by settlement inside its own transaction: refuses while an approval is pending (A4), when the
    discount in force is not covered by the limits in force now or an approval (A1, A3), and for an
    accident job whose margin has not been approved (A2)."""
    _refuse_if_pending(uow.session, work_order)
    totals = compute_totals(uow.session, work_order)
    _check_discount_covered(uow, work_order, totals)
    if work_order.kind == Kind.ACCIDENT.value:
        _check_accident_margin(uow, actor, work_order)
