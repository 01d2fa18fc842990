"""Users and login: argon2id, lockout after 5 failures, disabled users, roles checked in the core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from tests.helpers.people import PASSWORD
from workshop.db.models import AuditEntry, User
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.errors import AuthenticationFailed, InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import users


def test_login_with_right_password_returns_actor_with_roles(db: Database, people: dict[Role, Actor]) -> None:
    actor = users.authenticate(db.uow(), "advisor", PASSWORD)
    assert actor.roles == frozenset({Role.ADVISOR})


def test_login_refusal_does_not_reveal_whether_user_exists(db: Database, people: dict[Role, Actor]) -> None:
    with pytest.raises(AuthenticationFailed) as wrong_pw:
        users.authenticate(db.uow(), "advisor", "wrong-password")
    with pytest.raises(AuthenticationFailed) as no_user:
        users.authenticate(db.uow(), "nobody-here", "wrong-password")
    assert str(wrong_pw.value) == str(no_user.value)


def test_five_failures_lock_the_account_for_15_minutes(db: Database, people: dict[Role, Actor]) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(db.uow(), "advisor", "bad-password")
    with pytest.raises(AuthenticationFailed):
        users.authenticate(db.uow(), "advisor", PASSWORD)  # right password, but locked
    with db.read() as s:
        user = s.scalar(select(User).where(User.username == "advisor"))
        assert user is not None and user.locked_until is not None
        remaining = user.locked_until - utcnow()
        assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)
    # a locked user can do nothing through the services either
    with pytest.raises(PermissionDenied):
        users.list_users(db) and users.set_active(db.uow(), people[Role.ADVISOR], people[Role.ADMIN].user_id, True)


def test_password_is_stored_as_argon2id_and_never_logged(db: Database, people: dict[Role, Actor]) -> None:
    users.reset_password(db.uow(), people[Role.ADMIN], people[Role.ADVISOR].user_id, "another-secret-1")
    with db.read() as s:
        user = s.scalar(select(User).where(User.username == "advisor"))
        assert user is not None and user.password_hash.startswith("$argon2id$")
        audit = " ".join(a.summary for a in s.scalars(select(AuditEntry)))
    assert "another-secret-1" not in audit
    assert users.authenticate(db.uow(), "advisor", "another-secret-1").username == "advisor"


def test_disabled_user_cannot_log_in_or_act(db: Database, people: dict[Role, Actor]) -> None:
    users.set_active(db.uow(), people[Role.ADMIN], people[Role.ADVISOR].user_id, False)
    with pytest.raises(AuthenticationFailed):
        users.authenticate(db.uow(), "advisor", PASSWORD)
    admin_demoted = people[Role.ADMIN]
    users.set_active(db.uow(), admin_demoted, people[Role.PARTS_CLERK].user_id, False)
    with pytest.raises(PermissionDenied):
        users.set_active(db.uow(), people[Role.PARTS_CLERK], people[Role.ADVISOR].user_id, True)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_user_admin_services_refuse_roles_without_the_right(
    db: Database, people: dict[Role, Actor], role: Role
) -> None:
    actor = people[role]
    target = people[Role.ADVISOR].user_id
    with pytest.raises(PermissionDenied):
        users.add_user(db.uow(), actor, username="x1", display_name="X", password="secret123", roles=["advisor"])
    with pytest.raises(PermissionDenied):
        users.set_roles(db.uow(), actor, target, ["advisor", "technician"])
    with pytest.raises(PermissionDenied):
        users.set_active(db.uow(), actor, target, False)
    with pytest.raises(PermissionDenied):
        users.reset_password(db.uow(), actor, target, "secret456")


def test_admin_adds_user_with_several_roles_and_badge(db: Database, people: dict[Role, Actor]) -> None:
    info = users.add_user(
        db.uow(), people[Role.ADMIN], username="Ｌｉｕ.Wei", display_name="刘伟", password="secret123",
        roles=["advisor", "front_desk_lead"],
    )
    assert info.username == "liu.wei"
    assert info.roles == ("advisor", "front_desk_lead")
    assert info.badge_code == f"EMP{info.id:05d}"
    assert users.user_by_badge(db, info.badge_code.lower()) == info


def test_bad_user_input_is_refused_and_nothing_written(db: Database, people: dict[Role, Actor]) -> None:
    admin = people[Role.ADMIN]
    cases = [
        dict(username="", display_name="A", password="secret123", roles=["advisor"]),
        dict(username="ok", display_name="A", password="123", roles=["advisor"]),
        dict(username="ok", display_name="A", password="secret123", roles=[]),
        dict(username="ok", display_name="A", password="secret123", roles=["king"]),
        dict(username="o k", display_name="A", password="secret123", roles=["advisor"]),
        dict(username="ok", display_name="A" * 10_000, password="secret123", roles=["advisor"]),
        dict(username="ok", display_name="A\x07", password="secret123", roles=["advisor"]),
        dict(username="advisor", display_name="A", password="secret123", roles=["advisor"]),
    ]
    with db.read() as s:
        before = s.scalar(text("SELECT COUNT(*) FROM users"))
    for case in cases:
        with pytest.raises((InvalidInput, RuleViolation)):
            users.add_user(db.uow(), admin, **case)  # type: ignore[arg-type]
    with db.read() as s:
        assert s.scalar(text("SELECT COUNT(*) FROM users")) == before


def test_first_admin_only_on_an_empty_database(db: Database) -> None:
    assert users.needs_first_admin(db)
    users.create_first_admin(db.uow(), username="boss", display_name="管理员", password="secret123")
    assert not users.needs_first_admin(db)
    with pytest.raises(RuleViolation):
        users.create_first_admin(db.uow(), username="boss2", display_name="X", password="secret123")


def test_audit_log_is_append_only(db: Database, people: dict[Role, Actor]) -> None:
    users.authenticate(db.uow(), "advisor", PASSWORD)  # writes an audit row
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET action = 'x'"))
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
