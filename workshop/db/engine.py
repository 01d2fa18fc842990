"""Choosing and opening the database: the embedded SQLite file, or PostgreSQL for several desks."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from workshop.domain.errors import DatabaseVersionError

ENV_URL = "WORKSHOP_DATABASE_URL"
WRITE_OPTION = "workshop_write"
SQLITE_SYNCHRONOUS = "FULL"
NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "davfs", "fuse.gvfsd-fuse"}


def data_dir() -> Path:
    return Path(user_data_dir("Workshop", "Workshop"))


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'workshop.sqlite'}"


def resolve_url(url: str | None = None) -> str:
    """--db URL, else WORKSHOP_DATABASE_URL, else the SQLite file in the user data folder."""
    chosen = url or os.environ.get(ENV_URL) or default_url()
    if chosen.startswith("postgresql://") or chosen.startswith("postgres://"):
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def _mount_fs_type(path: Path) -> str | None:
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, fstype = "", None
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        inside = len(parts) >= 3 and (target == parts[1] or target.startswith(parts[1].rstrip("/") + "/"))
        if inside and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype


def check_sqlite_location(path: Path) -> None:
    """A SQLite file on a network share corrupts under several writers: refuse it, advise PostgreSQL."""
    text = str(path)
    fstype = _mount_fs_type(path.parent) if path.parent.exists() else None
    if text.startswith("\\\\") or text.startswith("//") or (fstype or "") in NETWORK_FS:
        raise DatabaseVersionError(
            "SQLite 数据库文件不能放在网络共享目录上（多台电脑同时写入会损坏数据）。多个前台共用时请使用 PostgreSQL。",
            "A SQLite database file cannot live on a network share (several desks writing would corrupt it). "
            "Use PostgreSQL when several desks share the database.",
        )


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    # FULL: WAL is synced at every commit, so a power cut or OS crash never takes back a committed issue,
    # deposit or payment (NORMAL may lose the last transactions). Cost: benchmarks/README.md.
    cur.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    """Write transactions take the write lock at BEGIN, so a read-then-write never fails with 'locked'."""
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _postgres_connect(dbapi_conn: Any, _record: Any) -> None:
    """No JIT compilation: every statement of the program runs in milliseconds, and PostgreSQL compiled those
    its planner costs over jit_above_cost, taking 8-9 ms to compile a 30 ms dashboard figure on the large demo
    (issue 22: labor_by_kind's history growth 1.31). Per connection, as SET (a pooler passes it, unlike the
    startup option), committed so that it holds for the connection's life."""
    cur = dbapi_conn.cursor()
    cur.execute("SET jit = off")
    cur.close()
    dbapi_conn.commit()


def make_engine(url: str, *, check_location: bool = True) -> Engine:
    sa_url = make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        db_path = sa_url.database
        if db_path and db_path != ":memory:":
            path = Path(db_path)
            if check_location:
                check_sqlite_location(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if sa_url.get_backend_name() == "postgresql":
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
        event.listen(engine, "connect", _postgres_connect)
        return engine
    raise DatabaseVersionError(
        f"不支持的数据库：{sa_url.get_backend_name()}（请用 SQLite 或 PostgreSQL）。",
        f"Unsupported database: {sa_url.get_backend_name()} (use SQLite or PostgreSQL).",
    )


def describe_url(url: str) -> str:
    """The database for the status bar, without the password."""
    sa_url = make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        return f"SQLite {sa_url.database}"
    return f"PostgreSQL {sa_url.host or 'localhost'}:{sa_url.port or 5432}/{sa_url.database}"
