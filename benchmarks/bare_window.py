"""The floor of `gui_startup`: a bare PySide6 process — the interpreter, the PySide6 import, a QApplication and
one window shown offscreen — timed by `workshop bench` in the same runs as the real start, so that the ratio of
the two says what the application adds on this machine (issue 22: at most 3 ×)."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    from ui.startup_probe import peak_memory_mb

    app = QApplication(sys.argv[:1])
    window = QLabel("Workshop")
    window.resize(1360, 860)
    window.show()
    app.processEvents()
    print(json.dumps({"peak_rss_mb": peak_memory_mb()}))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
