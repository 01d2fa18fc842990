"""The demo data generator: every state and kind, a consistent stock ledger (P8), valid VINs and plates,
unique numbers (F1), demo users who can log in, determinism, and refusal on a database with work orders."""

from __future__ import annotations

import argparse
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from workshop.cli import demo as demo_cli
from workshop.db.models import (
    AddedItem,
    Approval,
    ClaimOrder,
    Complaint,
    Customer,
    Deposit,
    NumberCounter,
    Part,
    ReturnVisit,
    Setting,
    StockMove,
    Tool,
    ToolCharge,
    ToolLoan,
    Vehicle,
    WorkOrder,
    WorkOrderEvent,
)
from workshop.db.uow import Database
from workshop.demo import DEMO_PASSWORD, demo_users, generate
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Role
from workshop.domain.vehicle import normalise_plate, normalise_vin, plate_search_key
from workshop.domain.work_order import Kind, State
from workshop.services import users
from workshop.services.numbering import next_number

NOW = datetime(2026, 11, 20, 3, 30, tzinfo=UTC)  # 11:30 in Guangzhou


def _ledger_problems(session: Session) -> list[str]:
    problems: list[str] = []
    running: dict[int, Decimal] = defaultdict(Decimal)
    for part_id, qty, after in session.execute(
        select(StockMove.part_id, StockMove.quantity, StockMove.on_hand_after).order_by(StockMove.at, StockMove.id)
    ):
        running[part_id] += qty
        if running[part_id] < 0 or running[part_id] != after:
            problems.append(f"part {part_id}: running {running[part_id]} vs on_hand_after {after}")
    for part_id, on_hand in session.execute(select(Part.id, Part.on_hand)):
        if running.get(part_id, Decimal(0)) != on_hand:
            problems.append(f"part {part_id}: on_hand {on_hand} != sum of moves {running.get(part_id)}")
    return problems


def test_f4_p8_demo_small_has_every_state_and_kind_and_a_consistent_ledger(db: Database) -> None:
    calls: list[tuple[int, int]] = []
    summary = generate(db, "small", seed=7, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) > 5 and calls[-1][0] == calls[-1][1]
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)
    assert 150 <= summary.work_orders <= 250 and summary.parts >= 250
    with db.read() as s:
        states = set(s.scalars(select(WorkOrder.state).distinct()))
        kinds = set(s.scalars(select(WorkOrder.kind).distinct()))
        assert states == {st.value for st in State}
        assert kinds == {k.value for k in Kind}
        assert _ledger_problems(s) == []
        # P8 in SQL too: sum of moves per part equals on_hand; nothing ever below zero
        assert s.scalar(text(
            "SELECT count(*) FROM parts p WHERE p.on_hand <> "
            "(SELECT coalesce(sum(m.quantity), 0) FROM stock_moves m WHERE m.part_id = p.id)")) == 0
        assert s.scalar(select(func.count()).where(StockMove.on_hand_after < 0)) == 0
        # P1/W3/P6: an issue names its line and work order; issued - returned is the net of its moves, and
        # each side matches its own kind of move (as the parts counter writes them)
        assert s.scalar(select(func.count()).where(
            StockMove.kind.in_(("issue", "internal", "return")),
            StockMove.part_line_id.is_(None) | StockMove.work_order_id.is_(None))) == 0
        assert s.scalar(text(
            "SELECT count(*) FROM part_lines pl WHERE pl.issued_qty - pl.returned_qty <> "
            "-(SELECT coalesce(sum(m.quantity), 0) "
            "FROM stock_moves m WHERE m.part_line_id = pl.id AND m.kind IN ('issue', 'internal', 'return'))")) == 0
        assert s.scalar(text(
            "SELECT count(*) FROM part_lines pl WHERE pl.returned_qty <> (SELECT coalesce(sum(m.quantity), 0) "
            "FROM stock_moves m WHERE m.part_line_id = pl.id AND m.kind = 'return')")) == 0
        moves_by_kind = dict(s.execute(select(StockMove.kind, func.count()).group_by(StockMove.kind)).all())
        assert {"receipt", "issue", "internal", "adjust"} <= set(moves_by_kind)
        # F4: no part is issued on a cancelled work order; every order has its transitions recorded
        assert s.scalar(text(
            "SELECT count(*) FROM part_lines pl JOIN work_orders w ON w.id = pl.work_order_id "
            "WHERE w.state = 'cancelled' AND pl.issued_qty <> 0")) == 0
        assert s.scalar(text(
            "SELECT count(*) FROM work_orders w WHERE NOT EXISTS (SELECT 1 FROM work_order_events e "
            "WHERE e.work_order_id = w.id AND e.to_state = w.state)")) == 0
        # F1: plausible, valid, unique identifiers
        for vin, plate, key in s.execute(select(Vehicle.vin, Vehicle.plate, Vehicle.plate_key)):
            assert normalise_vin(vin) == vin
            assert normalise_plate(plate) == plate
            assert plate_search_key(plate) == key
        numbers = list(s.scalars(select(WorkOrder.number)))
        assert len(numbers) == len(set(numbers)) == summary.work_orders
        assert all(n.startswith("RO") and len(n) == 11 for n in numbers)
        # settled figures follow the lines
        for wo in s.scalars(select(WorkOrder).where(WorkOrder.state.in_(("settled", "delivered", "closed")))):
            labor = sum((ll.hours * ll.rate).quantize(Decimal("0.01")) for ll in wo.labor_lines)
            parts = sum((pl.issued_qty - pl.returned_qty) * pl.unit_price for pl in wo.part_lines)
            assert wo.labor_total == labor and wo.parts_total == parts
            # W3: what was charged is what was fitted
            assert all(pl.quantity == pl.issued_qty - pl.returned_qty for pl in wo.part_lines)
            assert wo.total <= labor + parts and wo.cost_total > 0
        # the other desks have something to show
        assert s.scalar(select(func.count()).where(Approval.state == "pending")) >= 1
        assert s.scalar(select(func.count()).where(Approval.state == "approved")) >= 1
        assert s.scalar(select(func.count()).where(ReturnVisit.done_at.is_(None))) >= 1
        items = dict(s.execute(select(AddedItem.state, func.count()).group_by(AddedItem.state)).all())
        assert items.get("proposed", 0) >= 1 and items.get("confirmed", 0) >= 1
        assert s.scalar(select(func.count()).where(AddedItem.state == "confirmed", AddedItem.consent_at.is_(None))) == 0
        assert s.scalar(select(func.count()).select_from(ToolCharge)) == 1
        assert s.scalar(select(func.count()).where(Tool.state == "out")) >= 1
        assert s.scalar(select(func.count()).where(ToolLoan.returned_at.is_(None))) >= 2
        assert s.scalar(select(func.count()).where(ClaimOrder.state == "refunded")) >= 1
        overdue = select(func.count()).where(ClaimOrder.state == "arrived",
                                             ClaimOrder.arrived_at < datetime.now(UTC) - timedelta(days=14))
        assert s.scalar(overdue) >= 1
        assert s.scalar(select(func.count()).select_from(Deposit)) >= 1
        assert len(set(s.scalars(select(Complaint.state)))) >= 2
        assert s.scalar(select(Setting.value).where(Setting.key == "demo_mode")) == "1"
        events = s.scalar(select(func.count()).select_from(WorkOrderEvent))
        assert events is not None and events > summary.work_orders
        latest = s.scalar(select(func.max(WorkOrder.opened_at)))
        assert latest is not None and latest <= datetime.now(UTC)
        counter = s.scalar(select(func.max(NumberCounter.last_value)).where(NumberCounter.prefix.like("RO%")))
        assert counter and counter > 0
    # a number opened now does not collide with a demo number; new rows get fresh ids (PostgreSQL sequences)
    uow = db.uow()
    with uow:
        fresh = next_number(uow, "work_order")
        customer = Customer(name="新客户", phone="13800138000", address="", created_at=uow.now)
        uow.session.add(customer)
        uow.session.flush()
        assert customer.id > summary.customers
        uow.commit()
    assert fresh not in numbers
    # every role has a demo user who logs in with the demo password
    core = {role for _u, _n, role in demo_users()}
    assert core == {r.value for r in Role}
    for username, _name, role in [u for u in demo_users() if u[0] in ("director", "advisor", "tech1", "leader2")]:
        actor = users.authenticate(db.uow(), username, DEMO_PASSWORD)
        assert Role(role) in actor.roles
    # complaint steps and states speak the quality service's vocabulary (Q2)
    from workshop.domain.complaints import ComplaintState
    from workshop.services.quality import COMPLAINT_STEPS

    with db.read() as s:
        steps = set(s.scalars(text("SELECT DISTINCT step FROM complaint_steps")))
        states = set(s.scalars(text("SELECT DISTINCT state FROM complaints")))
    assert steps and steps <= {"accept", *COMPLAINT_STEPS}
    assert states and states <= set(ComplaintState)
    # a database that already holds work orders is refused
    with pytest.raises(RuleViolation):
        generate(db, "small", seed=7)


def _fingerprint(db: Database) -> list[tuple[object, ...]]:
    with db.read() as s:
        orders = [tuple(r) for r in s.execute(
            select(WorkOrder.number, WorkOrder.state, WorkOrder.total, WorkOrder.cost_total).order_by(WorkOrder.id))]
        parts = [tuple(r) for r in s.execute(select(Part.part_no, Part.on_hand, Part.avg_cost).order_by(Part.id))]
        vins = [tuple(r) for r in s.execute(select(Vehicle.vin, Vehicle.plate).order_by(Vehicle.id))]
    return orders + parts + vins


def test_demo_same_seed_gives_same_data_on_both_backends_and_through_the_command(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(db, "small", seed=3, now=NOW)
    other = tmp_path / "other.sqlite"
    monkeypatch.setattr("workshop.demo.generator.utcnow", lambda: NOW)
    args = argparse.Namespace(db=f"sqlite:///{other}", lang="en", scale="small", seed=3)
    assert demo_cli.run(args) == 0
    second = Database(f"sqlite:///{other}")
    try:
        assert _fingerprint(db) == _fingerprint(second)
    finally:
        second.dispose()
