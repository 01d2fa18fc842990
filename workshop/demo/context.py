"""What the generator steps share: the seeded random source, the scale, ids and the rows to write."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class ScaleSpec:
    work_orders: int
    parts: int
    customers: int
    history_days: int
    tools: int
    recent_per_day: int   # work orders a day over the last days, so the workshop looks busy at every scale
    models: int           # how many vehicle models the catalog covers


SCALES: dict[str, ScaleSpec] = {
    "small": ScaleSpec(work_orders=200, parts=300, customers=150, history_days=60, tools=30,
                       recent_per_day=14, models=4),
    "medium": ScaleSpec(work_orders=10_000, parts=3_000, customers=5_000, history_days=365, tools=30,
                        recent_per_day=40, models=11),
    "large": ScaleSpec(work_orders=150_000, parts=20_000, customers=50_000, history_days=1_095, tools=30,
                       recent_per_day=140, models=11),
}


class Ids:
    """Explicit primary keys, one counter per table, starting after what the database already holds."""

    def __init__(self, start: dict[str, int]) -> None:
        self._last = dict(start)

    def next(self, table: str) -> int:
        value = self._last.get(table, 0) + 1
        self._last[table] = value
        return value


@dataclass
class Gen:
    rng: random.Random
    spec: ScaleSpec
    now: int
    ids: Ids
    rows: dict[str, list[Row]] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)          # username -> id
    team_techs: dict[str, list[int]] = field(default_factory=dict)
    advisors: list[int] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)       # number prefix -> last value
    progress: Callable[[int, int], None] | None = None

    def report(self, step: int, done: int, of: int) -> None:
        """Progress in three equal steps (0 plan, 1 settle, 2 write), each counted in work orders."""
        if self.progress is not None:
            n = self.spec.work_orders
            self.progress(step * n + (n * done // max(1, of)), 3 * n)

    def add(self, table: str, row: Row) -> Row:
        self.rows.setdefault(table, []).append(row)
        return row

    def number(self, prefix: str, stamp: str) -> str:
        key = f"{prefix}{stamp}"
        value = self.counters.get(key, 0) + 1
        self.counters[key] = value
        return f"{key}-{value:04d}"

    @property
    def start(self) -> int:
        return self.now - self.spec.history_days * 86400
