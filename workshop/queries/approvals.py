"""Read side of A1-A4: the approval inbox with its badge, an advisor's own requests, the discount report,
and a preview of a discount before it is given."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import aliased

from workshop.db.approvals_store import discount_case, lock_sentence, pending_request, week_count
from workshop.db.limits_store import policy_limits
from workshop.db.models import Approval, DiscountGrant, User, WorkOrder
from workshop.db.totals_store import compute_totals
from workshop.db.uow import Database
from workshop.domain.approval_kinds import ApprovalInfo, spec_of
from workshop.domain.clock import utcnow, week_start
from workshop.domain.discount_policy import assess_discount, discount_input
from workshop.domain.errors import NotFound
from workshop.domain.roles import Actor, Role

ApprovalRow = ApprovalInfo  # the one record of a request (workshop.domain.approval_kinds)


def _inbox_filter(actor: Actor) -> ColumnElement[bool]:
    """Requests whose required role the actor holds; the director sees all. Never the actor's own."""
    mine = Approval.requested_by != actor.user_id
    if Role.SERVICE_DIRECTOR in actor.roles:
        return mine
    return and_(mine, Approval.required_role.in_([r.value for r in actor.roles]))


def _rows(db: Database, stmt: Select[Approval]) -> list[ApprovalRow]:
    requester = aliased(User)
    decider = aliased(User)
    full = (
        stmt.add_columns(WorkOrder.number, requester.display_name, decider.display_name)
        .outerjoin(WorkOrder, WorkOrder.id == Approval.work_order_id)
        .join(requester, requester.id == Approval.requested_by)
        .outerjoin(decider, decider.id == Approval.decided_by)
    )
    with db.read() as s:
        return [
            ApprovalRow(
                id=a.id, kind=a.kind, state=a.state, work_order_id=a.work_order_id, work_order_no=number or "",
                required_role=a.required_role, requested_by=a.requested_by, requested_by_name=req_name,
                requested_at=a.requested_at, reason=a.reason, details=json.loads(a.details or "{}"),
                decided_by=a.decided_by, decided_by_name=dec_name or "", decided_at=a.decided_at,
                decision_reason=a.decision_reason,
            )
            for a, number, req_name, dec_name in s.execute(full)
        ]


def inbox(db: Database, actor: Actor, *, pending_only: bool = True, offset: int = 0,
          limit: int = 100) -> list[ApprovalRow]:
    """The approver's inbox: pending first (oldest first), or every request they may see."""
    stmt = select(Approval).where(_inbox_filter(actor))
    if pending_only:
        stmt = stmt.where(Approval.state == "pending").order_by(Approval.requested_at, Approval.id)
    else:
        stmt = stmt.order_by((Approval.state == "pending").desc(), Approval.requested_at.desc(), Approval.id.desc())
    return _rows(db, stmt.offset(offset).limit(limit))


def badge_count(db: Database, actor: Actor) -> int:
    with db.read() as s:
        return int(s.scalar(
            select(func.count()).select_from(Approval).where(_inbox_filter(actor), Approval.state == "pending")
        ) or 0)


def my_requests(db: Database, actor: Actor, *, offset: int = 0, limit: int = 100) -> list[ApprovalRow]:
    """What this advisor asked for and what was decided, with the decider's reason (A4)."""
    stmt = (select(Approval).where(Approval.requested_by == actor.user_id)
            .order_by(Approval.requested_at.desc(), Approval.id.desc()).offset(offset).limit(limit))
    return _rows(db, stmt)


def approvals_for_work_order(db: Database, work_order_id: int) -> list[ApprovalRow]:
    return _rows(db, select(Approval).where(Approval.work_order_id == work_order_id).order_by(Approval.id))


def pending_for_work_order(db: Database, work_order_id: int) -> ApprovalRow | None:
    rows = _rows(db, select(Approval).where(Approval.work_order_id == work_order_id,
                                            Approval.state == "pending").order_by(Approval.id).limit(1))
    return rows[0] if rows else None


# --- the discount report (A1, Q3) -------------------------------------------------------------------------


@dataclass(frozen=True)
class DiscountSummaryRow:
    week_start: datetime
    advisor_id: int
    advisor_name: str
    work_orders: int
    amount: Decimal       # money off, summed
    approved: int         # of which with an approval


@dataclass(frozen=True)
class DiscountRow:
    id: int
    week_start: datetime
    at: datetime
    advisor_name: str
    work_order_id: int
    work_order_no: str
    pct: Decimal
    amount: Decimal
    reason: str
    approval_id: int | None
    approved_by: str
    active: bool


def _weeks(start: datetime | None, end: datetime | None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if start is not None:
        conds.append(DiscountGrant.week_start >= week_start(start))
    if end is not None:
        conds.append(DiscountGrant.week_start <= week_start(end))
    return conds


def discount_summary(db: Database, *, start: datetime | None = None, end: datetime | None = None,
                     advisor_id: int | None = None) -> list[DiscountSummaryRow]:
    """Count and amount of discounts per advisor per calendar week (GROUP BY in the database)."""
    conds = [DiscountGrant.active.is_(True), *_weeks(start, end)]
    if advisor_id is not None:
        conds.append(DiscountGrant.advisor_id == advisor_id)
    stmt = (
        select(DiscountGrant.week_start, DiscountGrant.advisor_id, User.display_name,
               func.count(func.distinct(DiscountGrant.work_order_id)), func.sum(DiscountGrant.amount),
               func.count(DiscountGrant.approval_id))
        .join(User, User.id == DiscountGrant.advisor_id)
        .where(*conds)
        .group_by(DiscountGrant.week_start, DiscountGrant.advisor_id, User.display_name)
        .order_by(DiscountGrant.week_start.desc(), User.display_name)
    )
    with db.read() as s:
        return [DiscountSummaryRow(ws, aid, name, int(n), Decimal(total or 0).quantize(Decimal("0.01")), int(appr))
                for ws, aid, name, n, total, appr in s.execute(stmt)]


def discount_details(db: Database, *, start: datetime | None = None, end: datetime | None = None,
                     advisor_id: int | None = None, offset: int = 0, limit: int = 200) -> list[DiscountRow]:
    """Every discount with its reason (superseded ones too, marked inactive), newest first, paged."""
    decider = aliased(User)
    conds = _weeks(start, end)
    if advisor_id is not None:
        conds.append(DiscountGrant.advisor_id == advisor_id)
    stmt = (
        select(DiscountGrant, User.display_name, WorkOrder.number, decider.display_name)
        .join(User, User.id == DiscountGrant.advisor_id)
        .join(WorkOrder, WorkOrder.id == DiscountGrant.work_order_id)
        .outerjoin(Approval, Approval.id == DiscountGrant.approval_id)
        .outerjoin(decider, decider.id == Approval.decided_by)
        .where(*conds)
        .order_by(DiscountGrant.at.desc(), DiscountGrant.id.desc())
        .offset(offset).limit(limit)
    )
    with db.read() as s:
        return [
            DiscountRow(g.id, g.week_start, g.at, name, g.work_order_id, number, Decimal(g.pct),
                        Decimal(g.amount), g.reason, g.approval_id, dec or "", g.active)
            for g, name, number, dec in s.execute(stmt)
        ]


def advisors_with_discounts(db: Database) -> list[tuple[int, str]]:
    with db.read() as s:
        ids = select(DiscountGrant.advisor_id).distinct().scalar_subquery()
        return [(uid, name) for uid, name in s.execute(
            select(User.id, User.display_name).where(User.id.in_(ids)).order_by(User.display_name))]


# --- preview for the discount dialog ---------------------------------------------------------------------


@dataclass(frozen=True)
class DiscountPreview:
    work_order_no: str
    gross: Decimal
    discount: Decimal
    total: Decimal
    pct_of_gross: Decimal
    margin_pct: Decimal | None
    week_count_before: int
    allowed: bool
    needs_role: str | None
    reason_zh: str
    reason_en: str
    rule_zh: str = ""   # the exact rule that sends it for approval, as the approver will read it
    rule_en: str = ""


def preview_discount(db: Database, actor: Actor, work_order_id: int, *, pct: object = None,
                     amount: object = None, now: datetime | None = None) -> DiscountPreview:
    """What giving this discount would do, and whether it is within the actor's limit. The same input parsing,
    facts and decision (domain.discount_policy.assess_discount) as give_discount, which decides again under
    its lock; raises the same refusals. Nothing is written."""
    the_pct, the_amount = discount_input(pct, amount)
    with db.read() as s:
        wo = s.get(WorkOrder, work_order_id)
        if wo is None:
            raise NotFound("找不到这张工单。", "No such work order.")
        user = s.get(User, actor.user_id)
        roles = frozenset(Role(r.role) for r in user.roles) if user else frozenset()
        at = now or utcnow()
        totals = compute_totals(s, wo, discount_pct=the_pct, discount_amount=the_amount)
        before = week_count(s, actor.user_id, week_start(at), excluding_work_order=wo.id)
        decision, rule = assess_discount(policy_limits(s, at), discount_case(s, wo, roles, before, totals, the_amount))
        return DiscountPreview(
            work_order_no=wo.number, gross=totals.gross, discount=totals.discount, total=totals.total,
            pct_of_gross=totals.discount_pct_of_gross, margin_pct=totals.margin_pct, week_count_before=before,
            allowed=decision.allowed, needs_role=decision.needs_role.value if decision.needs_role else None,
            reason_zh=decision.reason_zh, reason_en=decision.reason_en,
            rule_zh="" if rule is None else rule[0], rule_en="" if rule is None else rule[1],
        )


def lines_lock(db: Database, work_order_id: int) -> tuple[str, str] | None:
    """The sentence that says why a work order's priced lines are locked and who can approve, or None (A4)."""
    with db.read() as s:
        wo = s.get(WorkOrder, work_order_id)
        pending = pending_request(s, work_order_id) if wo is not None else None
        if wo is None or pending is None or not spec_of(pending.kind).locks_lines:
            return None
        return lock_sentence(s, wo, pending)


def my_decisions_since(db: Database, actor: Actor, since: datetime) -> list[ApprovalRow]:
    """The actor's requests decided (approved, refused, void) by someone else since `since`: the notice."""
    stmt = (select(Approval).where(Approval.requested_by == actor.user_id, Approval.decided_at >= since,
                                   Approval.state.in_(["approved", "refused", "void"]))
            .order_by(Approval.decided_at, Approval.id).limit(50))
    return _rows(db, stmt)
