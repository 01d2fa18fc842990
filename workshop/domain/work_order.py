"""F2, F4, F7: work order kinds, payers, priorities, and the life-cycle as a transition table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from workshop.domain.calendar import PUBLIC_CALENDAR, WorkingCalendar
from workshop.domain.clock import add_working_days
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Perm


class Kind(StrEnum):
    GENERAL = "general"          # 一般维修
    MAINTENANCE = "maintenance"  # 保养
    ACCIDENT = "accident"        # 事故车
    WARRANTY = "warranty"        # 索赔
    INTERNAL = "internal"        # 内部




class ChargingMode(StrEnum):
    PAID = "paid"          # 有费
    CONTRACT = "contract"  # 合同
    FREE = "free"          # 免费


class State(StrEnum):
    DRAFT = "draft"              # 草稿
    STARTED = "started"          # 开工
    IN_PROGRESS = "in_progress"  # 维修中
    COMPLETED = "completed"      # 竣工（自检）
    INSPECTED = "inspected"      # 质检通过
    SETTLED = "settled"          # 结算
    DELIVERED = "delivered"      # 交车
    CLOSED = "closed"            # 关闭（已回访）
    CANCELLED = "cancelled"      # 取消


# --- the states' named groupings: every service, query and screen takes them from here ---------------------
# the technician is on the job: parts are issued (P1), the clock runs (W2), items are added (F6)
ON_THE_JOB = (State.STARTED, State.IN_PROGRESS)
# before the job is completed: the lines may change, the job may be dispatched, its parts are reserved
BEFORE_COMPLETION = (State.DRAFT, *ON_THE_JOB)
# the technician completed it: waiting for quality control, or through it
AT_QC = (State.COMPLETED, State.INSPECTED)
# not yet through quality control
BEFORE_QC = (*BEFORE_COMPLETION, State.COMPLETED)
# states in which the car is in the workshop (the board, W1)
IN_WORKSHOP = (*ON_THE_JOB, *AT_QC)
OPEN_STATES = (State.DRAFT, *IN_WORKSHOP, State.SETTLED)
# the car's parts are on it: the job is completed (or later). P2 returns and C3 claims count from here.
FITTED = (State.COMPLETED, State.INSPECTED, State.SETTLED, State.DELIVERED, State.CLOSED)
# lines and fields may still change: before settlement
BEFORE_SETTLEMENT = (State.DRAFT, *IN_WORKSHOP)
# the bill exists once the work order is settled; an account customer may pay after delivery
PAYABLE_STATES = (State.SETTLED, State.DELIVERED, State.CLOSED)
# settled or later, or cancelled: nothing more is charged, issued or lent on it
SETTLED_OR_CANCELLED = (*PAYABLE_STATES, State.CANCELLED)


@dataclass(frozen=True)
class Transition:
    action: str
    source: State
    target: State
    perm: Perm
    zh: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition("start", State.DRAFT, State.STARTED, Perm.WORK_ORDER_START, "开工"),
    Transition("take", State.STARTED, State.IN_PROGRESS, Perm.JOB_TAKE, "接车维修"),
    Transition("complete", State.IN_PROGRESS, State.COMPLETED, Perm.JOB_COMPLETE, "竣工自检"),
    Transition("qc_pass", State.COMPLETED, State.INSPECTED, Perm.QC_DECIDE, "质检通过"),
    Transition("qc_fail", State.COMPLETED, State.IN_PROGRESS, Perm.QC_DECIDE, "质检不合格，返工"),
    Transition("settle", State.INSPECTED, State.SETTLED, Perm.WORK_ORDER_SETTLE, "结算"),
    Transition("deliver", State.SETTLED, State.DELIVERED, Perm.WORK_ORDER_DELIVER, "交车"),
    Transition("close", State.DELIVERED, State.CLOSED, Perm.RETURN_VISIT, "回访后关闭"),
    Transition("cancel", State.DRAFT, State.CANCELLED, Perm.WORK_ORDER_CANCEL, "取消"),
    Transition("cancel", State.STARTED, State.CANCELLED, Perm.WORK_ORDER_CANCEL, "取消"),
    Transition("cancel", State.IN_PROGRESS, State.CANCELLED, Perm.WORK_ORDER_CANCEL, "取消"),
)


def transition_for(action: str, current: str) -> Transition:
    """The row of the table for this action from this state; anything not in the table is refused."""
    for t in TRANSITIONS:
        if t.action == action and t.source == current:
            return t
    from workshop.domain.labels import label_of  # the labels import this module

    allowed = [t.zh for t in TRANSITIONS if t.source == current]
    state_zh = label_of(State, current)
    zh_action = next((t.zh for t in TRANSITIONS if t.action == action), action)
    raise RuleViolation(
        f"工单当前状态为「{state_zh}」，不能执行「{zh_action}」。" + (f"可以：{'、'.join(allowed)}。" if allowed else ""),
        f"The work order is {label_of(State, current, 'en').lower()}; '{action}' is not possible from there.",
    )


class Priority(StrEnum):
    URGENT = "urgent"
    IMPORTANT = "important"
    NORMAL = "normal"


def service_deadlines(priority: str, opened_at: datetime,
                      calendar: WorkingCalendar = PUBLIC_CALENDAR) -> tuple[datetime, datetime]:
    """F7: (respond by, resolve by). Urgent 2 h / 24 h; important 4 h / 72 h; normal 8 h / 5 working days (S2)."""
    p = Priority(priority)
    if p is Priority.URGENT:
        return opened_at + timedelta(hours=2), opened_at + timedelta(hours=24)
    if p is Priority.IMPORTANT:
        return opened_at + timedelta(hours=4), opened_at + timedelta(hours=72)
    return opened_at + timedelta(hours=8), add_working_days(opened_at, 5, calendar)
