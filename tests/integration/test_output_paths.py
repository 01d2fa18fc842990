"""Every output path is checked (issue 18): `--out` and backup targets never overwrite the live database, a
folder or a device; a missing folder is a sentence. The daily backup never counts a `.part`, retries a failure
and records it; a full disk is a sentence."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers.disks import full_disk  # noqa: F401  (fixture)
from workshop.db.files import check_output_path
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput
from workshop.services import backup

LIVE_FILES = ("", "-wal", "-shm")


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workshop.cli", "--db", url, *args], capture_output=True,
                          text=True, timeout=120)


def _integrity(path: Path) -> list[tuple[str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def test_s_out_refuses_the_live_database_its_wal_and_shm_a_folder_a_device_and_a_missing_folder(
        tmp_path: Path) -> None:
    live = tmp_path / "shop.sqlite"
    url = f"sqlite:///{live}"
    for suffix in LIVE_FILES:
        with pytest.raises(InvalidInput, match="live database"):
            check_output_path(f"{live}{suffix}", url)
    with pytest.raises(InvalidInput, match="live database"):  # the same file by another name
        check_output_path(tmp_path / "." / "shop.sqlite", url)
    with pytest.raises(InvalidInput, match="is a folder"):
        check_output_path(tmp_path, url)
    with pytest.raises(InvalidInput, match="not a regular file"):
        check_output_path("/dev/null", url)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInput, match="not a regular file"):
        check_output_path(fifo, url)
    with pytest.raises(InvalidInput, match="No such folder"):
        check_output_path(tmp_path / "missing" / "x.pdf", url)
    assert check_output_path(tmp_path / "ok.pdf", url) == tmp_path / "ok.pdf"


def test_s_cli_out_never_overwrites_the_live_database(tmp_path: Path) -> None:
    live = tmp_path / "shop.sqlite"
    url = f"sqlite:///{live}"
    assert _cli(url, "init").returncode == 0
    before = live.read_bytes()
    for args in (("print", "work-order", "TEST-0001", "--out", str(live)),
                 ("tool-charges", "--month", "2026-11", "--out", str(live)),
                 ("labels", "parts", "--out", str(live)),
                 ("report", "work_orders_per_day", "--format", "csv", "--out", f"{live}-wal"),
                 ("deposit-receipt", "CL-TEST-1", "--out", str(live)),
                 ("backup", str(live)),
                 ("tool-charges", "--month", "2026-11", "--out", str(tmp_path)),
                 ("tool-charges", "--month", "2026-11", "--out", "/dev/null"),
                 ("print", "work-order", "TEST-0001", "--out", str(tmp_path / "missing" / "x.pdf"))):
        done = _cli(url, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.strip(), args
    assert live.read_bytes() == before and _integrity(live) == [("ok",)]


def test_s_backup_target_is_checked(db: Database, tmp_path: Path) -> None:
    targets: list[Path] = [tmp_path, Path("/dev/null"), tmp_path / "missing" / "b.bak"]
    if db.dialect == "sqlite":
        targets.append(backup.sqlite_path(db))
    for target in targets:
        with pytest.raises(InvalidInput):
            backup.backup_database(db, target)
    assert not list(tmp_path.glob("*.part"))


def _days(db: Database, folder: Path, n: int) -> list[Path]:
    start = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    return [p for day in range(n) if (p := backup.auto_backup(db, folder, keep=10, when=start + timedelta(days=day)))]


def test_s_daily_backup_never_counts_a_part_file_and_removes_it(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "daily"
    good = _days(db, folder, 3)  # 1, 2 and 3 November
    killed = folder / (backup.backup_name(db, datetime(2026, 11, 4, 1, 0, tzinfo=UTC)) + ".part")
    killed.write_bytes(b"half a backup")
    made = backup.auto_backup(db, folder, keep=3, when=datetime(2026, 11, 4, 3, 0, tzinfo=UTC))
    assert made is not None and made.is_file()  # the .part of the same day did not count as today's backup
    assert not killed.exists()
    assert backup.finished_backups(folder) == [*good[1:], made]  # keep=3: the oldest good one went, not a .part
    status = backup.daily_status(folder)
    assert status is not None and status.ok and status.file == str(made)


def test_s_a_failed_daily_backup_is_retried_then_reported(db: Database, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "daily"
    real = backup.backup_database
    calls: list[Path] = []

    def flaky(database: Database, dest: Path, progress: object = None) -> Path:
        calls.append(dest)
        if len(calls) < 3:
            raise backup.BackupFailed("磁盘已满", "The disk is full")
        return real(database, dest)

    monkeypatch.setattr(backup, "backup_database", flaky)
    when = datetime(2026, 11, 5, 2, 0, tzinfo=UTC)
    assert backup.auto_backup(db, folder, when=when, sleep=lambda _s: None) is not None
    assert len(calls) == 3
    status = backup.daily_status(folder)
    assert status is not None and status.ok and status.attempts == 3

    def broken(database: Database, dest: Path, progress: object = None) -> Path:
        raise backup.BackupFailed("磁盘已满", "The disk is full")

    monkeypatch.setattr(backup, "backup_database", broken)
    with pytest.raises(backup.BackupFailed):
        backup.auto_backup(db, folder, when=when + timedelta(days=1), sleep=lambda _s: None)
    status = backup.daily_status(folder)
    assert status is not None and not status.ok and status.attempts == 3
    assert "FAILED" in backup.daily_status_text(status, "en") and "失败" in backup.daily_status_text(status, "zh")


def test_s_backup_onto_a_full_disk_is_a_sentence_and_leaves_no_part(db: Database, full_disk: Path) -> None:  # noqa: F811
    with pytest.raises(backup.BackupFailed, match="disk is full"):
        backup.backup_database(db, full_disk / "b.bak")
    assert list(full_disk.iterdir()) == []
    with pytest.raises(backup.BackupFailed, match="disk is full"):
        backup.auto_backup(db, full_disk / "daily", sleep=lambda _s: None)
    assert not list((full_disk / "daily").glob("*.part"))
