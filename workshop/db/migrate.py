"""Schema versions: create, upgrade an older database (after a backup), refuse a newer one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from workshop.db.uow import Database
from workshop.domain.errors import DatabaseVersionError

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (with Mako and Pygments) is imported only when a schema is created or upgraded: opening a database
# that is already current reads its version with one query, so the GUI starts without loading Alembic.
MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = _head_from_files()
    if head is None:
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    if not inspect(db.engine).has_table("alembic_version"):
        return None
    with db.engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(versions) <= 1:
        return versions[0] if versions else None
    from alembic.runtime.migration import MigrationContext  # several heads: let Alembic say what that means

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_empty(db: Database) -> bool:
    return not inspect(db.engine).get_table_names()


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _head_from_files() -> str | None:
    """The head revision read from the migration files without Alembic; None when that is not plain."""
    revisions, downs = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        if down.group(1):
            downs.add(down.group(1))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


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
