"""The dashboard screen (Q3): one dashboard per role, drawn with pyqtgraph on PySide6.

pyqtgraph picks its Qt binding on first import: PySide6 is imported first and named explicitly."""

from __future__ import annotations

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import PySide6  # noqa: F401  (before pyqtgraph, so it binds to PySide6)
