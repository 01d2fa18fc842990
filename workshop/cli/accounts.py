"""`workshop user add|list|passwd|disable`, `workshop settings list|set` and `workshop recover-admin`.

Every command that changes users, roles or settings logs in (`--user NAME`, the password from
WORKSHOP_PASSWORD or asked for) and goes through the same services as the GUI: the same permission checks,
the audit row under that user. Two exceptions: the first administrator of a database that has no user yet
(`user add NAME --role admin`, the command-line form of the GUI's first-admin step), and `recover-admin`, which
works only on a SQLite file of this machine (whoever can replace that file owns the shop's data anyway), audited."""

from __future__ import annotations

import argparse
import getpass
import socket
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from workshop.cli._common import add_login, emit, login, open_db
from workshop.db.retry import in_uow
from workshop.db.uow import Database
from workshop.domain.errors import NotFound, RuleViolation
from workshop.domain.roles import Actor
from workshop.queries.lists import LISTS, iter_list
from workshop.services import settings, users


def register(sub: Any) -> None:
    p = sub.add_parser("user", help="users: add | list | passwd | disable (log in with --user)")
    usub = p.add_subparsers(dest="user_command", required=True)
    a = usub.add_parser("add", help="add a user (the first administrator of a new database needs no login)")
    a.add_argument("username")
    a.add_argument("--name", required=True, help="display name")
    a.add_argument("--role", action="append", required=True, help="role (repeat for several)")
    a.add_argument("--team", help="a team code (workshop team list)")
    a.add_argument("--password", help="the new user's password (asked for when left out)")
    add_login(a)
    a.set_defaults(func=cmd_user_add)
    ls = usub.add_parser("list")
    ls.add_argument("--format", choices=["table", "csv", "json"], default="table")
    ls.set_defaults(func=cmd_user_list)
    pw = usub.add_parser("passwd", help="set a user's new password (also lifts a lockout)")
    pw.add_argument("username")
    pw.add_argument("--password", help="the new password (asked for when left out)")
    add_login(pw)
    pw.set_defaults(func=cmd_user_passwd)
    d = usub.add_parser("disable")
    d.add_argument("username")
    add_login(d)
    d.set_defaults(func=cmd_user_disable)

    p = sub.add_parser("settings", help="shop settings: list | set KEY VALUE (log in with --user)")
    ssub = p.add_subparsers(dest="settings_command", required=True)
    sl = ssub.add_parser("list")
    sl.set_defaults(func=cmd_settings_list)
    st = ssub.add_parser("set")
    st.add_argument("key", choices=sorted(settings.DEFAULTS))
    st.add_argument("value")
    add_login(st)
    st.set_defaults(func=cmd_settings_set)

    r = sub.add_parser("recover-admin", help="local recovery on the SQLite machine: give an administrator a new "
                                             "password, enable and unlock it (audited)")
    r.add_argument("username")
    r.add_argument("--password", help="the new password (asked for when left out)")
    r.set_defaults(func=cmd_recover_admin)


def new_password(args: argparse.Namespace) -> str:
    """The password being set (not the login's): --password, a line of stdin, or a prompt."""
    if args.password:
        return str(args.password)
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass("新密码 / new password: ")


def _user_id(db: Database, username: str) -> int:
    for info in users.list_users(db):
        if info.username == username.strip().lower():
            return info.id
    raise NotFound(f"没有用户 {username}。", f"There is no user {username}.")


def cmd_user_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if users.needs_first_admin(db) and not args.login_user:
            if sorted(args.role) != ["admin"]:
                raise RuleViolation("新数据库的第一个用户必须是管理员（--role admin）。",
                                    "The first user of a new database must be the administrator (--role admin).")
            info = in_uow(db, users.create_first_admin, username=args.username, display_name=args.name,
                          password=new_password(args))
        else:
            actor = login(args, db)
            info = in_uow(db, users.add_user, actor, username=args.username, display_name=args.name,
                          password=new_password(args), roles=args.role, team=args.team)
    finally:
        db.dispose()
    print(f"{info.username} ({info.display_name}) {','.join(info.roles)} {info.badge_code}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        emit(list(iter_list(db, "users", None)), LISTS["users"], args.format)
    finally:
        db.dispose()
    return 0


T = TypeVar("T")


def as_logged_in(args: argparse.Namespace, action: Callable[[Database, Actor], T]) -> T:
    """Open the database, log in as --user, run the action as that user, close."""
    db = open_db(args)
    try:
        return action(db, login(args, db))
    finally:
        db.dispose()


def cmd_user_passwd(args: argparse.Namespace) -> int:
    info = as_logged_in(args, lambda db, actor: in_uow(db, users.reset_password, actor,
                                                       _user_id(db, args.username), new_password(args)))
    print(f"{info.username}: 密码已更新 / password changed")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    info = as_logged_in(args, lambda db, actor: in_uow(db, users.set_active, actor,
                                                       _user_id(db, args.username), False))
    print(f"{info.username}: 已停用 / disabled")
    return 0


def cmd_settings_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        with db.read() as s:
            rows = sorted(settings.all_settings(s).items())
    finally:
        db.dispose()
    emit(rows, ("key", "value"), "table")
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    as_logged_in(args, lambda db, actor: in_uow(db, settings.set_setting, actor, args.key, args.value))
    print(f"{args.key} = {args.value}")
    return 0


def cmd_recover_admin(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if db.dialect != "sqlite":
            raise RuleViolation(
                "recover-admin 只能用于本机的 SQLite 数据库；PostgreSQL 请由数据库所有者在服务器上处理。",
                "recover-admin works only on a SQLite database of this machine; on PostgreSQL the database owner "
                "handles it on the server.")
        info = in_uow(db, users.recover_admin, args.username, new_password(args), host=socket.gethostname())
    finally:
        db.dispose()
    print(f"{info.username}: 管理员已恢复（新密码、已启用、已解锁）/ administrator recovered (new password, enabled, "
          "unlocked)")
    return 0
