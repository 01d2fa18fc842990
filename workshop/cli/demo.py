"""`workshop demo`: fill an empty database with the demo shop (see workshop.demo)."""

from __future__ import annotations

import argparse
from typing import Any

from workshop.cli._common import open_db, progress_printer


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="fill an empty database with demo data (演示数据)")
    p.add_argument("--scale", default="small", choices=["small", "medium", "large"],
                   help="small ≈ 200 work orders, medium ≈ 10,000, large ≈ 150,000")
    p.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workshop.demo import DEMO_PASSWORD, generate

    db = open_db(args)
    try:
        summary = generate(db, args.scale, args.seed, progress_printer("demo"))
    finally:
        db.dispose()
    en = args.lang == "en"
    print(("Demo data written" if en else "演示数据已生成") + f" ({summary.seconds} s): "
          f"{summary.work_orders} work orders, {summary.parts} parts, {summary.stock_moves} stock moves, "
          f"{summary.customers} customers, {summary.vehicles} vehicles, {summary.users} users.")
    print(("Every demo user's password: " if en else "所有演示用户的密码：") + DEMO_PASSWORD)
    return 0
