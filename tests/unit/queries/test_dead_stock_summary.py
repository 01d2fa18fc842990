"""Issue 22 (history growth) / P8 dead stock: the dead-stock count and value come from stock_age, a summary of
the parts in stock by the day of their last move kept by triggers on `parts`. They give exactly what the query
over every part gives: for moves just before, at and after the threshold, at UTC midnight, at a month end and
a year end (the clock fixed), by every way `parts` is written, and after the migration's backfill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, update

from tests.helpers import parts_data as pd
from tests.helpers.clock import ShopClock
from tests.helpers.stock_age import rebuilt_from_parts, summary_rows
from workshop.db import migrate
from workshop.db.models import Part, StockMove
from workshop.db.uow import Database
from workshop.domain.money import money
from workshop.domain.roles import Actor, Role
from workshop.queries import dashboards_parts
from workshop.queries.dashboards_base import Params
from workshop.services.stock import _move

pytestmark = pytest.mark.clock

SHANGHAI = timedelta(hours=8)
YEAR_END = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # 2027-01-01 00:00 in Shanghai
MONTH_END = datetime(2026, 11, 30, 15, 59, 59, tzinfo=UTC)  # 2026-11-30 23:59:59 in Shanghai


def _old_totals(db: Database, cut: datetime) -> tuple[int, Decimal]:
    """What the figure computed before stock_age: every part in stock, moved before cut or never."""
    with db.read() as s:
        rows = s.execute(select(Part.on_hand, Part.avg_cost, Part.last_move_at).where(Part.on_hand > 0)).all()
    dead = [oh * cost for oh, cost, at in rows if at is None or at < cut]
    return len(dead), money(sum(dead, Decimal(0)))


def _cuts(db: Database) -> list[datetime]:
    """Around every last move (1 µs and 1 s either side, the moment itself) and the UTC midnights of their days."""
    with db.read() as s:
        moments = [at for at in s.scalars(select(Part.last_move_at)) if at is not None]
    out = []
    for at in moments:
        midnight = datetime.combine(at.astimezone(UTC).date(), datetime.min.time(), UTC)
        out += [at, at - timedelta(microseconds=1), at + timedelta(microseconds=1), at - timedelta(seconds=1),
                at + timedelta(seconds=1), midnight, midnight + timedelta(days=1), midnight - timedelta(microseconds=1)]
    return out


def _agree_everywhere(db: Database) -> None:
    assert summary_rows(db) == rebuilt_from_parts(db)
    for cut in _cuts(db):
        with db.read() as s:
            assert dashboards_parts.dead_totals(s, cut) == _old_totals(db, cut), cut


def _stock(db: Database, clerk: Actor, shop_clock: ShopClock, end: datetime) -> dict[str, int]:
    """Parts received and issued at moments around `end` - 180 days (the default dead-stock threshold)."""
    cut = end - timedelta(days=180)
    ids: dict[str, int] = {}
    moments = {"before": cut - timedelta(seconds=1), "at": cut, "after": cut + timedelta(seconds=1),
               "day_start": datetime.combine(cut.date(), datetime.min.time(), UTC),
               "day_before": datetime.combine(cut.date(), datetime.min.time(), UTC) - timedelta(microseconds=1),
               "old": cut - timedelta(days=400), "recent": end - timedelta(hours=1)}
    for i, (name, at) in enumerate(moments.items()):
        shop_clock.move_to(at)
        ids[name] = pd.make_part(db, clerk, f"TEST-DS{i:02d}", stock=f"{i + 1}.50", cost=f"{17 + i}.33")
    shop_clock.move_to(moments["old"])
    ids["empty"] = pd.make_part(db, clerk, "TEST-DSE", stock="2", cost="9.99")
    uow = db.uow()
    with uow:  # issued to nothing left: not in stock, whatever its last move
        _move(uow, uow.session.get(Part, ids["empty"]), "internal", Decimal("-2"), user_id=clerk.user_id)
        uow.commit()
    with db.uow() as uow:  # a part never moved but with stock (an import's opening figures): dead at once
        uow.session.add(Part(part_no="TEST-DSN", name="期初", price=Decimal("10"), on_hand=Decimal("3"),
                             avg_cost=Decimal("4.25"), min_stock=Decimal("0")))
        uow.commit()
    return ids


@pytest.mark.parametrize("end", [YEAR_END, MONTH_END], ids=["year_end", "month_end"])
def test_p8_dead_stock_from_the_summary_is_the_query_over_every_part(db: Database, people: dict[Role, Actor],
                                                                     shop_clock: ShopClock, end: datetime) -> None:
    _stock(db, people[Role.PARTS_CLERK], shop_clock, end)
    _agree_everywhere(db)
    p = Params(end.date(), end.date(), now=end)
    data = dashboards_parts.dead_stock(db, p)
    cut = end - timedelta(days=180)
    assert [h.value for h in data.headline] == list(_old_totals(db, cut))
    # before, day_start, day_before, old and the never-moved part: 5 dead
    assert data.headline[0].value == 5
    assert [r[0] for r in data.rows] == [r[0] for r in dashboards_parts.all_dead(db, p, None, 0, 10)]


def test_p8_every_write_of_parts_keeps_thesummary_rows(db: Database, people: dict[Role, Actor],
                                                   shop_clock: ShopClock) -> None:
    clerk = people[Role.PARTS_CLERK]
    ids = _stock(db, clerk, shop_clock, YEAR_END)
    shop_clock.move_to(YEAR_END - timedelta(days=2))
    uow = db.uow()
    with uow:  # the scan at the counter's plain statements, then the ORM path, then a count correction
        s = uow.session
        _move(uow, s.get(Part, ids["old"]), "issue", Decimal("-1"), user_id=clerk.user_id, plain=True)
        _move(uow, s.get(Part, ids["before"]), "receipt", Decimal("3"), Decimal("99.99"), user_id=clerk.user_id)
        _move(uow, s.get(Part, ids["at"]), "adjust", Decimal("-1.5"), user_id=clerk.user_id)  # last move stays
        uow.commit()
    _agree_everywhere(db)
    with db.uow() as uow:  # written by hand, as tests and tools do: the triggers follow every path
        uow.session.execute(update(Part).where(Part.id == ids["after"]).values(last_move_at=YEAR_END - timedelta(days=900)))
        uow.session.execute(update(Part).where(Part.id == ids["recent"]).values(on_hand=Decimal("0")))
        uow.session.execute(update(Part).where(Part.id == ids["day_start"]).values(name="改名不动库存"))
        uow.session.execute(delete(StockMove).where(StockMove.part_id == ids["day_before"]))
        uow.session.execute(delete(Part).where(Part.id == ids["day_before"]))
        uow.commit()
    _agree_everywhere(db)


def test_p8_the_migration_fills_the_summary_from_the_parts_there(db: Database, people: dict[Role, Actor],
                                                                 shop_clock: ShopClock) -> None:
    _stock(db, people[Role.PARTS_CLERK], shop_clock, MONTH_END)
    before = rebuilt_from_parts(db)
    migrate.downgrade(db, "0018_clock_indexes")
    migrate.upgrade(db)
    assert summary_rows(db) == before
    _agree_everywhere(db)
