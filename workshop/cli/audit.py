"""`workshop audit verify`: walk the tamper-evident audit chain and name the first row changed, removed or out
of order (exit 1), or say up to which row it is verified (exit 0)."""

from __future__ import annotations

import argparse
from typing import Any

from workshop.cli._common import open_db
from workshop.queries.audit import verify_chain


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="the audit log: verify (walk the tamper-evident chain)")
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help="check every audit row's hash and link; name the first broken one")
    v.set_defaults(func=cmd_audit_verify)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        report = verify_chain(db)
    finally:
        db.dispose()
    print(report.message(args.lang))
    return 0 if report.ok else 1
