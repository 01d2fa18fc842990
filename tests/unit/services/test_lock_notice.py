"""Issue 18: the account holder sees the lock reason only after a successful login ("N failed attempts since
your last login, locked until HH:MM"); every refusal stays the one sentence."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.helpers.clock import ShopClock
from tests.helpers.people import PASSWORD
from workshop.db.uow import Database
from workshop.domain.clock import SHOP_TZ
from workshop.domain.errors import AuthenticationFailed
from workshop.domain.roles import Actor, Role
from workshop.services import users

START = datetime(2026, 3, 10, 9, 0, tzinfo=SHOP_TZ)


def _refused(db: Database, password: str) -> str:
    with pytest.raises(AuthenticationFailed) as caught:
        users.log_in(db.uow(), "advisor", password)
    return caught.value.message("en")


def lock_advisor(db: Database, clock: ShopClock, at: datetime = START) -> None:
    """Five wrong guesses at `at`: the account locks until `at` + 15 minutes."""
    clock.move_to(at)
    for _ in range(users.MAX_FAILURES):
        assert _refused(db, "wrong-guess") == users.login_refused().message("en")


def test_s_lock_reason_is_told_only_after_a_successful_login(db: Database, people: dict[Role, Actor],
                                                            shop_clock: ShopClock) -> None:
    lock_advisor(db, shop_clock)
    # while locked, even the right password gets the same sentence as any refusal (nothing tells of the lock)
    assert _refused(db, PASSWORD) == users.login_refused().message("en")
    shop_clock.move_to(START + timedelta(minutes=users.LOCK_MINUTES + 1))
    for _ in range(2):
        _refused(db, "another-guess")
    result = users.log_in(db.uow(), "advisor", PASSWORD)
    assert result.actor.username == "advisor"
    assert result.notice("en") == "7 failed attempts since your last login, locked until 09:15."
    assert result.notice("zh") == "自您上次登录以来，密码输错 7 次，账户曾锁定到 09:15。"
    # told once: the next login carries no notice
    assert users.log_in(db.uow(), "advisor", PASSWORD).notice("en") is None


def test_s_failures_without_a_lock_tell_nothing(db: Database, people: dict[Role, Actor],
                                               shop_clock: ShopClock) -> None:
    shop_clock.move_to(START)
    for _ in range(users.MAX_FAILURES - 1):
        _refused(db, "wrong-guess")
    assert users.log_in(db.uow(), "advisor", PASSWORD).notice("en") is None
