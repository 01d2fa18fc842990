"""M2 under contention: cashiers in separate processes take payment on one work order at the same moment,
against PostgreSQL and against one SQLite file. The work order row is locked, so the order is never
overpaid: exactly one full payment succeeds, the others are refused with the overpayment sentence."""

from __future__ import annotations

import multiprocessing as mp
from decimal import Decimal
from typing import Any

from tests.helpers import cashier_data as cd
from tests.helpers import front_desk_data as fd
from tests.helpers.people import make_user
from workshop.db.uow import Database
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Actor, Role

DESKS = 3
ROUNDS = 2


def _desk(url: str, who: Actor, numbers: list[str], barrier: Any, results: Any) -> None:
    from workshop.services import cashier

    db = Database(url)
    try:
        for rnd, number in enumerate(numbers):
            barrier.wait(timeout=60)
            try:
                r = cashier.take_payment(db.uow(), who, number, [cashier.Tender("wechat", "168.00")])
                results.put((rnd, "ok", r.receipt_no))
            except WorkshopError as exc:
                results.put((rnd, type(exc).__name__, exc.zh))
            except Exception as exc:  # reported to the parent as a failure
                results.put((rnd, "crash", repr(exc)))
    finally:
        db.dispose()


def test_m2_cashiers_paying_one_order_at_the_same_moment_never_overpay_it(
    db: Database, people: dict[Role, Actor]
) -> None:
    shop = fd.add_shop(db, people)
    orders = [cd.settled_order(db, people, shop).number for _ in range(ROUNDS)]
    desks_of = [make_user(db, f"cashier{d}", [Role.CASHIER]) for d in range(DESKS)]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(DESKS)
    results = ctx.Queue()
    procs = [ctx.Process(target=_desk, args=(db.url, who, orders, barrier, results)) for who in desks_of]
    for p in procs:
        p.start()
    outcomes: list[list[tuple[str, str]]] = [[] for _ in range(ROUNDS)]
    for _ in range(DESKS * ROUNDS):
        rnd, status, detail = results.get(timeout=120)
        outcomes[rnd].append((status, detail))
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    for rnd, got in enumerate(outcomes):
        assert [s for s, _ in got].count("ok") == 1, got
        assert all(s == "RuleViolation" and "不能多收" in d for s, d in got if s != "ok"), got
        assert cd.paid_sum(db, orders[rnd]) == Decimal("168.00")


def _account_desk(url: str, who: Actor, customer_id: int, number: str, direct: bool, barrier: Any,
                  results: Any) -> None:
    from workshop.services import accounts, cashier

    db = Database(url)
    try:
        barrier.wait(timeout=60)
        try:
            if direct:
                cashier.take_payment(db.uow(), who, number, [cashier.Tender("card", "168.00")])
            else:
                accounts.take_account_payment(db.uow(), who, customer_id, cashier.Tender("transfer", "168.00"))
            results.put("ok")
        except WorkshopError as exc:
            results.put(type(exc).__name__)
        except Exception as exc:
            results.put(f"crash {exc!r}")
    finally:
        db.dispose()


def test_m3_an_account_payment_and_a_cashiers_payment_at_the_same_moment_never_overpay(
    db: Database, people: dict[Role, Actor]
) -> None:
    from workshop.services import accounts

    shop = fd.add_shop(db, people)
    number = cd.settled_order(db, people, shop).number
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], shop.customer.id, credit_limit="1000")
    desks_of = [make_user(db, f"acct{d}", [Role.CASHIER]) for d in range(DESKS + 1)]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(desks_of))
    results = ctx.Queue()
    procs = [ctx.Process(target=_account_desk, args=(db.url, who, shop.customer.id, number, d % 2 == 0, barrier,
                                                     results)) for d, who in enumerate(desks_of)]
    for p in procs:
        p.start()
    got = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert got.count("ok") == 1 and all(g == "RuleViolation" for g in got if g != "ok"), got
    assert cd.paid_sum(db, number) == Decimal("168.00")
