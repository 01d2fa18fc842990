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


def render_all(db: Database, out: Path, lang: str = "zh", size: tuple[int, int] = (1440, 900)) -> int:
    from workshop import demo

    out.mkdir(parents=True, exist_ok=True)
    login = LoginDialog(db, lang, demo.demo_users(), demo.DEMO_PASSWORD)
    login.resize(520, 560)
    login.show()
    QApplication.processEvents()
    login.grab().save(str(out / "login.png"))
    login.close()

    done: set[str] = set()
    # the director first (the viewpoint); then, for the screens the director may not open (front desk,
    # QC, parts counter...), the demo user whose role opens them
    usernames = ["director", "admin"] + [u for u, _name, _role in demo.demo_users() if u not in ("director", "admin")]
    for username in usernames:
        if all(s.key in done for s in SCREENS):
            break
        actor: Actor = users.authenticate(db.uow(), username, demo.DEMO_PASSWORD)
        if not any(s.visible_to(actor) and s.key not in done for s in SCREENS):
            continue
        ops = Operations(lang)
        ops.show_errors = False
        ctx = AppContext(db=db, actor=actor, ops=ops, lang=lang)
        window = MainWindow(ctx)
        window.resize(*size)
        window.show()
        for spec in SCREENS:
            if spec.key in done or not spec.visible_to(actor):
                continue
            widget = window.show_screen(spec.key)
            _settle(ops)
            preview = getattr(widget, "screenshot_preview", None)
            if callable(preview):  # a screen may open a representative record (e.g. a work order at the counter)
                preview()
                _settle(ops)
            window.grab().save(str(out / f"{spec.key}.png"))
            variants = getattr(widget, "screenshot_variants", None)
            for suffix, show in variants() if callable(variants) else []:  # e.g. every role's dashboard
                show()
                _settle(ops)
                window.grab().save(str(out / f"{spec.key}_{suffix}.png"))
            done.add(spec.key)
            log.info("rendered %s as %s", spec.key, username)
        window.close()
    missing = [s.key for s in SCREENS if s.key not in done]
    if missing:
        log.error("not rendered (no demo user may see them): %s", ", ".join(missing))
        return 1
    return 0
