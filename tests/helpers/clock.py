"""The shop's clock in tests (time-machine): one way to move it, and the moved-clock CI runs."""

from __future__ import annotations

import os
from datetime import datetime

import time_machine

CLOCK_ENV = "WORKSHOP_TEST_CLOCK"


class ShopClock:
    """The shop's clock in a test: `move_to(aware datetime)` sets it, and it runs on from there (tick)."""

    def __init__(self, start: datetime | None) -> None:
        self._travel: time_machine.travel | None = None
        self.start = start
        if start is not None:
            self.move_to(start)

    def move_to(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("the shop clock takes an aware datetime")
        self.stop()
        self._travel = time_machine.travel(when, tick=True)
        self._travel.start()

    def stop(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = None


def clock_from_env() -> datetime | None:
    """WORKSHOP_TEST_CLOCK=2026-12-31T23:58+08:00 starts every test at that moment (the moved-clock CI runs)."""
    value = os.environ.get(CLOCK_ENV)
    if not value:
        return None
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        raise ValueError(f"{CLOCK_ENV} must carry its UTC offset, e.g. 2026-12-31T23:58+08:00")
    return when
