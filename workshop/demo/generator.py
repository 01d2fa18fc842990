"""The demo data run: master data, work orders, the ledger, settlement, the rest, then one bulk write."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from workshop.db.models import User, WorkOrder
from workshop.db.uow import Database
from workshop.demo import appointments as demo_appointments
from workshop.demo import catalog as C
from workshop.demo import clocks, extras, floor_board, master, money, receivables, walkaround
from workshop.demo.context import SCALES, Gen, Ids
from workshop.demo.finish import finish_orders
from workshop.demo.ledger import simulate
from workshop.demo.orders import Catalog, force_states, plan_orders
from workshop.demo.writer import max_ids, write
from workshop.domain.clock import utcnow
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.services.users import hash_password

DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class DemoSummary:
    scale: str
    seed: int
    users: int
    customers: int
    vehicles: int
    parts: int
    work_orders: int
    stock_moves: int
    seconds: float


def demo_users() -> list[tuple[str, str, str]]:
    """(username, display name, role) of every demo user, the one-per-role users first (the login screen lists them)."""
    return [(u, name, role) for u, name, role, _team in (*C.CORE_USERS, *C.MORE_USERS)]


def generate(db: Database, scale: str = "small", seed: int = 1, progress: Callable[[int, int], None] | None = None,
             *, now: datetime | None = None) -> DemoSummary:
    """Fill an empty database with demo data. `now` (default: the real time) anchors every date."""
    if scale not in SCALES:
        raise InvalidInput(f"未知的规模：{scale}（可选 small、medium、large）。",
                           f"Unknown scale: {scale} (small, medium or large).")
    started = time.monotonic()
    with db.engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(WorkOrder)).scalar_one():
            raise RuleViolation("数据库里已经有工单，演示数据只能生成到没有工单的数据库里。",
                                "The database already holds work orders; demo data only goes into a database without any.")
        start_ids = max_ids(conn)
        existing = {name: uid for uid, name in conn.execute(select(User.id, User.username))}
    anchor = int((now or utcnow()).timestamp())
    g = Gen(random.Random(seed), SCALES[scale], anchor, Ids(start_ids), progress=progress)
    master.make_users(g, hash_password(DEMO_PASSWORD), existing)
    parts, by_key = master.make_catalogs(g)
    vehicles = master.make_customers(g)
    orders = force_states(g, plan_orders(g, Catalog(g, parts, by_key), vehicles))
    moves, states, receipts = simulate(g, parts, orders)
    finish_orders(g, orders)
    vehicle_rows = {row["id"]: row for row in g.rows["vehicles"]}
    for wo in orders:
        row = vehicle_rows[wo.vehicle.id]
        row["last_mileage"] = max(row["last_mileage"], wo.mileage)
    extras.return_visits(g, orders)
    demo_appointments.appointments_and_reminders(g, orders)
    extras.complaints(g, orders)
    extras.tool_loans(g, orders)
    clocks.dispatch_and_clocks(g, orders)
    walkaround.generate_demo(g, orders)  # R3 declined work, R4 walk-arounds
    money.money_at_the_counter(g, orders)
    receivables.accounts_and_receivables(g, orders)
    claim_refs = extras.number_claims(g)
    refs = extras.purchase_orders(g, receipts)
    extras.part_rows(g, parts, states)
    write(db, g, moves, refs, claim_refs, start_ids.get("stock_moves", 0) + 1)
    master.save_profile_and_rates(db, g)
    floor_board.bays_and_placements(db, datetime.fromtimestamp(anchor, UTC))
    return DemoSummary(scale=scale, seed=seed, users=len(g.users), customers=len(g.rows["customers"]),
                       vehicles=len(g.rows["vehicles"]), parts=len(parts), work_orders=len(orders),
                       stock_moves=len(moves), seconds=round(time.monotonic() - started, 1))
