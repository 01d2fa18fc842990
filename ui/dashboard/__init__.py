"""The dashboard screen (Q3): one dashboard per role, drawn with pyqtgraph on PySide6.

pyqtgraph picks its Qt binding on first import: PySide6 is imported first and named explicitly. pyqtgraph
makes many PySide6 calls per repaint and mouse move, each of which loses a reference to None or True on
PySide6 6.12.0 with Python 3.11 (see _refcount_fix); the fix is installed here, before any chart exists."""

from __future__ import annotations

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import PySide6  # noqa: F401  (before pyqtgraph, so it binds to PySide6)

from ui.dashboard import _refcount_fix

_refcount_fix.install()
