"""Safe restore: the backup is verified before anything is replaced, a safety copy of the live database is
taken first, other desks still connected stop it (unless forced), and an audit row records who restored what.

SQLite: the backup is copied next to the live file (what is checked is what is restored), checked
(`integrity_check`, a known schema revision, users and audit rows present, the audit chain intact), then
copied over the live database with the online backup API (one write transaction: a crash midway leaves the
old database). PostgreSQL: `pg_restore` turns the dump into SQL first (a damaged archive fails here), then one
`psql --single-transaction` renames the live schema aside, loads the backup into a fresh `public`, checks it
and drops the old schema - any failure rolls all of it back, never leaving a half-dropped schema."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text

from workshop.db import audit_chain, migrate
from workshop.db.files import check_output_folder
from workshop.db.models import User
from workshop.db.pg_script import copy_rows
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.roles import Actor, Perm
from workshop.services.backup import (
    Progress,
    backup_database,
    backup_name,
    need_tool,
    pg_url,
    safety_folder,
    sqlite_path,
)

CORE_TABLES = ("users", "audit_log")
OLD_SCHEMA = "workshop_pre_restore"
_EMPTY_MARK = "workshop-restore: empty core tables"


@dataclass(frozen=True)
class BackupCheck:
    """What the verification found in a backup file."""

    path: Path
    sha256: str
    revision: str
    taken_at: datetime | None  # when the backup was written (PostgreSQL: the archive's own stamp; SQLite: file time)
    last_action_at: datetime | None  # the newest audit row in it
    users: int
    audit_rows: int


@dataclass(frozen=True)
class RestoreResult:
    check: BackupCheck
    safety_copy: Path


def _refuse(zh: str, en: str) -> InvalidInput:
    return InvalidInput(f"备份未恢复，当前数据没有改变：{zh}", f"The backup was not restored and nothing changed: {en}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _check_revision(revision: str | None) -> str:
    if not revision:
        raise _refuse("这个文件不是 Workshop 的备份（没有版本信息）。", "this file is not a Workshop backup (no schema version).")
    if revision not in migrate.known_revisions():
        raise _refuse(f"备份的数据库版本（{revision}）不被本程序识别，可能来自更新的版本。",
                      f"the backup's schema ({revision}) is unknown to this program; it may come from a newer version.")
    return revision


def _parse_time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def verify_sqlite_file(path: Path, *, sha256: str, taken_at: datetime | None) -> BackupCheck:
    """Readable, integrity_check ok, a known revision, users and audit rows present, the audit chain intact."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        raise _refuse("文件无法作为数据库打开。", "the file cannot be opened as a database.") from None
    try:
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError:
            raise _refuse("文件不是可读的数据库，或已损坏。", "the file is not a readable database, or it is damaged.") from None
        if problems != ["ok"]:
            raise _refuse(f"备份文件已损坏（integrity_check：{problems[0][:120]}）。",
                          f"the backup file is damaged (integrity_check: {problems[0][:120]}).")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        _check_revision(revision)
        counts = {t: (conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] if t in tables else 0)
                  for t in CORE_TABLES}
        if not all(counts.values()):
            raise _empty()
        last = conn.execute("SELECT max(at) FROM audit_log").fetchone()[0]
        _verify_chain_sqlite(conn)
    finally:
        conn.close()
    assert revision is not None
    return BackupCheck(path, sha256, revision, taken_at, _parse_time(last), counts["users"], counts["audit_log"])


def _empty() -> InvalidInput:
    return _refuse("备份里没有用户或审计记录（空数据库），恢复它会清空整个店的数据。",
                   "the backup holds no users or audit rows (an empty database); restoring it would erase the shop.")


def _chain_refusal(report: audit_chain.ChainReport) -> InvalidInput:
    return _refuse(f"备份里的审计链不完整：{report.message('zh')}", f"the backup's audit chain is broken: {report.message('en')}")


def _verify_chain_sqlite(conn: sqlite3.Connection) -> None:
    """The backup's audit chain must be intact (a backup from before the chain has none to check)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
    if "row_hash" not in columns:
        return
    head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    rows = conn.execute(f"SELECT id, seq, prev_hash, row_hash, {', '.join(audit_chain.CONTENT)} FROM audit_log "
                        "ORDER BY seq IS NOT NULL, seq, id")
    report = audit_chain.verify_rows(rows, head)
    if not report.ok:
        raise _chain_refusal(report)


def _verify_chain_script(script: str) -> None:
    log = copy_rows(script, "audit_log")
    if log is None or "row_hash" not in log[0]:
        return
    columns, rows = log
    index = {c: i for i, c in enumerate(columns)}
    wanted = ("id", "seq", "prev_hash", "row_hash", *audit_chain.CONTENT)
    typed = []
    for row in rows:
        values: list[object] = [row[index[c]] for c in wanted]
        for i in (0, 1, 5):  # id, seq, user_id
            values[i] = int(values[i]) if values[i] is not None else None  # type: ignore[call-overload]
        typed.append(values)
    typed.sort(key=lambda r: (r[1] is not None, r[1] or 0, r[0]))
    head_rows = copy_rows(script, "audit_head")
    head = None
    if head_rows is not None and head_rows[1]:
        cols = {c: i for i, c in enumerate(head_rows[0])}
        first = head_rows[1][0]
        head = (int(first[cols["seq"]] or 0), first[cols["hash"]])
    report = audit_chain.verify_rows(typed, head)
    if not report.ok:
        raise _chain_refusal(report)


def other_connections(db: Database) -> int:
    """Other desks connected now. PostgreSQL: pg_stat_activity; SQLite (best effort): other processes of this
    machine holding the file open (Linux /proc), which is all a local file can tell."""
    if db.dialect == "postgresql":
        db.dispose()
        with db.engine.connect() as conn:
            count = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")).scalar_one()
        db.dispose()
        return int(count)
    live = sqlite_path(db).resolve()
    names = {str(live), f"{live}-wal", f"{live}-shm"}
    procs = Path("/proc")
    if not procs.is_dir():
        return 0
    others = 0
    for entry in procs.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            fds = list((entry / "fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target in names:
                others += 1
                break
    return others


def needs_login(db: Database) -> bool:
    """A restore needs an administrator, except onto a database that has no user yet (a new machine)."""
    if migrate.current_revision(db) is None:
        return False
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(User)) or 0) > 0


def _authorize(db: Database, actor: Actor | None) -> None:
    if actor is None:
        if needs_login(db):
            raise RuleViolation("恢复需要管理员登录。", "A restore needs an administrator to log in.")
        return
    with db.uow() as uow:
        uow.authorize(actor, Perm.BACKUP)


def restore_database(db: Database, src: Path, progress: Progress | None = None, *, actor: Actor | None,
                     force: bool = False, safety_dir: Path | None = None) -> RestoreResult:
    """Replace the live database with a verified backup. Every other desk must reconnect afterwards."""
    src = Path(src)
    if not src.is_file():
        raise InvalidInput("找不到备份文件。", "The backup file was not found.")
    _authorize(db, actor)
    sha = _sha256(src)
    if db.dialect == "sqlite":
        result = _restore_sqlite(db, src, sha, progress, force, safety_dir)
    else:
        result = _restore_postgres(db, src, sha, progress, force, safety_dir)
    migrate.ensure_schema(db)  # an older backup is brought to this program's schema (the file itself is the copy)
    _audit_restore(db, actor, result)
    return result


def _refuse_if_connected(db: Database, force: bool) -> None:
    others = other_connections(db)
    if others and not force:
        raise RuleViolation(
            f"还有 {others} 个其他连接（其他前台）正在使用数据库；请先让他们退出，或选择强制恢复。数据没有改变。",
            f"{others} other connection(s) (other desks) are using the database; ask them to quit first, or force "
            "the restore. Nothing changed.")


def _safety_copy(db: Database, safety_dir: Path | None) -> Path:
    folder = check_output_folder(safety_dir or safety_folder(db))
    return backup_database(db, folder / ("pre-restore-" + backup_name(db)))


def _restore_sqlite(db: Database, src: Path, sha: str, progress: Progress | None, force: bool,
                    safety_dir: Path | None) -> RestoreResult:
    live = sqlite_path(db)
    staged = live.with_name(live.name + ".restoring")
    staged.unlink(missing_ok=True)
    try:
        try:
            shutil.copyfile(src, staged)  # what is checked is what is restored, whatever happens to src meanwhile
        except OSError as exc:
            raise _refuse(f"无法读取备份文件（{exc.strerror}）。", f"the backup file cannot be read ({exc.strerror}).") \
                from None
        if _sha256(staged) != sha:
            raise _refuse("备份文件在读取时发生了变化。", "the backup file changed while it was read.")
        check = verify_sqlite_file(staged, sha256=sha, taken_at=_file_time(src))
        check = replace(check, path=src)
        _refuse_if_connected(db, force)
        safety = _safety_copy(db, safety_dir)
        db.dispose()
        source = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
        target = sqlite3.connect(live, timeout=30)
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)

            source.backup(target, pages=0, progress=step)  # all pages in one step: one write transaction
            ok = target.execute("PRAGMA integrity_check").fetchall()
        finally:
            target.close()
            source.close()
        if [r[0] for r in ok] != ["ok"]:  # pragma: no cover - the copy of a checked file
            raise RuleViolation(f"恢复后数据库检查失败；安全副本在 {safety}。",
                                f"The database failed its check after the restore; the safety copy is {safety}.")
    finally:
        staged.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            staged.with_name(staged.name + suffix).unlink(missing_ok=True)
    return RestoreResult(check, safety)


_ARCHIVE_TIME = re.compile(r"^;\s+Archive created at (.+)$", re.M)
_REVISION_COPY = re.compile(r"^COPY public\.alembic_version \(version_num\) FROM stdin;\n([^\n\\]+)\n", re.M)


def _pg_run(args: list[str], *, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, input=stdin, capture_output=True, text=True, errors="replace")


def verify_pg_dump(path: Path, *, sha256: str) -> tuple[BackupCheck, str]:
    """Readable archive, known revision, and its whole content decoded into SQL (a damaged block fails here)."""
    listing = _pg_run([need_tool("pg_restore"), "--list", str(path)])
    if listing.returncode != 0:
        raise _refuse("文件不是可读的 PostgreSQL 备份（pg_dump 格式）。", "the file is not a readable PostgreSQL backup (pg_dump format).")
    stamp = _ARCHIVE_TIME.search(listing.stdout)
    taken_at = None
    if stamp:
        try:
            taken_at = datetime.strptime(stamp.group(1).strip().replace(" UTC", ""), "%Y-%m-%d %H:%M:%S") \
                .replace(tzinfo=UTC)
        except ValueError:
            taken_at = None
    script = _pg_run([need_tool("pg_restore"), "--no-owner", "--file=-", str(path)])
    if script.returncode != 0:
        raise _refuse(f"备份文件已损坏（{script.stderr.strip()[:160]}）。",
                      f"the backup file is damaged ({script.stderr.strip()[:160]}).")
    found = _REVISION_COPY.search(script.stdout)
    revision = _check_revision(found.group(1).strip() if found else None)
    for table in CORE_TABLES:
        if not re.search(rf"^COPY public\.{table} \(.*\) FROM stdin;\n(?!\\\.\n)", script.stdout, re.M):
            raise _empty()
    _verify_chain_script(script.stdout)
    check = BackupCheck(path, sha256, revision, taken_at, None, 0, 0)
    return check, script.stdout


def _restore_postgres(db: Database, src: Path, sha: str, progress: Progress | None, force: bool,
                      safety_dir: Path | None) -> RestoreResult:
    check, script = verify_pg_dump(src, sha256=sha)
    _refuse_if_connected(db, force)
    safety = _safety_copy(db, safety_dir)
    db.dispose()
    if force:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                              "current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"))
            conn.commit()
        db.dispose()
    core_check = " OR ".join(f"to_regclass('public.{t}') IS NULL" for t in CORE_TABLES)
    counts = " OR ".join(f"(SELECT count(*) FROM public.{t}) = 0" for t in CORE_TABLES)
    sql = "\n".join([
        "SET lock_timeout = '15s';",
        f"DROP SCHEMA IF EXISTS {OLD_SCHEMA} CASCADE;",
        f"ALTER SCHEMA public RENAME TO {OLD_SCHEMA};",
        "CREATE SCHEMA public;",
        "GRANT USAGE ON SCHEMA public TO PUBLIC;",
        script,
        f"DO $$ BEGIN IF {core_check} THEN RAISE EXCEPTION '{_EMPTY_MARK}'; END IF;",
        f"IF {counts} THEN RAISE EXCEPTION '{_EMPTY_MARK}'; END IF; END $$;",
        f"DROP SCHEMA {OLD_SCHEMA} CASCADE;",
    ])
    loaded = _pg_run([need_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1",
                      f"--dbname={pg_url(db)}"], stdin=sql)
    if loaded.returncode != 0:
        if _EMPTY_MARK in loaded.stderr:
            raise _empty()
        raise _refuse(f"恢复失败（{loaded.stderr.strip()[-200:]}）；安全副本在 {safety}。",
                      f"the restore failed ({loaded.stderr.strip()[-200:]}); the safety copy is {safety}.")
    if progress:
        progress(1, 1)
    with db.read() as s:
        users = s.scalar(select(func.count()).select_from(User)) or 0
    return RestoreResult(BackupCheck(src, sha, check.revision, check.taken_at, None, users, 0), safety)


def _audit_restore(db: Database, actor: Actor | None, result: RestoreResult) -> None:
    """The restored database says who restored it, when, from which file (and its checksum) and its age."""
    check = result.check
    with db.uow() as uow:
        known = None
        if actor is not None:
            user = uow.session.get(User, actor.user_id)
            known = actor if user is not None and user.username == actor.username else None
        uow.audit(known, "database.restore", "database", db.describe(),
                  by=actor.username if actor else "(no user yet)", file=str(check.path.resolve()),
                  sha256=check.sha256, backup_taken_at=check.taken_at, backup_last_action_at=check.last_action_at,
                  revision=check.revision, safety_copy=str(result.safety_copy))
        uow.commit()
