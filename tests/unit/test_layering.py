"""The core never imports Qt; the GUI never imports SQLAlchemy (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCK_QT = """
import importlib.abc, sys, pkgutil, importlib
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6', 'pyqtgraph'):
            raise ImportError('Qt is not allowed in the core: ' + name)
        return None
sys.meta_path.insert(0, Block())
import workshop
count = 0
for mod in pkgutil.walk_packages(workshop.__path__, 'workshop.'):
    if '.migrations' in mod.name or mod.name.endswith('__main__'):
        continue
    importlib.import_module(mod.name)
    count += 1
print(count)
"""


def test_every_core_module_imports_with_qt_blocked() -> None:
    result = subprocess.run([sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 10


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_ui_module_imports_sqlalchemy() -> None:
    offenders = [str(p) for p in (ROOT / "ui").rglob("*.py") if "sqlalchemy" in _imports(p)]
    assert offenders == []


def test_no_core_module_imports_qt_or_ui() -> None:
    offenders = [str(p) for p in (ROOT / "workshop").rglob("*.py")
                 if _imports(p) & {"PySide6", "PyQt5", "PyQt6", "pyqtgraph", "ui"}]
    assert offenders == []


# --- the whole graph (issue 22): domain ← db ← {services, queries} ← printing ← {ui, cli} -------------------
# Each module's layer, and the layers it may import from. `demo` writes through services; `failures`, `exports`
# and `tables` sit where their callers are.
LAYER_OF_PACKAGE = {"domain": "domain", "db": "db", "services": "services", "failures": "services",
                    "demo": "demo", "queries": "queries", "printing": "printing", "exports": "printing",
                    "tables": "printing", "cli": "cli"}
MAY_IMPORT = {
    "domain": {"domain"},
    "db": {"domain", "db"},
    "services": {"domain", "db", "services"},
    "queries": {"domain", "db", "queries"},
    "demo": {"domain", "db", "services", "queries", "demo"},
    "printing": {"domain", "db", "services", "queries", "printing"},
    "cli": {"domain", "db", "services", "queries", "demo", "printing", "cli", "root"},
    "ui": {"domain", "db", "services", "queries", "demo", "printing", "root"},
}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "ui":
        return "ui"
    if parts[0] != "workshop":
        return None
    return LAYER_OF_PACKAGE.get(parts[1], "root") if len(parts) > 1 else "root"


def _workshop_imports(path: Path) -> set[str]:
    """Every workshop/ui module `path` imports, at the top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names  # `from workshop.services import totals`
                    if _is_module(f"{node.module}.{a.name}")}
    return {m for m in out if m.split(".")[0] in ("workshop", "ui")}


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted([*(ROOT / "workshop").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        if "/migrations/" not in rel:
            found.append((rel, path))
    return found


def test_every_module_imports_only_the_layers_below_it() -> None:
    wrong = []
    for rel, path in _modules():
        mine = _layer(rel[:-3].replace("/", "."))
        for target in _workshop_imports(path):
            theirs = _layer(target)
            if mine in (None, "root") or theirs is None or theirs in MAY_IMPORT[mine] or theirs == mine:
                continue
            wrong.append(f"{rel} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def test_services_and_queries_never_import_each_other() -> None:
    services_to_queries = [f"{rel} imports {t}" for rel, path in _modules() if rel.startswith("workshop/services/")
                           for t in _workshop_imports(path) if t.startswith("workshop.queries")]
    queries_to_services = [f"{rel} imports {t}" for rel, path in _modules() if rel.startswith("workshop/queries/")
                           for t in _workshop_imports(path) if t.startswith("workshop.services")]
    assert services_to_queries == []
    assert queries_to_services == []


def test_printing_and_ui_never_read_the_mapping_directly() -> None:
    printing = [rel for rel, path in _modules() if rel.startswith("workshop/printing/")
                and any(t.startswith("workshop.db.models") for t in _workshop_imports(path))]
    ui = [rel for rel, path in _modules() if rel.startswith("ui/")
          and any(t.startswith("workshop.db.models") for t in _workshop_imports(path))]
    assert printing == []
    assert ui == []


def test_i22_no_module_of_workshop_or_ui_is_over_400_lines() -> None:
    """Issue 22: a module that outgrows 400 lines is split where it has two concerns. The migrations are
    exempt: they are append-only history, 0001 frozen as it was written."""
    versions = ROOT / "workshop" / "db" / "migrations" / "versions"
    long = {str(p.relative_to(ROOT)): n for top in ("workshop", "ui") for p in (ROOT / top).rglob("*.py")
            if versions not in p.parents and (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
