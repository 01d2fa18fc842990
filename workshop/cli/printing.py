"""`workshop print work-order|quote|settlement NUMBER --out FILE.pdf` (F9)."""

from __future__ import annotations

import argparse
from typing import Any

from workshop.cli._common import open_db, out_path
from workshop.printing.documents import DOCUMENTS, print_document


def _print(args: argparse.Namespace) -> int:
    out = out_path(args, args.out or f"{args.document}-{args.number.strip().upper()}.pdf")
    assert out is not None
    db = open_db(args)
    try:
        print_document(db, args.document, args.number, out)
    finally:
        db.dispose()
    print(str(out))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("print", help="打印任务委托书、报价单、结算单（PDF） / print a work order, quote or settlement")
    p.add_argument("document", choices=DOCUMENTS, help="work-order = 任务委托书, quote = 报价单, settlement = 结算单")
    p.add_argument("number", help="工单号 / work order number, e.g. RO2611-0042")
    p.add_argument("--out", metavar="FILE.pdf", help="output file (default: <document>-<number>.pdf)")
    p.set_defaults(func=_print)
