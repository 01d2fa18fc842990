"""The Qt bindings must not leak references: PySide6 6.12.0 on Python 3.11 loses a reference to None on every
call that returns nothing and to True on every emit(), and the app then aborts after some tens of thousands
of calls (pyqtgraph makes dozens per repaint). pyproject.toml keeps PySide6 below 6.12; this test fails loudly
if a leaking build is ever installed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    fired = Signal()


def test_pyside_calls_and_signals_keep_none_and_true_alive() -> None:
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        probe.setObjectName("probe")
        probe.fired.emit()
    assert sys.getrefcount(None) >= none_before - 10
    assert sys.getrefcount(True) >= true_before - 10
