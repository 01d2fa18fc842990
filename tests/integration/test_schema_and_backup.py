"""The schema: migrations match the models, an older database is upgraded after a backup, a newer one is
refused; SQLite settings; backup and restore on both backends."""

from __future__ import annotations

import os
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
from workshop.services import backup, restore, users


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
    current = migrate.current_revision(db)
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999_later")
    monkeypatch.setattr(migrate, "known_revisions", lambda: {current, "9999_later"})
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


def test_p8_every_sqlite_connection_commits_with_synchronous_full(tmp_path: Path) -> None:
    """Committed means kept: every connection of the pool (threads, the unit of work, reads) syncs each commit
    (synchronous=FULL = 2), so a power cut cannot take back a committed transaction in WAL mode."""
    db = Database(f"sqlite:///{tmp_path / 'w.sqlite'}")
    seen: list[tuple[int, str, int]] = []

    def look() -> None:
        conns = [db.engine.connect() for _ in range(3)]
        try:
            for conn in conns:
                seen.append((conn.exec_driver_sql("PRAGMA synchronous").scalar(),
                             conn.exec_driver_sql("PRAGMA journal_mode").scalar(),
                             conn.exec_driver_sql("PRAGMA foreign_keys").scalar()))
        finally:
            for conn in conns:
                conn.close()

    threads = [threading.Thread(target=look) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with db.uow() as uow:
        seen.append((uow.session.connection().exec_driver_sql("PRAGMA synchronous").scalar(), "wal", 1))
    with db.read() as s:
        seen.append((s.connection().exec_driver_sql("PRAGMA synchronous").scalar(), "wal", 1))
    db.dispose()
    assert len(seen) == 14 and set(seen) == {(2, "wal", 1)}


def test_i22_every_connection_carries_the_backend_settings(db: Database) -> None:
    """Reads, the unit of work and several pooled connections at once: PostgreSQL runs without JIT compilation
    (it took 8-9 ms of a 30 ms dashboard figure), SQLite with foreign keys and the 30 s busy timeout."""
    pg = db.dialect == "postgresql"
    probe = "SHOW jit" if pg else "PRAGMA foreign_keys"
    seen = []
    conns = [db.engine.connect() for _ in range(3)]
    try:
        seen += [conn.exec_driver_sql(probe).scalar() for conn in conns]
    finally:
        for conn in conns:
            conn.close()
    with db.uow() as uow:
        seen.append(uow.session.connection().exec_driver_sql(probe).scalar())
    with db.read() as s:
        seen.append(s.connection().exec_driver_sql(probe).scalar())
        if not pg:
            assert s.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30000
    assert seen == ["off" if pg else 1] * 5


def test_i22_the_daily_backup_gathers_the_planner_statistics(db: Database, people: dict[Role, Actor],
                                                            tmp_path: Path) -> None:
    """SQLite never gathers them by itself (a shop's file grown from empty was planned without any: the first-time
    fix 10 x slower on the large demo); after the daily backup they are there, on PostgreSQL as well."""
    from workshop.services import daily_backup

    count = ("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'users'" if db.dialect == "sqlite" else
             "SELECT count(*) FROM pg_class WHERE relname = 'users' AND reltuples >= 0")
    with db.engine.connect() as conn:
        known = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").scalar() \
            if db.dialect == "sqlite" else conn.exec_driver_sql(count).scalar()
    assert known == 0  # a new database: never analysed
    made = daily_backup.run_daily(db, people[Role.ADMIN], tmp_path / "daily", attempts=1, pause=0)
    assert made is not None and made.is_file()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql(count).scalar() >= 1


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
    from tests.integration.test_safe_restore import _shop_with_a_backup

    file = _shop_with_a_backup(db, people, tmp_path)
    restore.restore_database(db, file, actor=people[Role.ADMIN], force=True, safety_dir=tmp_path / "safety")
    names = {u.username for u in users.list_users(db)}
    assert "kept" in names and "later" not in names
    assert users.authenticate(db.uow(), "advisor", PASSWORD).username == "advisor"


def test_restore_refuses_a_file_that_is_not_a_backup(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all")
    with pytest.raises(InvalidInput, match="nothing changed"):
        restore.restore_database(db, junk, actor=people[Role.ADMIN], force=True)


def test_daily_backup_keeps_the_last_n(db: Database, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    for day in range(5):
        backup.auto_backup(db, tmp_path / "daily", keep=3, when=start + timedelta(days=day))
    assert backup.auto_backup(db, tmp_path / "daily", keep=3, when=start + timedelta(days=4, hours=3)) is None
    assert len(backup.finished_backups(tmp_path / "daily")) == 3


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

    def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "workshop.cli", "--db", url, *args], input=stdin,
                              capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})

    assert run("init").returncode == 0
    assert run("user", "add", "boss", "--name", "老板", "--role", "admin", stdin="secret123\n").returncode == 0
    out = run("list", "users", "--format", "csv").stdout.splitlines()
    assert out[0] == "username,display_name,roles,team,badge_code,active"
    assert out[1].startswith("boss,老板,admin")
    assert run("backup", str(tmp_path / "b.sqlite")).returncode == 0
    boss = {"WORKSHOP_PASSWORD": "secret123"}
    assert run("user", "disable", "boss").returncode == 2  # changing users needs a login
    assert run("user", "add", "boss2", "--name", "老板", "--role", "admin", "--user", "boss", stdin="secret123\n",
               env=boss).returncode == 0
    assert run("user", "disable", "boss", "--user", "boss2", env=boss).returncode == 0
    assert run("restore", str(tmp_path / "b.sqlite")).returncode == 2  # needs a login
    restored = run("restore", str(tmp_path / "b.sqlite"), "--user", "boss2", env=boss)
    assert restored.returncode == 0, restored.stderr
    assert "safety copy" in restored.stdout
    assert run("list", "users", "--format", "json").stdout.count('"active": true') == 1
    bad = run("user", "add", "x", "--name", "x", "--role", "admin", "--password", "1", "--user", "boss", env=boss)
    assert bad.returncode == 2 and "密码至少" in bad.stderr
