"""W5 for the workshop manager: clocks left running at closing time are stopped and flagged (the daily job and
the manager's screen run this with now=), and a clock entry is corrected with a reason, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select

from workshop.db.models import ClockPause, JobClock
from workshop.db.uow import UnitOfWork
from workshop.domain.clock import end_of_working_day, fmt_shop
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.job_clock import ClockStatus, worked_seconds
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text
from workshop.services.job_clock import stop_clock
from workshop.services.settings import get_setting

__all__ = ["CorrectedClock", "correct_clock", "stop_clocks_at_closing"]


def _closing(uow: UnitOfWork) -> time:
    hh, mm = get_setting(uow.session, "closing_time").split(":")
    return time(int(hh), int(mm))


def stop_clocks_at_closing(uow: UnitOfWork, actor: Actor | None, *, now: datetime | None = None) -> list[int]:
    """Every clock still open past the closing time of the day it was started ends at that closing time and is
    flagged for the manager. Returns the ids stopped. actor None: the daily job (no user)."""
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.JOB_ASSIGN)
        at = now or uow.now
        closing = _closing(uow)
        stopped: list[int] = []
        for clock in uow.session.scalars(select(JobClock).where(JobClock.ended_at.is_(None))
                                         .order_by(JobClock.id).with_for_update()):
            end = end_of_working_day(clock.started_at, closing)
            if end > at:
                continue
            stop_clock(uow, clock, end, None)
            clock.flagged_at = at
            clock.flag_reason = f"下班时仍在计时，已按 {fmt_shop(end)} 停止 / still running at closing time"
            stopped.append(clock.id)
            uow.audit(actor, "clock.stopped_at_closing", "job_clock", clock.id, ended_at=end.isoformat())
        uow.commit()
    return stopped


@dataclass(frozen=True)
class CorrectedClock:
    id: int
    started_at: datetime
    ended_at: datetime
    worked_seconds: int


def correct_clock(uow: UnitOfWork, actor: Actor, clock_id: int, *, started_at: datetime, ended_at: datetime,
                  reason: str) -> CorrectedClock:
    """The manager sets a clock entry's start and end (the first correction keeps the original times); the
    reason is required; a flag is cleared as reviewed."""
    with uow:
        uow.authorize(actor, Perm.CLOCK_CORRECT)
        why = clean_text(reason, "更正原因", "Reason for the correction", max_len=200)
        clock = uow.session.get(JobClock, clock_id, with_for_update=True)
        if clock is None:
            raise NotFound("找不到这条打卡记录。", "No such clock entry.")
        if clock.ended_at is None:
            raise RuleViolation("这条记录还在计时：请先停止再更正。", "This clock is still running: stop it first.")
        if started_at.tzinfo is None or ended_at.tzinfo is None or ended_at <= started_at:
            raise InvalidInput("结束时间必须晚于开始时间。", "The end must be after the start.")
        if (ended_at - started_at).total_seconds() > 24 * 3600:
            raise InvalidInput("一条打卡记录不能超过 24 小时。", "A clock entry cannot be longer than 24 hours.")
        before = (clock.started_at.isoformat(), clock.ended_at.isoformat(), clock.worked_seconds)
        if clock.original_started_at is None:
            clock.original_started_at, clock.original_ended_at = clock.started_at, clock.ended_at
        clock.started_at, clock.ended_at = started_at, ended_at
        pauses = uow.session.execute(select(ClockPause.started_at, ClockPause.ended_at)
                                     .where(ClockPause.clock_id == clock.id)).all()
        clock.worked_seconds = worked_seconds(started_at, ended_at, pauses)
        clock.status = ClockStatus.CLOSED.value
        now = uow.now
        clock.corrected_at, clock.corrected_by, clock.correction_reason = now, actor.user_id, why
        if clock.flagged_at is not None and clock.reviewed_at is None:
            clock.reviewed_at, clock.reviewed_by = now, actor.user_id
        uow.audit(actor, "clock.correct", "job_clock", clock.id, before=before,
                  after=(started_at.isoformat(), ended_at.isoformat(), clock.worked_seconds), reason=why)
        out = CorrectedClock(clock.id, started_at, ended_at, clock.worked_seconds)
        uow.commit()
    return out
