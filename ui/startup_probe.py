"""For `workshop bench`: start the GUI as a user would (open the database, log in as the demo director),
show the main window offscreen, print the peak memory as JSON, and exit. The parent times the process."""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from ui.app import open_database, setup_app
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.operations import Operations
    from workshop import demo
    from workshop.services import users

    app = setup_app("zh")
    db = open_database(args.db)
    actor = users.authenticate(db.uow(), "director", demo.DEMO_PASSWORD)
    ops = Operations("zh")
    window = MainWindow(AppContext(db=db, actor=actor, ops=ops, lang="zh"))
    window.resize(1360, 860)
    window.show()
    QApplication.processEvents()
    ops.wait(60_000)
    QApplication.processEvents()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_rss_mb": peak_kb / 1024}))
    window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
