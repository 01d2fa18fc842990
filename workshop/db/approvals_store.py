"""A1-A4 as the services and the queries both read them: the request pending on a work order and the sentence
saying why it waits, an advisor's discounts of a week, and the facts a discount is assessed on."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.db.models import Approval, DiscountGrant, User, WorkOrder
from workshop.domain.approval_kinds import ApprovalState, lock_sentence_of
from workshop.domain.discount_policy import DiscountCase
from workshop.domain.kind_policy import policy_of
from workshop.domain.roles import Role
from workshop.domain.totals import Totals
from workshop.domain.work_order import BEFORE_SETTLEMENT


def pending_request(session: Session, work_order_id: int) -> Approval | None:
    return session.scalar(
        select(Approval).where(Approval.work_order_id == work_order_id, Approval.state == ApprovalState.PENDING)
        .order_by(Approval.id).limit(1)
    )


def lock_sentence(session: Session, wo: WorkOrder, pending: Approval) -> tuple[str, str]:
    """Why the work order waits and who can release it."""
    asker = session.scalar(select(User.display_name).where(User.id == pending.requested_by)) or ""
    return lock_sentence_of(wo.number, pending.kind, Role(pending.required_role), asker)


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


def discount_case(session: Session, wo: WorkOrder, roles: frozenset[Role], week_before: int,
                  totals: Totals, amount_asked: Decimal) -> DiscountCase:
    """The facts assess_discount needs, read the same way for the preview and for the check."""
    pending = pending_request(session, wo.id)
    return DiscountCase(
        number=wo.number, discountable_kind=policy_of(wo.kind).discountable, open_state=wo.state in BEFORE_SETTLEMENT,
        pending=None if pending is None else lock_sentence(session, wo, pending), gross=totals.gross,
        amount_asked=amount_asked, pct_of_gross=totals.discount_pct_of_gross, advisor_roles=roles,
        week_count_before=week_before,
    )
