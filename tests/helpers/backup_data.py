"""A backup folder for the backup screen's tests: the daily folder pointed at it, one good backup in it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import backup, users


def folder_with_a_backup(db: Database, people: dict[Role, Actor], tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(the folder, its backup of 2026-03-09); an audit row first: a backup without any is refused as empty."""
    folder = tmp_path / "backups"
    folder.mkdir()
    monkeypatch.setattr(backup, "daily_folder", lambda: folder)
    users.add_user(db.uow(), people[Role.ADMIN], username="before", display_name="备份之前", password="secret123",
                   roles=["advisor"])
    good = backup.backup_database(db, folder / backup.backup_name(db, datetime(2026, 3, 9, 1, tzinfo=UTC)))
    return folder, good
