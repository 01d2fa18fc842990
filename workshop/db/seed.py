"""Rows every Workshop database starts with: the same rows revision 0010_teams writes (it holds its own copy, as a
released revision must), put back by the test helpers after they empty a PostgreSQL database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

# the two teams every database had while teams were a fixed pair (revision 0010_teams): code, name, English name
BUILT_IN_TEAMS = (("机修", "机修", "mechanical"), ("钣喷", "钣喷", "body and paint"))


def team_rows(now: datetime) -> list[dict[str, Any]]:
    return [{"id": i, "code": code, "name": name, "name_en": name_en, "retired_at": None, "created_at": now}
            for i, (code, name, name_en) in enumerate(BUILT_IN_TEAMS, start=1)]
