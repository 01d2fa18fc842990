"""For `workshop bench`: start the GUI as a user would (open the database, log in as the demo director),
show the main window offscreen with its first screen filled, print the peak memory and the split of the time
as JSON, and exit. The parent times the whole process (interpreter start included)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# libraries the first screen does not need: reported when they were loaded anyway (argon2 is: the login)
HEAVY_MODULES = ("pyqtgraph", "alembic", "mako", "reportlab", "barcode", "zxingcpp", "argon2", "xlsxwriter",
                 "python_calamine", "workshop.demo")
# workshop.demo.DEMO_PASSWORD, written out: importing the demo generator (~0.1 s) is no part of a user's start
DEMO_PASSWORD = "demo1234"


def peak_memory_mb() -> float:
    """This process's own peak resident memory: VmHWM from /proc/self/status. Not `ru_maxrss`, which Linux
    carries over `execve` from the process this one was forked from (a bench that first built the large demo
    reported its own 3 GB peak as the GUI's)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: the best there is


def main() -> int:
    t0 = time.perf_counter()
    phases: dict[str, float] = {}

    def mark(name: str) -> None:
        phases[name] = round((time.perf_counter() - t0) * 1000, 1)

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    from ui.app import open_database, setup_app  # first, as workshop-gui starts (the core before Qt)
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.operations import Operations
    from workshop.services import users

    mark("imports")
    app = setup_app("zh")
    db = open_database(args.db)
    mark("database_open")
    # the workshop manager lands on the workshop board, the first screen this figure always measured
    actor = users.authenticate(db.uow(), "manager", DEMO_PASSWORD)
    mark("login")
    ops = Operations("zh")
    window = MainWindow(AppContext(db=db, actor=actor, ops=ops, lang="zh"))
    window.resize(1360, 860)
    mark("window_built")
    window.show()
    app.processEvents()
    ops.wait(60_000)
    app.processEvents()
    mark("first_screen_filled")
    print(json.dumps({"peak_rss_mb": round(peak_memory_mb(), 1), "phases_ms": phases,
                      "modules": sorted(m for m in HEAVY_MODULES if m in sys.modules)}))
    window.close()
    db.dispose()
    sys.stdout.flush()
    os._exit(0)  # as ui.app.leave: no final garbage collection inside Qt's bindings


if __name__ == "__main__":
    sys.exit(main())
