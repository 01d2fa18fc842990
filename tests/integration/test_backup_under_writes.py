"""Backup while the shop works: a parts counter process keeps issuing and returning parts on a database that
holds the demo shop; a backup is taken meanwhile (SQLite: the online backup API, several steps, restarted
when the writer commits between them; PostgreSQL: pg_dump, one snapshot) and restored into a second database.
The SQLite copy reads one snapshot through all its steps (it never starts over). The restored database
equals the source at one moment between the backup's start and end:
every table the writer does not touch is identical row for row; the ledger and the audit log are an exact
prefix of the source's, with no partial transaction (every move has its audit row, on-hand and the lines
agree with the moves kept)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers import parts_data as pd
from tests.helpers import reliability as rel
from tests.helpers.stock_age import rebuilt_from_parts, summary_rows
from workshop import demo
from workshop.db import audit_chain
from workshop.db.models import AuditEntry, AuditHead, Base, Part, PartLine, StockAge, StockMove
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import backup, restore

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn

CODES = ["BKUP0001", "BKUP0002"]
# what issue_part / return_part append to; they also update their part and line rows
APPENDED = {StockMove.__tablename__, AuditEntry.__tablename__}


def _filler(db: Database, rows: int = 3000) -> None:
    """Old audit history, so the SQLite copy spans several 512-page backup steps."""
    with db.engine.begin() as conn:
        audit_chain.append(conn, [
            {"at": datetime(2025, 1, 1, tzinfo=UTC), "user_id": None, "action": "history.filler", "entity": "x",
             "entity_id": str(i), "summary": json.dumps({"note": "旧记录" * 300})} for i in range(rows)])


@contextmanager
def _restored(source: Database, tmp_path: Path) -> Iterator[Database]:
    if source.dialect == "sqlite":
        target = Database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
        try:
            yield target
        finally:
            target.dispose()
        return
    with rel.scratch_postgres(rel.url_of(source), "_restored") as target:
        yield target


@pytest.mark.slow
def test_backup_taken_while_a_counter_issues_restores_to_the_source_at_one_moment(
        db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    demo.generate(db, "small", seed=11)
    _filler(db)
    clerk, advisor = people[Role.PARTS_CLERK], people[Role.ADVISOR]
    parts = [pd.make_part(db, clerk, code, stock="100000", cost="20.00") for code in CODES]
    wo = pd.make_work_order(db, advisor, [(p, "100000") for p in parts])
    with db.read() as s:
        demo_moves = s.scalar(select(func.max(StockMove.id))) or 0

    ctx = rel.desk_context()
    log, go = tmp_path / "writer.log", tmp_path / "go"
    writer = ctx.Process(target=rel.issue_until_killed, args=(rel.url_of(db), clerk, wo.number, CODES, str(log),
                                                              str(go)))
    writer.start()
    try:
        assert rel.wait_for(lambda: "ready" in rel.log_lines(log), timeout=60)
        go.touch()
        assert rel.wait_for(lambda: sum(rel.acknowledged(log)) >= 3, timeout=60)
        moves_at_start = rel.check_ledger(db).moves
        started = time.monotonic()
        steps: list[int] = []
        file = backup.backup_database(db, tmp_path / backup.backup_name(db), lambda done, _total: steps.append(done))
        took = time.monotonic() - started
        moves_at_end = rel.check_ledger(db).moves
        assert rel.wait_for(lambda: rel.check_ledger(db).moves > moves_at_end, timeout=30)  # still writing
    finally:
        writer.kill()
        writer.join(timeout=30)

    if db.dialect == "sqlite":  # several steps, and never started over although the writer committed meanwhile
        assert len(steps) >= 2 and steps == sorted(steps), steps
    with _restored(db, tmp_path) as restored:
        restore.restore_database(restored, file, actor=None, force=True, safety_dir=tmp_path / "safety")
        kept = rel.check_ledger(restored, lines=wo.lines, moves_after=demo_moves)
        assert kept.ok, kept.problems  # no partial transaction: moves, audit, on-hand and lines agree
        assert moves_at_start <= kept.moves <= moves_at_end
        writer_rows = {Part.__tablename__: set(parts), PartLine.__tablename__: set(wo.lines)}
        for table in Base.metadata.sorted_tables:
            mine, theirs = rel.table_rows(restored, table), rel.table_rows(db, table)
            if table.name == AuditEntry.__tablename__:  # the restore's own audit row comes last
                names = [c.name for c in table.columns]
                last = dict(zip(names, mine[-1], strict=True))
                assert json.loads(last["summary"])["sha256"] and last["action"] == "database.restore"
                mine = mine[:-1]
            if table.name == AuditHead.__tablename__:  # the chain's last link: the restored log's, checked below
                continue
            if table.name == StockAge.__tablename__:  # kept from parts by triggers: the restored parts', checked below
                continue
            if table.name in APPENDED:
                assert mine == theirs[: len(mine)], table.name  # an exact prefix of the source
            elif table.name in writer_rows:  # the rows the writer updates are checked against the moves below
                skip = writer_rows[table.name]
                assert [r for r in mine if r[0] not in skip] == [r for r in theirs if r[0] not in skip], table.name
                assert {r[0] for r in mine} == {r[0] for r in theirs}, table.name
            else:
                assert mine == theirs, table.name
        assert summary_rows(restored) == rebuilt_from_parts(restored)  # dead stock's summary: of the same moment
        with restored.engine.connect() as conn:
            chain = audit_chain.verify(conn)
        assert chain.bad_id is None and chain.verified == len(rel.table_rows(restored, AuditEntry.__table__)), chain
        with restored.read() as r, db.read() as s:
            last_kept = r.scalar(select(func.max(StockMove.id)))
            for part_id in parts:  # on-hand as the source had it when its last kept move was written
                then = s.scalar(select(StockMove.on_hand_after).where(StockMove.part_id == part_id,
                                                                      StockMove.id <= last_kept)
                                .order_by(StockMove.id.desc()).limit(1))
                assert r.scalar(select(Part.on_hand).where(Part.id == part_id)) == then
    rel.record_figures(f"backup.{db.dialect}", {
        "backup_seconds": round(took, 2), "moves_in_source_when_backup_started": moves_at_start,
        "moves_when_it_ended": moves_at_end, "moves_in_restored_copy": kept.moves,
        "writer_commits_during_backup": moves_at_end - moves_at_start, "backup_steps": len(steps),
    })
