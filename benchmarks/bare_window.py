"""The floor of `gui_startup`: a bare PySide6 process — the interpreter, the PySide6 import, a QApplication and
one window shown offscreen — timed by `workshop bench` in the same runs as the real start, so that the ratio of
the two says what the application adds on this machine (issue 22: at most 3 ×). It reports `shown_ms` as the
start-up probe reports `login_shown_ms`: from the parent's launch time (`--launched`) to the window shown and
painted (show, then the events it caused processed)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--launched", type=float, help="the parent's time.monotonic() when it started this")
    args = parser.parse_args()
    t0 = time.monotonic() if args.launched is None else args.launched
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    window = QLabel("Workshop")
    window.resize(1360, 860)
    window.show()
    app.processEvents()
    shown = round((time.monotonic() - t0) * 1000, 1)
    shown_cpu = round(time.process_time() * 1000, 1)
    assert window.windowHandle().isExposed()
    from ui.startup_probe import peak_memory_mb

    print(json.dumps({"shown_ms": shown, "shown_cpu_ms": shown_cpu, "peak_rss_mb": peak_memory_mb()}))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
