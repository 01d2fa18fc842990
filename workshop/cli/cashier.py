"""`workshop gate-pass scan|print`, `workshop receipt`, `workshop day-close` and `workshop statement`: the gate
(M4) and the cashier's papers (M2, M6, M3) from the command line. Scanning acts as a user: --user, the password from WORKSHOP_PASSWORD or asked for."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path
from typing import Any

from workshop.cli._common import open_db
from workshop.db.retry import in_uow
from workshop.db.uow import Database
from workshop.domain.roles import Actor


def register(sub: Any) -> None:
    p = sub.add_parser("gate-pass", help="the gate pass (放行条, M4): scan it at the exit, or print it to a PDF")
    gsub = p.add_subparsers(dest="gate_command", required=True)
    scan = gsub.add_parser("scan", help="the car leaves: record the delivery of the pass's work order")
    scan.add_argument("code", help="the pass's code, e.g. FX2612-0007")
    scan.add_argument("--user", required=True, help="who is at the gate (password: WORKSHOP_PASSWORD or asked)")
    scan.set_defaults(func=cmd_gate_scan)
    prn = gsub.add_parser("print", help="print the gate pass of a paid work order to a PDF")
    prn.add_argument("number", help="work order number")
    prn.add_argument("--user", required=True, help="the cashier (password: WORKSHOP_PASSWORD or asked)")
    prn.add_argument("--out", type=Path, required=True)
    prn.set_defaults(func=cmd_gate_print)

    p = sub.add_parser("day-close", help="the cashier's shift report of a day (M6) to PDF/Excel; --close closes it")
    p.add_argument("--day", required=True, help="the business day, e.g. 2026-12-01")
    p.add_argument("--pdf", type=Path)
    p.add_argument("--xlsx", type=Path)
    p.add_argument("--close", action="store_true", help="close the day (needs --user and --counted)")
    p.add_argument("--counted", help="the cash counted in the drawer")
    p.add_argument("--reason", default="", help="why the counted cash differs")
    p.add_argument("--user", help="the cashier (password: WORKSHOP_PASSWORD or asked)")
    p.set_defaults(func=cmd_day_close)

    p = sub.add_parser("statement", help="an account customer's monthly statement (挂账对账单, M3) to PDF/Excel")
    p.add_argument("customer", help="the account customer's name or phone")
    p.add_argument("--month", required=True, help="the month, e.g. 2026-11")
    p.add_argument("--pdf", type=Path)
    p.add_argument("--xlsx", type=Path)
    p.set_defaults(func=cmd_statement)

    p = sub.add_parser("receipt", help="print a payment receipt (收款收据, M2) to a PDF")
    p.add_argument("receipt_no", help="receipt number, e.g. SK2612-0003")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_receipt)


def _login(db: Database, username: str) -> Actor:
    from workshop.services import users

    password = os.environ.get("WORKSHOP_PASSWORD") or getpass.getpass(f"{username} 的密码 / password: ")
    return in_uow(db, users.authenticate, username, password)


def cmd_gate_scan(args: argparse.Namespace) -> int:
    from workshop.services import cashier_gate

    db = open_db(args)
    try:
        info = in_uow(db, cashier_gate.scan_gate_pass, _login(db, args.user), args.code)
    finally:
        db.dispose()
    print(f"{info.number} 已放行交车 / delivered")
    return 0


def cmd_gate_print(args: argparse.Namespace) -> int:
    from workshop.printing.gate_pass import gate_pass_pdf
    from workshop.services import cashier_gate

    db = open_db(args)
    try:
        info = in_uow(db, cashier_gate.issue_gate_pass, _login(db, args.user), args.number)
        gate_pass_pdf(db, info.code, args.out)
    finally:
        db.dispose()
    print(f"{info.code}: {args.out}")
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from workshop.printing.receipt import receipt_pdf

    db = open_db(args)
    try:
        receipt_pdf(db, args.receipt_no, args.out)
    finally:
        db.dispose()
    print(args.out)
    return 0


def cmd_day_close(args: argparse.Namespace) -> int:
    from datetime import date

    from workshop.domain.errors import InvalidInput
    from workshop.domain.money import fmt_money
    from workshop.printing.day_close import day_close_files
    from workshop.services import cashier_day

    try:
        day = date.fromisoformat(args.day)
    except ValueError:
        raise InvalidInput("日期格式应为 2026-12-01。", "The day is written like 2026-12-01.") from None
    db = open_db(args)
    try:
        if args.close:
            if not args.user or args.counted is None:
                raise InvalidInput("日结需要 --user 和 --counted。", "Closing the day needs --user and --counted.")
            in_uow(db, cashier_day.close_day, _login(db, args.user), day, counted_cash=args.counted,
                   reason=args.reason)
        r = day_close_files(db, day, args.pdf, args.xlsx)
    finally:
        db.dispose()
    for m in r.methods:
        print(f"{m.method}\t{m.receipts}\t{m.net}")
    print(f"expected_cash\t{r.expected_cash}\t{'closed' if r.closed_at else 'open'} {fmt_money(r.difference)}")
    return 0


def cmd_statement(args: argparse.Namespace) -> int:
    """M3: what the account owed at the month's end and what it paid during the month."""
    from workshop.domain.errors import InvalidInput, NotFound
    from workshop.domain.money import fmt_money
    from workshop.printing.account_statement import statement_files
    from workshop.queries.account_statement import account_customers

    try:
        year, month = (int(x) for x in str(args.month).split("-"))
    except ValueError:
        raise InvalidInput("月份不对（例如 2026-11）。", "Not a month (e.g. 2026-11).") from None
    db = open_db(args)
    try:
        wanted = str(args.customer).strip()
        found = [a for a in account_customers(db) if wanted in (a.customer_name, a.customer_phone)]
        if not found:
            raise NotFound(f"没有挂账单位“{wanted}”。", f"No account customer {wanted}.")
        st = statement_files(db, found[0].customer_id, year, month, args.pdf, args.xlsx)
    finally:
        db.dispose()
    for ln in st.lines:
        print(f"{ln.number}\t{ln.settled_on:%Y-%m-%d}\t{ln.plate}\t{fmt_money(ln.owed)}")
    print(f"{st.customer_name} {st.month:%Y-%m}: 欠款 / owed {fmt_money(st.owed)}, "
          f"本月付款 / paid {fmt_money(st.paid_in_month)}")
    return 0
