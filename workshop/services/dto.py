"""Plain data the services return (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    team: str | None
    badge_code: str
    is_active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
