"""The schema: migrations match the models, an older database is upgraded after a backup, a newer one is
refused; SQLite settings; backup and restore on both backends."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from tests.helpers.people import PASSWORD
from workshop.db import migrate
from workshop.db.engine import check_sqlite_location, resolve_url
from workshop.db.models import Base
from workshop.db.uow import Database
from workshop.domain.errors import DatabaseVersionError, InvalidInput
from workshop.domain.roles import Actor, Role
from workshop.services import backup, users


def test_migrations_build_exactly_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert migrate.current_revision(db) == migrate.head_revision()


def test_database_newer_than_the_program_is_refused(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    with pytest.raises(DatabaseVersionError, match="newer"):
        migrate.ensure_schema(db)


def test_older_database_is_upgraded_after_a_backup(db: Database, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    """The program's head is one revision ahead of the database: a backup is taken, then the upgrade runs."""
    steps: list[str] = []
    current = migrate.current_revision(db)  # the head of this program's chain, whatever its id
    monkeypatch.setattr(migrate, "head_revision", lambda: "0002-newer")
    monkeypatch.setattr(migrate, "known_revisions", lambda: {"0001", current, "0002-newer"})
    monkeypatch.setattr(migrate, "upgrade", lambda _db, revision="head": steps.append("upgrade"))

    def take_backup() -> Path:
        steps.append("backup")
        return backup.backup_database(db, tmp_path / "pre-upgrade.bak")

    assert migrate.ensure_schema(db, backup=take_backup) == "upgraded"
    assert steps == ["backup", "upgrade"]
    assert (tmp_path / "pre-upgrade.bak").stat().st_size > 0


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE something (id INTEGER)"))
    with pytest.raises(DatabaseVersionError, match="not a Workshop database"):
        migrate.ensure_schema(db)


def test_sqlite_runs_wal_with_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'w.sqlite'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30000


def test_sqlite_write_transactions_begin_immediate(tmp_path: Path) -> None:
    """Two read-then-write transactions at once: the second waits instead of failing with 'locked'."""
    db = Database(f"sqlite:///{tmp_path / 'w.sqlite'}")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            for _ in range(20):
                uow = db.uow()
                with uow:
                    n = uow.session.execute(text("SELECT n FROM counter")).scalar_one()
                    uow.session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
                    uow.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as s:
        assert s.execute(text("SELECT n FROM counter")).scalar_one() == 80


def test_sqlite_on_a_network_share_is_refused() -> None:
    with pytest.raises(DatabaseVersionError, match="PostgreSQL"):
        check_sqlite_location(Path("//fileserver/share/workshop.sqlite"))


def test_database_url_from_option_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", "postgresql://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"
    monkeypatch.delenv("WORKSHOP_DATABASE_URL")
    assert resolve_url(None).startswith("sqlite:///") and resolve_url(None).endswith("workshop.sqlite")


def test_backup_and_restore_bring_back_the_data(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    users.add_user(db.uow(), people[Role.ADMIN], username="kept", display_name="保留", password="secret123",
                   roles=["advisor"])
    file = backup.backup_database(db, tmp_path / backup.backup_name(db))
    users.add_user(db.uow(), people[Role.ADMIN], username="later", display_name="之后", password="secret123",
                   roles=["advisor"])
    backup.restore_database(db, file)
    names = {u.username for u in users.list_users(db)}
    assert "kept" in names and "later" not in names
    assert users.authenticate(db.uow(), "advisor", PASSWORD).username == "advisor"


def test_restore_refuses_a_file_that_is_not_a_backup(db: Database, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all")
    if db.dialect != "sqlite":
        with pytest.raises(InvalidInput):
            backup.restore_database(db, junk)
        return
    with pytest.raises(InvalidInput, match="not a Workshop backup"):
        backup.restore_database(db, junk)


def test_daily_backup_keeps_the_last_n(db: Database, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    for day in range(5):
        backup.auto_backup(db, tmp_path / "daily", keep=3, when=start + timedelta(days=day))
    assert backup.auto_backup(db, tmp_path / "daily", keep=3, when=start + timedelta(days=4, hours=3)) is None
    assert len(list((tmp_path / "daily").iterdir())) == 3


def test_backup_needs_the_administrator(db: Database, people: dict[Role, Actor]) -> None:
    from workshop.domain.errors import PermissionDenied

    for role in Role:
        if role is Role.ADMIN:
            backup.check_backup_right(db, people[role])
        else:
            with pytest.raises(PermissionDenied):
                backup.check_backup_right(db, people[role])


def test_cli_init_user_list_backup_restore(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "workshop.cli", "--db", url, *args], input=stdin,
                              capture_output=True, text=True, timeout=120)

    assert run("init").returncode == 0
    assert run("user", "add", "boss", "--name", "老板", "--role", "admin", stdin="secret123\n").returncode == 0
    out = run("list", "users", "--format", "csv").stdout.splitlines()
    assert out[0] == "username,display_name,roles,team,badge_code,active"
    assert out[1].startswith("boss,老板,admin")
    assert run("backup", str(tmp_path / "b.sqlite")).returncode == 0
    assert run("user", "disable", "boss").returncode == 0
    assert run("restore", str(tmp_path / "b.sqlite")).returncode == 0
    assert run("list", "users", "--format", "json").stdout.count('"active": true') == 1
    bad = run("user", "add", "x", "--name", "x", "--role", "admin", "--password", "1")
    assert bad.returncode == 2 and "密码至少" in bad.stderr
