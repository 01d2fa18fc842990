"""One user per role, fast: a single argon2id hash computed once and shared."""

from __future__ import annotations

from functools import cache

from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import users

PASSWORD = "secret123"


@cache
def shared_hash() -> str:
    return users.hash_password(PASSWORD)


def make_user(db: Database, username: str, roles: list[Role], team: str | None = None,
              display_name: str | None = None) -> Actor:
    uow = db.uow()
    with uow:
        user = users._insert_user(
            uow, username, display_name or username, PASSWORD, roles, team, password_hash=shared_hash()
        )
        actor = users.actor_of(user)
        uow.commit()
    return actor


def one_per_role(db: Database) -> dict[Role, Actor]:
    teams = {Role.TECHNICIAN: "机修", Role.TEAM_LEADER: "机修"}
    return {role: make_user(db, role.value, [role], teams.get(role)) for role in Role}
