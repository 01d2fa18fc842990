"""W8: the bays (工位) and lifts (举升机) of the workshop floor, a list the administrator edits (checked whole
here), and the order a card lists its technicians in."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from workshop.domain.codes import BayKind
from workshop.domain.errors import InvalidInput
from workshop.domain.text import clean_text

MAX_BAYS = 200
NO_BAY = ""   # the board's column of cars standing on no bay


@dataclass(frozen=True)
class Bay:
    name: str
    kind: str = "bay"          # bay | lift
    team: str | None = None    # the team that works there (None: any)


def checked_bays(bays: list[Bay], teams: Collection[str]) -> tuple[Bay, ...]:
    """Each bay named once (trimmed, at most 40 characters), of a known kind, and of one of the shop's teams in
    use (`teams`) or of none."""
    if len(bays) > MAX_BAYS:
        raise InvalidInput(f"工位最多 {MAX_BAYS} 个。", f"At most {MAX_BAYS} bays.")
    out: list[Bay] = []
    seen: set[str] = set()
    for b in bays:
        name = clean_text(b.name, "工位名称", "Bay name", max_len=40)
        if not isinstance(b.kind, str) or b.kind not in {k.value for k in BayKind}:
            raise InvalidInput(f"工位“{name}”的类型只能是工位或举升机。", f"Bay “{name}” is a bay or a lift.")
        if b.team is not None and (not isinstance(b.team, str) or b.team not in teams):
            names = "、".join(teams) or "（还没有班组）"
            raise InvalidInput(f"工位“{name}”的班组只能是：{names}（或不限）。",
                               f"Bay “{name}” belongs to one of the teams in use: {', '.join(teams)} (or any team).")
        if name in seen:
            raise InvalidInput(f"工位“{name}”重复了。", f"Bay “{name}” is listed twice.")
        seen.add(name)
        out.append(Bay(name, b.kind, b.team))
    return tuple(out)


def clock_status_rank(status: str) -> int:
    """A card lists its technicians working first, then paused, then those not clocked on."""
    return {"on": 0, "paused": 1}.get(status, 2)
