"""The command line logs in (issue 18) for anything that changes users, roles, settings or the database as a
whole: `--user NAME` with WORKSHOP_PASSWORD (or a prompt), checked by the same services, audited as that user.
The exceptions: the first administrator of a database with no user yet, and `recover-admin` on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers.people import PASSWORD
from workshop.cli import main
from workshop.db.models import AuditEntry
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import backup, users

CHANGING = {  # every command that changes users, settings or the whole database, with its arguments
    "user add": ["user", "add", "newbie", "--name", "新人", "--role", "advisor", "--password", "newbie-pw1"],
    "user passwd": ["user", "passwd", "advisor", "--password", "another-pw1"],
    "user disable": ["user", "disable", "advisor"],
    "settings set": ["settings", "set", "closing_time", "17:30"],
    "restore": ["restore", "BACKUP", "--force"],
}
ACTION = {"user add": "user.add", "user passwd": "user.password_reset", "user disable": "user.disable",
          "settings set": "setting.set", "restore": "database.restore"}


def _run(db: Database, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--lang", "en", "--db", db.url, *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def _last_audit(db: Database, action: str) -> AuditEntry | None:
    with db.read() as s:
        row = s.execute(select(AuditEntry.user_id, AuditEntry.summary).where(AuditEntry.action == action)
                        .order_by(AuditEntry.id.desc()).limit(1)).first()
    return row  # type: ignore[return-value]


@pytest.mark.parametrize("command", sorted(CHANGING))
def test_s_cli_changes_need_a_login_checked_and_audited_as_that_user(
        command: str, db: Database, people: dict[Role, Actor], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    users.add_user(db.uow(), people[Role.ADMIN], username="kept", display_name="保留", password="secret123",
                   roles=["advisor"])
    file = backup.backup_database(db, tmp_path / backup.backup_name(db))
    args = [str(file) if a == "BACKUP" else a for a in CHANGING[command]]
    monkeypatch.delenv("WORKSHOP_PASSWORD", raising=False)
    code, said = _run(db, args, capsys)  # no --user
    assert code == 2 and "--user" in said
    monkeypatch.setenv("WORKSHOP_PASSWORD", "not-the-password")
    code, said = _run(db, [*args, "--user", "admin"], capsys)
    assert code == 2 and "Wrong user name or password" in said
    monkeypatch.setenv("WORKSHOP_PASSWORD", PASSWORD)
    code, said = _run(db, [*args, "--user", "service_director"], capsys)  # logged in, but not an administrator
    if command != "settings set":  # the director sets limits and settings (LIMITS_SET)
        assert code == 2, said
        assert _last_audit(db, ACTION[command]) is None or command == "user add"
    code, said = _run(db, [*args, "--user", "admin"], capsys)
    assert code == 0, said
    row = _last_audit(db, ACTION[command])
    assert row is not None
    if command == "restore":
        assert json.loads(row.summary)["by"] == "admin"
    assert row.user_id == people[Role.ADMIN].user_id


def test_s_cli_first_administrator_of_an_empty_database_needs_no_login(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite'}")
    try:
        assert main(["--db", db.url, "init"]) == 0
        assert main(["--db", db.url, "user", "add", "clerk", "--name", "x", "--role", "advisor",
                     "--password", "secret123"]) == 2  # the first user must be the administrator
        assert main(["--db", db.url, "user", "add", "boss", "--name", "老板", "--role", "admin",
                     "--password", "secret123"]) == 0
        assert main(["--db", db.url, "user", "add", "boss2", "--name", "老板", "--role", "admin",
                     "--password", "secret123"]) == 2  # the second one needs a login
        assert _last_audit(db, "user.first_admin") is not None
    finally:
        db.dispose()
    capsys.readouterr()


def test_s_recover_admin_works_only_on_a_sqlite_file_and_is_audited(db: Database, people: dict[Role, Actor],
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    users.set_active(db.uow(), people[Role.ADMIN], people[Role.ADVISOR].user_id, False)
    code, said = _run(db, ["recover-admin", "admin", "--password", "recovered-1"], capsys)
    if db.dialect != "sqlite":
        assert code == 2 and "SQLite" in said
        return
    assert code == 0, said
    assert users.authenticate(db.uow(), "admin", "recovered-1").username == "admin"
    row = _last_audit(db, "user.recover_admin")
    assert row is not None and row.user_id is None and json.loads(row.summary)["via"] == "command line"
    code, said = _run(db, ["recover-admin", "advisor", "--password", "recovered-1"], capsys)
    assert code == 2 and "No such administrator" in said
