"""A mixed day under load: 8 desk processes work one database at once for 30 s (15 s when CI=true), on one
SQLite file and on PostgreSQL - two front desks (one of them the front-desk lead giving discounts and asking
approvals) opening, starting, settling and delivering work orders, two parts counters issuing and returning,
two workshop desks taking, completing and passing QC, the director deciding approvals, and the store receiving
and counting stock. Every action goes through workshop.db.retry as the GUI's operations do.

Then: no desk saw anything but a business refusal (no OperationalError, no "database is locked", no
DatabaseBusy), no lost update (each part's on-hand = opening stock + every acknowledged receipt, issue, return
and count; each kind of move in the ledger sums to what the desks were told; every work order event is one a
desk was told of), no negative stock, no duplicate work order number, and the A1 weekly quota held.
Also: the retry helper turns a real PostgreSQL deadlock into a success, and never repeats a business refusal."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from tests.helpers import reliability as rel
from tests.helpers.people import make_user
from workshop.db.models import DiscountGrant, LaborOperation, Part, StockMove, WorkOrder, WorkOrderEvent
from workshop.db.retry import DatabaseBusy, call_with_retry, is_transient
from workshop.db.uow import Database
from workshop.domain.clock import shop_today
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.services import front_desk, stock

SECONDS = 15 if rel.short_run() else 30
HOT_PARTS = ["LOAD0001", "LOAD0002", "LOAD0003", "LOAD0004"]
OPENING_STOCK = Decimal(80)
OPERATION = "JX001"


def _shop(db: Database, people: dict[Role, Actor]) -> dict[str, Any]:
    """The catalog, 20 customers with a car each, and the hot parts stocked through the ledger."""
    advisor, clerk = people[Role.ADVISOR], people[Role.PARTS_CLERK]
    with db.uow() as uow:
        uow.session.add(LaborOperation(code=OPERATION, name="更换机油机滤", standard_hours=Decimal("0.5"),
                                       rate=Decimal("200.00"), team="机修"))
        for no in HOT_PARTS:
            uow.session.add(Part(part_no=no, name="机油滤清器", price=Decimal("68.00"), unit="件", on_hand=Decimal(0),
                                 avg_cost=Decimal(0)))
        uow.commit()
    stock.receive_delivery_note(db.uow(), clerk, "QC-OPEN", "广汽丰田", [
        stock.ReceiptLine(no, OPENING_STOCK, Decimal("35.00")) for no in HOT_PARTS])
    vehicles = []
    for i in range(20):
        c = front_desk.add_customer(db.uow(), advisor, name=f"客户{i:02d}", phone=f"139{i:08d}")
        v = front_desk.add_vehicle(db.uow(), advisor, customer_id=c.id, plate=f"粤A·L{i:04d}",
                                   vin=make_vin(f"LVGBE40K8P{i:06d}"), brand="丰田", model="凯美瑞",
                                   purchase_date=shop_today() - timedelta(days=200), mileage=10000)
        vehicles.append(v.id)
    return {"vehicles": vehicles, "parts": HOT_PARTS, "operation": OPERATION}


def _desks(db: Database, people: dict[Role, Actor]) -> list[tuple[str, str, dict[str, Any]]]:
    shop = _shop(db, people)
    clerk2 = make_user(db, "clerk2", [Role.PARTS_CLERK])
    store = make_user(db, "store", [Role.PARTS_CLERK])
    qc = people[Role.QC_INSPECTOR]
    return [
        ("front desk 1", "front_desk", {**shop, "me": people[Role.ADVISOR], "cashier": people[Role.CASHIER]}),
        ("front desk 2 (lead)", "front_desk", {**shop, "me": people[Role.FRONT_DESK_LEAD], "lead": True}),
        ("parts counter 1", "parts_counter", {"me": people[Role.PARTS_CLERK]}),
        ("parts counter 2", "parts_counter", {"me": clerk2}),
        ("workshop 1", "workshop", {"me": people[Role.TECHNICIAN], "qc": qc}),
        ("workshop 2", "workshop", {"me": people[Role.TEAM_LEADER], "qc": qc}),
        ("approvals", "approvals", {"me": people[Role.SERVICE_DIRECTOR]}),
        ("stock", "stock", {**shop, "me": store}),
    ]


def _run_day(db: Database, desks: list[tuple[str, str, dict[str, Any]]], tmp_path: Path) -> list[rel.Tally]:
    ctx = rel.desk_context()
    out = ctx.Queue()
    go = tmp_path / "go"
    procs = []
    for i, (name, kind, actors) in enumerate(desks):
        ready = tmp_path / f"ready-{i}"
        p = ctx.Process(target=rel.run_desk, args=(name, kind, rel.url_of(db), actors, 1000 + i, str(ready),
                                                   str(go), out))
        p.start()
        procs.append((p, ready))
    try:
        assert rel.wait_for(lambda: all(r.exists() for _, r in procs), timeout=120), "a desk never started"
        go.write_text(str(time.time() + SECONDS))
        tallies = [rel.Tally(**json.loads(out.get(timeout=SECONDS + 180))) for _ in procs]
    finally:
        for p, _ in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    assert all(p.exitcode == 0 for p, _ in procs)
    return tallies


def _throughput(tallies: list[rel.Tally]) -> dict[str, dict[str, float]]:
    by_kind: dict[str, dict[str, float]] = {}
    for t in tallies:
        k = by_kind.setdefault(t.kind, {"desks": 0, "actions": 0, "refusals": 0})
        k["desks"] += 1
        k["actions"] += sum(t.ok.values())
        k["refusals"] += sum(t.refused.values())
    for k in by_kind.values():
        k["actions_per_s_per_desk"] = round(k["actions"] / SECONDS / k["desks"], 1)
    return by_kind


@pytest.mark.slow
def test_p8_f1_a1_eight_desks_for_a_mixed_day_lose_nothing(db: Database, people: dict[Role, Actor],
                                                            tmp_path: Path) -> None:
    desks = _desks(db, people)
    with db.read() as s:
        events_before = s.scalar(select(func.count()).select_from(WorkOrderEvent)) or 0
        moves_before = s.scalar(select(func.max(StockMove.id))) or 0
    tallies = _run_day(db, desks, tmp_path)

    # nothing but business refusals reached a desk
    assert [c for t in tallies for c in t.crashes] == []
    assert sum(t.busy for t in tallies) == 0
    assert all(sum(t.ok.values()) > 0 for t in tallies), [(t.desk, t.ok, t.refused) for t in tallies]

    # the ledger holds (on-hand = sum of moves = last move, nothing below zero, lines = their moves)
    ledger = rel.check_ledger(db)
    assert ledger.ok, ledger.problems
    # no lost update: every acknowledged move is in the ledger once, and nothing else is
    told: dict[tuple[str, str], Decimal] = {}
    for t in tallies:
        for part_no, kinds in t.moved.items():
            for kind, qty in kinds.items():
                told[(part_no, kind)] = told.get((part_no, kind), Decimal(0)) + Decimal(qty)
    with db.read() as s:
        in_ledger = {(no, kind): Decimal(total) for no, kind, total in s.execute(
            select(Part.part_no, StockMove.kind, func.sum(StockMove.quantity)).join(Part, Part.id == StockMove.part_id)
            .where(StockMove.id > moves_before).group_by(Part.part_no, StockMove.kind))}
        on_hand = dict(s.execute(select(Part.part_no, Part.on_hand).where(Part.part_no.in_(HOT_PARTS))).all())
        numbers = list(s.scalars(select(WorkOrder.number)))
        events = (s.scalar(select(func.count()).select_from(WorkOrderEvent)) or 0) - events_before
        own_grants = s.execute(
            select(DiscountGrant.week_start, func.count(func.distinct(DiscountGrant.work_order_id)))
            .where(DiscountGrant.advisor_id == people[Role.FRONT_DESK_LEAD].user_id, DiscountGrant.active.is_(True),
                   DiscountGrant.approval_id.is_(None)).group_by(DiscountGrant.week_start)).all()
    assert {k: v for k, v in in_ledger.items() if v} == {k: v for k, v in told.items() if v}
    for no in HOT_PARTS:
        expected = OPENING_STOCK + sum((q for (p, _k), q in told.items() if p == no), Decimal(0))
        assert on_hand[no] == expected >= 0, no
    # F1: every opening acknowledged is one work order with its own number
    opened = [n for t in tallies for n in t.opened]
    assert len(set(opened)) == len(opened) == len(numbers) == len(set(numbers))
    assert sorted(opened) == sorted(numbers)
    # every state change a desk was told of is one event, and no other
    assert events == sum(t.transitions for t in tallies)
    # A1: the lead's own discounts stayed within 5 work orders a week
    assert all(count <= 5 for _week, count in own_grants), own_grants

    figures = {
        "seconds": SECONDS, "desks": len(tallies), "throughput": _throughput(tallies),
        "retries": sum(t.retries for t in tallies), "database_busy": 0, "crashes": 0,
        "work_orders_opened": len(opened), "moves": ledger.moves, "events": events,
        "refusals": {k: v for t in tallies for k, v in t.refused.items()},
    }
    rel.record_figures(f"load.{db.dialect}", figures)


# --- the retry helper ----------------------------------------------------------------------------------


def test_retry_turns_a_real_postgresql_deadlock_into_success(db: Database) -> None:
    """Two desks lock two rows in opposite orders: PostgreSQL kills one with a deadlock (40P01); the retry
    runs that whole action again and both finish. On SQLite (BEGIN IMMEDIATE) the second simply waits."""
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS h9_counter (id INTEGER PRIMARY KEY, n INTEGER)"))
        conn.execute(text("DELETE FROM h9_counter"))
        conn.execute(text("INSERT INTO h9_counter (id, n) VALUES (1, 0), (2, 0)"))
    barrier = threading.Barrier(2)
    retried: list[str] = []
    errors: list[BaseException] = []

    def transfer(first: int, second: int) -> None:
        attempt = {"n": 0}

        def action() -> None:
            attempt["n"] += 1
            uow = db.uow()
            with uow:
                lock = "" if db.dialect == "sqlite" else " FOR UPDATE"
                uow.session.execute(text(f"SELECT n FROM h9_counter WHERE id = :i{lock}"), {"i": first})
                if attempt["n"] == 1:
                    barrier.wait(timeout=10)  # both hold their first row now
                    time.sleep(0.2)
                uow.session.execute(text("UPDATE h9_counter SET n = n + 1 WHERE id = :i"), {"i": second})
                uow.session.execute(text("UPDATE h9_counter SET n = n + 1 WHERE id = :i"), {"i": first})
                uow.commit()

        try:
            call_with_retry(action, on_retry=lambda exc, _a: retried.append(type(exc.__cause__ or exc).__name__))
        except BaseException as exc:
            errors.append(exc)

    if db.dialect == "sqlite":
        barrier = threading.Barrier(1)  # the second BEGIN IMMEDIATE waits for the first commit
    threads = [threading.Thread(target=transfer, args=pair) for pair in ((1, 2), (2, 1))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    with db.engine.begin() as conn:
        total = conn.execute(text("SELECT SUM(n) FROM h9_counter")).scalar()
        conn.execute(text("DROP TABLE h9_counter"))
    assert errors == []
    assert total == 4  # both transfers, each once: the retried one did not double
    if db.dialect == "postgresql":
        assert len(retried) == 1


def test_retry_repeats_only_transient_lock_errors() -> None:
    import sqlite3

    calls: list[int] = []

    def locked_twice() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
        return "saved"

    assert call_with_retry(locked_twice, sleep=lambda _s: None) == "saved" and len(calls) == 3

    def always_locked() -> None:
        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(DatabaseBusy) as busy:
        call_with_retry(always_locked, sleep=lambda _s: None)
    assert "稍后再试" in busy.value.zh  # the user reads a sentence, not the driver's error

    refusals: list[int] = []

    def refused() -> None:
        refusals.append(1)
        raise RuleViolation("库存不足。", "Not enough stock.")

    with pytest.raises(RuleViolation):
        call_with_retry(refused, sleep=lambda _s: None)
    duplicate = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert len(refusals) == 1 and not is_transient(duplicate)
