"""Writing the generated rows: SQLAlchemy Core bulk inserts in chunks, parents before children, committed as
it goes; PostgreSQL sequences moved past the explicit ids afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text, update

from workshop.db.models import Base, NumberCounter, Setting
from workshop.db.models.customers import rebuild_search_keys
from workshop.db.uow import Database
from workshop.demo.context import Gen, Row
from workshop.demo.ledger import Move
from workshop.demo.timeline import dtn

CHUNK = 5000
ORDER = ("users", "user_roles", "bins", "suppliers", "labor_operations", "tools", "parts", "customers", "vehicles",
         "work_orders", "added_items", "labor_lines", "part_lines", "work_order_events", "quotes", "quote_lines",
         "claim_orders", "claim_order_lines", "deposits", "approvals", "discount_grants", "purchase_orders",
         "purchase_order_lines", "self_purchases", "supplier_quotes", "stock_moves", "tool_loans", "tool_charges",
         "return_visits", "complaints", "complaint_steps", "payer_terms", "payments", "gate_passes", "day_closes",
         "labor_assignments", "job_clocks", "clock_pauses", "floor_notices",
         "appointments", "appointment_slots", "reminder_calls",
         "declined_work", "walkarounds", "walkaround_photos",
         "account_customers", "receivables", "receivable_events")


def max_ids(conn: Connection) -> dict[str, int]:
    out: dict[str, int] = {}
    for name in ORDER:
        table = Base.metadata.tables[name]
        if "id" in table.c:
            out[name] = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())
    return out


def _move_rows(moves: list[Move], refs: dict[tuple[int, int], str], claim_refs: dict[int, str], start_id: int,
               opening_before: int) -> Iterator[Row]:
    hundred = Decimal(100)
    for i, (at, part, kind, qty, cost, on_hand, avg, line, wo, user, ref, reason) in enumerate(moves):
        if kind == "claim_receipt" and line is not None:
            ref = claim_refs.get(line, ref)
        elif kind == "receipt":
            ref = refs.get((part, at), ref)
            if at < opening_before:
                reason = "期初库存"
        yield {"id": start_id + i, "part_id": part, "kind": kind, "quantity": Decimal(qty),
               "unit_cost": Decimal(cost) / hundred, "on_hand_after": Decimal(on_hand),
               "avg_cost_after": Decimal(avg) / hundred, "at": dtn(at), "user_id": user, "part_line_id": line,
               "work_order_id": wo, "reference": ref, "reason": reason}


def _chunks(rows: Iterator[Row] | list[Row]) -> Iterator[list[Row]]:
    if isinstance(rows, list):
        for i in range(0, len(rows), CHUNK):
            yield rows[i:i + CHUNK]
        return
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write(db: Database, g: Gen, moves: list[Move], refs: dict[tuple[int, int], str], claim_refs: dict[int, str],
          move_start: int) -> None:
    total = sum(len(g.rows.get(name, ())) for name in ORDER if name != "stock_moves") + len(moves)
    done = 0
    g.report(2, 0, total)
    total += total // 10 + 1   # the search index and ANALYZE at the end
    with db.engine.connect() as conn:
        conn = conn.execution_options(workshop_write=True)
        for name in ORDER:
            table = Base.metadata.tables[name]
            source: Iterator[Row] | list[Row]
            source = _move_rows(moves, refs, claim_refs, move_start, g.start) if name == "stock_moves" else g.rows.get(name, [])
            for chunk in _chunks(source):
                _insert(conn, table, chunk)
                conn.commit()
                done += len(chunk)
                g.report(2, done, total)
        rebuild_search_keys(conn)   # the front desk's search-as-you-type index (Core inserts bypass its events)
        _counters(conn, g.counters)
        _setting(conn, "demo_mode", "1")
        if conn.dialect.name == "postgresql":
            for name in ORDER:
                if "id" in Base.metadata.tables[name].c:
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"))
        conn.commit()
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    if g.progress is not None:
        g.progress(3 * g.spec.work_orders, 3 * g.spec.work_orders)


def _insert(conn: Connection, table: Table, rows: list[Row]) -> None:
    """Bulk insert with SQLAlchemy's own bind processors (so values are stored exactly as the ORM would store
    them) but without its per-row statement machinery: executemany on SQLite, COPY on PostgreSQL."""
    dialect = conn.dialect
    cols = list(rows[0])
    procs = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in cols]
    if all(p is None for p in procs):
        data = [tuple(r[c] for c in cols) for r in rows]
    else:
        pairs = list(zip(cols, procs, strict=True))
        data = [tuple(r[c] if p is None or r[c] is None else p(r[c]) for c, p in pairs) for r in rows]
    names = ", ".join(f'"{c}"' for c in cols)
    if dialect.name == "postgresql":
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in data:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in cols)
        conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', data)


def _counters(conn: Connection, counters: dict[str, int]) -> None:
    existing = dict(conn.execute(select(NumberCounter.prefix, NumberCounter.last_value)).all())
    for prefix, value in counters.items():
        if prefix in existing:
            if existing[prefix] < value:
                conn.execute(update(NumberCounter).where(NumberCounter.prefix == prefix).values(last_value=value))
        else:
            conn.execute(insert(NumberCounter).values(prefix=prefix, last_value=value))


def _setting(conn: Connection, key: str, value: Any) -> None:
    if conn.execute(select(Setting.key).where(Setting.key == key)).first():
        conn.execute(update(Setting).where(Setting.key == key).values(value=value))
    else:
        conn.execute(insert(Setting).values(key=key, value=value))
