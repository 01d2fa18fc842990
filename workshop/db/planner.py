"""Planner guidance where PostgreSQL's cost model picks a plan that reads far more than it needs.

- A range's jobs joined to their dispatch shares or clock entries (the efficiency figures, W6): PostgreSQL
  estimates a look-up per job on `ix_labor_assignments_line` / `ix_job_clocks_line` as dearer than reading
  every share or clock entry ever written and hashing (or merging) it with the range's jobs. After three years
  that is 570,000 rows read for 40,000 jobs, 150-200 ms, and more each year; the look-ups are ~80 ms and the
  same after one year or ten (`join_by_index`).
- The orders of a few hundred cars in a date band (the work-order search by a plate fragment): it walks the
  date index through every order of the band (37,500 for nine months) to keep 250, where the cars' own index
  (`ix_work_orders_vehicle_visits`, car and date) finds them directly: 15 → 2.6 ms (`look_up_by_key`).

SQLite's planner already takes the look-ups: nothing changes there."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from workshop.db.engine import WRITE_OPTION
from workshop.db.uow import Database

_METHODS = frozenset({"hashjoin", "mergejoin", "indexscan"})


@contextmanager
def planner_without(session: Session, *methods: str) -> Iterator[None]:
    """Within the block (this transaction only), PostgreSQL plans without these methods ('hashjoin',
    'mergejoin': join by nested loops over indexes; 'indexscan': reach rows by bitmap scans, the index that
    matches the most conditions first). The previous settings come back after it; on an error the transaction
    is rolled back, which undoes them as well."""
    unknown = set(methods) - _METHODS
    if unknown:  # on SQLite too: a misspelt method shows in the tests of either database
        raise ValueError(f"not a planner method this module turns off: {sorted(unknown)}")
    if session.get_bind().dialect.name != "postgresql" or not methods:
        yield
        return
    names = [f"enable_{m}" for m in methods]
    conn = session.connection()
    shown = ", ".join(f"current_setting(:n{i}) AS b{i}" for i in range(len(names)))
    params = {f"n{i}": n for i, n in enumerate(names)}
    setting = ", ".join(f"set_config(:n{i}, :v{i}, true)" for i in range(len(names)))
    # one round trip: the settings as they were (read first: OFFSET 0 keeps the subquery from being merged
    # into the outer select), then turned off
    row = conn.execute(text(f"SELECT was.*, {setting} FROM (SELECT {shown} OFFSET 0) AS was"),
                       {**params, **{f"v{i}": "off" for i in range(len(names))}}).one()
    before = tuple(row[:len(names)])
    yield
    conn.execute(text(f"SELECT {setting}"), {**params, **{f"v{i}": v for i, v in enumerate(before)}})


def join_by_index(session: Session) -> AbstractContextManager[None]:
    """Joins by nested loops over indexes (the range's jobs, then their shares and clock entries)."""
    return planner_without(session, "hashjoin", "mergejoin")


def look_up_by_key(session: Session) -> AbstractContextManager[None]:
    """Rows reached by bitmap scans of the index that matches the most conditions (the cars' orders by car and
    date), not by walking one index's range row by row."""
    return planner_without(session, "indexscan")


# Rows each index is sampled by when SQLite gathers its statistics: measured on the large demo, ANALYZE in 0.6 s
# (6.6 s in full) and the same plans as the full statistics (1000 rows: first-time fix 125 ms against 21).
SQLITE_ANALYSIS_LIMIT = 10_000


def refresh_statistics(db: Database) -> None:
    """Gather the planner's statistics. SQLite never does it by itself: a shop's file, grown from empty, was
    planned without any (large demo: first-time fix 220 ms, account list 57, fill rate 119, appointment rate 104,
    against 21, 8, 18 and 6 with them). Run after the daily backup; a write transaction of about a second, which
    the counters' writes wait for (busy timeout). PostgreSQL's autovacuum analyses too; ANALYZE there takes no
    lock that stops reads or writes."""
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            conn.execution_options(**{WRITE_OPTION: True})  # BEGIN IMMEDIATE: waits for a writer, never fails
            conn.exec_driver_sql(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
