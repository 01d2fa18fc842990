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
    s = summary
    if args.lang == "en":
        print(f"Demo data written ({s.seconds} s): {s.work_orders} work orders, {s.parts} parts, "
              f"{s.stock_moves} stock moves, {s.customers} customers, {s.vehicles} vehicles, {s.users} users.")
        print(f"Every demo user's password: {DEMO_PASSWORD}")
    else:
        print(f"演示数据已生成（{s.seconds} 秒）：工单 {s.work_orders} 张，备件 {s.parts} 种，库存流水 {s.stock_moves} 条，"
              f"客户 {s.customers} 位，车辆 {s.vehicles} 辆，用户 {s.users} 个。")
        print(f"所有演示用户的密码：{DEMO_PASSWORD}")
    return 0
