"""Schema versions: create, upgrade an older database (after a backup), refuse a newer one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from workshop.db.uow import Database
from workshop.domain.errors import DatabaseVersionError

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_empty(db: Database) -> bool:
    return not inspect(db.engine).get_table_names()


def upgrade(db: Database, revision: str = "head") -> None:
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(db: Database, revision: str) -> None:
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def ensure_schema(db: Database, backup: Callable[[], Path] | None = None) -> str:
    """Bring the database to this program's schema. Returns what was done: created, upgraded or current."""
    if is_empty(db):
        upgrade(db)
        return "created"
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return "current"
    if current is None:
        raise DatabaseVersionError(
            "这个数据库不是 Workshop 的数据库（没有版本信息），不能打开。",
            "This database is not a Workshop database (it has no schema version) and cannot be opened.",
        )
    if current not in known_revisions():
        raise DatabaseVersionError(
            f"数据库版本（{current}）比本程序新，请先升级 Workshop 程序。",
            f"The database (schema {current}) is newer than this program; please update Workshop first.",
        )
    if backup is not None:
        backup()
    upgrade(db)
    return "upgraded"
