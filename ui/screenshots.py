"""`workshop-gui --screenshot DIR`: log in as the demo service director, render every main screen offscreen
to DIR/<screen>.png (the administration screens as the demo administrator), and the login window."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui.context import AppContext
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.screens import SCREENS
from workshop.db.uow import Database
from workshop.domain.roles import Actor
from workshop.services import users

log = logging.getLogger(__name__)


def _settle(ops: Operations) -> None:
    app = QApplication.instance()
    for _ in range(5):
        ops.wait(timeout_ms=60_000)
        if app is not None:
            app.processEvents()


def render_all(db: Database, out: Path, lang: str = "zh") -> int:
    from workshop import demo

    out.mkdir(parents=True, exist_ok=True)
    login = LoginDialog(db, lang, demo.demo_users(), demo.DEMO_PASSWORD)
    login.resize(520, 560)
    login.show()
    QApplication.processEvents()
    login.grab().save(str(out / "login.png"))
    login.close()

    done: set[str] = set()
    for username in ("director", "admin"):
        actor: Actor = users.authenticate(db.uow(), username, demo.DEMO_PASSWORD)
        ops = Operations(lang)
        ops.show_errors = False
        ctx = AppContext(db=db, actor=actor, ops=ops, lang=lang)
        window = MainWindow(ctx)
        window.resize(1440, 900)
        window.show()
        for spec in SCREENS:
            if spec.key in done or not actor.has(spec.perm):
                continue
            window.show_screen(spec.key)
            _settle(ops)
            window.grab().save(str(out / f"{spec.key}.png"))
            done.add(spec.key)
            log.info("rendered %s", spec.key)
        window.close()
    missing = [s.key for s in SCREENS if s.key not in done]
    if missing:
        log.warning("not rendered (no demo user may see them): %s", ", ".join(missing))
    return 0
