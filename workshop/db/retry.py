"""Retrying one user action when the database turned it away for a passing lock reason.

Safe only for a callable that is one whole unit of work (a service call that opens its own `with uow:`): the
errors retried here mean the database rolled the transaction back, so nothing of the first attempt was kept.
They are: PostgreSQL deadlock (40P01), serialization failure (40001) and lock not available (55P03); SQLite
"database is locked" / "database table is locked" (SQLITE_BUSY / SQLITE_LOCKED, after busy_timeout ran out).
Anything else - a WorkshopError, a constraint violation, a lost connection whose commit may have happened -
goes to the caller unchanged. When the retries run out, the user gets a sentence (DatabaseBusy), never the
driver's OperationalError."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.exc import DBAPIError

from workshop.domain.errors import WorkshopError

if TYPE_CHECKING:
    from workshop.db.uow import Database

T = TypeVar("T")

PG_TRANSIENT = frozenset({"40P01", "40001", "55P03"})
SQLITE_TRANSIENT = ("database is locked", "database table is locked")
ATTEMPTS = 5
BASE_DELAY = 0.05  # seconds; doubles each attempt, with jitter


class DatabaseBusy(WorkshopError):
    """The database stayed locked by other desks through every retry; nothing was saved."""

    def __init__(self) -> None:
        super().__init__("数据库正忙（其他前台正在保存），本次操作没有保存，请稍后再试。",
                         "The database is busy (other desks are saving); nothing was saved - try again in a moment.")


def is_transient(exc: BaseException) -> bool:
    """A lock conflict the database resolved by rolling this transaction back: the action may run again."""
    if not isinstance(exc, DBAPIError) or exc.connection_invalidated:
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in PG_TRANSIENT:
        return True
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig).lower()
        return any(marker in text for marker in SQLITE_TRANSIENT)
    return False


def call_with_retry(fn: Callable[[], T], *, attempts: int = ATTEMPTS, base_delay: float = BASE_DELAY,
                    on_retry: Callable[[BaseException, int], None] | None = None,
                    sleep: Callable[[float], None] = time.sleep) -> T:
    """Run fn(); on a transient lock error run it again (at most `attempts` times in all, backing off)."""
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
            if attempt == attempts:
                raise DatabaseBusy() from exc
            if on_retry is not None:
                on_retry(exc, attempt)
            sleep(base_delay * 2 ** (attempt - 1) * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover


def in_uow(db: Database, service: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """service(db.uow(), *args, **kwargs) - a fresh unit of work each attempt - retried on a transient lock error.
    The CLI calls its services so; the GUI's runner (ui/operations.py run_service) does the same on a worker."""
    return call_with_retry(lambda: service(db.uow(), *args, **kwargs))
