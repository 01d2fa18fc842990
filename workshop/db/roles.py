"""Two PostgreSQL roles: the owner (runs `workshop init` and the migrations, owns every table) and the desks'
role, which the desks' URL logs in as. The desks may read and write the business tables, but not TRUNCATE,
ALTER or DROP anything, not disable a trigger (only an owner can), and only read and append to the audit log
(no UPDATE or DELETE; the chain head they move, never delete)."""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from workshop.domain.errors import InvalidInput

DESK_ROLE = "workshop_desk"
APPEND_ONLY = ("audit_log",)
READ_ONLY = ("alembic_version",)
NO_DELETE = ("audit_head",)
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _quoted(name: str) -> str:
    if not _NAME.match(name):
        raise InvalidInput(f"数据库角色名不合法：{name}", f"Not a valid database role name: {name}")
    return f'"{name}"'


def ensure_desk_role(conn: Connection, role: str = DESK_ROLE, password: str | None = None) -> list[str]:
    """Create the desks' role when missing and set its grants to exactly what the desks need (run by the
    owner). Returns what was done, for `workshop init` to say."""
    quoted = _quoted(role)
    done: list[str] = []
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None
    if not exists:
        conn.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS")
        done.append(f"created role {role}")
    if password:
        literal = password.replace("'", "''")  # ALTER ROLE takes no bound parameter
        conn.exec_driver_sql(f"ALTER ROLE {quoted} PASSWORD '{literal}'")
        done.append(f"password of {role} set")
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    tables = [r[0] for r in conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))]
    statements = [
        f'GRANT CONNECT ON DATABASE "{database}" TO {quoted}',
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"REVOKE CREATE ON SCHEMA public FROM {quoted}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]
    for table in tables:
        if table in APPEND_ONLY:
            rights = "SELECT, INSERT"
        elif table in READ_ONLY:
            rights = "SELECT"
        elif table in NO_DELETE:
            rights = "SELECT, INSERT, UPDATE"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f'GRANT {rights} ON TABLE public."{table}" TO {quoted}')
    for sql in statements:
        conn.exec_driver_sql(sql)
    done.append(f"grants of {role} checked on {len(tables)} tables")
    return done
