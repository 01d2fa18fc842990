"""Customer service read side: return visits due after delivery (Q1) and complaints with their clocks (Q2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from workshop.db.models import Complaint, ComplaintStep, Customer, ReturnVisit, User, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.complaints import ComplaintState, complaint_overdue, next_step


@dataclass(frozen=True)
class ReturnVisitRow:
    id: int
    work_order_id: int
    work_order_number: str
    customer_name: str
    customer_phone: str
    plate: str
    advisor_name: str
    delivered_at: datetime | None
    due_at: datetime
    overdue: bool
    done_at: datetime | None
    result: str
    score: int | None
    attempts: int = 0
    outcome: str = ""


def return_visits_due(db: Database, *, include_done: bool = False, done_days: int = 30, limit: int = 500,
                      now: datetime | None = None) -> list[ReturnVisitRow]:
    """Q1: visits not yet made, the most urgent first (index on done_at, due_at); with include_done, also
    the visits made in the last `done_days` days."""
    now = now or utcnow()
    advisor = aliased(User)
    stmt = (
        select(ReturnVisit.id, ReturnVisit.work_order_id, WorkOrder.number, Customer.name, Customer.phone,
               Vehicle.shown_plate, advisor.display_name, WorkOrder.delivered_at, ReturnVisit.due_at, ReturnVisit.done_at,
               ReturnVisit.result, ReturnVisit.score, ReturnVisit.attempts, ReturnVisit.outcome)
        .join(WorkOrder, WorkOrder.id == ReturnVisit.work_order_id)
        .join(Customer, Customer.id == WorkOrder.customer_id)
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .join(advisor, advisor.id == WorkOrder.advisor_id)
        .order_by(ReturnVisit.due_at, ReturnVisit.id).limit(limit)
    )
    if include_done:
        stmt = stmt.where(or_(ReturnVisit.done_at.is_(None), ReturnVisit.done_at >= now - timedelta(days=done_days)))
    else:
        stmt = stmt.where(ReturnVisit.done_at.is_(None))
    with db.read() as s:
        return [
            ReturnVisitRow(
                id=vid, work_order_id=wid, work_order_number=number, customer_name=name, customer_phone=phone,
                plate=plate, advisor_name=adv or "", delivered_at=delivered, due_at=due,
                overdue=done is None and now > due, done_at=done, result=result, score=score,
                attempts=int(attempts or 0), outcome=outcome or "",
            )
            for vid, wid, number, name, phone, plate, adv, delivered, due, done, result, score, attempts, outcome
            in s.execute(stmt)
        ]


@dataclass(frozen=True)
class ReturnVisitFigures:
    """Q1/Q3: calls and visits counted apart; the satisfaction score only over reached customers."""
    visits: int          # visits due in the period (work orders delivered)
    attempts: int        # calls made, reached or not
    reached: int         # visits where the customer was reached (each with a score)
    not_reached: int     # visits closed after the last try without reaching the customer
    refused: int
    open: int            # still to call
    avg_score: Decimal | None


def return_visit_figures(db: Database, start: datetime, end: datetime) -> ReturnVisitFigures:
    """For the work orders delivered in [start, end)."""
    stmt = (
        select(func.count(), func.coalesce(func.sum(ReturnVisit.attempts), 0),
               func.count(ReturnVisit.score),
               func.sum(case((ReturnVisit.outcome == "not_reached", 1), else_=0)),
               func.sum(case((ReturnVisit.outcome == "refused", 1), else_=0)),
               func.sum(case((ReturnVisit.done_at.is_(None), 1), else_=0)),
               func.avg(ReturnVisit.score))
        .join(WorkOrder, WorkOrder.id == ReturnVisit.work_order_id)
        .where(WorkOrder.delivered_at >= start, WorkOrder.delivered_at < end)
    )
    with db.read() as s:
        n, attempts, reached, not_reached, refused, still_open, avg = s.execute(stmt).one()
    return ReturnVisitFigures(
        visits=int(n or 0), attempts=int(attempts or 0), reached=int(reached or 0),
        not_reached=int(not_reached or 0), refused=int(refused or 0), open=int(still_open or 0),
        avg_score=None if avg is None else Decimal(str(avg)).quantize(Decimal("0.01")),
    )


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    number: str
    customer_id: int
    customer_name: str
    customer_phone: str
    work_order_number: str
    content: str
    state: str
    received_at: datetime
    received_by: str
    answer_due: datetime          # 24 h after it was received
    answered_at: datetime | None
    answer_left: timedelta        # negative when overdue
    answer_overdue: bool          # open and past its answer time
    verify_due: datetime          # 3 working days after it was received
    verified_at: datetime | None
    verify_left: timedelta
    verify_overdue: bool          # not yet verified and past its verification time
    closed_at: datetime | None


def _complaint_row(c: Complaint, name: str, phone: str, number: str | None, who: str | None,
                   now: datetime) -> ComplaintRow:
    answered = c.answered_at
    verified = c.verified_at
    answer_late, verify_late = complaint_overdue(c.state, c.answer_due, c.verify_due, now)
    return ComplaintRow(
        id=c.id, number=c.number, customer_id=c.customer_id, customer_name=name, customer_phone=phone,
        work_order_number=number or "", content=c.content, state=c.state, received_at=c.received_at,
        received_by=who or "", answer_due=c.answer_due, answered_at=answered,
        answer_left=(c.answer_due - now) if answered is None else timedelta(0),
        answer_overdue=answer_late,
        verify_due=c.verify_due, verified_at=verified,
        verify_left=(c.verify_due - now) if verified is None else timedelta(0),
        verify_overdue=verify_late,
        closed_at=c.closed_at,
    )


def _complaints_stmt() -> Select[Complaint, str, str, str, str]:
    receiver = aliased(User)
    return (
        select(Complaint, Customer.name, Customer.phone, WorkOrder.number, receiver.display_name)
        .join(Customer, Customer.id == Complaint.customer_id)
        .outerjoin(WorkOrder, WorkOrder.id == Complaint.work_order_id)
        .outerjoin(receiver, receiver.id == Complaint.received_by)
    )


def open_complaints(db: Database, *, include_archived: bool = False, limit: int = 500,
                    now: datetime | None = None) -> list[ComplaintRow]:
    """Q2: complaints not yet archived, oldest first, with the 24-hour and 3-working-day clocks."""
    now = now or utcnow()
    stmt = _complaints_stmt().order_by(Complaint.received_at, Complaint.id).limit(limit)
    if not include_archived:
        stmt = stmt.where(Complaint.state != "archived")
    with db.read() as s:
        return [_complaint_row(c, n, p, wo, who, now) for c, n, p, wo, who in s.execute(stmt)]


@dataclass(frozen=True)
class CareCounts:
    """What the tabs say: every visit and complaint waiting, however many rows the lists show."""

    visits_due: int
    visits_overdue: int
    complaints_open: int
    complaints_overdue: int


def care_counts(db: Database, *, now: datetime | None = None) -> CareCounts:
    """Q1, Q2 counted in SQL: visits not made (overdue: past due), complaints not archived (overdue: the answer
    or the verification late, as complaint_overdue says)."""
    now = now or utcnow()
    accepted, handled = ComplaintState.ACCEPTED.value, ComplaintState.HANDLED.value
    late = or_(and_(Complaint.state == accepted, Complaint.answer_due < now),
               and_(Complaint.state.in_((accepted, handled)), Complaint.verify_due < now))
    with db.read() as s:
        due, visits_late = s.execute(
            select(func.count(), func.coalesce(func.sum(case((ReturnVisit.due_at < now, 1), else_=0)), 0))
            .where(ReturnVisit.done_at.is_(None))).one()
        open_n, complaints_late = s.execute(
            select(func.count(), func.coalesce(func.sum(case((late, 1), else_=0)), 0))
            .where(Complaint.state != ComplaintState.ARCHIVED.value)).one()
    return CareCounts(int(due), int(visits_late), int(open_n), int(complaints_late))


@dataclass(frozen=True)
class ComplaintStepRow:
    step: str
    note: str
    at: datetime
    user_name: str


def complaint_steps(db: Database, complaint_id: int) -> list[ComplaintStepRow]:
    with db.read() as s:
        rows = s.execute(
            select(ComplaintStep, User.display_name).join(User, User.id == ComplaintStep.user_id)
            .where(ComplaintStep.complaint_id == complaint_id).order_by(ComplaintStep.at, ComplaintStep.id)
        )
        return [ComplaintStepRow(st.step, st.note, st.at, name) for st, name in rows]


def next_complaint_step(state: str) -> str | None:
    """accept -> handle -> verify -> feedback -> archive: the step (quality.advance_complaint) that follows."""
    return next_step(state)
