"""W5 the job clock at the floor terminal: the badge names the technician, the work order's barcode the car;
clock on a job (the first clock-on of a work order checks the plate, F5), pause with a reason, resume, clock off,
finish the job. One open clock per technician unless the shop allows several (clock_parallel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from workshop.db import clock_store
from workshop.db.clock_store import BadgeRow, ClockOnFacts
from workshop.db.models import (
    ClockPause,
    FloorNotice,
    JobClock,
    LaborLine,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.changes import RecordKind
from workshop.domain.clock import utcnow
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.job_clock import (
    ClockStatus,
    NoticeKind,
    PauseReason,
    open_key,
    pause_reason,
    worked_seconds,
)
from workshop.domain.labels import pair
from workshop.domain.roles import Actor, Perm, Role, check_permission
from workshop.domain.text import clean_text, halfwidth
from workshop.domain.work_order import ON_THE_JOB, State
from workshop.services.dispatch import current_shares, self_dispatch
from workshop.services.work_order_common import (
    apply_transition,
    check_plate,
    clean_number,
    load_work_order,
)

__all__ = ["ClockInfo", "badge_user", "clock_off", "clock_on", "finish_job", "notify_parts_issued", "pause_clock",
           "resume_clock"]


@dataclass(frozen=True)
class ClockInfo:
    id: int
    technician_id: int
    work_order_no: str
    labor_line_id: int
    line_description: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    worked_seconds: int
    message_zh: str
    message_en: str


def badge_user(uow: UnitOfWork, badge: object, *, lock: bool = False) -> tuple[BadgeRow, Actor]:
    """The technician a scanned badge names, with their roles in one read; a disabled or locked user's badge, or
    an unknown one, is refused; the badge's holder needs the permission to work on jobs. lock: their row is
    locked (PostgreSQL) — clock-on's queue for one technician."""
    code = halfwidth(str(badge or "")).strip().upper()
    if not code:
        raise InvalidInput("请先扫描工牌。", "Scan your badge first.")
    user = clock_store.badge_holder(uow.session.connection(), code, lock=lock and uow.db.dialect != "sqlite")
    if user is None:
        raise NotFound(f"不认识的工牌 {code}。", f"Unknown badge {code}.")
    if not user.is_active:
        raise PermissionDenied(f"工牌 {code}（{user.display_name}）的用户已停用，不能打卡。",
                               f"Badge {code} ({user.display_name}) belongs to a disabled user: no clocking.")
    if user.locked_until is not None and user.locked_until > utcnow():
        raise PermissionDenied("此用户已被锁定，请稍后再试。", "This user is locked; try again later.")
    roles = frozenset(Role(r) for r in user.roles)
    check_permission(roles, Perm.JOB_TAKE, user.display_name)
    return user, Actor(user.id, user.username, user.display_name, roles)


def _role_names(actor: Actor) -> set[str]:
    return {r.value for r in actor.roles}


def _open_clocks(uow: UnitOfWork, user_id: int) -> list[JobClock]:
    return list(uow.session.scalars(select(JobClock).where(JobClock.technician_id == user_id, clock_store.OPEN)
                                    .order_by(JobClock.id)))


def _info(uow: UnitOfWork, clock: JobClock, zh: str, en: str) -> ClockInfo:
    line = uow.session.get(LaborLine, clock.labor_line_id)
    wo = uow.session.get(WorkOrder, clock.work_order_id)
    assert line is not None and wo is not None
    return ClockInfo(clock.id, clock.technician_id, wo.number, line.id, line.description, clock.status,
                     clock.started_at, clock.ended_at, clock.worked_seconds, zh, en)


def _is_lead(actor: Actor) -> bool:
    return bool(_role_names(actor) & {Role.TEAM_LEADER.value, Role.WORKSHOP_MANAGER.value})


def _check_line_for(uow: UnitOfWork, user: BadgeRow, actor: Actor, f: ClockOnFacts) -> None:
    """May this technician clock on this line?"""
    if f.finished:
        raise RuleViolation(f"「{f.description}」已完工，不能再打卡上工。",
                            f"'{f.description}' is finished; no clocking on it.")
    if not f.approved:
        raise RuleViolation(f"「{f.description}」是增项，客户还没确认，不能上工。",
                            f"'{f.description}' is an added item the customer has not confirmed yet.")
    if f.shares and user.id not in f.shares and not _is_lead(actor):
        names = "、".join(clock_store.user_names(uow.session.connection(), f.shares))
        raise RuleViolation(f"「{f.description}」派给了 {names}，请班组长改派后再上工。",
                            f"'{f.description}' is dispatched to {names}; ask the team leader to reassign it.")
    if (f.team_only and not f.shares and user.team and f.line_team and f.line_team != user.team
            and not actor.has_role(Role.WORKSHOP_MANAGER)):
        raise RuleViolation(f"「{f.description}」是{f.line_team}班组的工作，你属于{user.team}班组，不能上工。",
                            f"'{f.description}' is a job of team {f.line_team}; you are in {user.team}.")


def clock_on(uow: UnitOfWork, badge: str, number: str, line_id: int, *, plate: str | None = None,
             terminal: str = "", now: datetime | None = None) -> ClockInfo:
    """Clock the badge's technician on one labor line. The first clock-on of a work order (still 开工) is the
    take: the plate must match (F5) and the work order goes to 维修中. Two reads (clock_store): the badge holder,
    their row locked; the work order (locked), the line, its dispatch, the settings and their open clocks."""
    with uow:
        user, actor = badge_user(uow, badge, lock=True)
        at = now or uow.now
        where = clean_text(terminal, "终端", "Terminal", max_len=40, required=False)
        conn = uow.session.connection()
        f = clock_store.clock_on_facts(conn, clean_number(number), line_id, user.id,
                                       lock=uow.db.dialect != "sqlite")
        if f is None:
            raise NotFound(f"找不到工单 {number}。", f"No work order {number}.")
        if f.state not in ON_THE_JOB:
            raise RuleViolation(f"工单 {f.number} 不在维修中（需已开工、未竣工），不能打卡上工。",
                                f"Work order {f.number} is not in the workshop (started, not completed): no clock-on.")
        if f.line_id is None:
            raise NotFound("这个工时项目不在此工单上。", "This labor line is not on this work order.")
        _check_line_for(uow, user, actor, f)
        other = f.open_here if f.parallel else f.open_any
        if other is not None:
            other_no, other_job = clock_store.clock_where(conn, other)
            raise RuleViolation(
                f"{user.display_name} 正在做工单 {other_no} 的「{other_job}」，请先停止计时。",
                f"{user.display_name} is clocked on '{other_job}' of {other_no}; clock off first.")
        if f.state == State.STARTED or not f.shares:
            _first_on(uow, actor, user, f, plate, at)
        try:
            clock_id = clock_store.insert_clock(
                conn, technician_id=user.id, work_order_id=f.wo_id, labor_line_id=f.line_id,
                status=ClockStatus.RUNNING.value, started_at=at, open_key=open_key(f.parallel, f.line_id),
                worked_seconds=0, terminal=where, started_by=user.id)
        except IntegrityError:
            raise RuleViolation(f"{user.display_name} 已在另一台终端上工。",
                                f"{user.display_name} was just clocked on at another terminal.") from None
        uow.mark(RecordKind.CLOCKS, clock_id)  # written on the connection: the session does not see it
        uow.mark(RecordKind.WORK_ORDERS, f.wo_id)
        uow.audit(actor, "clock.on", "job_clock", clock_id, number=f.number, line_id=f.line_id, terminal=terminal)
        info = ClockInfo(clock_id, user.id, f.number, f.line_id, f.description, ClockStatus.RUNNING.value, at, None,
                         0, f"{user.display_name} 已上工：{f.number}「{f.description}」。",
                         f"{user.display_name} clocked on {f.number} '{f.description}'.")
        uow.commit()
    return info


def _first_on(uow: UnitOfWork, actor: Actor, user: BadgeRow, f: ClockOnFacts, plate: str | None,
              at: datetime) -> None:
    """The first clock-on of the work order (the take, F5: the plate), and of an undispatched line (self-dispatch):
    these write through the work order's and the line's mapped rows (already locked by the facts read)."""
    wo = uow.session.get(WorkOrder, f.wo_id)
    line = uow.session.get(LaborLine, f.line_id)
    assert wo is not None and line is not None
    if f.state == State.STARTED:
        if plate is None or not str(plate).strip():
            raise InvalidInput(f"工单 {wo.number} 第一次上工：请扫描或输入车牌核对车辆。",
                               f"First clock-on of {wo.number}: scan or enter the plate to check the car.")
        seen = check_plate(uow.session, wo, plate)
        if wo.technician_id is None:
            wo.technician_id, wo.team = user.id, wo.team or user.team
        apply_transition(uow, actor, wo, "take", plate=seen)
    if not f.shares:
        self_dispatch(uow, actor, wo, line, user.id, user.team, at)
    uow.session.flush()


def _the_open_clock(uow: UnitOfWork, user: BadgeRow, clock_id: int | None) -> JobClock:
    clocks = _open_clocks(uow, user.id)
    if clock_id is not None:
        clocks = [c for c in clocks if c.id == clock_id]
    if not clocks:
        raise RuleViolation(f"{user.display_name} 现在没有在计时的工作：请先上工。",
                            f"{user.display_name} is not clocked on any job: clock on first.")
    if len(clocks) > 1:
        raise InvalidInput("你同时在做几项工作：请先选择哪一项。", "You are clocked on several jobs: pick one first.")
    return clocks[0]


def _open_pause(uow: UnitOfWork, clock_id: int) -> ClockPause | None:
    return uow.session.scalar(select(ClockPause).where(ClockPause.clock_id == clock_id,
                                                       ClockPause.ended_at.is_(None)))


def pause_clock(uow: UnitOfWork, badge: str, reason: str, *, note: str = "", clock_id: int | None = None,
                part_line_id: int | None = None, now: datetime | None = None) -> ClockInfo:
    """Pause the technician's running clock with a reason (待料 / 待审批 / 休息 / 其他)."""
    with uow:
        user, actor = badge_user(uow, badge)
        why = pause_reason(reason)
        text = clean_text(note, "说明", "Note", max_len=200, required=False)
        clock = _the_open_clock(uow, user, clock_id)
        if clock.status == ClockStatus.PAUSED:
            raise RuleViolation("这项工作已经暂停了。", "This job is already paused.")
        at = now or uow.now
        uow.session.add(ClockPause(clock_id=clock.id, work_order_id=clock.work_order_id, technician_id=user.id,
                                   reason=why.value, note=text, part_line_id=part_line_id, started_at=at))
        clock.status = ClockStatus.PAUSED.value
        uow.audit(actor, "clock.pause", "job_clock", clock.id, reason=why.value, note=text)
        zh, en = pair(why)
        info = _info(uow, clock, f"已暂停（{zh}）。", f"Paused ({en}).")
        uow.commit()
    return info


def resume_clock(uow: UnitOfWork, badge: str, *, clock_id: int | None = None,
                 now: datetime | None = None) -> ClockInfo:
    with uow:
        user, actor = badge_user(uow, badge)
        clock = _the_open_clock(uow, user, clock_id)
        pause = _open_pause(uow, clock.id)
        if clock.status != ClockStatus.PAUSED or pause is None:
            raise RuleViolation("这项工作没有暂停。", "This job is not paused.")
        pause.ended_at = now or uow.now
        clock.status = ClockStatus.RUNNING.value
        uow.audit(actor, "clock.resume", "job_clock", clock.id, pause_id=pause.id)
        info = _info(uow, clock, "已继续计时。", "Clock resumed.")
        uow.commit()
    return info


def stop_clock(uow: UnitOfWork, clock: JobClock, at: datetime, stopped_by: int | None) -> None:
    """End a clock (and its open pause) at `at`; its worked time is start to end less the pauses."""
    pause = _open_pause(uow, clock.id)
    if pause is not None:
        pause.ended_at = max(at, pause.started_at)
    pauses = uow.session.execute(select(ClockPause.started_at, ClockPause.ended_at)
                                 .where(ClockPause.clock_id == clock.id)).all()
    clock.ended_at = max(at, clock.started_at)
    clock.worked_seconds = worked_seconds(clock.started_at, clock.ended_at, pauses)
    clock.status, clock.open_key, clock.stopped_by = ClockStatus.CLOSED.value, None, stopped_by


def clock_off(uow: UnitOfWork, badge: str, *, clock_id: int | None = None, now: datetime | None = None) -> ClockInfo:
    """Clock off the running (or paused) job. A clock-off without a clock-on is refused."""
    with uow:
        user, actor = badge_user(uow, badge)
        clock = _the_open_clock(uow, user, clock_id)
        stop_clock(uow, clock, now or uow.now, user.id)
        uow.audit(actor, "clock.off", "job_clock", clock.id, worked_seconds=clock.worked_seconds)
        info = _info(uow, clock, f"已停止计时，本次 {clock.worked_seconds // 60} 分钟。",
                     f"Clocked off: {clock.worked_seconds // 60} minutes.")
        uow.commit()
    return info


def finish_job(uow: UnitOfWork, badge: str, number: str, line_id: int, *,
               now: datetime | None = None) -> ClockInfo | None:
    """The technician finishes a job (the labor line): their open clock on it stops; no clock-on after it."""
    with uow:
        user, actor = badge_user(uow, badge)
        at = now or uow.now
        wo = load_work_order(uow, number)
        line = uow.session.get(LaborLine, line_id, with_for_update=True)
        if line is None or line.work_order_id != wo.id:
            raise NotFound("这个工时项目不在此工单上。", "This labor line is not on this work order.")
        if line.finished_at is not None:
            raise RuleViolation(f"「{line.description}」已经完工了。", f"'{line.description}' is already finished.")
        shares = {a.technician_id for a in current_shares(uow.session, line.id)}
        if user.id not in shares and not _is_lead(actor):
            raise RuleViolation(f"「{line.description}」不是派给你的工作。", f"'{line.description}' is not your job.")
        mine = [c for c in _open_clocks(uow, user.id) if c.labor_line_id == line.id]
        for c in mine:
            stop_clock(uow, c, at, user.id)
        line.finished_at, line.finished_by, line.done = at, user.id, True
        uow.audit(actor, "labor_line.finish", "labor_line", line.id, number=wo.number)
        zh, en = f"「{line.description}」已完工。", f"'{line.description}' finished."
        info = _info(uow, mine[0], zh, en) if mine else None
        uow.commit()
    return info


# built once: every scan at the parts counter runs it
_PAUSED_FOR_PARTS = (ClockPause.work_order_id == bindparam("wo_id"), ClockPause.reason == PauseReason.PARTS.value,
                     ClockPause.ended_at.is_(None), ClockPause.parts_issued_at.is_(None))
_PARTS_PAUSED = select(ClockPause.id).where(*_PAUSED_FOR_PARTS).limit(1)
_PARTS_PAUSES = select(ClockPause).where(*_PAUSED_FOR_PARTS)


def notify_parts_issued(uow: UnitOfWork, wo: WorkOrder, part_name: str, at: datetime) -> int:
    """P → W5: parts issued on a work order whose job waits for parts tell the technician's terminal."""
    # open pauses are not what this transaction writes: asked on the connection (no flush, no ORM load) first
    if uow.session.connection().execute(_PARTS_PAUSED, {"wo_id": wo.id}).first() is None:
        return 0
    with uow.session.no_autoflush:
        pauses = list(uow.session.scalars(_PARTS_PAUSES, {"wo_id": wo.id}))
    for p in pauses:
        p.parts_issued_at = at
        uow.session.add(FloorNotice(
            technician_id=p.technician_id, work_order_id=wo.id, pause_id=p.id, kind=NoticeKind.PARTS_ISSUED.value,
            text_zh=f"工单 {wo.number} 等的配件已发料：{part_name}。可以继续了。"[:300],
            text_en=f"Parts issued for {wo.number}: {part_name}. You can resume."[:300], created_at=at))
    return len(pauses)


def mark_notices_seen(uow: UnitOfWork, badge: str, *, now: datetime | None = None) -> int:
    with uow:
        user, _ = badge_user(uow, badge)
        notices = list(uow.session.scalars(select(FloorNotice).where(FloorNotice.technician_id == user.id,
                                                                      FloorNotice.seen_at.is_(None))))
        for n in notices:
            n.seen_at = now or uow.now
        uow.commit()
    return len(notices)
