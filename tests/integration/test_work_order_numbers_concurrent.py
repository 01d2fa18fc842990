"""F1: work order numbers stay unique when several desks open work orders at the same moment
(4 processes x 10 openings, started together, on SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing as mp
import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from tests.helpers.front_desk_data import add_catalog
from workshop.db.models import WorkOrder
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.services import front_desk

PROCESSES = 4
OPENINGS = 10


def _open_many(url: str, actor: Actor, vehicle_id: int, barrier: Any, out: Any) -> None:
    db = Database(url)
    try:
        barrier.wait(timeout=60)
        numbers = []
        for i in range(OPENINGS):
            wo = front_desk.open_work_order(db.uow(), actor, vehicle_id=vehicle_id, kind="maintenance",
                                            mileage_in=40000 + i, fault_description="常规保养")
            numbers.append(wo.number)
        out.put(numbers)
    except BaseException as exc:  # report, don't hang the parent
        out.put(f"error: {exc!r}")
    finally:
        db.dispose()


@pytest.mark.slow
def test_f1_concurrent_openings_from_several_processes_get_unique_numbers(
        db: Database, people: dict[Role, Actor]) -> None:
    add_catalog(db)
    advisor = people[Role.ADVISOR]
    vehicles = []
    for p in range(PROCESSES):
        c = front_desk.add_customer(db.uow(), advisor, name=f"客户{p}", phone=f"1380013800{p}")
        v = front_desk.add_vehicle(db.uow(), advisor, customer_id=c.id, plate=f"粤B·8800{p}",
                                   vin=make_vin(f"LSVAU2180N2100{p:02d}"), brand="大众", model="朗逸",
                                   purchase_date=date(2024, 1, 1), mileage=30000)
        vehicles.append(v.id)
    url = db.engine.url.render_as_string(hide_password=False)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    out = ctx.Queue()
    procs = [ctx.Process(target=_open_many, args=(url, advisor, vehicles[p], barrier, out))
             for p in range(PROCESSES)]
    for proc in procs:
        proc.start()
    results = [out.get(timeout=180) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    errors = [r for r in results if isinstance(r, str)]
    assert not errors, errors
    numbers = [n for r in results for n in r]
    assert len(numbers) == PROCESSES * OPENINGS
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"RO\d{4}-\d{4}", n) for n in numbers)
    assert sorted(int(n[-4:]) for n in numbers) == list(range(1, PROCESSES * OPENINGS + 1))
    with db.read() as s:
        stored = list(s.scalars(select(WorkOrder.number)))
    assert sorted(stored) == sorted(numbers)
