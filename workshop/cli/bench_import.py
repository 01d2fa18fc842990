"""`workshop bench-import [--db URL] [--rows N] [--json FILE]`: the S3 import-speed figure (benchmarks/imports.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("bench-import", help="time a parts price-list import against a raw executemany floor")
    p.add_argument("--rows", type=int, default=300_000)
    p.add_argument("--json", type=Path, help="write the figures as JSON to this file")
    p.set_defaults(func=cmd_bench_import)


def cmd_bench_import(args: argparse.Namespace) -> int:
    from benchmarks import imports as bench_import

    result = bench_import.run(args.db, args.rows, log=lambda m: print(m, file=sys.stderr))
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0
