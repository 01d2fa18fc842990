"""`workshop report NAME --from DATE --to DATE --format csv|json|table`: any dashboard figure (Q3) as a table;
`workshop report list`: the figures and their definitions; `workshop report weekly-pdf --out FILE.pdf`: the
one-page summary for the weekly meeting."""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workshop.cli._common import emit, open_db, out_path
from workshop.db.models import User
from workshop.db.uow import Database
from workshop.domain.clock import to_shop, utcnow
from workshop.domain.errors import InvalidInput, NotFound
from workshop.domain.work_order import Kind
from workshop.queries.dashboards import FIGURES, as_records, figure, write_csv
from workshop.queries.dashboards_base import FigureData, Params, fmt_value

SPECIAL = ("list", "weekly-pdf", "declined-work")


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="dashboard figures as CSV/JSON, or the weekly PDF summary (Q3)",
                       description="NAME: " + ", ".join((*SPECIAL, *(f.name for f in FIGURES))))
    p.add_argument("name", metavar="NAME", choices=(*SPECIAL, *(f.name for f in FIGURES)))
    p.add_argument("--from", dest="date_from", type=_day, help="first day (YYYY-MM-DD, shop time; default 30 days ago)")
    p.add_argument("--to", dest="date_to", type=_day, help="last day, included (default today)")
    p.add_argument("--kind", choices=[k.value for k in Kind])
    p.add_argument("--user", help="the advisor's user name, for the 'my ...' figures")
    p.add_argument("--format", default="table", choices=("table", "csv", "json", "xlsx"),
                   help="xlsx: declined-work only")
    p.add_argument("--out", type=Path, help="write to this file (CSV gets a BOM so Excel reads the Chinese)")
    p.add_argument("--week", type=_day, help="weekly-pdf: any day of the week to report (default: last week)")
    p.set_defaults(func=cmd_report)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def _user_id(db: Database, username: str | None) -> int | None:
    if not username:
        return None
    with db.read() as s:
        uid = s.scalar(select(User.id).where(User.username == username.strip().lower()))
    if uid is None:
        raise NotFound(f"没有用户 {username}。", f"There is no user {username}.")
    return uid


def cmd_report(args: argparse.Namespace) -> int:
    lang = args.lang
    args.out = out_path(args, args.out)
    if args.name == "list":
        for f in FIGURES:
            print(f"{f.name}\t{f.title(lang)}\t{f.definition(lang)}")
        return 0
    db = open_db(args)
    try:
        return _report(db, args)
    finally:
        db.dispose()


def _report(db: Database, args: argparse.Namespace) -> int:
    lang = args.lang
    if args.name == "weekly-pdf":
        return _weekly_pdf(db, args)
    if args.name == "declined-work":  # R3
        from workshop.cli.declined import declined_report

        return declined_report(db, args)
    if args.format == "xlsx":
        raise InvalidInput("这个报表没有 Excel 格式；请用 --format csv。", "This report has no Excel format; use --format csv.")
    today = to_shop(utcnow()).date()
    date_to = args.date_to or today
    date_from = args.date_from or date_to - timedelta(days=29)
    params = Params(date_from, date_to, kind=args.kind, user_id=_user_id(db, args.user))
    fig = figure(args.name)
    data = fig.run(db, params)
    if args.format == "csv":
        buf = io.StringIO()
        write_csv(fig, data, buf, lang)
        _write(args.out, buf.getvalue(), bom=True)
    elif args.format == "json":
        doc = {"name": fig.name, "title": fig.title(lang), "definition": fig.definition(lang),
               "from": date_from.isoformat(), "to": date_to.isoformat(), "kind": args.kind,
               "rows": as_records(data),
               "headline": {h.title(lang): h.value for h in data.headline}}
        _write(args.out, json.dumps(doc, ensure_ascii=False, default=str, indent=1) + "\n", bom=False)
    else:
        if args.out:
            raise InvalidInput("表格格式只输出到屏幕；写文件请用 --format csv 或 json。",
                               "The table format prints to the screen; use --format csv or json for a file.")
        _print_table(fig.title(lang), data, lang)
    return 0


def _write(out: Path | None, text: str, *, bom: bool) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")


def _print_table(title: str, data: FigureData, lang: str) -> None:
    print(title)
    rows = [[fmt_value(v, c.fmt, lang) for v, c in zip(r, data.columns, strict=True)] for r in data.rows]
    emit(rows, [c.title(lang) for c in data.columns], "table")
    for h in data.headline:
        print(f"{h.title(lang)}: {fmt_value(h.value, h.fmt, lang)}")


def _weekly_pdf(db: Database, args: argparse.Namespace) -> int:
    from workshop.printing.summary import last_week, weekly_summary_pdf

    if args.out is None:
        raise InvalidInput("请用 --out 指定 PDF 文件。", "Name the PDF file with --out.")
    monday = last_week(args.week)
    path = weekly_summary_pdf(db, args.out, monday)
    print(path)
    return 0
