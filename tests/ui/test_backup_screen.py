"""The daily backup's failure is reported on the administration screen and in the status bar (issue 18)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers.backup_data import folder_with_a_backup
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


def test_s_backup_screen_lists_verified_backups_and_restores_the_selected_one(
        qtbot, db, people, make_ctx: Callable[[Role], AppContext], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from workshop.services import users

    folder, good = folder_with_a_backup(db, people, tmp_path, monkeypatch)
    damaged = folder / backup.backup_name(db, datetime(2026, 3, 10, 1, tzinfo=UTC))
    data = bytearray(good.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8192] = bytes((i * 97 + 13) % 256 for i in range(8192))
    damaged.write_bytes(bytes(data[:len(good.read_bytes())]))
    (folder / (backup.backup_name(db, datetime(2026, 3, 11, 1, tzinfo=UTC)) + ".part")).write_bytes(b"half")
    users.add_user(db.uow(), people[Role.ADMIN], username="after", display_name="备份之后", password="secret123",
                   roles=["advisor"])
    admin = make_ctx(Role.ADMIN)
    screen = BackupScreen(admin)
    qtbot.addWidget(screen)
    assert screen.table.rowCount() == 2  # the .part is not a backup
    assert [screen.table.item(r, 3).text() for r in range(2)] == [damaged.name, good.name]  # newest first
    qtbot.waitUntil(lambda: len(screen.verdicts) == 2, timeout=20000)
    assert screen.table.item(0, 2).text().startswith("✗") and screen.table.item(0, 2).toolTip()
    assert screen.table.item(1, 2).text() == "✓ 已验证", screen.verdicts
    assert screen.table.item(1, 1).text().endswith("KB") or screen.table.item(1, 1).text().endswith("MB")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen.table.selectRow(1)
    screen.restore_selected_button.click()
    qtbot.waitUntil(lambda: "安全副本" in screen.status.text(), timeout=60000)
    assert admin.ops.wait()
    assert "after" not in {u.username for u in users.list_users(db)}  # the backup's state is back
