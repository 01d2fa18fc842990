"""`workshop report declined-work [--format table|csv|json|xlsx] [--out FILE]`: R3, the open declined work by
customer and value — every open line (declined added items and QC suggestions), the customers with the most
value first, and a total per customer."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput
from workshop.domain.lang import tr
from workshop.domain.money import ZERO
from workshop.queries.declined_work import (
    REPORT_HEADERS,
    open_declined_work,
    report_records,
    totals_by_customer,
)


def _cell(value: object) -> object:
    from datetime import datetime

    from workshop.domain.clock import fmt_shop

    if isinstance(value, datetime):
        return fmt_shop(value)
    return "" if value is None else value


def declined_report(db: Database, args: argparse.Namespace) -> int:
    lang = args.lang
    rows = open_declined_work(db)
    records = report_records(rows, lang)
    header = [tr(lang, zh, en) for zh, en in REPORT_HEADERS]
    if args.format == "xlsx":
        from workshop.exports import write_xlsx

        if args.out is None:
            raise InvalidInput("Excel 格式请用 --out 指定文件。", "Name the Excel file with --out.")
        n = write_xlsx(str(args.out), tr(lang, "未完成建议", "declined work"),
                       [f"{zh} {en}" for zh, en in REPORT_HEADERS], records)
        print(f"{n} 行 / rows → {args.out}", file=sys.stderr)
        return 0
    if args.format == "json":
        doc = {"name": "declined-work", "rows": [dict(zip(header, (_json(v) for v in r), strict=True)) for r in records],
               "customers": [{"customer": t.customer_name, "phone": t.phone, "items": t.items, "value": str(t.value)}
                             for t in totals_by_customer(rows)],
               "total": str(sum((r.amount or ZERO for r in rows), ZERO))}
        text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
        _write(args, text, bom=False)
        return 0
    if args.format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows([[_cell(v) for v in r] for r in records])
        _write(args, buf.getvalue(), bom=True)
        return 0
    if args.out:
        raise InvalidInput("表格格式只输出到屏幕；写文件请用 --format csv、json 或 xlsx。",
                           "The table format prints to the screen; use --format csv, json or xlsx for a file.")
    from workshop.cli._common import emit

    print(tr(lang, "未完成的客户拒绝项目与质检建议", "Open declined work and QC suggestions"))
    emit([[_cell(v) for v in r] for r in records], header, "table")
    for t in totals_by_customer(rows):
        print(f"{t.customer_name} {t.phone}: {t.items} 项 / items, ¥ {t.value}")
    return 0


def _json(value: object) -> object:
    from datetime import datetime
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _write(args: argparse.Namespace, text: str, *, bom: bool) -> None:
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")
