"""Q2 complaints: the states, the order of the steps and the two clocks (answer within 24 hours, verify within
3 working days). Pure: the quality service writes by it, the customer-service list reads by it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from workshop.domain.clock import utcnow

ANSWER_HOURS = 24
VERIFY_WORKING_DAYS = 3



class ComplaintState(StrEnum):
    ACCEPTED = "accepted"
    HANDLED = "handled"
    VERIFIED = "verified"
    FED_BACK = "fed_back"
    ARCHIVED = "archived"


class ComplaintStep(StrEnum):
    ACCEPT = "accept"      # the complaint is taken (its first step, not a move)
    HANDLE = "handle"
    VERIFY = "verify"
    FEEDBACK = "feedback"
    ARCHIVE = "archive"


# step -> (from state, to state); the labels of both are in workshop.domain.labels
COMPLAINT_STEPS: dict[str, tuple[str, str]] = {
    ComplaintStep.HANDLE: (ComplaintState.ACCEPTED, ComplaintState.HANDLED),
    ComplaintStep.VERIFY: (ComplaintState.HANDLED, ComplaintState.VERIFIED),
    ComplaintStep.FEEDBACK: (ComplaintState.VERIFIED, ComplaintState.FED_BACK),
    ComplaintStep.ARCHIVE: (ComplaintState.FED_BACK, ComplaintState.ARCHIVED),
}


def next_step(state: str) -> str | None:
    """The step a complaint in `state` takes next (None once archived)."""
    return next((step for step, (source, _target) in COMPLAINT_STEPS.items() if source == state), None)


def complaint_overdue(state: str, answer_due: datetime, verify_due: datetime, now: datetime | None = None
                      ) -> tuple[bool, bool]:
    """(answer late, verification late) for the complaints list."""
    now = now or utcnow()
    answer_late = state == "accepted" and now > answer_due
    verify_late = state in ("accepted", "handled") and now > verify_due
    return answer_late, verify_late
