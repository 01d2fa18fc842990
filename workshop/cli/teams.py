"""`workshop team add|list|rename|retire|reinstate`: the shop's teams (S1) from the command line. The teams are
data: every `--team` option of the other commands is checked against this list, not against a fixed pair."""

from __future__ import annotations

import argparse
from typing import Any

from workshop.cli._common import emit, open_db
from workshop.db.retry import in_uow
from workshop.domain.clock import fmt_shop
from workshop.services import teams

FORMATS = ["table", "csv", "json"]


def register(sub: Any) -> None:
    p = sub.add_parser("team", help="the shop's teams (班组): add | list | rename | retire | reinstate")
    tsub = p.add_subparsers(dest="team_command", required=True)
    a = tsub.add_parser("add", help="add a team (its code is what users, work orders and rates hold)")
    a.add_argument("code")
    a.add_argument("--name", default="", help="the name shown (default: the code)")
    a.add_argument("--name-en", default="", dest="name_en", help="English name")
    a.set_defaults(func=cmd_team_add)
    ls = tsub.add_parser("list")
    ls.add_argument("--all", action="store_true", help="retired teams too")
    ls.add_argument("--format", choices=FORMATS, default="table")
    ls.set_defaults(func=cmd_team_list)
    r = tsub.add_parser("rename", help="a new name shown; the code stays")
    r.add_argument("code")
    r.add_argument("--name", required=True)
    r.add_argument("--name-en", dest="name_en")
    r.set_defaults(func=cmd_team_rename)
    t = tsub.add_parser("retire", help="retire a team with no active member and no open work")
    t.add_argument("code")
    t.set_defaults(func=lambda args: _retire(args, retire=True))
    b = tsub.add_parser("reinstate", help="take a retired team back into use")
    b.add_argument("code")
    b.set_defaults(func=lambda args: _retire(args, retire=False))


def _show(team: teams.TeamInfo) -> None:
    state = f"  已停用 retired {fmt_shop(team.retired_at)}" if team.retired_at else ""
    print(f"{team.code}  {team.name}  {team.name_en}{state}".rstrip())


def cmd_team_add(args: argparse.Namespace) -> int:
    _show(in_uow(open_db(args), teams.add_team, None, code=args.code, name=args.name, name_en=args.name_en))
    return 0


def cmd_team_rename(args: argparse.Namespace) -> int:
    _show(in_uow(open_db(args), teams.rename_team, None, args.code, name=args.name, name_en=args.name_en))
    return 0


def cmd_team_list(args: argparse.Namespace) -> int:
    rows = [(t.code, t.name, t.name_en, fmt_shop(t.retired_at) if t.retired_at else "")
            for t in teams.list_teams(open_db(args), include_retired=args.all)]
    emit(rows, ("code", "name", "name_en", "retired_at"), args.format)
    return 0


def _retire(args: argparse.Namespace, *, retire: bool) -> int:
    db = open_db(args)
    _show(in_uow(db, teams.retire_team if retire else teams.reinstate_team, None, args.code))
    return 0
