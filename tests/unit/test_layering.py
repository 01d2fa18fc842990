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
