"""R3: two desks taking the same declined item into the new work order at the same moment: it lands once.

Two processes (separate connections) click 加入本工单 together; the open item's read is slowed down after it is
taken, so that without the row locks both would see it open and both would add its lines."""

from __future__ import annotations

import multiprocessing as mp
import time
from typing import Any

from tests.helpers.declined_data import declined_pads, finish
from tests.helpers.front_desk_data import add_shop, open_order
from tests.helpers.people import make_user
from workshop.db.uow import Database
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Actor, Role
from workshop.queries.declined_work import declined_for_vehicle
from workshop.services import declined_work, front_desk


def _take(url: str, advisor: Actor, declined_id: int, number: str, version: int, barrier: Any, results: Any) -> None:
    opened = declined_work._open_row

    def slow(*args: Any, **kwargs: Any) -> Any:
        row = opened(*args, **kwargs)
        time.sleep(0.5)
        return row

    declined_work._open_row = slow  # type: ignore[assignment]
    db = Database(url, check_location=False)
    try:
        barrier.wait(timeout=30)
        try:
            declined_work.take_up_declined_work(db.uow(), advisor, declined_id, number, expected_version=version)
            results.put(("taken", ""))
        except WorkshopError as exc:
            results.put(("refused", exc.en))
    except Exception as exc:  # pragma: no cover - reported to the parent
        results.put(("error", repr(exc)))
    finally:
        db.dispose()


def test_r3_two_desks_take_up_the_same_item_at_once_it_lands_once(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    first = declined_pads(db, people, shop)
    finish(db, people, first, shop)
    new = open_order(db, people, shop, with_lines=False)
    item = declined_for_vehicle(db, shop.vehicle.id)[0].id
    advisors = [people[Role.ADVISOR], make_user(db, "advisor2", [Role.ADVISOR])]
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_take, args=(db.url, a, item, new.number, new.version, barrier, results))
             for a in advisors]
    for p in procs:
        p.start()
    outcomes = sorted(results.get(timeout=90) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    assert [o[0] for o in outcomes] == ["refused", "taken"], outcomes
    info = front_desk.get_work_order(db, new.number)
    assert len(info.labor_lines) == 1 and len(info.part_lines) == 1
    assert declined_for_vehicle(db, shop.vehicle.id) == []
