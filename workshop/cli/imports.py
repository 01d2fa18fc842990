"""`workshop import-parts | import-labor | import-customers FILE [--report refused.xlsx]`: data from the previous
system (S3), from Excel or CSV. Progress on stderr; Ctrl-C cancels and writes nothing; every refused row is
printed with its line and why, and written to --report (.xlsx for Excel, else CSV) when asked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workshop.cli._common import open_db
from workshop.db.retry import in_uow
from workshop.exports import write_report
from workshop.services.bulk_import import IMPORTERS, BulkReport, ImportCancelled, rows_of
from workshop.tables import open_table

COMMANDS = {
    "parts": ("import-parts", "load parts (零件号,名称,单价,条码,库位,单位,最低库存,以旧换新,消耗品) from .xlsx or CSV"),
    "labor": ("import-labor", "load the labor catalog (工时代码,名称,标准工时,工时单价,班组) from .xlsx or CSV"),
    "customers": ("import-customers", "load customers and vehicles (客户姓名,电话,车牌,车架号,车型,购车日期,里程)"),
}


def add_command(sub: Any, kind: str) -> None:
    name, help_text = COMMANDS[kind]
    p = sub.add_parser(name, help=help_text)
    p.add_argument("file", type=Path)
    p.add_argument("--report", type=Path, help="write the refused rows to this file (.xlsx or .csv)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_import, kind=kind)


def register(sub: Any) -> None:
    for kind in ("labor", "customers"):  # import-parts: registered by workshop/cli/parts.py
        add_command(sub, kind)


def print_report(report: BulkReport, lang: str) -> None:
    en = lang == "en"
    for r in report.refused:
        who = r.key or ("(blank)" if en else "（空）")
        print(f"line {r.line_no} {who}: {r.reason_en}" if en else f"第 {r.line_no} 行 {who}：{r.reason_zh}",
              file=sys.stderr)
    print(report.summary(lang), file=sys.stdout)
    if report.flagged:
        print(f"{report.flagged} plates kept unrecognised, flagged for checking" if en
              else f"{report.flagged} 个车牌格式未识别，已保留并标记待核", file=sys.stdout)


def cmd_import(args: argparse.Namespace) -> int:
    table = open_table(Path(args.file))
    quiet = args.quiet or not sys.stderr.isatty()

    def progress(done: int) -> None:
        if not quiet and table.size:
            print(f"\r{done:,} … {min(100, table.position() * 100 // table.size)}%", end="", file=sys.stderr,
                  flush=True)

    try:
        rows = rows_of(args.kind, table.header, table.rows)
        db = open_db(args)
        try:
            report = in_uow(db, IMPORTERS[args.kind], None, rows, progress=progress)
        except KeyboardInterrupt:
            raise ImportCancelled() from None
        finally:
            db.dispose()
    finally:
        table.close()
        if not quiet:
            print(file=sys.stderr)
    print_report(report, args.lang)
    if args.report is not None:
        write_report(args.report, report.refused)
    return 1 if report.refused else 0
