"""For `workshop bench`: start the GUI as a user does and time what they wait for (issue 22).

The real start of `workshop-gui` (ui.app.DeskStart: the login window first, the database prepared behind it on
a background thread), offscreen. Once the login window is shown the probe is the user: it types the demo
workshop manager's user name and password into the login window as key events, spread over `--typing` seconds
(default 1.5), and presses Enter at the end of them; the login waits for the background preparation if needed,
authenticates, and the manager's main window opens on the workshop board. Printed as JSON:

- `login_shown_ms`: process start (the parent's launch time, `--launched`, a CLOCK_MONOTONIC reading) to the
  login window shown and painted, ready for typing: the first screen of the program;
- `login_shown_cpu_ms`: the process's CPU time up to then (less sensitive to a loaded machine);
- `login_wait_ms`: Enter to the main window shown with its first screen filled (the runner idle): what the
  user waits for after the login;
- `phases_ms` (from process start): login window shown, database ready (the background thread done), Enter,
  logged in (password checked), main window shown, first screen filled;
- the peak memory (VmHWM) and the heavy libraries loaded on the way.

The login writes to the database (its failure counter and last login, as every login): give it a copy."""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# libraries the first screen does not need: reported when they were loaded anyway (argon2 is: the login; the
# demo generator for the login window's list of demo users, a demo database's own)
HEAVY_MODULES = ("pyqtgraph", "alembic", "mako", "reportlab", "barcode", "zxingcpp", "argon2", "xlsxwriter",
                 "python_calamine", "workshop.demo")
# workshop.demo.DEMO_PASSWORD, written out: the probe imports nothing the user's start does not
DEMO_PASSWORD = "demo1234"
DEMO_USER = "manager"  # the workshop manager lands on the workshop board, the first screen this figure measures
PHASES = ("login_shown", "database_ready", "enter", "logged_in", "window_shown", "first_screen_filled")


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


def launch_clock(launched: float | None) -> float:
    """When this process started, on time.monotonic()'s clock: the parent's reading taken just before it
    started the process (CLOCK_MONOTONIC, one clock for every process of the machine), else now."""
    return time.monotonic() if launched is None else launched


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--launched", type=float, help="the parent's time.monotonic() when it started this")
    parser.add_argument("--typing", type=float, default=1.5, help="seconds from the window shown to Enter")
    args = parser.parse_args()
    t0 = launch_clock(args.launched)
    phases: dict[str, float] = {}

    def mark(name: str) -> None:
        phases.setdefault(name, round((time.monotonic() - t0) * 1000, 1))

    from ui.app import DeskStart, setup_app  # what `workshop-gui` imports before its login window

    app = setup_app("zh")
    start = DeskStart(args.db, "zh", daily_backup=False)
    start.begin()
    mark("login_shown")
    shown_cpu = round(time.process_time() * 1000, 1)  # this process's CPU so far, interpreter start included
    assert start.login.isVisible() and start.login.windowHandle().isExposed()

    from ui.typist import type_into

    def enter_pressed() -> None:
        mark("enter")

    def at(name: str, when: float | None) -> None:
        if when is not None:
            phases[name] = round((when - t0) * 1000, 1)

    def opened() -> None:
        mark("window_shown")
        at("database_ready", start.prep.finished_at)
        at("logged_in", start.login.logged_in_at)
        session = start.session
        assert session is not None
        app.processEvents()
        session.ops.wait(60_000)
        app.processEvents()
        mark("first_screen_filled")
        app.quit()

    start.opened.connect(opened)
    start.prep.ready.connect(lambda: start.prep.error and app.exit(2))
    type_into(start.login, [(start.login.username, DEMO_USER), (start.login.password, DEMO_PASSWORD)],
              seconds=args.typing, before_enter=enter_pressed)
    code = app.exec()
    if code or "first_screen_filled" not in phases:
        print(start.prep.failure("en") or start.login.error.text() or "no main window", phases, file=sys.stderr)
        sys.stderr.flush()
        os._exit(1)
    print(json.dumps({
        "login_shown_ms": phases["login_shown"],
        "login_shown_cpu_ms": shown_cpu,
        "login_wait_ms": round(phases["first_screen_filled"] - phases["enter"], 1),
        "peak_rss_mb": round(peak_memory_mb(), 1),
        "phases_ms": {name: phases[name] for name in PHASES if name in phases},
        "modules": sorted(m for m in HEAVY_MODULES if m in sys.modules),
    }))
    sys.stdout.flush()
    os._exit(0)  # no final garbage collection inside Qt's bindings


if __name__ == "__main__":
    sys.exit(main())
