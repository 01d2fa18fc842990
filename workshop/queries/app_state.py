"""What the application needs to know at start-up."""

from __future__ import annotations

from workshop.db.settings_store import get_setting
from workshop.db.uow import Database


def is_demo(db: Database) -> bool:
    with db.read() as s:
        return get_setting(s, "demo_mode") == "1"
