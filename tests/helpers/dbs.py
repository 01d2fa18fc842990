"""Test databases: a SQLite file per test (copied from a migrated template) and one PostgreSQL database
emptied between tests. Both are built through the Alembic migrations, so the tests run the real schema."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from workshop.db import migrate
from workshop.db.models import Base
from workshop.db.seed import team_rows
from workshop.db.uow import Database

PG_ENV = "WORKSHOP_TEST_PG_URL"
_TEMPLATE: dict[str, Path] = {}
_PG_READY: dict[str, bool] = {}


def pg_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def sqlite_template(cache_dir: Path) -> Path:
    if "t" not in _TEMPLATE:
        path = cache_dir / "template.sqlite"
        db = Database(f"sqlite:///{path}")
        migrate.upgrade(db)
        db.dispose()
        _TEMPLATE["t"] = path
    return _TEMPLATE["t"]


def new_sqlite(tmp_path: Path, cache_dir: Path) -> Database:
    path = tmp_path / "workshop.sqlite"
    shutil.copyfile(sqlite_template(cache_dir), path)
    return Database(f"sqlite:///{path}")


def new_postgres() -> Database:
    url = pg_url()
    assert url
    db = Database(url)
    if not _PG_READY.get(url):
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        migrate.upgrade(db)
        _PG_READY[url] = True
    else:
        empty_postgres(db)
    return db


def empty_postgres(db: Database) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": migrate.head_revision()})
        conn.execute(Base.metadata.tables["teams"].insert(), team_rows(datetime.now(UTC)))  # what 0010 seeds
        conn.execute(text("SELECT setval(pg_get_serial_sequence('teams', 'id'), (SELECT max(id) FROM teams))"))
