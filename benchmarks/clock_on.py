"""W5's figure: clock-on at the floor terminal from the scans to the confirmation, through the real code (the
badge read, the work order read, the clock-on service with its checks, lock, insert and audit row), and its
raw-SQL floor: the same reads and writes hand-written in one transaction. Each timed call starts with the
technician clocked off (an untimed reset between calls)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, text

from workshop.db import audit_chain
from workshop.db.models import LaborLine, User, UserRole, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import utcnow

CLOCK_WO = "RO0000-CLOCK"
FIGURES = ("clock_on", "clock_on_raw_sql")


def prepare_clock_target(db: Database) -> tuple[str, int, str, int]:
    """(badge, technician id, work order number, labor line id): a work order in progress with one labor line."""
    with db.uow() as uow:
        s = uow.session
        tech = s.scalar(select(User).join(UserRole, UserRole.user_id == User.id)
                        .where(UserRole.role == "technician", User.is_active.is_(True)).order_by(User.id).limit(1))
        assert tech is not None, "the demo database has no technician"
        wo = s.scalar(select(WorkOrder).where(WorkOrder.number == CLOCK_WO))
        if wo is None:
            template = s.scalar(select(WorkOrder).where(WorkOrder.state == "in_progress").limit(1))
            assert template is not None, "the demo database has no work order in progress"
            now = utcnow()
            wo = WorkOrder(number=CLOCK_WO, kind="general", charging_mode="paid", payer="customer",
                           state="in_progress", priority="normal", customer_id=template.customer_id,
                           vehicle_id=template.vehicle_id, advisor_id=template.advisor_id, team=tech.team,
                           mileage_in=template.mileage_in, fault_description="benchmark", opened_at=now,
                           started_at=now, updated_at=now)
            s.add(wo)
            s.flush()
            s.add(LaborLine(work_order_id=wo.id, description="benchmark job", hours=1, rate=200, team=tech.team,
                            done=False))
        line = s.scalar(select(LaborLine).where(LaborLine.work_order_id == wo.id))
        assert line is not None
        out = (tech.badge_code, tech.id, wo.number, line.id)
        uow.commit()
    reset(db, tech.id)
    return out


def reset(db: Database, tech_id: int) -> None:
    """Clock the technician off everything (untimed), as clock-off would."""
    now = utcnow()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE job_clocks SET ended_at = :at, open_key = NULL, status = 'closed' "
                          "WHERE technician_id = :t AND open_key IS NOT NULL"),
                     {"t": tech_id, "at": now if db.dialect == "postgresql" else now.replace(tzinfo=None)})


def service_clock_on(db: Database, badge: str, wo_no: str, line_id: int) -> None:
    from workshop.queries.floor_clock import technician_status, terminal_order
    from workshop.services import job_clock

    status = technician_status(db, badge)
    assert status is not None
    order = terminal_order(db, wo_no, status.user_id)
    assert order is not None
    job_clock.clock_on(db.uow(), badge, wo_no, line_id, terminal="bench")


_USER = ("SELECT u.id, u.display_name, u.team, u.is_active, u.locked_until, r.role FROM users u "
         "LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.badge_code = :b")


def raw_clock_on(db: Database, badge: str, wo_no: str, line_id: int) -> None:
    """The floor: the terminal's two reads and the clock-on's reads and writes, hand-written."""
    pg = db.dialect == "postgresql"
    lock = " FOR UPDATE" if pg else ""
    now = utcnow()
    at: Any = now if pg else now.replace(tzinfo=None)
    with db.engine.connect() as conn:  # the terminal's reads: the badge, then the work order
        user = conn.execute(text(_USER), {"b": badge}).all()
        tid = user[0].id
        conn.execute(text("SELECT id FROM floor_notices WHERE technician_id = :t AND seen_at IS NULL"), {"t": tid})
        conn.execute(text("SELECT id FROM job_clocks WHERE technician_id = :t AND open_key IS NOT NULL"), {"t": tid})
        wo = conn.execute(text("SELECT w.id, w.state, v.plate FROM work_orders w JOIN vehicles v ON v.id = w.vehicle_id "
                               "WHERE w.number = :n"), {"n": wo_no}).one()
        conn.execute(text("SELECT labor_line_id, technician_id, share_pct FROM labor_assignments "
                          "WHERE work_order_id = :w AND ended_at IS NULL"), {"w": wo.id}).all()
        conn.execute(text("SELECT id, description, hours, finished_at FROM labor_lines WHERE work_order_id = :w "
                          "ORDER BY id"), {"w": wo.id}).all()
    with db.engine.connect() as conn:
        conn = conn.execution_options(workshop_write=True)
        with conn.begin():
            user = conn.execute(text(_USER), {"b": badge}).all()
            assert user and user[0].is_active and any(r.role == "technician" for r in user)
            wo = conn.execute(text(f"SELECT id, number, state FROM work_orders WHERE number = :n{lock}"),
                              {"n": wo_no}).one()
            assert wo.state == "in_progress"
            line = conn.execute(text("SELECT id, work_order_id, finished_at, added_item_id, team FROM labor_lines "
                                     "WHERE id = :l"), {"l": line_id}).one()
            assert line.work_order_id == wo.id and line.finished_at is None
            conn.execute(text("SELECT id, technician_id FROM labor_assignments WHERE labor_line_id = :l "
                              "AND ended_at IS NULL"), {"l": line_id}).all()
            conn.execute(text("SELECT key, value FROM settings WHERE key IN ('clock_team_only', 'clock_parallel')"))
            conn.execute(text(f"SELECT id FROM users WHERE id = :t{lock}"), {"t": tid})
            assert not conn.execute(text("SELECT id FROM job_clocks WHERE technician_id = :t AND open_key IS NOT NULL"),
                                    {"t": tid}).all()
            cid = conn.execute(text(
                "INSERT INTO job_clocks (technician_id, work_order_id, labor_line_id, status, started_at, open_key, "
                "worked_seconds, terminal, started_by, flag_reason, correction_reason) VALUES (:t, :w, :l, "
                "'running', :at, 1, 0, 'bench', :t, '', '') RETURNING id"),
                {"t": tid, "w": wo.id, "l": line_id, "at": at}).scalar_one()
            summary = json.dumps({"line_id": line_id, "number": wo_no, "terminal": "bench"}, sort_keys=True)
            audit_chain.append(conn, [{"at": now, "user_id": tid, "action": "clock.on", "entity": "job_clock",
                                       "entity_id": str(cid), "summary": summary}])


def measure(db: Database, repeat: int, warmup: int = 3) -> dict[str, tuple[list[float], list[float]]]:
    """(wall ms, cpu ms) per figure, the two taking turns call by call, each call from a clocked-off start."""
    badge, tech, wo_no, line_id = prepare_clock_target(db)
    fns: dict[str, Callable[[], None]] = {"clock_on": lambda: service_clock_on(db, badge, wo_no, line_id),
           "clock_on_raw_sql": lambda: raw_clock_on(db, badge, wo_no, line_id)}
    for _ in range(warmup):
        for fn in fns.values():
            fn()
            reset(db, tech)
    out: dict[str, tuple[list[float], list[float]]] = {n: ([], []) for n in fns}
    names = list(fns)
    for i in range(repeat):
        for k in range(len(names)):
            name = names[(i + k) % len(names)]
            c0, t0 = time.process_time(), time.perf_counter()
            fns[name]()
            out[name][0].append((time.perf_counter() - t0) * 1000)
            out[name][1].append((time.process_time() - c0) * 1000)
            reset(db, tech)
    return out
