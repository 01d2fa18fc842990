"""Database-side guards that hold whatever code writes: the audit log is append-only."""

from __future__ import annotations

from sqlalchemy import Connection

SQLITE_GUARDS = [
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
]

POSTGRES_GUARDS = [
    """CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log",
    """CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""",
]


def install_guards(conn: Connection) -> None:
    statements = SQLITE_GUARDS if conn.dialect.name == "sqlite" else POSTGRES_GUARDS
    for sql in statements:
        conn.exec_driver_sql(sql)


def drop_guards(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
    else:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS audit_log_append_only()")


def repair_guards(conn: Connection) -> list[str]:
    """Put back what is missing of the guards (a dropped SQLite trigger, a dropped or disabled PostgreSQL
    trigger); returns what was re-created or re-enabled (empty when all was in place)."""
    if conn.dialect.name == "sqlite":
        present = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")}
        missing = [name for name in ("audit_log_no_update", "audit_log_no_delete") if name not in present]
        if missing:
            install_guards(conn)
        return missing
    state = conn.exec_driver_sql(
        "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_log_no_change' "
        "AND tgrelid = 'audit_log'::regclass").scalar()
    if state is None:
        install_guards(conn)
        return ["audit_log_no_change"]
    if state == "D":
        conn.exec_driver_sql("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
        return ["audit_log_no_change (enabled again)"]
    return []


# M2, M5: the money ledgers are append-only too (a void or a correction is a new row). Installed by revision
# 0009_receivables, once their tables exist.
LEDGER_TABLES = ("payments", "receivable_events")


def install_ledger_guards(conn: Connection) -> None:
    for table in LEDGER_TABLES:
        if conn.dialect.name == "sqlite":
            for op_name in ("update", "delete"):
                conn.exec_driver_sql(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op_name} BEFORE {op_name.upper()} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
        else:
            conn.exec_driver_sql(
                f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql")
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
            conn.exec_driver_sql(f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                                 f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()")


def drop_ledger_guards(conn: Connection) -> None:
    for table in LEDGER_TABLES:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        else:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {table}_append_only()")
