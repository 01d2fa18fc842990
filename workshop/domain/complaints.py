"""Q2 complaints: the states, the order of the steps and the two clocks (answer within 24 hours, verify within
3 working days). Pure: the quality service writes by it, the customer-service list reads by it."""

from __future__ import annotations

from datetime import datetime

from workshop.domain.clock import utcnow

ANSWER_HOURS = 24
VERIFY_WORKING_DAYS = 3

# step name -> (from state, to state, 中文)
COMPLAINT_STEPS: dict[str, tuple[str, str, str]] = {
    "handle": ("accepted", "handled", "处理"),
    "verify": ("handled", "verified", "验证"),
    "feedback": ("verified", "fed_back", "反馈"),
    "archive": ("fed_back", "archived", "归档"),
}
COMPLAINT_STATE_ZH = {"accepted": "已受理", "handled": "已处理", "verified": "已验证", "fed_back": "已反馈",
                      "archived": "已归档"}


def next_step(state: str) -> str | None:
    """The step a complaint in `state` takes next (None once archived)."""
    return next((step for step, (source, _target, _zh) in COMPLAINT_STEPS.items() if source == state), None)


def complaint_overdue(state: str, answer_due: datetime, verify_due: datetime, now: datetime | None = None
                      ) -> tuple[bool, bool]:
    """(answer late, verification late) for the complaints list."""
    now = now or utcnow()
    answer_late = state == "accepted" and now > answer_due
    verify_late = state in ("accepted", "handled") and now > verify_due
    return answer_late, verify_late
