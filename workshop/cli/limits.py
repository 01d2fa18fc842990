"""`workshop limits list` and `workshop limits set ROLE KEY VALUE [--from DATE] --user NAME` (SPEC A3).

Setting a limit logs in like every command that changes roles or limits (workshop.cli._common.add_login) and
goes through workshop.services.limits.set_limit: the same permission check (LIMITS_SET), the same refusal of a
change back-dated before today, the audit row under that user."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from workshop.cli._common import add_login, emit, open_db
from workshop.cli.accounts import as_logged_in
from workshop.db.retry import in_uow
from workshop.domain.clock import SHOP_TZ, fmt_shop, shop_day_bounds, utcnow
from workshop.domain.errors import InvalidInput
from workshop.services import limits


def register(sub: Any) -> None:
    p = sub.add_parser("limits", help="limits per role (A3): list | set ROLE KEY VALUE [--from DATE] (log in)")
    lsub = p.add_subparsers(dest="limits_command", required=True)
    ls = lsub.add_parser("list", help="every limit in force now, and changes that take effect later")
    ls.add_argument("--format", choices=["table", "csv", "json"], default="table")
    ls.set_defaults(func=cmd_limits_list)
    st = lsub.add_parser("set", help="a new limit for a role from a moment on (now when --from is left out)")
    st.add_argument("role")
    st.add_argument("key", choices=sorted(limits.LIMIT_KEYS))
    st.add_argument("value")
    st.add_argument("--from", dest="effective_from", metavar="DATE",
                    help="shop time YYYY-MM-DD (from 00:00 that day) or 'YYYY-MM-DD HH:MM'")
    add_login(st)
    st.set_defaults(func=cmd_limits_set)


def parse_from(text: str | None) -> datetime | None:
    """--from in shop time: a day means its 00:00, a day and time that minute. None: now."""
    if text is None:
        return None
    value = text.strip()
    try:
        if len(value) <= 10:
            return shop_day_bounds(datetime.strptime(value, "%Y-%m-%d").date())[0]
        return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=SHOP_TZ)
    except ValueError:
        raise InvalidInput(f"生效时间应写成 YYYY-MM-DD 或 'YYYY-MM-DD HH:MM'：{text}",
                           f"The effective time must be YYYY-MM-DD or 'YYYY-MM-DD HH:MM': {text}") from None


def cmd_limits_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        rows = limits.limits_table(db, utcnow())
    finally:
        db.dispose()
    emit([(r.role, r.key, str(r.value), fmt_shop(r.effective_from) if r.effective_from else "default")
          for r in rows], ("role", "key", "value", "from"), args.format)
    return 0


def cmd_limits_set(args: argparse.Namespace) -> int:
    start = parse_from(args.effective_from)
    row = as_logged_in(args, lambda db, actor: in_uow(db, limits.set_limit, actor, args.role, args.key,
                                                      args.value, effective_from=start))
    print(f"{row.role} {row.key} = {row.value}  从 / from {fmt_shop(row.effective_from)}")
    return 0
