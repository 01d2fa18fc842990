"""The `workshop` command. Each module in this package adds its subcommands through `register(sub)`."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from workshop.domain.errors import WorkshopError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workshop", description="Workshop — 4S 店售后服务部管理系统")
    parser.add_argument("--db", metavar="URL", help="database URL (default: WORKSHOP_DATABASE_URL or the SQLite file)")
    parser.add_argument("--lang", default="zh", choices=["zh", "en"], help="language of messages")
    sub = parser.add_subparsers(dest="command", required=True)
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The one top-level handler: a business refusal prints its sentence (exit 2); any other error - the
    database unreachable, a full disk, a file or encoding error - prints a sentence too (exit 3) and its trace
    goes to the log file (workshop.failures.log_file()). No traceback reaches the user."""
    for stream in (sys.stdout, sys.stderr):  # a broken character in a name must not crash the printing of it
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.func(args)
    except WorkshopError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断 / interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from workshop.failures import sentence_for

        print(sentence_for(exc, args.lang, f"workshop {args.command}"), file=sys.stderr)
        return 3
    return int(result or 0)
