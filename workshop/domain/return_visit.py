"""Q1 as a pure rule: what one return-visit call does. A call that does not reach the customer is an attempt, not
a visit: it schedules the next try (default 3 tries, a day apart) and records no score; only a reached
customer gives a score (no default). The customer may ask to be called back later, or refuse the survey."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from workshop.domain.errors import InvalidInput

INTERNAL_CLOSE_NOTE = "内部工单：交车即关闭，无需回访"  # the event of an internal order closed at its delivery (Q1)

class Outcome(StrEnum):
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    CALL_BACK = "call_back"
    REFUSED = "refused"


@dataclass(frozen=True)
class CallStep:
    attempts: int              # calls made so far, this one included
    closes: bool               # the visit is finished (the work order closes)
    outcome: str               # the visit's outcome once finished, "" while open
    next_due: datetime | None  # the next try, while open
    score: int | None


def call_step(outcome: object, score: object, attempts_before: int, *, tries: int, retry_hours: int,
              now: datetime, call_back_at: datetime | None = None) -> CallStep:
    try:
        the = Outcome(str(outcome))
    except ValueError:
        raise InvalidInput("请选择回访结果：已接通、未接通、稍后再打或拒绝。",
                           "Choose the outcome: reached, not reached, call back later or refused.") from None
    attempts = attempts_before + 1
    if the is Outcome.REACHED:
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise InvalidInput("接通后请让客户打 1 到 5 分的满意度。", "A reached customer gives a score of 1 to 5.")
        return CallStep(attempts, True, the.value, None, score)
    if score not in (None, ""):
        raise InvalidInput("没有接通的回访不记满意度。", "A call that did not reach the customer records no score.")
    if the is Outcome.REFUSED:
        return CallStep(attempts, True, the.value, None, None)
    if the is Outcome.CALL_BACK:
        if call_back_at is None or call_back_at.tzinfo is None or call_back_at <= now:
            raise InvalidInput("请填写客户要求回电的时间（晚于现在）。", "Give the time the customer asked to be called back.")
        return CallStep(attempts, False, "", call_back_at, None)
    if attempts >= max(tries, 1):
        return CallStep(attempts, True, the.value, None, None)
    return CallStep(attempts, False, "", now + timedelta(hours=max(retry_hours, 1)), None)
