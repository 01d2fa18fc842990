"""`workshop clocks stop-at-closing`: the daily job of W5 (cron or a scheduled task after closing time): every
job clock still running past the closing time of the day it was started is stopped at that time and flagged
for the workshop manager, who checks and corrects it on the board (打卡记录)."""

from __future__ import annotations

import argparse
from typing import Any

from workshop.cli._common import open_db
from workshop.db.retry import in_uow
from workshop.services import job_clock_manager


def register(sub: Any) -> None:
    p = sub.add_parser("clocks", help="job clocks (W5): stop-at-closing (the daily job)")
    csub = p.add_subparsers(dest="clocks_command", required=True)
    st = csub.add_parser("stop-at-closing", help="stop and flag the clocks left running past closing time")
    st.set_defaults(func=cmd_stop_at_closing)


def cmd_stop_at_closing(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        stopped = in_uow(db, job_clock_manager.stop_clocks_at_closing, None)
    finally:
        db.dispose()
    print(f"已停止并标记 {len(stopped)} 条下班后仍在计时的记录。" if args.lang == "zh"
          else f"{len(stopped)} clocks left running past closing stopped and flagged.")
    return 0
