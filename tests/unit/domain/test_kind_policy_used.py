"""F2 and the per-kind policy table: services, queries and printing decide by a work order's kind only through
workshop.domain.kind_policy — no `kind == "accident"` chains (a new kind is a row of the table, not 19 files)."""

from __future__ import annotations

import ast
from pathlib import Path

from workshop.domain.work_order import Kind

ROOT = Path(__file__).resolve().parents[3]
KIND_VALUES = {k.value for k in Kind}


def _is_kind_literal(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and node.value in KIND_VALUES:
        return True
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
        node = node.value  # Kind.ACCIDENT.value
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Kind"


def _is_work_order_kind(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id == "kind"
    return isinstance(node, ast.Attribute) and node.attr == "kind" and not (
        isinstance(node.value, ast.Name) and node.value.id in {"StockMove", "ToolCharge", "SearchKey", "Approval"})


def _kind_tests(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        literals = [s for s in sides if _is_kind_literal(s)
                    or (isinstance(s, ast.Tuple | ast.Set | ast.List) and any(_is_kind_literal(e) for e in s.elts))]
        if literals and any(_is_work_order_kind(s) for s in sides):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_f2_services_queries_and_printing_decide_by_kind_only_through_the_policy_table() -> None:
    paths = [p for layer in ("services", "queries", "printing", "db")
             for p in sorted((ROOT / "workshop" / layer).rglob("*.py")) if "/migrations/" not in p.as_posix()]
    assert [hit for p in paths for hit in _kind_tests(p)] == []
