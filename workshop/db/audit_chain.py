"""The tamper-evident audit log: every audit row carries its place in the chain (seq), the previous row's hash
and its own sha256 over its content. `append` is the one writer (the unit of work calls it at commit, in the
same transaction); `verify_rows` walks the chain and names the first row changed, removed or out of order.

Concurrency: the one-row table audit_head holds the last link. A writer reads it FOR UPDATE (PostgreSQL; on
SQLite the BEGIN IMMEDIATE write lock already orders writers), chains its rows on, moves the head and commits:
writers follow one another and never fork the chain (seq is unique as well, so a fork could not be stored)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from workshop.db.models import AuditEntry, AuditHead
from workshop.domain.lang import tr

GENESIS = "0" * 64
_LOG = AuditEntry.metadata.tables[AuditEntry.__tablename__]
_HEAD = AuditHead.metadata.tables[AuditHead.__tablename__]
_INSERT = insert(_LOG)
_READ_HEAD = select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1).with_for_update()
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1)
_LAST_LINK = select(_LOG.c.seq, _LOG.c.row_hash).where(_LOG.c.seq.is_not(None)).order_by(_LOG.c.seq.desc()).limit(1)
CONTENT = ("at", "user_id", "action", "entity", "entity_id", "summary")


def canonical_time(value: object) -> str:
    """The same text for a moment however the driver returns it (SQLite: naive text in UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def row_digest(seq: int, prev_hash: str, at: object, user_id: object, action: object, entity: object,
               entity_id: object, summary: object) -> str:
    payload = json.dumps([seq, prev_hash, canonical_time(at), user_id, action, entity, entity_id, summary],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _head(conn: Connection) -> tuple[int, str]:
    head = conn.execute(_READ_HEAD).first()
    if head is not None:
        return int(head[0]), str(head[1])
    # no head row (a database emptied by TRUNCATE, or one written before the chain): start it from the last link
    last = conn.execute(_LAST_LINK).first()
    seq, digest = (int(last[0]), str(last[1])) if last is not None else (0, GENESIS)
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(_HEAD).values(id=1, seq=seq, hash=digest).on_conflict_do_nothing())
    else:
        conn.execute(insert(_HEAD).prefix_with("OR IGNORE").values(id=1, seq=seq, hash=digest))
    head = conn.execute(_READ_HEAD).one()
    return int(head[0]), str(head[1])


def append(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Chain rows (at, user_id, action, entity, entity_id, summary) onto the head and insert them, in the
    caller's transaction."""
    if not rows:
        return
    seq, prev = _head(conn)
    chained = []
    for row in rows:
        seq += 1
        digest = row_digest(seq, prev, *(row[c] for c in CONTENT))
        chained.append({**row, "seq": seq, "prev_hash": prev, "row_hash": digest})
        prev = digest
    conn.execute(_INSERT, chained)
    conn.execute(_MOVE_HEAD, {"seq": seq, "hash": prev})


@dataclass(frozen=True)
class ChainReport:
    """verified: rows checked in chain order before the first problem (all of them when ok)."""

    verified: int
    bad_id: int | None = None
    bad_seq: int | None = None
    problem_zh: str = ""
    problem_en: str = ""

    @property
    def ok(self) -> bool:
        return self.bad_id is None and not self.problem_en

    def message(self, lang: str = "zh") -> str:
        if self.ok:
            return tr(lang, f"审计链已验证至第 {self.verified} 行。", f"Audit chain verified up to row {self.verified}.")
        return tr(lang, self.problem_zh, self.problem_en)


def verify_rows(rows: Iterable[Sequence[Any]], head: Sequence[Any] | None) -> ChainReport:
    """rows: (id, seq, prev_hash, row_hash, at, user_id, action, entity, entity_id, summary) in seq order
    (rows without seq first); head: (seq, hash) of audit_head or None."""
    expected, prev = 1, GENESIS
    for rid, seq, prev_hash, row_hash, *content in rows:
        if seq is None:
            return _bad(expected - 1, rid, None, f"第 {rid} 号记录不在审计链中（绕过程序写入）。",
                        f"Audit row id {rid} is not in the chain (written around the program).")
        if seq > expected:
            return _bad(expected - 1, rid, seq, f"审计链在第 {expected} 行处缺失记录（第 {expected}–{seq - 1} 行被删除），"
                        f"下一条为第 {rid} 号记录。",
                        f"The audit chain is missing rows {expected}-{seq - 1} (removed) before audit row id {rid}.")
        if seq < expected or prev_hash != prev:
            return _bad(expected - 1, rid, seq, f"第 {seq} 行（第 {rid} 号记录）顺序不对或被插入（与上一行不相接）。",
                        f"Row {seq} (audit row id {rid}) is out of order or inserted (it does not follow the row before).")
        if row_digest(seq, prev, *content) != row_hash:
            return _bad(expected - 1, rid, seq, f"第 {seq} 行（第 {rid} 号记录）的内容被改动过。",
                        f"Row {seq} (audit row id {rid}) was changed.")
        prev = row_hash
        expected += 1
    last = expected - 1
    if head is not None and (int(head[0]) != last or str(head[1]) != prev) and int(head[0]) > last:
        return _bad(last, None, int(head[0]), f"审计链最后的第 {last + 1}–{head[0]} 行被删除。",
                    f"The last rows {last + 1}-{head[0]} of the audit chain were removed.")
    return ChainReport(last)


def _bad(verified: int, rid: int | None, seq: int | None, zh: str, en: str) -> ChainReport:
    return ChainReport(verified, rid if rid is not None else -1, seq, zh, en)


def chain_query() -> Any:
    return (select(_LOG.c.id, _LOG.c.seq, _LOG.c.prev_hash, _LOG.c.row_hash, *(_LOG.c[c] for c in CONTENT))
            .order_by(_LOG.c.seq.is_not(None), _LOG.c.seq, _LOG.c.id))


def verify(conn: Connection) -> ChainReport:
    """Walk the whole chain of this database (streamed)."""
    head = conn.execute(select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1)).first()
    result = conn.execution_options(yield_per=2000).execute(chain_query())
    return verify_rows((tuple(r) for r in result), tuple(head) if head is not None else None)
