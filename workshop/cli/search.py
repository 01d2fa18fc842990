"""`workshop search TEXT` (what the front desk's search box finds, with its time) and
`workshop search-index rebuild` (after a bulk load that bypassed the ORM)."""

from __future__ import annotations

import argparse
import time
from typing import Any

from workshop.cli._common import count_arg, emit, open_db
from workshop.db.models.customers import rebuild_search_keys
from workshop.queries.customers import search


def _search(args: argparse.Namespace) -> int:
    db = open_db(args)
    started = time.perf_counter()
    hits = search(db, args.text, limit=args.limit)
    ms = (time.perf_counter() - started) * 1000
    emit([(h.customer_name, h.phone, h.plate, h.vin, h.model, h.matched) for h in hits],
         ("customer", "phone", "plate", "vin", "model", "matched"), args.format)
    if args.timing:
        print(f"{len(hits)} hits in {ms:.1f} ms")
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.engine.begin() as conn:
        written = rebuild_search_keys(conn)
    print(f"search index rebuilt: {written} keys")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("search", help="find customers and vehicles by part of a plate, VIN, phone or name")
    p.add_argument("text")
    p.add_argument("--limit", type=count_arg, default=30)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--timing", action="store_true", help="print how long the search took")
    p.set_defaults(func=_search)
    r = sub.add_parser("search-index", help="maintain the search-as-you-type index")
    r.add_argument("action", choices=["rebuild"])
    r.set_defaults(func=_rebuild)
