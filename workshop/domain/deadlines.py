"""F7: when a work order must be answered and resolved (by priority, in working days of the shop's calendar, S2),
its expected finish, and whether it is late. Pure: the services, the board, the lists and the dashboards use it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workshop.domain.calendar import PUBLIC_CALENDAR, WorkingCalendar
from workshop.domain.clock import utcnow
from workshop.domain.work_order import State, service_deadlines


@dataclass(frozen=True)
class Deadlines:
    """F7: when the work order must be answered and resolved, the expected finish, and whether it is late."""

    respond_by: datetime
    resolve_by: datetime
    expected_finish: datetime
    late: bool


def deadlines(priority: str, opened_at: datetime, promised_at: datetime | None, state: str,
              now: datetime | None = None, calendar: WorkingCalendar = PUBLIC_CALENDAR) -> Deadlines:
    """F7: respond/resolve by priority; the expected finish is the promised time, else the resolve deadline
    (working days: S2, the shop's calendar from settings.working_calendar).
    Late: the car is not ready (QC passed) by the expected finish, or not started by the respond deadline."""
    respond_by, resolve_by = service_deadlines(priority, opened_at, calendar)
    expected = promised_at or resolve_by
    now = now or utcnow()
    not_ready = state in (State.DRAFT, State.STARTED, State.IN_PROGRESS, State.COMPLETED)
    late = (not_ready and now > expected) or (state == State.DRAFT and now > respond_by)
    return Deadlines(respond_by=respond_by, resolve_by=resolve_by, expected_finish=expected, late=late)
