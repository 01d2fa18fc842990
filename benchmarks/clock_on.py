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


_USER = ("SELECT u.id, u.username, u.display_name, u.team, u.is_active, u.locked_until, r.role FROM users u "
         "LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.badge_code = :b")
_STATUS = ("SELECT u.id, u.display_name, u.team, u.is_active, c.id AS clock_id, w.number, c.labor_line_id, "
           "l.description, c.status, c.started_at, p.reason, p.started_at AS paused_since FROM users u "
           "LEFT JOIN job_clocks c ON c.technician_id = u.id AND c.open_key >= 1 "
           "LEFT JOIN work_orders w ON w.id = c.work_order_id LEFT JOIN labor_lines l ON l.id = c.labor_line_id "
           "LEFT JOIN clock_pauses p ON p.clock_id = c.id AND p.ended_at IS NULL WHERE u.badge_code = :b")
_NOTICES = ("SELECT n.id, w.number, n.text_zh, n.text_en, n.created_at FROM floor_notices n "
            "JOIN work_orders w ON w.id = n.work_order_id WHERE n.technician_id = :t AND n.seen_at IS NULL ORDER BY n.id")
_ORDER = ("SELECT w.id, w.number, w.state, v.plate, v.vin, v.model, l.id AS line_id, l.description, l.hours, l.team, "
          "l.finished_at, a.technician_id, a.share_pct, u.display_name, c.id AS clock_id, c.status "
          "FROM work_orders w JOIN vehicles v ON v.id = w.vehicle_id LEFT JOIN labor_lines l ON l.work_order_id = w.id "
          "LEFT JOIN labor_assignments a ON a.labor_line_id = l.id AND a.ended_at IS NULL "
          "LEFT JOIN users u ON u.id = a.technician_id LEFT JOIN job_clocks c ON c.labor_line_id = l.id "
          "AND c.technician_id = :t AND c.open_key >= 1 WHERE w.number = :n "
          "ORDER BY l.id, a.share_pct DESC, a.id")
_OPEN = "SELECT c.id FROM job_clocks c WHERE c.technician_id = :t AND c.open_key >= 1"
_FACTS = ("SELECT w.id AS wo_id, w.number, w.state, l.id AS line_id, l.description, l.team, l.finished_at, "
          "l.added_item_id, i.state AS item_state, a.technician_id AS share_tech, "
          "(SELECT value FROM settings WHERE key = 'clock_team_only') AS team_only, "
          "(SELECT value FROM settings WHERE key = 'clock_parallel') AS parallel, "
          f"({_OPEN} LIMIT 1) AS open_any, ({_OPEN} AND c.labor_line_id = :l LIMIT 1) AS open_here "
          "FROM work_orders w LEFT JOIN labor_lines l ON l.id = :l AND l.work_order_id = w.id "
          "LEFT JOIN added_items i ON i.id = l.added_item_id "
          "LEFT JOIN labor_assignments a ON a.labor_line_id = l.id AND a.ended_at IS NULL WHERE w.number = :n")


def raw_clock_on(db: Database, badge: str, wo_no: str, line_id: int) -> None:
    """The floor: the terminal's reads and the clock-on's reads and writes as the service issues them (the same
    statements, rows and locks), hand-written."""
    pg = db.dialect == "postgresql"
    now = utcnow()
    at: Any = now if pg else now.replace(tzinfo=None)
    with db.engine.connect() as conn:  # the terminal's reads: the badge, then the work order
        status = conn.execute(text(_STATUS), {"b": badge}).all()
        tid = status[0].id
        conn.execute(text(_NOTICES), {"t": tid}).all()
        conn.execute(text(_ORDER), {"n": wo_no, "t": tid}).all()
    with db.engine.connect() as conn:
        conn = conn.execution_options(workshop_write=True)
        with conn.begin():
            user = conn.execute(text(_USER + (" FOR UPDATE OF u" if pg else "")), {"b": badge}).all()
            assert user and user[0].is_active and any(r.role == "technician" for r in user)
            facts = conn.execute(text(_FACTS + (" FOR UPDATE OF w" if pg else "")),
                                 {"n": wo_no, "l": line_id, "t": tid}).all()
            f = facts[0]
            assert f.state == "in_progress" and f.line_id == line_id and f.finished_at is None
            assert f.open_any is None
            cid = conn.execute(text(
                "INSERT INTO job_clocks (technician_id, work_order_id, labor_line_id, status, started_at, open_key, "
                "worked_seconds, terminal, started_by, flag_reason, correction_reason) VALUES (:t, :w, :l, "
                "'running', :at, 1, 0, 'bench', :t, '', '') RETURNING id"),
                {"t": tid, "w": f.wo_id, "l": line_id, "at": at}).scalar_one()
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
