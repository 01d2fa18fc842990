"""Reliability tests' helpers: child processes that act as desks (started through a forkserver that has the
workshop imported already, so a child is ready in a fraction of a second), the kill-and-check loop's
invariants, and the figures the tests write into RELIABILITY.md.

Children never share the parent's engine: each opens its own Database from the URL."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from workshop.db.models import AuditEntry, Part, PartLine, StockMove
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Actor

PRELOAD = [
    "__main__", "pytest",  # every child re-runs the parent's main script (pytest's): make that cheap
    "sqlalchemy", "psycopg", "workshop.db.uow", "workshop.db.models", "workshop.db.retry",
    "workshop.services.parts_counter", "workshop.services.front_desk", "workshop.services.workshop_floor",
    "workshop.services.approvals", "workshop.services.stock", "tests.helpers.reliability",
]
FIGURES = Path(os.environ.get("WORKSHOP_RELIABILITY_FIGURES", "/tmp/workshop-reliability-figures.json"))


def url_of(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def desk_context() -> BaseContext:
    """A forkserver with the workshop preloaded: a new desk process forks from it in milliseconds, with no
    database connection inherited from the test process."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def short_run() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def record_figures(key: str, figures: dict[str, Any]) -> None:
    """Keep the last measured figures of each guarantee (the numbers quoted in RELIABILITY.md)."""
    try:
        data = json.loads(FIGURES.read_text())
    except (OSError, ValueError):
        data = {}
    data[key] = figures
    FIGURES.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


# --- the ledger's invariants (P8, W3) -----------------------------------------------------------------


@dataclass
class LedgerCheck:
    problems: list[str] = field(default_factory=list)
    moves: int = 0
    issue_moves: int = 0
    return_moves: int = 0
    issue_audits: int = 0
    return_audits: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_ledger(db: Database) -> LedgerCheck:
    """On-hand equals the sum of the moves and the last move's on_hand_after for every part, nothing below
    zero, and every part line's issued - returned equals its issue/return moves (no issue without its move)."""
    out = LedgerCheck()
    with db.read() as s:
        sums = dict(s.execute(select(StockMove.part_id, func.sum(StockMove.quantity)).group_by(StockMove.part_id)).all())
        last_ids = select(func.max(StockMove.id)).group_by(StockMove.part_id).scalar_subquery()
        last_after = dict(s.execute(select(StockMove.part_id, StockMove.on_hand_after)
                                    .where(StockMove.id.in_(last_ids))).all())
        for part_id, part_no, on_hand in s.execute(select(Part.id, Part.part_no, Part.on_hand)):
            total = Decimal(sums.get(part_id) or 0)
            if on_hand != total:
                out.problems.append(f"{part_no}: on hand {on_hand} but the moves sum to {total}")
            if part_id in last_after and last_after[part_id] != on_hand:
                out.problems.append(f"{part_no}: on hand {on_hand} but the last move left {last_after[part_id]}")
            if on_hand < 0:
                out.problems.append(f"{part_no}: on hand {on_hand} is below zero")
        negative = s.scalar(select(func.count()).select_from(StockMove).where(StockMove.on_hand_after < 0))
        if negative:
            out.problems.append(f"{negative} moves left stock below zero")
        line_moves = dict(s.execute(
            select(StockMove.part_line_id, func.sum(StockMove.quantity))
            .where(StockMove.kind.in_(["issue", "return", "internal"]), StockMove.part_line_id.is_not(None))
            .group_by(StockMove.part_line_id)
        ).all())
        for line_id, issued, returned in s.execute(select(PartLine.id, PartLine.issued_qty, PartLine.returned_qty)):
            moved = -Decimal(line_moves.get(line_id) or 0)
            if issued - returned != moved:
                out.problems.append(f"part line {line_id}: issued {issued} - returned {returned} but moves say {moved}")
        kinds = dict(s.execute(select(StockMove.kind, func.count()).group_by(StockMove.kind)).all())
        audits = dict(s.execute(select(AuditEntry.action, func.count())
                                .where(AuditEntry.action.in_(["part.issue", "part.return"]))
                                .group_by(AuditEntry.action)).all())
        out.moves = sum(kinds.values())
        out.issue_moves, out.return_moves = kinds.get("issue", 0), kinds.get("return", 0)
        out.issue_audits, out.return_audits = audits.get("part.issue", 0), audits.get("part.return", 0)
        if (out.issue_moves, out.return_moves) != (out.issue_audits, out.return_audits):
            out.problems.append(f"moves issue/return {out.issue_moves}/{out.return_moves} but audit rows "
                                f"{out.issue_audits}/{out.return_audits}")
    return out


def sqlite_integrity(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("PRAGMA integrity_check")).scalar())


# --- the crash child ----------------------------------------------------------------------------------


class _RolledBack(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run a service for real but roll it back at its commit (warms a new process's statement caches)."""

    def refuse(self: UnitOfWork) -> None:
        raise _RolledBack

    original = UnitOfWork.commit
    UnitOfWork.commit = refuse  # type: ignore[method-assign]
    try:
        yield
    except (_RolledBack, WorkshopError):
        pass
    finally:
        UnitOfWork.commit = original  # type: ignore[method-assign]


def issue_until_killed(url: str, clerk: Actor, number: str, codes: list[str], log_path: str, go_path: str) -> None:
    """Issue (and now and then return) parts on one work order as fast as the counter can, for ever. The process
    boots, says "ready" and waits for go_path to exist (so the next victim boots while the parent checks the
    last one). After each committed action one line goes to log_path: what the clerk saw acknowledged."""
    from workshop.services import parts_counter

    db = Database(url)
    for attempt in (parts_counter.issue_part, parts_counter.return_part):  # connected and warm before the clock
        with rolled_back():
            attempt(db.uow(), clerk, number, codes[0], 1)
    rng = random.Random(os.getpid() ^ int(time.time() * 1000))
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(fd, b"ready\n")
    parent, deadline = os.getppid(), time.monotonic() + 300
    while not os.path.exists(go_path):
        if os.getppid() != parent or time.monotonic() > deadline:
            return  # the test is gone: never linger
        time.sleep(0.005)
    while os.getppid() == parent:
        code = rng.choice(codes)
        try:
            if rng.random() < 0.3:
                parts_counter.return_part(db.uow(), clerk, number, code, 1, reason="未用完")
                os.write(fd, f"return {code}\n".encode())
            else:
                parts_counter.issue_part(db.uow(), clerk, number, code, 1)
                os.write(fd, f"issue {code}\n".encode())
        except WorkshopError as exc:  # e.g. nothing to return yet: a refusal writes nothing
            os.write(fd, f"refused {type(exc).__name__}\n".encode())


def log_lines(log_path: Path) -> list[str]:
    return log_path.read_text().splitlines() if log_path.exists() else []


def acknowledged(log_path: Path) -> tuple[int, int]:
    """(issues, returns) the killed child had seen committed."""
    lines = log_lines(log_path)
    return sum(1 for ln in lines if ln.startswith("issue ")), sum(1 for ln in lines if ln.startswith("return "))


def wait_for(predicate: Callable[[], bool], timeout: float, step: float = 0.01) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
