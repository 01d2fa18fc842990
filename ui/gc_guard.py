"""Python's cyclic garbage collector only on the GUI thread.

Left automatic, the collector runs in whichever thread allocates when its threshold is reached - often a worker
of the operation runner - and frees there the Qt objects of a garbage cycle (a closed screen's timers, a
finished job's signals). Qt then warns "Timers cannot be stopped from another thread" and may crash. The known
remedy (pyqtgraph's GarbageCollector): switch automatic collection off and collect on the GUI thread, from a
timer, once a generation has passed its threshold."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_timer: QTimer | None = None


def collect_due() -> None:
    """Collect the oldest generation whose count has passed its threshold (what automatic collection does)."""
    counts, limits = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > limits[generation]:
            gc.collect(generation)
            return


def settle() -> None:
    """Once the program's modules are in (the database ready behind the login window, while the user types):
    collect once and move every object alive into the permanent generation (gc.freeze), so that the
    collections of the session walk only what it made since - not the hundreds of thousands of objects of
    SQLAlchemy, the mapped classes and Qt's wrappers (a full collection on the GUI thread took ~20 ms)."""
    gc.collect()
    gc.freeze()


def install(parent: QObject, interval_ms: int = 500) -> None:
    """Once per application: automatic collection off, a GUI-thread timer collecting instead."""
    global _timer
    gc.disable()
    if _timer is None:
        _timer = QTimer(parent)
        _timer.setInterval(interval_ms)
        _timer.timeout.connect(collect_due)
        _timer.start()
