"""Backup and restore: SQLite through the online backup API, PostgreSQL through pg_dump / pg_restore."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from workshop.db.uow import Database
from workshop.domain.clock import to_shop, utcnow
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Actor, Perm

Progress = Callable[[int, int], None]  # (done, total)


def check_backup_right(db: Database, actor: Actor) -> None:
    uow = db.uow()
    with uow:
        uow.authorize(actor, Perm.BACKUP)
        uow.audit(actor, "backup.run", "database", db.describe())
        uow.commit()


def sqlite_path(db: Database) -> Path:
    path = make_url(db.url).database
    assert path
    return Path(path)


def pg_url(db: Database) -> str:
    return make_url(db.url).set(drivername="postgresql").render_as_string(hide_password=False)


def need_tool(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise RuleViolation(
            f"找不到 {tool}，请安装 PostgreSQL 客户端工具（Debian：postgresql-client）。",
            f"{tool} was not found; install the PostgreSQL client tools (Debian: postgresql-client).",
        )
    return found


def backup_database(db: Database, dest: Path, progress: Progress | None = None) -> Path:
    """A consistent copy while the app keeps running."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if db.dialect == "sqlite":
        tmp = dest.with_suffix(dest.suffix + ".part")
        tmp.unlink(missing_ok=True)
        src = sqlite3.connect(sqlite_path(db), timeout=30, isolation_level=None)
        dst = sqlite3.connect(tmp)
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)
            # one read snapshot for all steps: desks keep writing (WAL) and the copy neither restarts on each of
            # their commits (which could go on for ever) nor mixes moments - it is the database as of BEGIN
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            src.backup(dst, pages=512, progress=step)
        finally:
            dst.close()
            src.close()
        tmp.replace(dest)
        return dest
    subprocess.run(
        [need_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dest}", pg_url(db)],
        check=True, capture_output=True, text=True,
    )
    if progress:
        progress(1, 1)
    return dest


def backup_name(db: Database, when: datetime | None = None) -> str:
    stamp = to_shop(when or utcnow()).strftime("%Y%m%d-%H%M%S")
    return f"workshop-{stamp}.{'sqlite' if db.dialect == 'sqlite' else 'dump'}"


def auto_backup(db: Database, folder: Path, keep: int = 7, when: datetime | None = None) -> Path | None:
    """The daily backup: one a day into folder, keeping the newest `keep`. Returns the new file or None."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    today = to_shop(when or utcnow()).strftime("%Y%m%d")
    existing = sorted(folder.glob("workshop-*.*"))
    made = None
    if not any(p.name.startswith(f"workshop-{today}") for p in existing):
        made = backup_database(db, folder / backup_name(db, when))
        existing = sorted(folder.glob("workshop-*.*"))
    for old in existing[: max(0, len(existing) - keep)]:
        old.unlink(missing_ok=True)
    return made


def safety_folder(db: Database) -> Path:
    """Where the automatic copies go (before an upgrade, before a restore): next to the SQLite file, else the
    user data folder."""
    from workshop.db.engine import data_dir

    if db.dialect == "sqlite":
        return sqlite_path(db).parent / "backups"
    return data_dir() / "backups"


def backup_before_upgrade(db: Database) -> Path:
    """The automatic copy taken before the schema of an older database is upgraded."""
    return backup_database(db, safety_folder(db) / ("pre-upgrade-" + backup_name(db)))
