"""`workshop labor add|edit|list|retire|reinstate`, `workshop shop show|set`, `workshop team-rate list|set`:
the labor catalog (S1, F8), the shop's profile and the teams' cost and piece rates (A5, W7) from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from workshop.cli._common import emit, open_db
from workshop.db.retry import in_uow
from workshop.domain.clock import fmt_shop
from workshop.domain.master_data import LaborKind
from workshop.services import labor_catalog, shop_profile, team_rates

FORMATS = ["table", "csv", "json"]


def register(sub: Any) -> None:
    p = sub.add_parser("labor", help="the labor catalog (工时目录): add | edit | list | retire | reinstate")
    lsub = p.add_subparsers(dest="labor_command", required=True)
    a = lsub.add_parser("add", help="add a labor operation")
    a.add_argument("code")
    a.add_argument("--name", required=True)
    a.add_argument("--hours", required=True, help="standard hours, e.g. 0.5")
    a.add_argument("--rate", required=True, help="元 per hour")
    a.add_argument("--team", required=True, help="a team code (workshop team list)")
    a.add_argument("--kind", default=LaborKind.REPAIR.value, choices=[k.value for k in LaborKind])
    a.set_defaults(func=cmd_labor_add)
    e = lsub.add_parser("edit", help="change a labor operation (lines already on work orders keep theirs)")
    e.add_argument("code")
    e.add_argument("--name")
    e.add_argument("--hours")
    e.add_argument("--rate")
    e.add_argument("--team", help="a team code (workshop team list)")
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

    p = sub.add_parser("shop", help="the shop's profile printed on every document: show | set")
    ssub = p.add_subparsers(dest="shop_command", required=True)
    ssub.add_parser("show").set_defaults(func=cmd_shop_show)
    st = ssub.add_parser("set", help="set the profile (fields left out are kept)")
    for name in shop_profile.KEYS:
        st.add_argument("--" + name.replace("_", "-"), dest=name)
    st.set_defaults(func=cmd_shop_set)

    p = sub.add_parser("team-rate", help="the teams' internal cost rate and piece rate (元/h): list | set")
    tsub = p.add_subparsers(dest="rate_command", required=True)
    tl = tsub.add_parser("list", help="the rates in force now")
    tl.add_argument("--format", choices=FORMATS, default="table")
    tl.set_defaults(func=cmd_rate_list)
    ts = tsub.add_parser("set", help="new rates for a team, in force from now")
    ts.add_argument("team", help="a team code (workshop team list)")
    ts.add_argument("--cost", required=True, help="internal labor cost, 元 per hour (A5)")
    ts.add_argument("--piece", required=True, help="piece rate, 元 per billed hour (W7)")
    ts.set_defaults(func=cmd_rate_set)


def _show(op: labor_catalog.LaborOperationInfo) -> None:
    state = f"  已停用 retired {fmt_shop(op.retired_at)}" if op.retired_at else ""
    print(f"{op.code}  {op.name}  {op.standard_hours} h × {op.rate} 元  {op.team}  {op.kind}{state}")


def cmd_labor_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    _show(in_uow(db, labor_catalog.add_labor_operation, None, code=args.code, name=args.name,
                 standard_hours=args.hours, rate=args.rate, team=args.team, kind=args.kind))
    return 0


def cmd_labor_edit(args: argparse.Namespace) -> int:
    db = open_db(args)
    given = {"name": args.name, "standard_hours": args.hours, "rate": args.rate, "team": args.team,
             "kind": args.kind}
    _show(in_uow(db, labor_catalog.edit_labor_operation, None, args.code,
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
    _show(in_uow(db, fn, None, args.code))
    return 0


def cmd_shop_show(args: argparse.Namespace) -> int:
    profile = shop_profile.get_shop_profile(open_db(args))
    for name in shop_profile.KEYS:
        print(f"{name}: {getattr(profile, name)}")
    return 0


def cmd_shop_set(args: argparse.Namespace) -> int:
    db = open_db(args)
    current = shop_profile.get_shop_profile(db).__dict__
    given = {name: getattr(args, name) for name in shop_profile.KEYS}
    profile = in_uow(db, shop_profile.save_shop_profile, None, **{
        k: (v if v is not None else current[k]) for k, v in given.items()})
    print(f"{profile.name}: 已保存 / saved")
    return 0


def cmd_rate_list(args: argparse.Namespace) -> int:
    rows = [(r.team, r.cost_rate, r.piece_rate, fmt_shop(r.effective_from) if r.effective_from else "")
            for r in team_rates.current_team_rates(open_db(args))]
    emit(rows, ("team", "cost_rate", "piece_rate", "effective_from"), args.format)
    return 0


def cmd_rate_set(args: argparse.Namespace) -> int:
    info = in_uow(open_db(args), team_rates.set_team_rates, None, args.team, cost_rate=args.cost,
                  piece_rate=args.piece)
    print(f"{info.team}: {info.cost_rate} / {info.piece_rate} 元/h  {fmt_shop(info.effective_from)}")
    return 0
