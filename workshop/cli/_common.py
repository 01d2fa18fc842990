"""Helpers shared by the subcommands: opening the database, printing tables, progress."""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workshop.db import migrate
from workshop.db.retry import in_uow
from workshop.db.uow import Database
from workshop.domain.errors import PermissionDenied
from workshop.domain.roles import Actor

PASSWORD_ENV = "WORKSHOP_PASSWORD"


def open_db(args: argparse.Namespace, *, ensure: bool = True) -> Database:
    """Open the chosen database; bring an older schema up to date (after a backup) unless ensure=False."""
    db = Database(args.db)
    if ensure:
        from workshop.services.backup import backup_before_upgrade

        migrate.ensure_schema(db, backup=lambda: backup_before_upgrade(db))
    return db


MAX_COUNT = 1_000_000


def count_arg(text: str) -> int:
    """A --limit: a whole number from 1 to a million (a typo of 20 digits is refused, not sent to the database)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是整数 / not a whole number: {text}") from None
    if not 1 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"应在 1 到 {MAX_COUNT} 之间 / must be from 1 to {MAX_COUNT}: {text}")
    return value


def add_login(parser: argparse.ArgumentParser) -> None:
    """The command changes users, roles, limits, settings or the database as a whole: it logs in."""
    parser.add_argument("--user", dest="login_user", metavar="NAME",
                        help="log in as this user (password from WORKSHOP_PASSWORD or asked for)")


def login(args: argparse.Namespace, db: Database) -> Actor:
    """Log in as --user with the password from WORKSHOP_PASSWORD or a prompt; checked by users.authenticate
    (the same lockout and audit as the login window)."""
    from workshop.services.users import log_in

    name = getattr(args, "login_user", None)
    if not name:
        raise PermissionDenied("这个命令需要登录：请加上 --user 用户名（密码在提示时输入，或设 WORKSHOP_PASSWORD）。",
                               "This command needs a login: add --user NAME (the password is asked for, or set "
                               "WORKSHOP_PASSWORD).")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = getpass.getpass(f"{name} 的密码 / password for {name}: ")
    result = in_uow(db, log_in, name, password)
    notice = result.notice(getattr(args, "lang", "zh"))
    if notice:
        print(notice, file=sys.stderr)
    return result.actor


def out_path(args: argparse.Namespace, value: Path | str | None) -> Path | None:
    """Every --out goes through here: never the live database (or its -wal/-shm), a folder, a device or a
    missing folder (workshop.db.files.check_output_path)."""
    if value is None:
        return None
    from workshop.db.engine import resolve_url
    from workshop.db.files import check_output_path

    return check_output_path(value, resolve_url(args.db))


def emit(rows: Sequence[Sequence[Any]], header: Sequence[str], fmt: str) -> None:
    """table | csv (header row, UTF-8) | json (list of objects)."""
    out = sys.stdout
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    elif fmt == "json":
        json.dump([dict(zip(header, row, strict=True)) for row in rows], out, ensure_ascii=False, default=str, indent=1)
        out.write("\n")
    else:
        text_rows = [[("" if v is None else str(v)) for v in row] for row in rows]
        widths = [max([_w(h)] + [_w(r[i]) for r in text_rows]) for i, h in enumerate(header)]
        out.write("  ".join(_pad(h, widths[i]) for i, h in enumerate(header)).rstrip() + "\n")
        for r in text_rows:
            out.write("  ".join(_pad(v, widths[i]) for i, v in enumerate(r)).rstrip() + "\n")


def _w(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _w(text))


def progress_printer(label: str) -> Any:
    def report(done: int, total: int) -> None:
        if total:
            print(f"\r{label}: {done * 100 // total}%", end="", file=sys.stderr, flush=True)
            if done >= total:
                print(file=sys.stderr)

    return report
