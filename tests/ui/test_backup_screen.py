"""The daily backup's failure is reported on the administration screen and in the status bar (issue 18)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ui.admin.backup import BackupScreen
from ui.context import AppContext
from ui.main_window import MainWindow
from workshop.domain.roles import Role
from workshop.services import backup


def test_s_a_failed_daily_backup_shows_on_the_backup_screen_and_in_the_status_bar(
        qtbot, make_ctx: Callable[[Role], AppContext], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "daily_folder", lambda: tmp_path)
    backup._write_status(tmp_path, backup.DailyStatus(False, datetime(2026, 11, 5, 2, tzinfo=UTC), None, 3,
                                                      "磁盘已满", "The disk is full"))
    admin = make_ctx(Role.ADMIN)
    window = MainWindow(admin)
    qtbot.addWidget(window)
    assert "每日备份失败" in window.backup_label.text() and "磁盘已满" in window.backup_label.text()
    screen = BackupScreen(admin)
    qtbot.addWidget(screen)
    assert "每日备份失败" in screen.daily_state.text()
    director = MainWindow(make_ctx(Role.SERVICE_DIRECTOR))  # not one who backs up: no warning
    qtbot.addWidget(director)
    assert director.backup_label.text() == ""
    backup._write_status(tmp_path, backup.DailyStatus(True, datetime(2026, 11, 6, 2, tzinfo=UTC), "x", 1))
    admin.ops.daily_backup_changed.emit()
    assert window.backup_label.text() == "" and "正常" in screen.daily_state.text()
