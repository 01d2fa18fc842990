"""Schema versions with data in them, on SQLite and PostgreSQL.

The chain: an empty database is brought to the FIRST Alembic revision, the demo shop is loaded into it (copied
column by column from a demo database built at head, so the step still works when later revisions add
columns), then every later revision is applied in order (ScriptDirectory.walk_revisions), one at a time; after
each, every table still holds the same rows (row counts and a checksum over the columns the data came with),
and at head the program's own models see no difference and can write (a work order is opened).
With a single revision today, the walk is first = head; a new revision is covered as soon as it exists.

And: an empty database upgraded to head takes the demo shop, and ensure_schema on that populated database
at head is "current" and leaves every row as it was."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, MetaData, Table, func, insert, inspect, select, text

from tests.helpers import dbs
from tests.helpers import reliability as rel
from workshop import demo
from workshop.db import migrate
from workshop.db.models import Base, User, Vehicle
from workshop.db.uow import Database
from workshop.domain.roles import Role
from workshop.services import front_desk, users

REVISIONS = list(reversed(list(ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions())))
SEED = 5
Fingerprint = dict[str, tuple[int, str]]


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo shop at head, built once: the rows every chain run starts from."""
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    migrate.upgrade(db)
    demo.generate(db, "small", seed=SEED)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'chain.sqlite'}")
        yield db
        db.dispose()
        return
    url = dbs.pg_url()
    if not url:
        pytest.skip("WORKSHOP_TEST_PG_URL is not set")
    with rel.scratch_postgres(url, "_chain") as db:
        yield db


def _columns_now(db: Database) -> dict[str, set[str]]:
    insp = inspect(db.engine)
    return {name: {c["name"] for c in insp.get_columns(name)} for name in insp.get_table_names()}


def _narrow(table: Table, columns: set[str]) -> Table:
    """The model's table with only the given columns and no defaults: reads and writes exactly those."""
    return Table(table.name, MetaData(), *[Column(c.name, c.type, primary_key=c.primary_key)
                                           for c in table.columns if c.name in columns and c.computed is None])


def _copy_demo(source: Database, target: Database) -> dict[str, set[str]]:
    """Copy every demo row into the target's schema (whatever revision it is at); returns the columns copied."""
    present = _columns_now(target)
    copied: dict[str, set[str]] = {}
    with source.engine.connect() as src, target.engine.begin() as dst:
        for table in Base.metadata.sorted_tables:
            if table.name not in present:
                continue
            cols = {c.name for c in table.columns} & present[table.name]
            narrow = _narrow(table, cols)
            rows = [dict(r._mapping) for r in src.execute(select(narrow))]
            if rows:
                dst.execute(insert(narrow), rows)
            copied[table.name] = cols
            if target.dialect == "postgresql" and "id" in cols:  # explicit ids: move the sequence past them
                dst.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                 f"(SELECT COALESCE(MAX(id), 0) + 1 FROM \"{table.name}\"), false)"))
    return copied


def _fingerprint(db: Database, columns: dict[str, set[str]]) -> Fingerprint:
    """Row count and a checksum of every row (over the given columns, in primary-key order), per table."""
    out: Fingerprint = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name not in columns:
                continue
            narrow = _narrow(table, columns[table.name])
            digest = hashlib.sha256()
            count = 0
            for row in conn.execute(select(narrow).order_by(*narrow.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
                count += 1
            out[table.name] = (count, digest.hexdigest())
    return out


def _program_works_on(db: Database) -> None:
    """At head the models match the schema, and the program can write into the migrated data."""
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    with db.read() as s:
        advisor = s.scalar(select(User).join(User.roles).where(User.is_active.is_(True))
                           .where(User.roles.any(role=Role.ADVISOR.value)).limit(1))
        vehicle = s.scalar(select(Vehicle).order_by(Vehicle.id).limit(1))
        assert advisor is not None and vehicle is not None
        actor = users.actor_of(advisor)
        vehicle_id, km = vehicle.id, vehicle.last_mileage + 100
    wo = front_desk.open_work_order(db.uow(), actor, vehicle_id=vehicle_id, kind="general", mileage_in=km,
                                    fault_description="迁移后开单", out_of_warranty_agreed=True)
    assert wo.number.startswith("RO")


@pytest.mark.slow
def test_migration_chain_from_the_first_revision_to_head_keeps_the_demo_data(
        empty_db: Database, demo_source: Database) -> None:
    db = empty_db
    assert REVISIONS and REVISIONS[0].down_revision is None
    assert REVISIONS[-1].revision == migrate.head_revision()
    migrate.upgrade(db, REVISIONS[0].revision)
    assert migrate.current_revision(db) == REVISIONS[0].revision
    copied = _copy_demo(demo_source, db)
    before = _fingerprint(db, copied)
    assert before["work_orders"][0] >= 200 and before["stock_moves"][0] >= 1000
    assert before == _fingerprint(demo_source, copied)  # the copy is the demo shop
    for script in REVISIONS[1:]:
        migrate.upgrade(db, script.revision)
        assert migrate.current_revision(db) == script.revision
        assert _fingerprint(db, copied) == before, f"data changed by revision {script.revision}"
    assert migrate.ensure_schema(db) == "current"
    assert _fingerprint(db, copied) == before
    _program_works_on(db)
    rel.record_figures(f"migrations.{db.dialect}", {
        "revisions_walked": [s.revision for s in REVISIONS], "tables_checked": len(before),
        "rows_checked": sum(n for n, _ in before.values()),
    })


@pytest.mark.slow
def test_empty_database_to_head_takes_the_demo_and_ensure_schema_keeps_every_row(empty_db: Database) -> None:
    db = empty_db
    assert migrate.ensure_schema(db) == "created"
    summary = demo.generate(db, "small", seed=SEED)
    everything = {t.name: {c.name for c in t.columns} for t in Base.metadata.sorted_tables}
    before = _fingerprint(db, everything)
    assert before["work_orders"][0] == summary.work_orders and before["stock_moves"][0] == summary.stock_moves
    assert migrate.ensure_schema(db) == "current"
    assert migrate.current_revision(db) == migrate.head_revision()
    assert _fingerprint(db, everything) == before
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Vehicle)) == summary.vehicles


FROZEN = {
    # A shop may have installed these: they never change again. A schema change is a new revision.
    "0001_initial_schema.py": "86362224e37aa21840a9ecb69efcd27d6bbe2b27b7f9f1d48f3903fc4664315c",
    "0002_audit_chain.py": "f184dc2f4e26c7fffaefdcdda2b06944bb621e21d07c0cc1d1fa715760d27e8e",
    "0003_approval_figures.py": "dbccb047934bbdb2a4757daf170b98379b10e5ffea24e9d86d417e2eab06b6fa",
    "0004_master_data.py": "dc7bbff4ab4a79ffdf2a00388208c868a8f0fc33a90296b91ca8d139ac1e3721",
    "0005_reception.py": "6e3e6074068ee324c66da0f267b7f54b5ab60031875cee0464a16a9864c24fb4",
    "0008_cashier.py": "2c2dc51e388da6e53ce50adf9e0ac05b0c5229779b989e0fcfc3207b8130c2c9",
    # released with issues 15, 17, 19, 20 and 21 (2026-12-02)
    "0009_receivables.py": "6860e0a8560664ca1e9281dbd3ac4505387e82351cdbbeb4d8b222cc34c43dd4",
    "0010_teams.py": "7f4a2067d6f737b799d0c2909bc8de5f7ff73b2e80426ef3c3f94b5e6e6f8cea",
    "0012_dispatch.py": "88f6bde01144014f4a06b001e2371e618a38c4c6d265190816615887e98b9122",
    "0013_piece_rate.py": "ddac7973f2140326e10393e17023c5dd859e900153a399ff4350982f4216e8c0",
    "0014_appointments.py": "9359e4eec9addf979821cb46f81878b6d3ab16042c0b324694f3b9c9d4b20385",
    "0016_walkaround.py": "527d452c2fb73660063d82c64baa8473b4b01ef714cfdc8eaef1b45e7ba3b657",
    "0017_perf_indexes.py": "507da35c474124f192d2b7298db35fa97d3e54ea50cf200aaed57327d718068b",
    "0018_clock_indexes.py": "4837520b4f9a15d89b72c4855ae6fe27db4f880e2de1e22c147c7f2ecf75bda5",
    "0019_growth.py": "a834f7017ebe622e781a99cdddac295e5cbd4807cf955ff31636821665dc0c43",
    "0020_growth2.py": "7287fc2b30ebb213843eaa24a1ed1d7786627ac78e43475d0c0461f52b508bc4",
    "0021_finished_jobs.py": "86d8cab31e2721aac2753fe2b682c4506fb7f37612771beb12bfccd221b77060",
    "0022_claim_line_index.py": "d608a47de1da08f4f785a8d72fe866a388eeb796d70dbe4ba64ff97e53ce0c7a",
    "0023_vehicle_page.py": "8043da4a6afc81c5dc9eea59bb4a55dc5e1372f6d15a3a6155c0730f363e5dad",
    "0024_ftf_later_visits.py": "8741f6c7c92dff531f2b4b691c0fc977bb867254b96658deed45e3e39335c7f3",
}


def test_released_revisions_are_frozen_and_the_chain_is_linear() -> None:
    versions = Path(migrate.__file__).parent / "migrations" / "versions"
    for name, digest in FROZEN.items():
        assert hashlib.sha256((versions / name).read_bytes()).hexdigest() == digest, (
            f"{name} was edited: a released revision is append-only; write a new revision instead")
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1, f"the migrations branch: heads {script.get_heads()}"
    assert REVISIONS[0].revision == "0001"
