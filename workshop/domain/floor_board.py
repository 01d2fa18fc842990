"""W8: the bays (工位) and lifts (举升机) of the workshop floor, a setting the administrator edits; and how a car
shows on the board (its column by state or by bay, whether it is late)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from workshop.domain.errors import InvalidInput
from workshop.domain.text import clean_text

BAY_KINDS = {"bay": ("工位", "Bay"), "lift": ("举升机", "Lift")}
TEAM_NAMES = ("机修", "钣喷")
MAX_BAYS = 200
NO_BAY = ""   # the board's column of cars standing on no bay


@dataclass(frozen=True)
class Bay:
    name: str
    kind: str = "bay"          # bay | lift
    team: str | None = None    # the team that works there (None: any)


def parse_bays(text: str) -> tuple[Bay, ...]:
    """The stored setting (a JSON list) back into bays; an empty setting is no bays."""
    if not text.strip():
        return ()
    try:
        raw = json.loads(text)
    except ValueError as e:
        raise InvalidInput("工位列表无法读取。", "The list of bays cannot be read.") from e
    if not isinstance(raw, list):
        raise InvalidInput("工位列表无法读取。", "The list of bays cannot be read.")
    return checked_bays([b if isinstance(b, Bay) else _bay(b) for b in raw])


def _bay(item: object) -> Bay:
    if not isinstance(item, dict):
        raise InvalidInput("工位列表无法读取。", "The list of bays cannot be read.")
    return Bay(str(item.get("name", "")), str(item.get("kind", "bay")), item.get("team") or None)


def checked_bays(bays: list[Bay]) -> tuple[Bay, ...]:
    """Each bay named once (trimmed, at most 40 characters), of a known kind and team."""
    if len(bays) > MAX_BAYS:
        raise InvalidInput(f"工位最多 {MAX_BAYS} 个。", f"At most {MAX_BAYS} bays.")
    out: list[Bay] = []
    seen: set[str] = set()
    for b in bays:
        name = clean_text(b.name, "工位名称", "Bay name", max_len=40)
        if b.kind not in BAY_KINDS:
            raise InvalidInput(f"工位“{name}”的类型只能是工位或举升机。", f"Bay “{name}” is a bay or a lift.")
        if b.team is not None and b.team not in TEAM_NAMES:
            raise InvalidInput(f"工位“{name}”的班组只能是 机修 或 钣喷。",
                               f"Bay “{name}” belongs to 机修 or 钣喷 (or any team).")
        if name in seen:
            raise InvalidInput(f"工位“{name}”重复了。", f"Bay “{name}” is listed twice.")
        seen.add(name)
        out.append(Bay(name, b.kind, b.team))
    return tuple(out)


def format_bays(bays: tuple[Bay, ...] | list[Bay]) -> str:
    return json.dumps([{"name": b.name, "kind": b.kind, "team": b.team} for b in checked_bays(list(bays))],
                      ensure_ascii=False, separators=(",", ":"))


def clock_status_rank(status: str) -> int:
    """A card lists its technicians working first, then paused, then those not clocked on."""
    return {"on": 0, "paused": 1}.get(status, 2)
