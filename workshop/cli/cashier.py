"""`workshop gate-pass scan|print` and `workshop receipt`: the gate (M4) and the cashier's papers (M2) from the
command line. Scanning acts as a user: --user, the password from WORKSHOP_PASSWORD or asked for."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path
from typing import Any

from workshop.cli._common import open_db
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

    p = sub.add_parser("receipt", help="print a payment receipt (收款收据, M2) to a PDF")
    p.add_argument("receipt_no", help="receipt number, e.g. SK2612-0003")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_receipt)


def _login(db: Database, username: str) -> Actor:
    from workshop.services import users

    password = os.environ.get("WORKSHOP_PASSWORD") or getpass.getpass(f"{username} 的密码 / password: ")
    return users.authenticate(db.uow(), username, password)


def cmd_gate_scan(args: argparse.Namespace) -> int:
    from workshop.services import cashier_gate

    db = open_db(args)
    try:
        info = cashier_gate.scan_gate_pass(db.uow(), _login(db, args.user), args.code)
    finally:
        db.dispose()
    print(f"{info.number} 已放行交车 / delivered")
    return 0


def cmd_gate_print(args: argparse.Namespace) -> int:
    from workshop.printing.gate_pass import gate_pass_pdf
    from workshop.services import cashier_gate

    db = open_db(args)
    try:
        info = cashier_gate.issue_gate_pass(db.uow(), _login(db, args.user), args.number)
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
