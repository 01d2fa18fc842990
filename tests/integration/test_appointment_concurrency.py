"""R1 under contention: advisors at separate desks (processes) book the last place of a slot at the same
moment, against PostgreSQL and against one SQLite file. Exactly one booking succeeds; the others are refused
with the full-slot sentence; the slot's counter and the appointments agree and never exceed the capacity."""

from __future__ import annotations

import multiprocessing as mp
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from tests.helpers import appointments_data as ad
from workshop.db.models import Appointment, AppointmentSlot
from workshop.db.uow import Database
from workshop.domain.appointments import closed_for_appointments
from workshop.domain.calendar import PUBLIC_CALENDAR
from workshop.domain.clock import to_shop
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Actor, Role

DESKS = 3
ROUNDS = 3
SLOT = "10:00"


def _open_days(n: int) -> list[date]:
    """n days the shop takes bookings, a few weeks after today on the real clock — the desks' processes run on it,
    and bookings are taken at most a year ahead (public holidays skipped)."""
    today = to_shop(datetime.now(UTC)).date()
    days = (today + timedelta(days=k) for k in range(21, 120))
    return [d for d in days if not closed_for_appointments(PUBLIC_CALENDAR, d)][:n]


def _desk(url: str, advisor: Actor, jobs: list[tuple[int, date]], barrier: Any, results: Any) -> None:
    from workshop.services import appointments

    db = Database(url)
    try:
        for rnd, (vehicle_id, day) in enumerate(jobs):
            barrier.wait(timeout=60)
            try:
                appointments.book_appointment(db.uow(), advisor, vehicle_id=vehicle_id, day=day, slot=SLOT,
                                              team="机修", service="保养", channel="phone")
                results.put((rnd, "ok", ""))
            except WorkshopError as exc:
                results.put((rnd, type(exc).__name__, exc.zh))
            except Exception as exc:  # a failure of the test, reported to the parent
                results.put((rnd, "crash", repr(exc)))
    finally:
        db.dispose()


def test_r1_two_advisors_booking_the_last_place_at_once_never_overbook(
        db: Database, people: dict[Role, Actor]) -> None:
    ad.set_capacity(db, people, "机修", 1)
    cars = [ad.shop_car(db, people)] + [ad.other_car(db, people, n) for n in range(1, DESKS)]
    days = _open_days(ROUNDS)
    jobs = [[(cars[d].vehicle.id, days[r]) for r in range(ROUNDS)] for d in range(DESKS)]
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(DESKS), ctx.Queue()
    desks = [ctx.Process(target=_desk, args=(db.url, people[Role.ADVISOR], j, barrier, results)) for j in jobs]
    for p in desks:
        p.start()
    outcomes: list[list[tuple[str, str]]] = [[] for _ in range(ROUNDS)]
    for _ in range(DESKS * ROUNDS):
        rnd, status, detail = results.get(timeout=120)
        outcomes[rnd].append((status, detail))
    for p in desks:
        p.join(timeout=60)
        assert p.exitcode == 0
    for got in outcomes:
        assert [s for s, _ in got].count("ok") == 1, got
        assert all(s == "RuleViolation" and "已约满" in d for s, d in got if s != "ok"), got
    with db.read() as s:
        counters = {d: n for d, n in s.execute(select(AppointmentSlot.day, AppointmentSlot.booked)
                                  .where(AppointmentSlot.slot == SLOT))}
        booked = {d: n for d, n in s.execute(select(Appointment.day, func.count()).where(Appointment.slot == SLOT)
                                .group_by(Appointment.day))}
    assert counters == booked == dict.fromkeys(days, 1)
