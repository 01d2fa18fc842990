"""`workshop tool-charges | tools-out | claims-overdue | deposit-receipt`: the tool crib (T2, T3) and claim
orders (C1, C3) from the command line, e.g. the monthly payroll export of lost-tool charges."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workshop.cli._common import emit, open_db, out_path
from workshop.domain.clock import fmt_shop
from workshop.queries import claims as cq
from workshop.queries import tools as tq

FORMATS = ["table", "csv", "json"]


def register(sub: Any) -> None:
    p = sub.add_parser("tool-charges", help="lost-tool charges per person for a month (T3), e.g. for payroll")
    p.add_argument("--month", required=True, help="the month, e.g. 2026-11")
    p.add_argument("--out", type=Path, help="write a CSV file (UTF-8 with BOM, opens in Excel) instead of printing")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_tool_charges)

    p = sub.add_parser("tools-out", help="special tools out now (T2); --overdue: only those past due")
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_tools_out)

    p = sub.add_parser("claims-overdue", help="claim parts arrived and not fitted in time (C3), oldest first")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_claims_overdue)

    p = sub.add_parser("deposit-receipt", help="print the deposit receipt of a claim order to a PDF (C1)")
    p.add_argument("claim", help="claim order number, e.g. CL2611-0003")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_deposit_receipt)


def cmd_tool_charges(args: argparse.Namespace) -> int:
    args.out = out_path(args, args.out)
    db = open_db(args)
    try:
        if args.out is not None:
            people = tq.write_charges_csv(db, args.month, str(args.out))
            print(f"{args.out}: {people}", file=sys.stderr)
            return 0
        rows = tq.tool_charges_by_person(db, args.month)
    finally:
        db.dispose()
    emit([(r.month, r.badge_code, r.display_name, r.charges, r.replacements, f"{r.total:.2f}") for r in rows],
         ["month", "badge", "name", "charges", "replacements", "amount"], args.format)
    return 0


def cmd_tools_out(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        rows = tq.overdue_loans(db, limit=10_000) if args.overdue else tq.tools_out(db, limit=10_000)
    finally:
        db.dispose()
    emit([(r.tool_code, r.tool_name, r.borrower_name, r.borrower_badge, fmt_shop(r.lent_at), fmt_shop(r.due_at),
           r.work_order_no or "", f"{r.hours_overdue:.1f}") for r in rows],
         ["tool", "name", "borrower", "badge", "lent_at", "due_at", "work_order", "hours_overdue"], args.format)
    return 0


def cmd_claims_overdue(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        rows = cq.overdue_claims(db, limit=10_000)
    finally:
        db.dispose()
    emit([(r.number, r.work_order_no, r.customer_name, r.customer_phone, r.plate, fmt_shop(r.arrived_at),
           r.days_since_arrival, f"{r.deposit_held:.2f}") for r in rows],
         ["claim", "work_order", "customer", "phone", "plate", "arrived_at", "days", "deposit_held"], args.format)
    return 0


def cmd_deposit_receipt(args: argparse.Namespace) -> int:
    from workshop.printing.deposit_receipt import deposit_receipt_pdf

    args.out = out_path(args, args.out)
    db = open_db(args)
    try:
        deposit_receipt_pdf(db, args.claim, args.out)
    finally:
        db.dispose()
    print(args.out, file=sys.stderr)
    return 0
