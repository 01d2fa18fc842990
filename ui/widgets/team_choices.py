"""The entries of every team combo box: the teams table (workshop.services.teams), not a fixed list."""

from __future__ import annotations

from workshop.db.uow import Database
from workshop.services import teams


def team_choices(db: Database, current: str | None = None) -> list[tuple[str, str]]:
    """(code, label) of the teams in use; `current` (a retired team an old record still names) is kept so
    that showing that record does not change it."""
    rows = [(t.code, t.label) for t in teams.list_teams(db)]
    if current and current not in {code for code, _ in rows}:
        rows.append((current, current))
    return rows
