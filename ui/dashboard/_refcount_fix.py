"""Work around a reference-count bug of PySide6 6.12.0 on Python 3.11.

Every PySide6 method that returns nothing hands back None without taking a reference to it (e.g.
`obj.setObjectName("x")`, `painter.drawRect(...)`, `item.setPos(...)`), and `signal.emit()` does the same with
True. On Python 3.12+ None, True and False are immortal and this is harmless; on 3.11 each such call leaves
them one reference short, and after some tens of thousands of calls the interpreter aborts — while the
app is running, not only at exit ("Fatal Python error: none_dealloc: deallocating None"). pyqtgraph makes
dozens of such calls per repaint and per mouse move, so a dashboard being looked at gets there in minutes.

The fix does what Python 3.12 does: it gives the three singletons a reference count so large that no
number of lost references can bring it to zero. It is applied only when the leak is measured (CPython
before 3.12, release build); anywhere else nothing changes."""

from __future__ import annotations

import ctypes
import platform
import sys

from PySide6.QtCore import QObject

HEADROOM = 1 << 40  # about 10^12 lost references


def void_call_leaks() -> bool:
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return sys.getrefcount(None) - before <= -90


def install() -> bool:
    """Make None, True and False effectively immortal when PySide6 leaks them. True when applied."""
    if platform.python_implementation() != "CPython" or sys.version_info >= (3, 12):
        return False
    if hasattr(sys, "gettotalrefcount"):  # a debug build lays objects out differently
        return False
    if sys.getrefcount(None) > HEADROOM // 2:
        return True  # already applied
    if not void_call_leaks():
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += HEADROOM  # ob_refcnt, the first field
    return True
