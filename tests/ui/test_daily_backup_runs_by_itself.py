"""Issue 18: the daily backup runs by itself once a shop day - at start when today's is missing, or once the
app is open past backup_time - in the background; a failure is retried and shows in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers.clock import ShopClock
from ui.context import AppContext
from ui.daily_backup import RETRY_MINUTES, DailyBackupScheduler
from ui.main_window import MainWindow
from workshop.db.uow import Database
from workshop.domain.clock import SHOP_TZ
from workshop.domain.roles import Role
from workshop.services import backup, daily_backup, settings

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SHOP_TZ)


def _days(folder: Path) -> list[str]:
    return [p.name[len("workshop-"):][:8] for p in backup.finished_backups(folder)]


def _run(scheduler: DailyBackupScheduler, at_start: bool = False) -> int:
    before = scheduler.runs
    scheduler.check(at_start=at_start)
    assert scheduler.ctx.ops.wait()
    return scheduler.runs - before


def test_s_daily_backup_runs_by_itself_once_a_day_and_retries_a_failure(
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext], shop_clock: ShopClock, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "daily_folder", lambda: tmp_path)
    ctx = make_ctx(Role.ADMIN)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    scheduler = DailyBackupScheduler(ctx, window, attempts=1, pause=0)
    shop_clock.move_to(_at(10, 8, 0))
    assert _run(scheduler) == 0  # before 12:30, not at start: nothing yet
    assert _run(scheduler, at_start=True) == 1 and _days(tmp_path) == ["20260310"]  # at start: today's is missing
    shop_clock.move_to(_at(10, 12, 31))
    assert _run(scheduler) == 0  # once a day
    shop_clock.move_to(_at(11, 9, 0))
    assert _run(scheduler) == 0
    shop_clock.move_to(_at(11, 12, 31))  # the app stayed open past backup_time
    assert _run(scheduler) == 1 and _days(tmp_path) == ["20260310", "20260311"]

    real = backup.backup_database

    def full_disk(*_a: object, **_k: object) -> Path:
        raise backup.BackupFailed("磁盘已满", "The disk is full")

    monkeypatch.setattr(backup, "backup_database", full_disk)
    shop_clock.move_to(_at(12, 12, 31))
    assert _run(scheduler) == 1 and _days(tmp_path) == ["20260310", "20260311"]
    assert "每日备份失败" in window.backup_label.text() and "磁盘已满" in window.backup_label.text()
    assert _run(scheduler) == 0  # not at once again: after RETRY_MINUTES
    monkeypatch.setattr(backup, "backup_database", real)
    shop_clock.move_to(_at(12, 12, 31) + timedelta(minutes=RETRY_MINUTES + 1))
    assert _run(scheduler) == 1 and _days(tmp_path)[-1] == "20260312"
    assert window.backup_label.text() == ""


def test_s_daily_backup_time_is_a_setting_and_the_desk_must_hold_the_database(
        db: Database, make_ctx: Callable[[Role], AppContext], shop_clock: ShopClock, tmp_path: Path,
        people: dict) -> None:
    settings.set_setting(db.uow(), people[Role.ADMIN], "backup_time", "17:00")
    assert not daily_backup.is_due(db, tmp_path, at_start=False, now=_at(10, 16, 59))
    assert daily_backup.is_due(db, tmp_path, at_start=False, now=_at(10, 17, 0))
    with pytest.raises(Exception, match="hours:minutes"):
        settings.set_setting(db.uow(), people[Role.ADMIN], "backup_time", "25:00")
    advisor, admin = people[Role.ADVISOR], people[Role.ADMIN]
    if db.dialect == "sqlite":  # the desk holding the SQLite file backs it up, whoever is logged in
        assert daily_backup.desk_runs_daily_backup(db, advisor)
    else:  # PostgreSQL: only where pg_dump is, and for a user who may back up
        assert not daily_backup.desk_runs_daily_backup(db, advisor)
        assert daily_backup.desk_runs_daily_backup(db, admin)
