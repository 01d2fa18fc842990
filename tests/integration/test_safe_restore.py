"""Safe restore (issue 18): a damaged or empty backup is refused before anything is replaced, a safety copy
of the live database comes first, the restore is audited, and other desks still connected stop it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.helpers.people import PASSWORD
from workshop.db import migrate
from workshop.db.models import AuditEntry
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import backup, restore, users


def _names(db: Database) -> set[str]:
    return {u.username for u in users.list_users(db)}


def _shop_with_a_backup(db: Database, people: dict[Role, Actor], tmp_path: Path) -> Path:
    users.add_user(db.uow(), people[Role.ADMIN], username="kept", display_name="保留", password="secret123",
                   roles=["advisor"])
    file = backup.backup_database(db, tmp_path / backup.backup_name(db))
    users.add_user(db.uow(), people[Role.ADMIN], username="later", display_name="之后", password="secret123",
                   roles=["advisor"])
    return file


def _damage(file: Path) -> None:
    """8 KB of random bytes in the middle of the file."""
    data = bytearray(file.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8192] = os.urandom(8192)
    file.write_bytes(bytes(data))


def _live_is_intact(db: Database) -> None:
    assert {"kept", "later"} <= _names(db)
    if db.dialect == "sqlite":
        with sqlite3.connect(backup.sqlite_path(db)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert users.authenticate(db.uow(), "later", "secret123").username == "later"


def test_s_restore_refuses_a_backup_with_8kb_of_random_bytes_in_the_middle(
        db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    file = _shop_with_a_backup(db, people, tmp_path)
    _damage(file)
    safety = tmp_path / "safety"
    with pytest.raises(InvalidInput, match="nothing changed") as refused:
        restore.restore_database(db, file, actor=people[Role.ADMIN], force=True, safety_dir=safety)
    assert "damaged" in refused.value.en or "not a readable" in refused.value.en
    assert not safety.exists()  # refused before anything, even the safety copy
    _live_is_intact(db)


def test_s_restore_refuses_a_backup_holding_only_alembic_version(
        db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    _shop_with_a_backup(db, people, tmp_path)
    if db.dialect == "sqlite":
        empty = tmp_path / "empty.sqlite"
        with sqlite3.connect(empty) as conn:
            conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
            conn.execute("INSERT INTO alembic_version VALUES (?)", (migrate.head_revision(),))
        conn.close()
    else:
        empty = tmp_path / "empty.dump"
        subprocess.run([backup.need_tool("pg_dump"), "--format=custom", "--no-owner", "--table=alembic_version",
                        f"--file={empty}", backup.pg_url(db)], check=True, capture_output=True)
    with pytest.raises(InvalidInput, match="erase the shop"):
        restore.restore_database(db, empty, actor=people[Role.ADMIN], force=True, safety_dir=tmp_path / "safety")
    _live_is_intact(db)


def test_s_restore_refuses_a_file_of_a_newer_schema_and_junk(db: Database, people: dict[Role, Actor],
                                                             tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(InvalidInput, match="nothing changed"):
        restore.restore_database(db, junk, actor=people[Role.ADMIN], force=True)
    if db.dialect == "sqlite":
        newer = tmp_path / "newer.sqlite"
        with sqlite3.connect(newer) as conn:
            conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
            conn.execute("INSERT INTO alembic_version VALUES ('9999_future')")
        conn.close()
        with pytest.raises(InvalidInput, match="unknown to this program"):
            restore.restore_database(db, newer, actor=people[Role.ADMIN], force=True)


def test_s_restore_takes_a_safety_copy_first_and_audits_who_when_which_file(
        db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    file = _shop_with_a_backup(db, people, tmp_path)
    result = restore.restore_database(db, file, actor=people[Role.ADMIN], force=True, safety_dir=tmp_path / "safety")
    assert "kept" in _names(db) and "later" not in _names(db)
    assert result.safety_copy.is_file() and result.safety_copy.parent == tmp_path / "safety"
    with db.read() as s:
        row = s.execute(select(AuditEntry.user_id, AuditEntry.summary)
                        .where(AuditEntry.action == "database.restore")).one()
    summary = json.loads(row.summary)
    assert row.user_id == people[Role.ADMIN].user_id and summary["by"] == "admin"
    assert summary["file"] == str(file.resolve()) and summary["sha256"] == result.check.sha256
    assert summary["safety_copy"] == str(result.safety_copy) and summary["backup_taken_at"]
    # the safety copy holds the database as it was just before: restoring it brings "later" back
    restore.restore_database(db, result.safety_copy, actor=people[Role.ADMIN], force=True,
                             safety_dir=tmp_path / "safety2")
    assert "later" in _names(db)
    assert users.authenticate(db.uow(), "advisor", PASSWORD).username == "advisor"


def test_s_restore_needs_an_administrator(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    file = _shop_with_a_backup(db, people, tmp_path)
    with pytest.raises(PermissionDenied):
        restore.restore_database(db, file, actor=people[Role.SERVICE_DIRECTOR], force=True)
    with pytest.raises(RuleViolation, match="administrator"):
        restore.restore_database(db, file, actor=None, force=True)
    assert "later" in _names(db)


def test_s_restore_is_refused_while_another_desk_is_connected_unless_forced(
        db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    file = _shop_with_a_backup(db, people, tmp_path)
    if db.dialect == "sqlite":
        desk = subprocess.Popen([sys.executable, "-c", (
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); c.execute('select 1 from users')"
            ".fetchall(); print('open', flush=True); time.sleep(60)"), str(backup.sqlite_path(db))],
            stdout=subprocess.PIPE, text=True)
    else:
        other = Database(db.url)
        conn = other.engine.connect()
        conn.execute(text("SELECT 1"))
    try:
        if db.dialect == "sqlite":
            assert desk.stdout is not None and desk.stdout.readline().strip() == "open"
        with pytest.raises(RuleViolation, match="other desks"):
            restore.restore_database(db, file, actor=people[Role.ADMIN], safety_dir=tmp_path / "safety")
        assert "later" in _names(db) and not (tmp_path / "safety").exists()
        restore.restore_database(db, file, actor=people[Role.ADMIN], force=True, safety_dir=tmp_path / "safety")
        assert "later" not in _names(db)
    finally:
        if db.dialect == "sqlite":
            desk.kill()
            desk.wait()
            if desk.stdout is not None:
                desk.stdout.close()
        else:  # the forced restore ended the other desk's session
            conn.invalidate()
            other.dispose()


def test_s_restore_refuses_a_backup_whose_audit_chain_was_tampered_with(
        db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    from tests.integration.test_audit_chain import _around_the_guard

    _shop_with_a_backup(db, people, tmp_path)
    with _around_the_guard(db) as conn:
        conn.execute(text("UPDATE audit_log SET summary = '{\"forged\": 1}' WHERE seq = 1"))
    forged = backup.backup_database(db, tmp_path / "forged.bak")
    with pytest.raises(InvalidInput, match="audit chain is broken"):
        restore.restore_database(db, forged, actor=people[Role.ADMIN], force=True, safety_dir=tmp_path / "safety")
    assert not (tmp_path / "safety").exists()
