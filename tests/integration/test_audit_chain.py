"""The tamper-evident audit log (issue 18): each row chains to the previous one by sha256 over its content;
`workshop audit verify` names the first row changed, removed or inserted out of order; concurrent writers never
fork the chain; `workshop init` puts back a dropped guard and says so."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, func, insert, select, text

from tests.helpers import reliability as rel
from workshop.cli import main
from workshop.db import audit_chain
from workshop.db.models import AuditEntry
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.roles import Actor, Role
from workshop.queries.audit import verify_chain
from workshop.services import users


def _some_work(db: Database, admin: Actor, n: int = 6) -> list[int]:
    for i in range(n):
        users.add_user(db.uow(), admin, username=f"chain{i}", display_name=f"链{i}", password="secret123",
                       roles=["advisor"])
    with db.read() as s:
        return list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.seq)))


@contextmanager
def _around_the_guard(db: Database) -> Iterator[Connection]:
    """What an attacker holding the file or the owner's credentials does: lift the guard, write, put it back."""
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
        yield conn
        if db.dialect == "sqlite":
            from workshop.db.guards import install_guards

            install_guards(conn)
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")


def test_s_audit_chain_is_verified_after_ordinary_work(db: Database, people: dict[Role, Actor]) -> None:
    ids = _some_work(db, people[Role.ADMIN])
    report = verify_chain(db)
    assert report.ok and report.verified == len(ids) >= 6
    assert report.message("zh") == f"审计链已验证至第 {len(ids)} 行。"


def test_s_audit_verify_names_a_changed_row(db: Database, people: dict[Role, Actor]) -> None:
    ids = _some_work(db, people[Role.ADMIN])
    with _around_the_guard(db) as conn:
        conn.execute(text("UPDATE audit_log SET summary = '{\"forged\": true}' WHERE id = :i"), {"i": ids[3]})
    report = verify_chain(db)
    assert not report.ok and report.bad_id == ids[3] and report.verified == 3 and "was changed" in report.message("en")


def test_s_audit_verify_names_a_removed_row_and_a_removed_tail(db: Database, people: dict[Role, Actor]) -> None:
    ids = _some_work(db, people[Role.ADMIN])
    with _around_the_guard(db) as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": ids[-1]})
    report = verify_chain(db)
    assert not report.ok and "removed" in report.message("en") and report.verified == len(ids) - 1
    with _around_the_guard(db) as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": ids[2]})
    report = verify_chain(db)
    assert not report.ok and report.bad_id == ids[3] and report.verified == 2
    assert "missing rows 3-3" in report.message("en")


def test_s_audit_verify_names_a_row_inserted_out_of_order(db: Database, people: dict[Role, Actor]) -> None:
    ids = _some_work(db, people[Role.ADMIN])
    forged = {"at": utcnow(), "user_id": None, "action": "user.add", "entity": "user", "entity_id": "1",
              "summary": "{}"}
    with db.engine.begin() as conn:  # written around the program: no place in the chain
        conn.execute(insert(AuditEntry), [forged])
    report = verify_chain(db)
    assert not report.ok and "not in the chain" in report.message("en")
    with _around_the_guard(db) as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq IS NULL"))
        last = conn.execute(select(func.max(AuditEntry.seq))).scalar_one()
        conn.execute(insert(AuditEntry), [{**forged, "seq": last + 1, "prev_hash": "f" * 64,
                                           "row_hash": audit_chain.row_digest(last + 1, "f" * 64, *forged.values())}])
    report = verify_chain(db)
    assert not report.ok and "out of order" in report.message("en") and report.verified == len(ids)


def test_s_cli_audit_verify_says_up_to_which_row_or_names_the_first_broken_one(
        db: Database, people: dict[Role, Actor], capsys: pytest.CaptureFixture[str]) -> None:
    ids = _some_work(db, people[Role.ADMIN])
    assert main(["--db", db.url, "audit", "verify"]) == 0
    assert f"审计链已验证至第 {len(ids)} 行" in capsys.readouterr().out
    with _around_the_guard(db) as conn:
        conn.execute(text("UPDATE audit_log SET action = 'user.nothing' WHERE id = :i"), {"i": ids[1]})
    assert main(["--lang", "en", "--db", db.url, "audit", "verify"]) == 1
    assert f"audit row id {ids[1]}) was changed" in capsys.readouterr().out


def test_s_init_recreates_a_dropped_guard_and_says_so(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
    assert main(["--db", db.url, "init"]) == 0
    out = capsys.readouterr().out
    assert "已重建" in out and "re-created" in out
    assert main(["--db", db.url, "init"]) == 0
    assert "已重建" not in capsys.readouterr().out
    with db.uow() as uow:
        uow.audit(None, "test.write", "database", "x")
        uow.commit()
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log")


WRITERS, EACH = 8, 25


def test_s_concurrent_writers_never_fork_the_chain_and_its_cost(db: Database, people: dict[Role, Actor]) -> None:
    admin = people[Role.ADMIN]
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def desk() -> None:
        start.wait()
        try:
            for _ in range(EACH):
                with db.uow() as uow:
                    uow.authorize(admin, users.Perm.USER_ADMIN)
                    uow.audit(admin, "test.write", "user", admin.user_id)
                    uow.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=desk) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_chain(db)
    with db.read() as s:
        seqs = list(s.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))
    assert report.ok and seqs == list(range(1, WRITERS * EACH + 1)) and report.verified == WRITERS * EACH

    def chained() -> None:
        with db.engine.begin() as conn:
            audit_chain.append(conn, [{"at": utcnow(), "user_id": None, "action": "t", "entity": "x",
                                       "entity_id": "1", "summary": "{}"}])

    def plain() -> None:
        with db.engine.begin() as conn:
            conn.execute(insert(AuditEntry), [{"at": utcnow(), "user_id": None, "action": "t", "entity": "x",
                                               "entity_id": "1", "summary": "{}"}])

    times: dict[str, list[float]] = {"chained": [], "plain": []}
    for _ in range(150):
        for name, fn in (("chained", chained), ("plain", plain)):
            started = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - started) * 1000)
    med = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
    rel.record_figures(f"audit_chain.{db.dialect}", {
        "concurrent_writers": WRITERS, "rows_each": EACH, "chain_verified": report.verified,
        "write_ms_p50_chained": round(med["chained"], 2), "write_ms_p50_plain_insert": round(med["plain"], 2),
        "chain_cost_ms_per_write": round(med["chained"] - med["plain"], 2)})
