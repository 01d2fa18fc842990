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
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, func, select, text
from sqlalchemy.engine import make_url

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


@contextmanager
def scratch_postgres(test_url: str, suffix: str) -> Iterator[Database]:
    """A second, empty PostgreSQL database on the test server (created and dropped here), named
    WORKSHOP_TEST_PG_SCRATCH (+ suffix) or after the test database."""
    url = make_url(test_url)
    name = os.environ.get("WORKSHOP_TEST_PG_SCRATCH", f"{url.database}_scratch") + suffix
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db = Database(url.set(database=name).render_as_string(hide_password=False))
        try:
            yield db
        finally:
            db.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def table_rows(db: Database, table: Table) -> list[tuple[Any, ...]]:
    """Every row of a table in primary-key order, as the model's types read it."""
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


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


def check_ledger(db: Database, *, lines: Collection[int] | None = None, moves_after: int = 0) -> LedgerCheck:
    """On-hand equals the sum of the moves and the last move's on_hand_after for every part, nothing below
    zero, every part line's issued - returned equals its issue/return moves (no issue without its move), and
    every issue/return move (of id > moves_after: data loaded without the services has no audit) has its audit
    row. `lines`: check only these part lines."""
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
        line_rows = select(PartLine.id, PartLine.issued_qty, PartLine.returned_qty)
        if lines is not None:
            line_rows = line_rows.where(PartLine.id.in_(list(lines)))
        for line_id, issued, returned in s.execute(line_rows):
            moved = -Decimal(line_moves.get(line_id) or 0)
            if issued - returned != moved:
                out.problems.append(f"part line {line_id}: issued {issued} - returned {returned} but moves say {moved}")
        kinds = dict(s.execute(select(StockMove.kind, func.count()).where(StockMove.id > moves_after)
                               .group_by(StockMove.kind)).all())
        audits = dict(s.execute(select(AuditEntry.action, func.count())
                                .where(AuditEntry.action.in_(["part.issue", "part.return"]))
                                .group_by(AuditEntry.action)).all())
        out.moves = s.scalar(select(func.count()).select_from(StockMove)) or 0
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


# --- the load test's desks -------------------------------------------------------------------------------

OPEN_STATES = ("draft", "started", "in_progress", "completed", "inspected")


@dataclass
class Tally:
    """What one desk did: actions acknowledged, refusals (business rules), anything else (crashes)."""

    desk: str
    kind: str
    ok: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)
    busy: int = 0        # DatabaseBusy: the retries ran out (a user would have seen "try again")
    retries: int = 0     # transient lock errors retried by workshop.db.retry
    transitions: int = 0  # work order events this desk caused
    opened: list[str] = field(default_factory=list)
    moved: dict[str, dict[str, str]] = field(default_factory=dict)  # part_no -> move kind -> quantity
    grants_given: int = 0

    def add_move(self, part_no: str, kind: str, qty: Decimal) -> None:
        kinds = self.moved.setdefault(part_no, {})
        kinds[kind] = str(Decimal(kinds.get(kind, "0")) + qty)


def act(t: Tally, op: str, fn: Callable[[], Any]) -> Any:
    """One user action, as the GUI runs it (workshop.db.retry around the service call); classified."""
    from workshop.db.retry import DatabaseBusy, call_with_retry

    def retried(_exc: BaseException, _attempt: int) -> None:
        t.retries += 1

    try:
        result = call_with_retry(fn, on_retry=retried)
    except DatabaseBusy:
        t.busy += 1
        return None
    except WorkshopError as exc:
        key = f"{op}:{type(exc).__name__}"
        t.refused[key] = t.refused.get(key, 0) + 1
        return None
    except Exception as exc:  # an error that would reach the user as a crash
        t.crashes.append(f"{op}: {exc!r}"[:500])
        return None
    t.ok[op] = t.ok.get(op, 0) + 1
    return result


def _pick(db: Database, stmt: Any) -> Any:
    with db.read() as s:
        return s.execute(stmt.order_by(func.random()).limit(1)).first()


def _front_desk_step(db: Database, a: dict[str, Any], rng: random.Random, t: Tally) -> bool:
    from workshop.db.models import Approval, WorkOrder
    from workshop.services import approvals, front_desk

    me: Actor = a["me"]
    vehicle, km = rng.choice(a["vehicles"]), rng.randint(20000, 90000)
    wo = act(t, "open_work_order", lambda: front_desk.open_work_order(
        db.uow(), me, vehicle_id=vehicle, kind="general", mileage_in=km, fault_description="保养；刹车有异响",
        out_of_warranty_agreed=True, confirm_lower_mileage=True))
    if wo is not None:
        t.opened.append(wo.number)
        number = wo.number
        wo = act(t, "add_labor_line", lambda v=wo.version: front_desk.add_labor_line(
            db.uow(), me, number, expected_version=v, operation_code=a["operation"])) or wo
        for _ in range(rng.randint(1, 2)):
            part_no, qty = rng.choice(a["parts"]), rng.randint(1, 3)
            wo = act(t, "add_part_line", lambda v=wo.version, p=part_no, q=qty: front_desk.add_part_line(
                db.uow(), me, number, expected_version=v, part_no=p, quantity=q)) or wo
        if act(t, "start_work_order", lambda: front_desk.start_work_order(db.uow(), me, number)):
            t.transitions += 1
    row = _pick(db, select(WorkOrder.number).where(WorkOrder.state == "inspected"))
    if row is not None and act(t, "settle_work_order", lambda: front_desk.settle_work_order(db.uow(), me,
                                                                                            row.number)):
        t.transitions += 1
        if a.get("cashier"):  # M4: paid at the cashier and the gate pass printed before the car leaves
            from tests.helpers.cashier_data import release

            act(t, "release", lambda: release(db, a["cashier"], row.number))
        if act(t, "deliver_work_order", lambda: front_desk.deliver_work_order(db.uow(), me, row.number)):
            t.transitions += 1
    if a.get("lead"):  # the front-desk lead's discounts (A1): in turn one within the limit, one to approve
        pending = select(Approval.id).where(Approval.work_order_id == WorkOrder.id, Approval.state == "pending")
        row = _pick(db, select(WorkOrder.id).where(WorkOrder.state.in_(OPEN_STATES), WorkOrder.kind == "general",
                                                   ~pending.exists()))
        if row is not None:
            if len(t.opened) % 2:
                if act(t, "give_discount", lambda: approvals.give_discount(db.uow(), me, row.id, pct="5",
                                                                           reason="老客户")):
                    t.grants_given += 1
            else:
                act(t, "request_discount_approval", lambda: approvals.request_discount_approval(
                    db.uow(), me, row.id, pct="15", reason="车主投诉后的补偿"))
    return True


def _counter_step(db: Database, a: dict[str, Any], rng: random.Random, t: Tally) -> bool:
    from workshop.db.models import Part, PartLine, WorkOrder
    from workshop.services import parts_counter

    me: Actor = a["me"]
    base = (select(WorkOrder.number, Part.part_no).join(PartLine, PartLine.work_order_id == WorkOrder.id)
            .join(Part, Part.id == PartLine.part_id).where(WorkOrder.state.in_(["started", "in_progress"])))
    if rng.random() < 0.2:
        row = _pick(db, base.where(PartLine.issued_qty > PartLine.returned_qty, PartLine.fitted.is_(False)))
        if row is None:
            return False
        if act(t, "return_part", lambda: parts_counter.return_part(db.uow(), me, row.number, row.part_no, 1,
                                                                    reason="多领退回")):
            t.add_move(row.part_no, "return", Decimal(1))
        return True
    row = _pick(db, base.where(PartLine.issued_qty - PartLine.returned_qty < PartLine.quantity))
    if row is None:
        return False
    if act(t, "issue_part", lambda: parts_counter.issue_part(db.uow(), me, row.number, row.part_no, 1)):
        t.add_move(row.part_no, "issue", Decimal(-1))
    return True


def _workshop_step(db: Database, a: dict[str, Any], rng: random.Random, t: Tally) -> bool:
    from workshop.db.models import PartLine, Vehicle, WorkOrder
    from workshop.services import workshop_floor

    me, qc = a["me"], a["qc"]
    did = False
    row = _pick(db, select(WorkOrder.number, Vehicle.plate).join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
                .where(WorkOrder.state == "started"))
    if row is not None:
        did = True
        if act(t, "take_job", lambda: workshop_floor.take_job(db.uow(), me, row.number, plate=row.plate)):
            t.transitions += 1
    short = select(PartLine.id).where(PartLine.work_order_id == WorkOrder.id,
                                      PartLine.issued_qty - PartLine.returned_qty < PartLine.quantity)
    row = _pick(db, select(WorkOrder.number).where(WorkOrder.state == "in_progress", ~short.exists()))
    if row is not None:
        did = True
        if act(t, "complete_job", lambda: workshop_floor.complete_job(db.uow(), me, row.number,
                                                                      self_check_note="自检合格")):
            t.transitions += 1
    row = _pick(db, select(WorkOrder.number).where(WorkOrder.state == "completed"))
    if row is not None:
        did = True
        if rng.random() < 0.1:
            done = act(t, "qc_fail", lambda: workshop_floor.qc_fail(db.uow(), qc, row.number, reason="异响仍在"))
        else:
            done = act(t, "qc_pass", lambda: workshop_floor.qc_pass(db.uow(), qc, row.number))
        t.transitions += 1 if done else 0
    return did


def _approvals_step(db: Database, a: dict[str, Any], rng: random.Random, t: Tally) -> bool:
    from workshop.db.models import Approval
    from workshop.services import approvals

    row = _pick(db, select(Approval.id).where(Approval.state == "pending"))
    if row is None:
        return False
    approve = rng.random() < 0.8
    act(t, "decide", lambda: approvals.decide(db.uow(), a["me"], row.id, approve,
                                              "同意" if approve else "折扣过大，请按 10% 给"))
    return True


def _stock_step(db: Database, a: dict[str, Any], rng: random.Random, t: Tally) -> bool:
    from workshop.db.models import Part
    from workshop.services import stock

    with db.read() as s:
        row = s.execute(select(Part.id, Part.part_no, Part.on_hand).where(Part.part_no.in_(a["parts"]))
                        .order_by(Part.on_hand).limit(1)).one()
    if row.on_hand < 40:
        qty = Decimal(rng.randint(20, 40))
        got = act(t, "receive_delivery_note", lambda: stock.receive_delivery_note(
            db.uow(), a["me"], f"SD{rng.randint(1, 10**8)}", "广州骏达汽配", [stock.ReceiptLine(row.part_no, qty,
                                                                               Decimal("36.50"))]))
        if got is not None:
            t.add_move(row.part_no, "receipt", qty)
        return True
    part_id, part_no, on_hand = _pick(db, select(Part.id, Part.part_no, Part.on_hand)
                                      .where(Part.part_no.in_(a["parts"])))
    counted = max(on_hand + rng.choice([-1, 0, 1]), Decimal(0))
    result = act(t, "record_stocktake", lambda: stock.record_stocktake(
        db.uow(), a["me"], [stock.CountLine(part_id, counted, expected_on_hand=on_hand)], "盘点差异"))
    for move in result.adjustments if result is not None else ():
        t.add_move(part_no, "adjust", move.quantity)
    time.sleep(0.05)  # a stocktake is slow work
    return True


DESK_STEPS: dict[str, Callable[[Database, dict[str, Any], random.Random, Tally], bool]] = {
    "front_desk": _front_desk_step, "parts_counter": _counter_step, "workshop": _workshop_step,
    "approvals": _approvals_step, "stock": _stock_step,
}


def run_desk(desk: str, kind: str, url: str, actors: dict[str, Any], seed: int, ready_path: str, go_path: str,
             out: Any) -> None:
    """One desk: boots, says ready, waits for the go file (which holds the end time), works until then."""
    db = Database(url)
    t = Tally(desk, kind)
    rng = random.Random(seed)
    step = DESK_STEPS[kind]
    with db.read() as s:
        s.execute(text("SELECT 1"))
    Path(ready_path).write_text("ready")
    parent, deadline = os.getppid(), time.monotonic() + 300
    while not os.path.exists(go_path) or not Path(go_path).read_text():
        if os.getppid() != parent or time.monotonic() > deadline:
            return
        time.sleep(0.005)
    end = float(Path(go_path).read_text())
    try:
        while time.time() < end and os.getppid() == parent:
            if not step(db, actors, rng, t):
                time.sleep(0.02)  # nothing to do at this desk right now
    except Exception as exc:  # a crash outside a service call (the desk's own query)
        t.crashes.append(f"desk loop: {exc!r}"[:500])
    finally:
        db.dispose()
        out.put(json.dumps(t.__dict__, ensure_ascii=False))
