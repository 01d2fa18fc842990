"""Lockout that holds under races (issue 18): 40 parallel wrong guesses run at most 5 password checks before the
account locks, on both backends; every refusal (unknown user, wrong password, locked, disabled) says the same
sentence and takes the same time."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import select

from tests.helpers import reliability as rel
from tests.helpers.people import PASSWORD
from workshop.db.models import User
from workshop.db.uow import Database
from workshop.domain.errors import AuthenticationFailed
from workshop.domain.roles import Actor, Role
from workshop.services import users

GUESSES = 40


class CountingHasher:
    """The real argon2 hasher, counting the checks against a real stored hash (not the dummy one)."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.checks = 0
        self.lock = threading.Lock()

    def verify(self, stored: str, password: str) -> bool:
        if stored != users._dummy_hash():
            with self.lock:
                self.checks += 1
        return self.real.verify(stored, password)  # type: ignore[attr-defined, no-any-return]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def _race(db: Database, guess: Callable[[], None]) -> list[BaseException | None]:
    start = threading.Barrier(GUESSES)
    outcomes: list[BaseException | None] = [None] * GUESSES

    def one(i: int) -> None:
        start.wait()
        try:
            guess()
        except BaseException as exc:  # collected: every guess must be refused with the sentence
            outcomes[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(GUESSES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_a_lockout_holds_when_40_wrong_guesses_race(db: Database, people: dict[Role, Actor],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    users._dummy_hash()
    counting = CountingHasher(users._hasher)
    monkeypatch.setattr(users, "_hasher", counting)
    started = time.perf_counter()
    outcomes = _race(db, lambda: users.authenticate(db.uow(), "advisor", "wrong-guess"))
    took = time.perf_counter() - started
    assert all(isinstance(o, AuthenticationFailed) for o in outcomes), outcomes
    assert len({str(o) for o in outcomes}) == 1
    assert 1 <= counting.checks <= users.MAX_FAILURES, counting.checks
    with db.read() as s:
        locked_until = s.scalar(select(User.locked_until).where(User.username == "advisor"))
    assert locked_until is not None
    checks_before = counting.checks
    with pytest.raises(AuthenticationFailed):  # locked: even the right password is not checked
        users.authenticate(db.uow(), "advisor", PASSWORD)
    assert counting.checks == checks_before
    rel.record_figures(f"lockout_race.{db.dialect}", {"parallel_guesses": GUESSES,
                                                     "password_checks_before_lock": counting.checks,
                                                     "seconds": round(took, 2)})


class VerifyCounter:
    """The real argon2 hasher, counting every verification (real and dummy hashes alike)."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.verifies = 0

    def verify(self, stored: str, password: str) -> bool:
        self.verifies += 1
        return self.real.verify(stored, password)  # type: ignore[attr-defined, no-any-return]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_a_every_login_refusal_says_the_same_and_takes_the_same_time(db: Database, people: dict[Role, Actor],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    users._dummy_hash()
    users.set_active(db.uow(), people[Role.ADMIN], people[Role.TECHNICIAN].user_id, False)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(db.uow(), "qc_inspector", "wrong-guess")
    counter = VerifyCounter(users._hasher)
    monkeypatch.setattr(users, "_hasher", counter)
    cases = {
        "unknown": lambda: users.authenticate(db.uow(), "nobody-here", PASSWORD),
        "wrong": lambda: users.authenticate(db.uow(), "advisor", "wrong-guess"),
        "locked, right password": lambda: users.authenticate(db.uow(), "qc_inspector", PASSWORD),
        "disabled, right password": lambda: users.authenticate(db.uow(), "technician", PASSWORD),
    }
    messages: set[str] = set()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(5):  # interleaved, so that a burst of load on a shared machine hits every case alike
        for name, fn in cases.items():
            before = counter.verifies
            started = time.perf_counter()
            with pytest.raises(AuthenticationFailed) as refused:
                fn()
            times[name].append(time.perf_counter() - started)
            messages.add(str(refused.value))
            assert counter.verifies - before == 1, name  # the same work: exactly one argon2 verification
    assert len(messages) == 1
    fastest = {name: min(runs) for name, runs in times.items()}  # the least disturbed run of each case
    assert max(fastest.values()) < 2.0 * min(fastest.values()), times  # (was 0.7 ms against ~170 ms)
    rel.record_figures(f"login_refusal_ms.{db.dialect}",
                       {k: round(statistics.median(v) * 1000, 1) for k, v in times.items()})
