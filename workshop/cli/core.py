"""`workshop init | user ... | backup | restore | list ...`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from workshop.cli._common import emit, open_db, progress_printer
from workshop.db import migrate
from workshop.queries.lists import LISTS, iter_list
from workshop.services import backup, users


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create or upgrade the schema")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("user", help="users: add | list | passwd | disable")
    usub = p.add_subparsers(dest="user_command", required=True)
    a = usub.add_parser("add")
    a.add_argument("username")
    a.add_argument("--name", required=True, help="display name")
    a.add_argument("--role", action="append", required=True, help="role (repeat for several)")
    a.add_argument("--team", choices=list(users.TEAMS))
    a.add_argument("--password", help="password (asked for when left out)")
    a.set_defaults(func=cmd_user_add)
    ls = usub.add_parser("list")
    ls.add_argument("--format", choices=["table", "csv", "json"], default="table")
    ls.set_defaults(func=lambda args: cmd_list(args, "users"))
    pw = usub.add_parser("passwd")
    pw.add_argument("username")
    pw.add_argument("--password")
    pw.set_defaults(func=cmd_user_passwd)
    d = usub.add_parser("disable")
    d.add_argument("username")
    d.set_defaults(func=cmd_user_disable)

    p = sub.add_parser("backup", help="back up the database to FILE (consistent while the app runs)")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="replace the database with the backup FILE")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("list", help="list work-orders | parts | tools | users | customers")
    p.add_argument("what", choices=sorted(LISTS))
    p.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table")
    p.add_argument("--output", "-o", type=Path, help="xlsx: the file to write (default: standard output)")
    p.add_argument("--limit", type=int)
    p.set_defaults(func=lambda args: cmd_list(args, args.what))


def cmd_init(args: argparse.Namespace) -> int:
    db = open_db(args, ensure=False)
    done = migrate.ensure_schema(db, backup=lambda: backup.backup_before_upgrade(db))
    print({"created": "数据库已创建 / database created", "upgraded": "数据库已升级 / database upgraded",
           "current": "数据库已是最新 / database is up to date"}[done] + f": {db.describe()}")
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password:
        return str(args.password)
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass("密码 / password: ")


def cmd_user_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    info = users.add_user_as_system(db.uow(), username=args.username, display_name=args.name,
                                    password=_password(args), roles=args.role, team=args.team)
    print(f"{info.username} ({info.display_name}) {','.join(info.roles)} {info.badge_code}")
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    db = open_db(args)
    info = users.set_password_as_system(db.uow(), args.username, _password(args))
    print(f"{info.username}: 密码已更新 / password changed")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    db = open_db(args)
    info = users.disable_as_system(db.uow(), args.username)
    print(f"{info.username}: 已停用 / disabled")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    db = open_db(args, ensure=False)
    path = backup.backup_database(db, args.file, progress_printer("backup"))
    print(f"备份完成 / backed up: {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    db = open_db(args, ensure=False)
    backup.restore_database(db, args.file, progress_printer("restore"))
    print(f"已恢复 / restored from {args.file}")
    return 0


def cmd_list(args: argparse.Namespace, what: str) -> int:
    db = open_db(args)
    if args.format == "xlsx":  # S3: Chinese headers, real number and date cells, streamed
        from workshop.exports import write_xlsx
        from workshop.queries.lists import HEADERS_ZH

        rows_iter = iter_list(db, what, getattr(args, "limit", None), typed=True)
        out = str(args.output) if args.output else sys.stdout.buffer
        n = write_xlsx(out, what, HEADERS_ZH[what], rows_iter)
        print(f"{n} 行 / rows" + (f" → {args.output}" if args.output else ""), file=sys.stderr)
        return 0
    rows = list(iter_list(db, what, getattr(args, "limit", None)))
    emit(rows, LISTS[what], args.format)
    return 0
