"""The database handle and the unit of work: one user action, one transaction, sessions opened here only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, Select, bindparam, select
from sqlalchemy.orm import Session, lazyload, sessionmaker

from workshop.db import audit_chain, change_tracking
from workshop.db.engine import WRITE_OPTION, describe_url, make_engine, resolve_url
from workshop.db.models import User, UserRole
from workshop.domain.changes import NO_CHANGES, ChangeSet, RecordKind
from workshop.domain.clock import utcnow
from workshop.domain.errors import PermissionDenied
from workshop.domain.roles import Actor, Perm, Role, check_permission


class Database:
    """One per process: the engine and the session factory."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None, check_location: bool = True):
        self.url = resolve_url(url) if engine is None else str(engine.url.render_as_string(hide_password=False))
        self.engine = engine or make_engine(self.url, check_location=check_location)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        change_tracking.track(self._sessions)  # what each unit of work changed: uow.changes after commit

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        return describe_url(self.url)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session for queries: nothing it does is committed."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def new_session(self) -> Session:
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()


@cache
def _user_with_roles() -> Select[User, str]:
    """The user row and its role names in one query (one row per role), without the roles relationship's own
    load. Built once: building a select() costs about as much as running it on the hot paths (a scan at the
    counter). Not at import: its loader option configures every mapped class (~60 ms), which the GUI's start
    does in the background (warm_up) and a CLI command only when it needs it."""
    return (
        select(User, UserRole.role)
        .outerjoin(UserRole, UserRole.user_id == User.id)
        .where(User.id == bindparam("uid"))
        .options(lazyload(User.roles))
    )


def warm_up() -> None:
    """Configure the mapped classes and build the statements of the first actions now (the GUI calls it on its
    start-up thread while the login window waits), not in the first user action."""
    _user_with_roles()


AUDIT_ENTITY_ID_LEN = 60  # audit_log.entity_id is String(60)


class UnitOfWork:
    """`with uow: ...; uow.commit()` — leaving the block without commit rolls everything back.
    After commit, `uow.changes` is the ChangeSet of what the transaction inserted, updated or deleted."""

    session: Session

    def __init__(self, db: Database) -> None:
        self.db = db
        self._committed = False
        self.changes: ChangeSet = NO_CHANGES

    def __enter__(self) -> UnitOfWork:
        self.session = self.db.new_session()
        # SQLite: BEGIN IMMEDIATE (see engine._sqlite_begin); PostgreSQL: an ordinary transaction.
        self.session.connection(execution_options={WRITE_OPTION: True})
        self._committed = False
        self._audit_rows: list[dict[str, Any]] = []
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                self.session.rollback()
                change_tracking.discard(self.session)
        finally:
            self.session.close()

    def commit(self) -> None:
        self.flush_audit()
        self.session.commit()
        self.changes = self.changes.merge(change_tracking.take(self.session))
        change_tracking.committed(self.changes)

    def mark(self, kind: RecordKind, *ids: int) -> None:
        """Add to what this transaction changed what its session cannot see (core statements on a connection,
        a restore); no ids: every record of the kind."""
        builder = change_tracking.builder_of(self.session)
        if ids:
            builder.add_many(kind, ids)
        else:
            builder.add(kind, None)

    def flush_audit(self) -> None:
        """Write the audit rows of this transaction, chained (audit_chain.append). Done at commit, the very end:
        the chain head is locked only for the commit itself."""
        if self._audit_rows:
            self.session.flush()
            audit_chain.append(self.session.connection(), self._audit_rows)
            self._audit_rows = []
        self._committed = True

    @property
    def now(self) -> datetime:
        return utcnow()

    def authorize(self, actor: Actor, perm: Perm) -> User:
        """Re-read the acting user: disabled or locked users can do nothing; roles come from the database."""
        rows = self.session.execute(_user_with_roles(), {"uid": actor.user_id}).all()
        user = rows[0][0] if rows else None
        if user is None or not user.is_active:
            raise PermissionDenied("此用户已停用，不能操作。", "This user is disabled and can do nothing.")
        if user.locked_until is not None and user.locked_until > utcnow():
            raise PermissionDenied("此用户已被锁定，请稍后再试。", "This user is locked; try again later.")
        roles = frozenset(Role(role) for _, role in rows if role is not None)
        check_permission(roles, perm, user.display_name)
        return user

    def audit(self, actor: Actor | None, action: str, entity: str, entity_id: object, **summary: Any) -> None:
        """Append one audit row in this transaction (who, when, what record, before/after summary). The row is
        written, chained onto the tamper-evident audit chain, at commit (an audit row is never read back in the
        transaction that writes it)."""
        record = str(entity_id)
        if len(record) > AUDIT_ENTITY_ID_LEN:  # e.g. a long database name: kept whole in the summary
            summary = {**summary, "record": record}
            record = record[: AUDIT_ENTITY_ID_LEN - 1] + "…"
        self._audit_rows.append({
            "at": utcnow(),
            "user_id": actor.user_id if actor else None,
            "action": action,
            "entity": entity,
            "entity_id": record,
            "summary": json.dumps(summary, ensure_ascii=False, default=str, sort_keys=True),
        })

    def user_by_name(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username))
