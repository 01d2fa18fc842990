"""`workshop bench [--db URL] [--scale small|large] [--json FILE] [--repeat N] [--gui-runs N] [--no-labels]
[--no-history] [--only NAME,PATTERN*,…]`,
and `workshop bench --table A.json B.json` for the markdown table of saved results."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from workshop.cli._common import out_path
from workshop.db.engine import data_dir


def register(sub: Any) -> None:
    p = sub.add_parser("bench", help="measure the performance figures (builds or reuses the demo database)")
    p.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    p.add_argument("--json", type=Path, help="write the figures as JSON to this file")
    p.add_argument("--repeat", type=int, default=200, help="timed repetitions per figure (dashboards: a fifth)")
    p.add_argument("--gui-runs", type=int, default=5, help="GUI start-ups to time (0 skips)")
    p.add_argument("--no-labels", action="store_true", help="skip label_1000")
    p.add_argument("--no-history", action="store_true",
                   help="large scale: skip the recent companion (the same shop with 120 days of history)")
    p.add_argument("--only", metavar="NAMES",
                   help="measure only these figures: names or patterns, comma separated (e.g. dashboard_*,plate_search)")
    p.add_argument("--table", type=Path, nargs="+", metavar="JSON",
                   help="print the markdown table of these saved results (side by side) and exit")
    p.set_defaults(func=cmd_bench)


def cmd_bench(args: argparse.Namespace) -> int:
    from benchmarks import suite as bench

    if args.table:
        results = [json.loads(path.read_text(encoding="utf-8")) for path in args.table]
        print(bench.markdown_table(results))
        return 0
    url = args.db or f"sqlite:///{data_dir() / f'bench-{args.scale}.sqlite'}"
    result = bench.run(url, args.scale, repeat=args.repeat, gui_runs=args.gui_runs,
                       with_labels=not args.no_labels, history=not args.no_history, log=lambda m: print(m, file=sys.stderr),
                       only=args.only)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.json:
        out_path(args, args.json)
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    failed = [name for name, t in result["targets"].items() if not t["met"]]
    if failed:
        print("targets missed: " + "; ".join(failed), file=sys.stderr)
    return 0
