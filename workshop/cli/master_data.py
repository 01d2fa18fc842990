"""`workshop labor add|edit|list|retire|reinstate`: the labor catalog (S1, F8) from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from workshop.cli._common import emit, open_db
from workshop.domain.clock import fmt_shop
from workshop.domain.master_data import LaborKind
from workshop.services import labor_catalog
from workshop.services.work_order_common import TEAMS

FORMATS = ["table", "csv", "json"]


def register(sub: Any) -> None:
    p = sub.add_parser("labor", help="the labor catalog (工时目录): add | edit | list | retire | reinstate")
    lsub = p.add_subparsers(dest="labor_command", required=True)
    a = lsub.add_parser("add", help="add a labor operation")
    a.add_argument("code")
    a.add_argument("--name", required=True)
    a.add_argument("--hours", required=True, help="standard hours, e.g. 0.5")
    a.add_argument("--rate", required=True, help="元 per hour")
    a.add_argument("--team", required=True, choices=list(TEAMS))
    a.add_argument("--kind", default=LaborKind.REPAIR.value, choices=[k.value for k in LaborKind])
    a.set_defaults(func=cmd_labor_add)
    e = lsub.add_parser("edit", help="change a labor operation (lines already on work orders keep theirs)")
    e.add_argument("code")
    e.add_argument("--name")
    e.add_argument("--hours")
    e.add_argument("--rate")
    e.add_argument("--team", choices=list(TEAMS))
    e.add_argument("--kind", choices=[k.value for k in LaborKind])
    e.set_defaults(func=cmd_labor_edit)
    ls = lsub.add_parser("list")
    ls.add_argument("--all", action="store_true", help="retired operations too")
    ls.add_argument("--format", choices=FORMATS, default="table")
    ls.set_defaults(func=cmd_labor_list)
    r = lsub.add_parser("retire", help="retire: stays on old work orders, cannot be added to new ones")
    r.add_argument("code")
    r.set_defaults(func=lambda args: _retire(args, retire=True))
    b = lsub.add_parser("reinstate", help="take a retired operation back into use")
    b.add_argument("code")
    b.set_defaults(func=lambda args: _retire(args, retire=False))


def _show(op: labor_catalog.LaborOperationInfo) -> None:
    state = f"  已停用 retired {fmt_shop(op.retired_at)}" if op.retired_at else ""
    print(f"{op.code}  {op.name}  {op.standard_hours} h × {op.rate} 元  {op.team}  {op.kind}{state}")


def cmd_labor_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    _show(labor_catalog.add_labor_operation(db.uow(), None, code=args.code, name=args.name,
                                            standard_hours=args.hours, rate=args.rate, team=args.team,
                                            kind=args.kind))
    return 0


def cmd_labor_edit(args: argparse.Namespace) -> int:
    db = open_db(args)
    given = {"name": args.name, "standard_hours": args.hours, "rate": args.rate, "team": args.team,
             "kind": args.kind}
    _show(labor_catalog.edit_labor_operation(db.uow(), None, args.code,
                                             **{k: v for k, v in given.items() if v is not None}))
    return 0


def cmd_labor_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    rows = [(o.code, o.name, o.standard_hours, o.rate, o.team, o.kind, fmt_shop(o.retired_at) if o.retired_at else "")
            for o in labor_catalog.list_labor_operations(db, include_retired=args.all)]
    emit(rows, ("code", "name", "standard_hours", "rate", "team", "kind", "retired_at"), args.format)
    return 0


def _retire(args: argparse.Namespace, *, retire: bool) -> int:
    db = open_db(args)
    fn = labor_catalog.retire_labor_operation if retire else labor_catalog.reinstate_labor_operation
    _show(fn(db.uow(), None, args.code))
    return 0
