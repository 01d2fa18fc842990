"""Quality and follow-up: return visits after delivery (Q1) and complaints through
accept -> handle -> verify -> feedback -> archive, with the 24-hour answer and 3-working-day verification clocks (Q2)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from workshop.db.models import Complaint, ComplaintStep, Customer, ReturnVisit, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.calendar import PUBLIC_CALENDAR, WorkingCalendar
from workshop.domain.clock import add_working_days
from workshop.domain.complaints import ANSWER_HOURS as ANSWER_HOURS
from workshop.domain.complaints import COMPLAINT_STEPS as COMPLAINT_STEPS
from workshop.domain.complaints import VERIFY_WORKING_DAYS as VERIFY_WORKING_DAYS
from workshop.domain.complaints import ComplaintState
from workshop.domain.complaints import ComplaintStep as Step
from workshop.domain.complaints import complaint_overdue as complaint_overdue
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.kind_policy import policy_of
from workshop.domain.labels import label, label_of
from workshop.domain.return_visit import INTERNAL_CLOSE_NOTE as INTERNAL_CLOSE_NOTE
from workshop.domain.return_visit import Outcome, call_step
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text, halfwidth
from workshop.services.numbering import next_number
from workshop.services.settings import get_setting, working_calendar
from workshop.services.work_order_common import apply_transition, load_work_order, perm_of
from workshop.services.work_order_dto import ComplaintInfo, ReturnVisitInfo

# ---------------------------------------------------------------- Q1 return visits


def after_delivery(uow: UnitOfWork, actor: Actor, wo: WorkOrder) -> None:
    """Q1, in the delivery's own transaction: a customer's car gets its return visit; the shop's own work (an
    internal work order: its kind's policy is not customer work) has nobody to call, so it closes at delivery."""
    if policy_of(wo.kind).customer_work:
        schedule_return_visit(uow, wo)
    else:
        apply_transition(uow, actor, wo, "close", note=INTERNAL_CLOSE_NOTE)


def schedule_return_visit(uow: UnitOfWork, wo: WorkOrder) -> ReturnVisit:
    """Called in the delivery's own transaction: the visit falls due return_visit_days after delivery."""
    days = int(get_setting(uow.session, "return_visit_days"))
    delivered = wo.delivered_at or uow.now
    visit = ReturnVisit(work_order_id=wo.id, due_at=delivered + timedelta(days=days))
    uow.session.add(visit)
    uow.session.flush()
    return visit


def _visit_info(v: ReturnVisit, number: str) -> ReturnVisitInfo:
    return ReturnVisitInfo(id=v.id, work_order_id=v.work_order_id, work_order_number=number, due_at=v.due_at,
                           done_at=v.done_at, done_by=v.done_by, result=v.result, score=v.score,
                           attempts=v.attempts or 0, outcome=v.outcome or "")


def record_return_visit(uow: UnitOfWork, actor: Actor, number: str, *, result: str, score: int | None = None,
                        outcome: str = Outcome.REACHED.value, call_back_at: datetime | None = None
                        ) -> ReturnVisitInfo:
    """Q1: one call. Reached: the result and a score 1..5, the work order closes (F4). Not reached: an attempt,
    the next try is due (return_visit_retry_hours later, return_visit_tries in all; after the last one the visit
    closes as not reached, without a score). Call back later: due at the customer's time. Refused: closes
    without a score."""
    with uow:
        uow.authorize(actor, perm_of("close"))  # Perm.RETURN_VISIT
        text = clean_text(result, "回访结果", "Result of the call", max_len=300)
        wo = load_work_order(uow, number)
        visit = uow.session.scalar(
            select(ReturnVisit).where(ReturnVisit.work_order_id == wo.id).with_for_update()
        )
        if visit is None:
            raise RuleViolation(f"工单 {wo.number} 还没有交车，没有待做的回访。",
                                f"Work order {wo.number} is not delivered; no return visit is due.")
        if visit.done_at is not None:
            raise RuleViolation("这次回访已经记录过了。", "This return visit is already recorded.")
        step = call_step(outcome, score, visit.attempts or 0,
                         tries=int(get_setting(uow.session, "return_visit_tries")),
                         retry_hours=int(get_setting(uow.session, "return_visit_retry_hours")),
                         now=uow.now, call_back_at=call_back_at)
        visit.attempts, visit.result = step.attempts, text
        said = label(Outcome(str(outcome)))
        if step.closes:
            visit.done_at, visit.done_by, visit.score, visit.outcome = uow.now, actor.user_id, step.score, step.outcome
            note = f"回访：{step.score} 分" if step.score is not None else f"回访：{said}（第 {step.attempts} 次），无评分"
            apply_transition(uow, actor, wo, "close", note=note, score=step.score)
        else:
            assert step.next_due is not None
            visit.due_at = step.next_due
        uow.audit(actor, "return_visit.record", "return_visit", visit.id, number=wo.number, score=step.score,
                  outcome=str(outcome), attempt=step.attempts, next_due=step.next_due, result=text)
        info = _visit_info(visit, wo.number)
        uow.commit()
    return info


# ---------------------------------------------------------------- Q2 complaints


def complaint_due_times(received_at: datetime, calendar: WorkingCalendar = PUBLIC_CALENDAR
                        ) -> tuple[datetime, datetime]:
    """(answer due, first verification due): 24 hours, and 3 working days (S2: the shop's calendar)."""
    return (received_at + timedelta(hours=ANSWER_HOURS),
            add_working_days(received_at, VERIFY_WORKING_DAYS, calendar))


def _complaint_info(c: Complaint) -> ComplaintInfo:
    return ComplaintInfo(
        id=c.id, number=c.number, customer_id=c.customer_id, work_order_id=c.work_order_id, content=c.content,
        state=c.state, received_at=c.received_at, received_by=c.received_by, answer_due=c.answer_due,
        verify_due=c.verify_due, answered_at=c.answered_at, verified_at=c.verified_at, closed_at=c.closed_at,
    )


def record_complaint(uow: UnitOfWork, actor: Actor, *, content: str, customer_id: int | None = None,
                     work_order_number: str | None = None, received_at: datetime | None = None) -> ComplaintInfo:
    """Q2 accept: customer, content, time and (when there is one) the work order."""
    with uow:
        uow.authorize(actor, Perm.COMPLAINT_HANDLE)
        text = clean_text(content, "投诉内容", "Complaint", max_len=4000)
        now = uow.now
        when = received_at or now
        if not isinstance(when, datetime) or when.tzinfo is None or when > now + timedelta(minutes=5):
            raise InvalidInput("投诉时间不能晚于现在。", "The time of the complaint cannot be in the future.")
        wo = load_work_order(uow, work_order_number, lock=False) if work_order_number else None
        if customer_id is None:
            if wo is None:
                raise InvalidInput("请选择投诉的客户或工单。", "Choose the customer or the work order complained about.")
            customer_id = wo.customer_id
        if uow.session.get(Customer, customer_id) is None:
            raise NotFound("找不到这个客户。", "No such customer.")
        if wo is not None and wo.customer_id != customer_id:
            raise InvalidInput(f"工单 {wo.number} 不是这位客户的。", f"Work order {wo.number} is not this customer's.")
        answer_due, verify_due = complaint_due_times(when, working_calendar(uow.session))
        c = Complaint(
            number=next_number(uow, "complaint", now), customer_id=customer_id,
            work_order_id=wo.id if wo else None, content=text, received_at=when, received_by=actor.user_id,
            state="accepted", answer_due=answer_due, verify_due=verify_due,
        )
        uow.session.add(c)
        uow.session.flush()
        uow.session.add(ComplaintStep(complaint_id=c.id, step="accept", note="", at=now, user_id=actor.user_id))
        uow.audit(actor, "complaint.accept", "complaint", c.id, number=c.number,
                  work_order=wo.number if wo else None)
        info = _complaint_info(c)
        uow.commit()
    return info


def advance_complaint(uow: UnitOfWork, actor: Actor, number: str, step: str, *, note: str) -> ComplaintInfo:
    """One step of handle -> verify -> feedback -> archive, in that order, each with a note, who and when."""
    with uow:
        uow.authorize(actor, Perm.COMPLAINT_HANDLE)
        if not isinstance(step, str) or step not in COMPLAINT_STEPS:
            raise InvalidInput(f"未知的投诉步骤：{step}", f"Unknown complaint step: {step}")
        source, target = COMPLAINT_STEPS[step]
        zh = label(Step(step))
        text = clean_text(note, f"{zh}说明", f"Note on {step}", max_len=4000)
        key = halfwidth(clean_text(number, "投诉编号", "Complaint number", max_len=20)).strip().upper()
        c = uow.session.scalar(select(Complaint).where(Complaint.number == key).with_for_update())
        if c is None:
            raise NotFound(f"找不到投诉 {number}。", f"No complaint {number}.")
        if c.state != source:
            now_zh = label_of(ComplaintState, c.state)
            raise RuleViolation(
                f"投诉 {c.number} 当前为「{now_zh}」，不能{zh}（顺序：受理→处理→验证→反馈→归档）。",
                f"Complaint {c.number} is {label_of(ComplaintState, c.state, 'en').lower()}; "
                f"'{label(Step(step), 'en')}' is not possible "
                "(order: accept, handle, verify, feedback, archive).",
            )
        now = uow.now
        c.state = target
        if step == "handle":
            c.answered_at = now
        elif step == "verify":
            c.verified_at = now
        elif step == "archive":
            c.closed_at = now
        uow.session.add(ComplaintStep(complaint_id=c.id, step=step, note=text, at=now, user_id=actor.user_id))
        uow.audit(actor, f"complaint.{step}", "complaint", c.id, number=c.number, before=source, after=target)
        info = _complaint_info(c)
        uow.commit()
    return info


def handle_complaint(uow: UnitOfWork, actor: Actor, number: str, *, note: str) -> ComplaintInfo:
    return advance_complaint(uow, actor, number, "handle", note=note)


def verify_complaint(uow: UnitOfWork, actor: Actor, number: str, *, note: str) -> ComplaintInfo:
    return advance_complaint(uow, actor, number, "verify", note=note)


def feed_back_complaint(uow: UnitOfWork, actor: Actor, number: str, *, note: str) -> ComplaintInfo:
    return advance_complaint(uow, actor, number, "feedback", note=note)


def archive_complaint(uow: UnitOfWork, actor: Actor, number: str, *, note: str) -> ComplaintInfo:
    return advance_complaint(uow, actor, number, "archive", note=note)
