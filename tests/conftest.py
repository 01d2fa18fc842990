"""Shared fixtures. Every test that takes `db` runs on SQLite and, when WORKSHOP_TEST_PG_URL is set,
on PostgreSQL too (those runs carry the marker `postgres`)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.helpers import dbs
from tests.helpers.clock import ShopClock, clock_from_env
from tests.helpers.people import one_per_role
from ui.gc_guard import collect_due
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role

gc.disable()  # ui/gc_guard.py: Qt objects are freed on the main thread only, by the fixture below


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """The runner's workers never run the garbage collector (it could free a screen's timers there): it runs here,
    when a generation is due, as automatic collection would (a full collection after every test doubled the
    suite's time). What a login froze (gc_guard.settle) is unfrozen again: a test's objects are no program's
    modules."""
    yield
    if gc.get_freeze_count():
        gc.unfreeze()
    collect_due()


@pytest.fixture(autouse=True)
def shop_clock() -> Iterator[ShopClock]:
    """One way to move the shop's clock in every test; under WORKSHOP_TEST_CLOCK each test starts there."""
    clock = ShopClock(clock_from_env())
    try:
        yield clock
    finally:
        clock.stop()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("template")


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path, template_dir: Path) -> Iterator[Database]:
    if request.param == "postgres":
        if not dbs.pg_url():
            pytest.skip("WORKSHOP_TEST_PG_URL is not set")
        database = dbs.new_postgres()
    else:
        database = dbs.new_sqlite(tmp_path, template_dir)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def people(db: Database) -> dict[Role, Actor]:
    return one_per_role(db)


@pytest.fixture(autouse=True)
def _workstation_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's config folder (the workstation's label printer)."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("WORKSHOP_CONFIG_DIR", str(folder))
    return folder
