"""Every service, called as every role: only the roles whose permissions (SPEC.md roles table, as
workshop.domain.roles.ROLE_PERMISSIONS) cover what the service asks for get past the permission check;
the others get PermissionDenied and nothing is written. Disabled and locked users can do nothing.

The services are found by introspection: every public function of workshop.services.* whose first two
parameters are (uow, actor). Each is called with placeholder arguments; the permission it asks for is read
from UnitOfWork.authorize, which every service calls first."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

import workshop.services
from workshop.db import models
from workshop.db.models import AuditEntry, User
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.errors import PermissionDenied, WorkshopError
from workshop.domain.roles import ROLE_PERMISSIONS, Actor, Perm, Role

MODEL_NAMES = set(models.__all__)


def service_functions() -> Iterator[Callable[..., Any]]:
    for info in sorted(pkgutil.iter_modules(workshop.services.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"workshop.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            sig = inspect.signature(fn)
            params = list(sig.parameters)
            takes_live_row = any(str(p.annotation) in MODEL_NAMES for p in sig.parameters.values())
            if params[:2] == ["uow", "actor"] and not takes_live_row:  # a row: a step inside another service
                yield fn


SERVICES = list(service_functions())


def placeholder(param: inspect.Parameter) -> Any:
    ann = str(param.annotation)
    if "int" in ann and "Decimal" not in ann:
        return 987654
    if "Decimal" in ann:
        return Decimal("1")
    if "bool" in ann:
        return False
    if "datetime" in ann:
        return datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    if "date" in ann:
        return date(2026, 1, 5)
    if "list" in ann or "Sequence" in ann or "tuple" in ann or "Iterable" in ann:
        return []
    if "dict" in ann or "Mapping" in ann:
        return {}
    return "X-NONE-1"


def call(fn: Callable[..., Any], db: Database, actor: Actor) -> None:
    sig = inspect.signature(fn)
    args: list[Any] = [db.uow(), actor]
    kwargs: dict[str, Any] = {}
    for name, param in list(sig.parameters.items())[2:]:
        if param.default is not inspect.Parameter.empty:
            continue
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.kind is param.KEYWORD_ONLY:
            kwargs[name] = placeholder(param)
        else:
            args.append(placeholder(param))
    fn(*args, **kwargs)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[Perm]:
    perms: list[Perm] = []
    original = UnitOfWork.authorize

    def recording(self: UnitOfWork, actor: Actor, perm: Perm) -> User:
        perms.append(perm)
        return original(self, actor, perm)

    monkeypatch.setattr(UnitOfWork, "authorize", recording)
    return perms


def audit_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


@pytest.mark.parametrize("fn", SERVICES, ids=lambda f: f"{f.__module__.rsplit('.', 1)[1]}.{f.__name__}")
def test_every_service_refuses_roles_without_the_right(db: Database, people: dict[Role, Actor],
                                                       asked: list[Perm], fn: Callable[..., Any]) -> None:
    for role in Role:
        asked.clear()
        before = audit_count(db)
        try:
            call(fn, db, people[role])
        except PermissionDenied:
            assert asked, f"{fn.__name__} refused {role} without asking UnitOfWork.authorize"
            held = [p for p in asked if p in ROLE_PERMISSIONS[role]]
            assert not held or asked[-1] not in ROLE_PERMISSIONS[role], f"{fn.__name__} refused {role} holding {held}"
            assert audit_count(db) == before, f"{fn.__name__} wrote although it refused {role}"
            continue
        except WorkshopError:
            pass  # past the permission check; refused for the placeholder values
        assert asked, f"{fn.__name__} did not check permissions before anything else (as {role})"
        # a service may accept any one of several permissions (it asks for each in turn)
        assert any(p in ROLE_PERMISSIONS[role] for p in asked), f"{fn.__name__} let {role} through without {asked}"


def test_disabled_and_locked_users_can_do_nothing(db: Database, people: dict[Role, Actor]) -> None:
    director = people[Role.SERVICE_DIRECTOR]
    admin = people[Role.ADMIN]
    uow = db.uow()
    with uow:
        user = uow.session.get(User, director.user_id)
        assert user is not None
        user.locked_until = datetime.now(UTC) + timedelta(minutes=10)
        other = uow.session.get(User, admin.user_id)
        assert other is not None
        other.is_active = False
        uow.commit()
    for actor in (director, admin):
        for fn in SERVICES:
            with pytest.raises(PermissionDenied):
                call(fn, db, actor)


def test_the_matrix_covers_every_desk() -> None:
    modules = {f.__module__.rsplit(".", 1)[1] for f in SERVICES}
    assert {"users"} <= modules
    assert len(SERVICES) >= 5
