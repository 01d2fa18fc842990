"""`workshop init | backup | restore | list ...` (users and settings: accounts.py)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from workshop.cli._common import add_login, count_arg, emit, login, open_db, progress_printer
from workshop.db import migrate
from workshop.db.guards import repair_guards
from workshop.db.roles import DESK_ROLE, ensure_desk_role
from workshop.domain.errors import InvalidInput
from workshop.queries.lists import LISTS, iter_list
from workshop.services import backup, restore


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create or upgrade the schema (PostgreSQL: run with the owner's URL; creates or "
                                    "checks the desks' role and its grants)")
    p.add_argument("--desk-role", default=DESK_ROLE, help=f"PostgreSQL: the desks' role (default {DESK_ROLE}); "
                                                          "its password from WORKSHOP_DESK_PASSWORD")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("backup", help="back up the database to FILE (consistent while the app runs)")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="replace the database with the backup FILE (verified first; a safety "
                                       "copy of the live database is taken)")
    p.add_argument("file", type=Path)
    p.add_argument("--force", action="store_true", help="restore although other desks are connected")
    add_login(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("list", help="list work-orders | parts | tools | users | customers")
    p.add_argument("what", choices=sorted(LISTS))
    p.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table")
    p.add_argument("--output", "-o", type=Path, help="xlsx: the file to write (default: standard output)")
    p.add_argument("--limit", type=count_arg)
    p.add_argument("--search", default="", help="as the screen's search box: work orders, parts, tools")
    p.add_argument("--state", help="work orders: a state (draft, in_progress, …); tools: in, out, …; "
                                   "parts: low | dead (below minimum, no move for long)")
    p.set_defaults(func=lambda args: cmd_list(args, args.what))


def cmd_init(args: argparse.Namespace) -> int:
    """Create or upgrade the schema, and put back any missing audit-log guard (saying so)."""
    db = open_db(args, ensure=False)
    try:
        done = migrate.ensure_schema(db, backup=lambda: backup.backup_before_upgrade(db))
        with db.engine.begin() as conn:
            repaired = repair_guards(conn)
            desks = (ensure_desk_role(conn, args.desk_role, os.environ.get("WORKSHOP_DESK_PASSWORD"))
                     if db.dialect == "postgresql" else [])
    finally:
        db.dispose()
    print({"created": "数据库已创建 / database created", "upgraded": "数据库已升级 / database upgraded",
           "current": "数据库已是最新 / database is up to date"}[done] + f": {db.describe()}")
    if desks:
        print("前台数据库角色 / the desks' database role: " + "; ".join(desks))
    if repaired:
        print(f"审计日志的保护触发器缺失，已重建：{', '.join(repaired)} / the audit log's guard triggers were missing "
              f"and have been re-created: {', '.join(repaired)}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    db = open_db(args, ensure=False)
    path = backup.backup_database(db, args.file, progress_printer("backup"))
    print(f"备份完成 / backed up: {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    db = open_db(args, ensure=False)
    try:
        actor = login(args, db) if args.login_user or restore.needs_login(db) else None
        done = restore.restore_database(db, args.file, progress_printer("restore"), actor=actor, force=args.force)
    finally:
        db.dispose()
    print(f"已恢复 / restored from {args.file} (sha256 {done.check.sha256[:16]}…); "
          f"恢复前的安全副本 / safety copy of the database before: {done.safety_copy}")
    return 0


def list_filters(what: str, search: str, state: str | None) -> dict[str, Any]:
    """The command's --search/--state as the screens' filters of that list (queries.lists.iter_list)."""
    if what == "work-orders":
        from workshop.queries.work_orders import WorkOrderFilter

        return {"orders": WorkOrderFilter(states=(state,) if state else (), text=search)}
    if what == "parts":
        if state not in (None, "all", "low", "dead"):
            raise InvalidInput("配件的 --state 只能是 low（低于最低库存）或 dead（呆滞）。",
                               "For parts, --state is low (below minimum stock) or dead (no move for long).")
        return {"search": search, "only": state or "all"}
    if what == "tools":
        return {"search": search, "state": state}
    return {}


def cmd_list(args: argparse.Namespace, what: str) -> int:
    db = open_db(args)
    filters = list_filters(what, args.search, args.state)
    if args.format == "xlsx":  # S3: Chinese headers, real number and date cells, streamed
        from workshop.exports import export_list

        n = export_list(db, what, args.output or sys.stdout.buffer, limit=args.limit, **filters)
        print(f"{n} 行 / rows" + (f" → {args.output}" if args.output else ""), file=sys.stderr)
        return 0
    rows = list(iter_list(db, what, args.limit, **filters))
    emit(rows, LISTS[what], args.format)
    return 0
