"""Issue 22: the GUI's operation runner supplies the unit of work and the acting user (ui/operations.py:
`ops.run_service`, `ops.run_service_with_progress`); no screen opens a unit of work itself, so every write is one
transaction, retried after a transient lock error, and its change set is broadcast to the open screens."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

RUNNER = {"ui/operations.py", "ui/widgets/query_op.py"}
# Before anyone is logged in there is no acting user for the runner to supply: logging in, unlocking, the first
# administrator and the screenshot mode authenticate with a unit of work of their own.
# This list only shrinks.
BEFORE_LOG_IN = {"ui/login.py", "ui/lock_dialog.py", "ui/setup_wizard.py",
                 "ui/screenshots.py"}


def _uow_calls(path: Path) -> list[int]:
    """Lines calling `<anything>.uow()`: a unit of work opened outside the runner."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "uow"]


def test_issue22_no_screen_opens_a_unit_of_work_the_runner_supplies_it() -> None:
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in RUNNER or name in BEFORE_LOG_IN:
            continue
        offenders += [f"{name}:{line}" for line in _uow_calls(path)]
    assert offenders == [], "write through ctx.ops.run_service(service, ...) instead: " + ", ".join(offenders)


def test_issue22_the_log_in_allowance_only_covers_files_that_still_need_it() -> None:
    stale = sorted(name for name in BEFORE_LOG_IN if not _uow_calls(ROOT / name))
    assert stale == [], f"take these off BEFORE_LOG_IN: {stale}"


def test_issue22_the_guard_sees_a_closure_opening_a_unit_of_work(tmp_path: Path) -> None:
    sample = tmp_path / "screen.py"
    sample.write_text("def save(ctx):\n    ctx.ops.run(lambda: svc(ctx.db.uow(), ctx.actor))\n", encoding="utf-8")
    assert _uow_calls(sample) == [2]
