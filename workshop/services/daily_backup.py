"""The daily backup runs by itself (issue 18): once a shop day, when the app is open past the setting
backup_time (default 12:30) or at start when today's backup is missing; on the desk that holds the SQLite
file, or on PostgreSQL where pg_dump is installed and the logged-in user may back up (Perm.BACKUP).
The run itself is backup.auto_backup (retries, .part clean-up, the recorded outcome the status bar shows); after it
the planner's statistics are gathered again (planner.refresh_statistics)."""

from __future__ import annotations

import shutil
from datetime import datetime, time
from pathlib import Path

from workshop.db import planner
from workshop.db.uow import Database
from workshop.domain.clock import to_shop, utcnow
from workshop.domain.roles import Actor, Perm
from workshop.services import backup, settings


def backup_time(db: Database) -> time:
    hours, minutes = settings.read_setting(db, "backup_time").split(":")
    return time(int(hours), int(minutes))


def desk_runs_daily_backup(db: Database, actor: Actor) -> bool:
    """SQLite: this desk holds the file. PostgreSQL: pg_dump is here and the user may back up."""
    if db.dialect == "sqlite":
        try:
            return backup.sqlite_path(db).is_file()
        except Exception:  # an in-memory or odd URL: nothing to back up here
            return False
    return shutil.which("pg_dump") is not None and actor.has(Perm.BACKUP)


def is_due(db: Database, folder: Path, *, at_start: bool, now: datetime | None = None) -> bool:
    """Today's backup is missing, and the app has just started or the shop clock is past backup_time."""
    moment = now or utcnow()
    if backup.has_todays_backup(folder, moment):
        return False
    return at_start or to_shop(moment).time() >= backup_time(db)


def run_daily(db: Database, actor: Actor, folder: Path, *, attempts: int = 3, pause: float = 5.0) -> Path | None:
    """One daily backup (keeping backup_keep copies); on PostgreSQL checked and audited as the user."""
    if db.dialect != "sqlite":
        backup.check_backup_right(db, actor)
    keep = int(settings.read_setting(db, "backup_keep") or 7)
    made = backup.auto_backup(db, folder, max(keep, 1), attempts=attempts, pause=pause)
    planner.refresh_statistics(db)  # once a day, as the shop's history grows (SQLite never gathers them itself)
    return made
