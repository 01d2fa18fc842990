"""The backups in the backup folder, for the backup screen: time, size and the same verification a restore runs
(workshop.services.restore: readable, integrity_check, a known schema, core tables, the audit chain)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workshop.db.uow import Database
from workshop.domain.errors import WorkshopError
from workshop.services import backup, restore


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime  # the file's time (aware, UTC); shown in shop time
    size: int  # bytes


@dataclass(frozen=True)
class Verdict:
    """verified: restore would accept the file; otherwise the sentence it would refuse it with."""

    verified: bool
    reason_zh: str = ""
    reason_en: str = ""


def list_backups(db: Database, folder: Path) -> list[BackupFile]:
    """The finished backups of this database's kind in folder, newest first (never a .part)."""
    suffix = ".sqlite" if db.dialect == "sqlite" else ".dump"
    out = []
    for path in backup.finished_backups(folder):
        if path.suffix != suffix:
            continue
        try:
            st = path.stat()
        except OSError:
            continue
        out.append(BackupFile(path, datetime.fromtimestamp(st.st_mtime, UTC), st.st_size))
    return sorted(out, key=lambda f: (f.taken_at, f.path.name), reverse=True)


def verify_backup(db: Database, path: Path) -> Verdict:
    """The check restore_database runs before it replaces anything, on the file where it lies (read-only)."""
    try:
        sha = restore._sha256(path)
        if db.dialect == "sqlite":
            restore.verify_sqlite_file(path, sha256=sha, taken_at=None)
        else:
            restore.verify_pg_dump(path, sha256=sha)
    except WorkshopError as exc:
        return Verdict(False, exc.message("zh"), exc.message("en"))
    except OSError as exc:
        return Verdict(False, f"无法读取：{exc.strerror}", f"cannot be read: {exc.strerror}")
    return Verdict(True)


# a backup file does not change once finished: its verdict is kept per (path, size, time) for the session
_VERDICTS: dict[tuple[str, Path, int, datetime], Verdict] = {}


def verify_all(db: Database, files: list[BackupFile]) -> dict[Path, Verdict]:
    """Each file's verdict; a file already checked (same path, size and time) is not read again."""
    out = {}
    for f in files:
        key = (db.dialect, f.path, f.size, f.taken_at)
        verdict = _VERDICTS.get(key)
        if verdict is None:
            verdict = _VERDICTS[key] = verify_backup(db, f.path)
        out[f.path] = verdict
    return out


def known_verdicts(db: Database, files: list[BackupFile]) -> dict[Path, Verdict]:
    """The verdicts already known of these files (shown at once; the others are being checked)."""
    return {f.path: v for f in files if (v := _VERDICTS.get((db.dialect, f.path, f.size, f.taken_at))) is not None}
