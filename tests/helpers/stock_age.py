"""stock_age (migration 0019_growth): the summary as stored, and as it should be from the parts themselves."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date

from sqlalchemy import select

from workshop.db.models import Part, StockAge
from workshop.db.uow import Database


def summary_rows(db: Database) -> dict[date, tuple[int, int]]:
    with db.read() as s:
        return {d: (n, v) for d, n, v in s.execute(select(StockAge.day, StockAge.parts, StockAge.value_e4))
                if (n, v) != (0, 0)}


def rebuilt_from_parts(db: Database) -> dict[date, tuple[int, int]]:
    """stock_age as it should be, from the parts themselves."""
    out: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    with db.read() as s:
        for oh, cost, at in s.execute(select(Part.on_hand, Part.avg_cost, Part.last_move_at)):
            if oh > 0:
                day = date(1, 1, 1) if at is None else at.astimezone(UTC).date()  # never moved: dead at once
                out[day][0] += 1
                out[day][1] += int(oh * cost * 10000)
    return {d: (n, v) for d, (n, v) in out.items()}
