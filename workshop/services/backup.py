"""Backups: SQLite through the online backup API, PostgreSQL through pg_dump; the daily automatic backup.
Restoring is workshop.services.restore."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from workshop.db.files import check_output_folder, check_output_path, is_disk_full
from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop, to_shop, utcnow
from workshop.domain.errors import RuleViolation, WorkshopError
from workshop.domain.lang import tr
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


class BackupFailed(WorkshopError):
    """No backup was made (the partial file is removed); the sentence says why."""


def _failed(exc: BaseException, dest: Path) -> BackupFailed:
    if is_disk_full(exc):
        return BackupFailed(f"磁盘已满，备份没有完成：{dest.parent}。请清理磁盘或换一个位置。",
                            f"The disk is full; the backup was not made: {dest.parent}. Free some space or choose "
                            "another place.")
    detail = (exc.stderr.strip()[:200] if isinstance(exc, subprocess.CalledProcessError) and exc.stderr
              else getattr(exc, "strerror", None) or str(exc)[:200])
    return BackupFailed(f"备份没有完成：{detail}", f"The backup was not made: {detail}")


def backup_database(db: Database, dest: Path, progress: Progress | None = None) -> Path:
    """A consistent copy while the app keeps running, written to DEST.part and renamed when complete."""
    dest = check_output_path(dest, db.url)
    tmp = dest.with_name(dest.name + ".part")
    try:
        tmp.unlink(missing_ok=True)
        if db.dialect == "sqlite":
            _copy_sqlite(db, tmp, progress)
        else:
            subprocess.run(
                [need_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={tmp}", pg_url(db)],
                check=True, capture_output=True, text=True,
            )
            if progress:
                progress(1, 1)
        tmp.replace(dest)
    except (OSError, sqlite3.Error, subprocess.CalledProcessError) as exc:
        tmp.unlink(missing_ok=True)
        raise _failed(exc, dest) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def _copy_sqlite(db: Database, tmp: Path, progress: Progress | None) -> None:
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


def backup_name(db: Database, when: datetime | None = None) -> str:
    stamp = to_shop(when or utcnow()).strftime("%Y%m%d-%H%M%S")
    return f"workshop-{stamp}.{'sqlite' if db.dialect == 'sqlite' else 'dump'}"


_DAILY = re.compile(r"^workshop-(\d{8})-\d{6}\.(sqlite|dump)$")
STATUS_FILE = "daily-backup-status.json"


@dataclass(frozen=True)
class DailyStatus:
    """The last daily backup's outcome, kept in the backup folder for the administration screen and status bar."""

    ok: bool
    at: datetime
    file: str | None
    attempts: int
    error_zh: str = ""
    error_en: str = ""


def finished_backups(folder: Path) -> list[Path]:
    """The complete daily backups in folder, oldest first (never a .part or any other file)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _DAILY.match(p.name) and p.is_file())


def has_todays_backup(folder: Path, when: datetime | None = None) -> bool:
    """A complete daily backup of the shop day holding `when` (now) is in folder."""
    today = to_shop(when or utcnow()).strftime("%Y%m%d")
    return any(p.name[len("workshop-"):][:8] == today for p in finished_backups(folder))


def auto_backup(db: Database, folder: Path, keep: int = 7, when: datetime | None = None, *, attempts: int = 3,
                pause: float = 5.0, sleep: Callable[[float], None] = time.sleep) -> Path | None:
    """The daily backup: one a day into folder, keeping the newest `keep` complete ones; leftover .part files
    of an interrupted backup are removed. A failure is tried again (`attempts` in all), then recorded in the
    folder's status file and raised as BackupFailed. Returns the new file, or None when today's exists."""
    folder = check_output_folder(folder)
    for part in folder.glob("workshop-*.part"):
        part.unlink(missing_ok=True)
    made = None
    if not has_todays_backup(folder, when):
        for attempt in range(1, attempts + 1):
            try:
                made = backup_database(db, folder / backup_name(db, when))
                break
            except BackupFailed as exc:
                if attempt == attempts:
                    _write_status(folder, DailyStatus(False, utcnow(), None, attempt, exc.zh, exc.en))
                    raise
                sleep(pause)
        _write_status(folder, DailyStatus(True, utcnow(), str(made), attempt))
    existing = finished_backups(folder)
    for old in existing[: max(0, len(existing) - keep)]:
        old.unlink(missing_ok=True)
    return made


def _write_status(folder: Path, status: DailyStatus) -> None:
    data = {**status.__dict__, "at": status.at.isoformat()}
    with contextlib.suppress(OSError):  # a full disk must not hide the backup's own error
        (folder / STATUS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def daily_folder() -> Path:
    """Where the daily automatic backups of this machine go."""
    from workshop.db.engine import data_dir

    return data_dir() / "backups"


def daily_status_text(status: DailyStatus | None, lang: str) -> str:
    """One line for the administration screen and the status bar."""
    if status is None:
        return tr(lang, "每日备份尚未运行。", "The daily backup has not run yet.")
    when = fmt_shop(status.at)
    if status.ok:
        return tr(lang, f"每日备份正常（{when}）。", f"Daily backup OK ({when}).")
    if lang == "en":
        return f"Daily backup FAILED at {when} after {status.attempts} attempts: {status.error_en}"
    return f"每日备份失败（{when}，已尝试 {status.attempts} 次）：{status.error_zh}"


def daily_status(folder: Path) -> DailyStatus | None:
    """The last daily backup's outcome, or None when none has run (or its record is unreadable)."""
    try:
        data = json.loads((folder / STATUS_FILE).read_text(encoding="utf-8"))
        return DailyStatus(bool(data["ok"]), datetime.fromisoformat(data["at"]), data.get("file"),
                           int(data["attempts"]), str(data.get("error_zh", "")), str(data.get("error_en", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def safety_folder(db: Database) -> Path:
    """Where the automatic copies go (before an upgrade, before a restore): next to the SQLite file, else the
    user data folder."""
    from workshop.db.engine import data_dir

    if db.dialect == "sqlite":
        return sqlite_path(db).parent / "backups"
    return data_dir() / "backups"


def backup_before_upgrade(db: Database) -> Path:
    """The automatic copy taken before the schema of an older database is upgraded."""
    return backup_database(db, check_output_folder(safety_folder(db)) / ("pre-upgrade-" + backup_name(db)))
