"""Per-user desk preferences (window geometry, column widths) in an INI file, QSettings.

The file lives in the user's config folder (platformdirs), or in WORKSHOP_SETTINGS_DIR (tests, portable
installs). Each user of a shared desk PC has their own group, so a switch of user brings back their layout."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir
from PySide6.QtCore import QByteArray, QSettings


def settings_path() -> Path:
    folder = os.environ.get("WORKSHOP_SETTINGS_DIR") or user_config_dir("Workshop", appauthor=False)
    return Path(folder) / "desk.ini"


def _settings() -> QSettings:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def _key(username: str, name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in username) or "_"
    return f"user_{safe}/{name}"


def load_bytes(username: str, name: str) -> QByteArray | None:
    value = _settings().value(_key(username, name))
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_bytes(username: str, name: str, value: QByteArray) -> None:
    s = _settings()
    s.setValue(_key(username, name), value)
    s.sync()


def load_text(username: str, name: str) -> str:
    value = _settings().value(_key(username, name))
    return value if isinstance(value, str) else ""


def save_text(username: str, name: str, value: str) -> None:
    s = _settings()
    s.setValue(_key(username, name), value)
    s.sync()
