"""A1-A3: discounts within the limit, discount and margin requests up the ladder, and the settlement check.
The requests themselves (filing, deciding, withdrawing, the lock while pending, A4's figures) are the one
mechanism of workshop.services.approval_requests, re-exported here.

The weekly quota is counted inside the locked transaction: the giving advisor's User row is locked
(SELECT ... FOR UPDATE; on SQLite the write transaction is BEGIN IMMEDIATE) before their week is counted,
so two desks cannot both give the same advisor's last discount of the week.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.approvals_store import discount_case
from workshop.db.approvals_store import week_count as week_count
from workshop.db.models import Approval, DiscountGrant, User, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.approval_figures import Figures, compare
from workshop.domain.approval_kinds import (
    ApprovalInfo,
    ApprovalKind,
    ApprovalState,
    DiscountDetails,
    MarginDetails,
)
from workshop.domain.clock import week_start
from workshop.domain.discount_policy import (
    Decision,
    assess_discount,
    decide_accident_margin,
    decide_discount,
    discount_input,
    fmt_pct,
)
from workshop.domain.errors import RuleViolation, StaleEdit
from workshop.domain.kind_policy import policy_of
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.work_order import SETTLED_OR_CANCELLED
from workshop.services.approval_requests import (
    apply_discount,
    approval_info,
    check_lines_unlocked,
    decide,
    file_request,
    reason_text,
    refuse_if_pending,
    register_effect,
    request_signature,
    revalidate_after_change,
    sign,
    sign_now,
    withdraw,
    work_order_row,
)
from workshop.services.limits import policy_limits
from workshop.services.totals import Totals, compute_totals

__all__ = [
    "ApprovalInfo", "DiscountResult", "approval_info", "check_before_settlement", "check_lines_unlocked",
    "decide", "give_discount", "register_effect", "request_discount_approval", "request_margin_approval",
    "request_signature", "revalidate_after_change", "sign", "sign_now", "week_count", "withdraw",
]

DISCOUNT = ApprovalKind.DISCOUNT.value
ACCIDENT_MARGIN = ApprovalKind.ACCIDENT_MARGIN.value


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


def _roles_of(session: Session, user_id: int) -> frozenset[Role]:
    user = session.get(User, user_id)
    return frozenset(Role(r.role) for r in user.roles) if user else frozenset()


# --- A1: giving a discount ----------------------------------------------------------------------------

def _evaluate(uow: UnitOfWork, actor: Actor, work_order_id: int, pct: object, amount: object,
              expected_version: int | None) -> tuple[WorkOrder, Decimal, Decimal, Totals, int, Decision, tuple[str, str] | None, User]:
    user = uow.authorize(actor, Perm.DISCOUNT_GIVE)
    wo = work_order_row(uow, work_order_id)
    if expected_version is not None and wo.version != expected_version:
        raise StaleEdit("工单已被别人修改，请刷新。", "The work order was changed by someone else — reload.")
    the_pct, the_amount = discount_input(pct, amount)
    totals = compute_totals(uow.session, wo, discount_pct=the_pct, discount_amount=the_amount)
    # the quota is counted after this lock: a second desk giving this advisor's discount waits here
    uow.session.execute(select(User.id).where(User.id == user.id).with_for_update()).one()
    now = uow.now
    count_before = week_count(uow.session, user.id, week_start(now), excluding_work_order=wo.id)
    limits = policy_limits(uow.session, now)
    roles = frozenset(Role(r.role) for r in user.roles)
    decision, rule = assess_discount(limits, discount_case(uow.session, wo, roles, count_before, totals, the_amount))
    return wo, the_pct, the_amount, totals, count_before, decision, rule, user


def give_discount(uow: UnitOfWork, actor: Actor, work_order_id: int, *, pct: object = None,
                  amount: object = None, reason: object, expected_version: int | None = None) -> DiscountResult:
    """A1: within the giver's limit the discount applies at once and shows in the director's discount
    report; otherwise RuleViolation with the policy's sentence (then request_discount_approval)."""
    text = reason_text(reason)
    with uow:
        wo, the_pct, the_amount, totals, count_before, decision, _rule, user = _evaluate(
            uow, actor, work_order_id, pct, amount, expected_version)
        if not decision.allowed:
            raise RuleViolation(decision.reason_zh + "可以申请审批。", decision.reason_en + " You can ask for approval.")
        grant = apply_discount(uow, actor.user_id, wo, user.id, the_pct, the_amount, text, None)
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
    text = reason_text(reason)
    with uow:
        wo, the_pct, the_amount, totals, count_before, decision, rule, user = _evaluate(
            uow, actor, work_order_id, pct, amount, expected_version)
        if decision.allowed or decision.needs_role is None or rule is None:
            raise RuleViolation("这个折扣在您的权限内，可以直接打折，不需要审批。",
                                "This discount is within your limit: give it directly, no approval needed.")
        limits = policy_limits(uow.session, uow.now)
        details = DiscountDetails(pct=the_pct, amount=the_amount, figures=totals.figures,
                                  week_count_before=count_before, rule_zh=rule[0], rule_en=rule[1],
                                  policy_zh=decision.reason_zh, policy_en=decision.reason_en,
                                  limits=limits.as_json())
        approval = file_request(uow, actor, user, ApprovalKind.DISCOUNT, details, reason=text,
                                required_role=decision.needs_role, work_order_id=wo.id)
        info = approval_info(uow.session, approval)
        uow.commit()
    return info


# --- A2: accident margin -------------------------------------------------------------------------------


def margin_decision(uow: UnitOfWork, work_order: WorkOrder, settler_roles: frozenset[Role]
                    ) -> tuple[Totals, Decision]:
    """A2 for the work order as it stands."""
    totals = compute_totals(uow.session, work_order)
    limits = policy_limits(uow.session, uow.now)
    return totals, decide_accident_margin(limits, totals.margin_pct, settler_roles)


def request_margin_approval(uow: UnitOfWork, actor: Actor, work_order_id: int, reason: object) -> ApprovalInfo:
    """A2: the accident job's margin goes to the front-desk lead (at or above the floor) or, with the
    advisor's written reason, to the service director (below it)."""
    text = reason_text(reason)
    with uow:
        user = uow.authorize(actor, Perm.WORK_ORDER_SETTLE)
        wo = work_order_row(uow, work_order_id)
        if not policy_of(wo.kind).margin_approval:
            raise RuleViolation("只有事故车工单需要毛利率审批。", "Only accident jobs need a margin approval.")
        if wo.state in SETTLED_OR_CANCELLED:
            raise RuleViolation(f"工单 {wo.number} 已结算或已取消。", f"Work order {wo.number} is settled or cancelled.")
        refuse_if_pending(uow.session, wo)
        totals, decision = margin_decision(uow, wo, frozenset())
        assert decision.needs_role is not None
        limits = policy_limits(uow.session, uow.now)
        details = MarginDetails(margin_pct=totals.margin_pct, floor_pct=limits.min_accident_margin_pct,
                                revenue=totals.total, parts_cost=totals.parts_cost, labor_cost=totals.labor_cost,
                                gross_profit=totals.gross_profit, figures=totals.figures,
                                rule_zh=decision.reason_zh, rule_en=decision.reason_en, limits=limits.as_json())
        approval = file_request(uow, actor, user, ApprovalKind.ACCIDENT_MARGIN, details, reason=text,
                                required_role=decision.needs_role, work_order_id=wo.id)
        info = approval_info(uow.session, approval)
        uow.commit()
    return info


# --- the settlement check (A1-A4 again, against the final figures) ----------------------------------------


def _grant_matches(grant: DiscountGrant, wo: WorkOrder) -> bool:
    if grant.pct != wo.discount_pct:
        return False
    return wo.discount_amount == 0 or grant.amount == wo.discount_amount


def _d(value: object) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def approved_figures(a: Approval, wo: WorkOrder) -> Figures:
    """The figures an approval approved; for a request older than A4's figures, its percent, amount and margin."""
    raw = json.loads(a.details or "{}")
    recorded = Figures.from_json(raw)
    if recorded is not None:
        return recorded
    margin = raw.get("margin_pct_after", raw.get("margin_pct"))
    return Figures(kind=wo.kind, gross=_d(raw.get("gross")), discount=_d(raw.get("discount")),
                   pct_of_gross=_d(raw.get("pct_of_gross") or raw.get("pct")), total=_d(raw.get("total_after")),
                   margin_pct=None if margin in (None, "") else _d(margin), digest="")


def _check_approval_holds(uow: UnitOfWork, actor: Actor, wo: WorkOrder, a: Approval, totals: Totals) -> None:
    """A4 at settlement: the approval holds only while the final figures stay within the recorded ones."""
    if a.state == ApprovalState.VOID.value:
        raw = json.loads(a.details or "{}")
        raise RuleViolation(
            f"工单 {wo.number} 的审批已失效：{raw.get('void_zh') or a.decision_reason}请重新申请审批后再结算。",
            f"The approval on work order {wo.number} no longer holds: {raw.get('void_en') or a.decision_reason} "
            f"Ask for approval again before settling.",
        )
    result = compare(approved_figures(a, wo), totals.figures)
    if not result.within:
        raise RuleViolation(result.zh + "请重新申请审批后再结算。", result.en + " Ask for approval again before settling.")
    if not result.same:
        uow.audit(actor, "approval.still_within", "approval", a.id, kind=a.kind, number=wo.number,
                  note=result.zh, at="settlement", figures=totals.figures.to_json())


def _check_discount_covered(uow: UnitOfWork, actor: Actor, wo: WorkOrder, totals: Totals) -> None:
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
        approval = uow.session.get(Approval, grant.approval_id)
        if approval is not None and approval.state in (ApprovalState.APPROVED.value, ApprovalState.VOID.value):
            # a past decision keeps the limits that applied when it was made, for the figures it was shown
            _check_approval_holds(uow, actor, wo, approval, totals)
            return
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


def _check_accident_margin(uow: UnitOfWork, actor: Actor, wo: WorkOrder, totals: Totals) -> None:
    limits = policy_limits(uow.session, uow.now)
    decision = decide_accident_margin(limits, totals.margin_pct, _roles_of(uow.session, actor.user_id))
    if decision.allowed:
        return
    last = uow.session.scalars(
        select(Approval).where(Approval.work_order_id == wo.id, Approval.kind == ACCIDENT_MARGIN,
                               Approval.state.in_([ApprovalState.APPROVED.value, ApprovalState.VOID.value]))
        .order_by(Approval.id.desc())
    ).first()
    if last is not None:
        _check_approval_holds(uow, actor, wo, last, totals)
        return
    raise RuleViolation(decision.reason_zh + "请先提交毛利率审批。",
                        decision.reason_en + " Ask for the margin approval first.")


def check_before_settlement(uow: UnitOfWork, actor: Actor, work_order: WorkOrder) -> None:
    """Called by settlement inside its own transaction: refuses while an approval is pending (A4), when the
    discount in force is not covered by the limits in force now or by an approval whose figures still hold
    (A1, A3, A4), and for an accident job whose margin has not been approved for these figures (A2)."""
    refuse_if_pending(uow.session, work_order)
    totals = compute_totals(uow.session, work_order)
    _check_discount_covered(uow, actor, work_order, totals)
    if policy_of(work_order.kind).margin_approval:
        _check_accident_margin(uow, actor, work_order, totals)
