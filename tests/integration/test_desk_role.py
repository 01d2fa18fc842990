"""Two PostgreSQL roles (issue 18): `workshop init` with the owner's URL creates or checks the desks' role; the
desks' role works the shop but cannot TRUNCATE, ALTER, DROP, disable triggers or change the audit log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from tests.helpers import dbs
from tests.helpers.people import one_per_role
from workshop.cli import main
from workshop.db.audit_chain import verify
from workshop.db.uow import Database
from workshop.domain.roles import Role
from workshop.services import users

DESK = "workshop_h3_desk"  # roles are server-wide: the test's own name
REFUSED = [
    "TRUNCATE audit_log",
    "TRUNCATE work_orders",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "ALTER TABLE work_orders ADD COLUMN forged integer",
    "DROP TRIGGER audit_log_no_change ON audit_log",
    "DROP TABLE audit_log",
    "DROP TABLE stock_moves",
    "UPDATE audit_log SET summary = '{}'",
    "DELETE FROM audit_log",
    "DELETE FROM audit_head",
    "UPDATE alembic_version SET version_num = 'x'",
    "CREATE TABLE public.sneaky (id integer)",
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN RETURN NULL; END; $$ "
    "LANGUAGE plpgsql",
]


@pytest.fixture
def owner() -> Iterator[Database]:
    if not dbs.pg_url():
        pytest.skip("WORKSHOP_TEST_PG_URL is not set")
    database = dbs.new_postgres()
    try:
        yield database
    finally:
        database.dispose()


@pytest.mark.postgres
def test_s_desks_role_works_the_shop_but_cannot_erase_or_forge_the_audit_log(
        owner: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHOP_DESK_PASSWORD", "desk-secret")
    assert main(["--db", owner.url, "init", "--desk-role", DESK]) == 0
    out = capsys.readouterr().out
    assert DESK in out and "grants" in out
    people = one_per_role(owner)
    desk = Database(make_url(owner.url).set(username=DESK, password="desk-secret").render_as_string(
        hide_password=False))
    try:
        with desk.engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar_one() == DESK
        # the desks work: a service writes its rows and its chained audit row
        users.add_user(desk.uow(), people[Role.ADMIN], username="bydesk", display_name="前台建", password="secret123",
                       roles=["advisor"])
        assert users.authenticate(desk.uow(), "bydesk", "secret123").username == "bydesk"
        for sql in REFUSED:
            with desk.engine.connect() as conn, pytest.raises(ProgrammingError) as refused:
                conn.exec_driver_sql(sql)
            assert "permission denied" in str(refused.value) or "must be owner" in str(refused.value), sql
        with owner.engine.connect() as conn:
            report = verify(conn)
        assert report.ok and report.verified >= 2  # the user.add and the user.login rows
    finally:
        desk.dispose()
    assert main(["--db", owner.url, "init", "--desk-role", DESK]) == 0  # run again: checked, nothing breaks
    assert "checked" in capsys.readouterr().out
