"""The demo's planned work orders and their lines (plain records the later steps fill in), and the catalog
index the planner picks operations and parts from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workshop.demo import catalog as C
from workshop.demo.context import Gen
from workshop.demo.master import PartInfo, VehicleInfo

KINDS = ("maintenance", "general", "accident", "warranty", "internal")
KIND_WEIGHTS = (45, 25, 12, 10, 8)
ALT_OPS = {"BP0106", "BP0110", "BP0113", "JX0224"}
NEVER = 2**62


@dataclass(slots=True)
class PL:
    id: int
    wo: WO
    part: PartInfo
    qty: int
    price_c: int
    added_item_id: int | None = None
    issues: list[tuple[int, int]] = field(default_factory=list)   # planned (time, qty)
    ret: tuple[int, int] | None = None                            # planned return (time, qty)
    claim_arrival: int | None = None
    revision: int = 1                                             # quote revision that brought the line
    issued: int = 0
    returned: int = 0
    cost_c: int = 0
    first_full: bool | None = None


@dataclass(slots=True)
class LL:
    id: int
    op: int            # index into C.LABOR_OPS
    hours_c: int       # hundredths of an hour
    rate_c: int
    team: str
    added_item_id: int | None = None


@dataclass(slots=True)
class WO:
    id: int
    kind: str
    vehicle: VehicleInfo
    opened: int
    advisor: int
    priority: str
    team: str
    tech: int
    mileage: int = 0
    charging: str = "paid"
    dept: str | None = None
    in_warranty: bool = False
    fault: str = ""
    promised: int = 0
    started: int = NEVER
    taken: int = NEVER
    completed: int = NEVER
    qc_fail: tuple[int, int] | None = None     # (failed at, completed again at)
    inspected: int = NEVER
    settled: int = NEVER
    delivered: int = NEVER
    closed: int = NEVER
    cancelled: int | None = None
    number: str = ""
    labor: list[LL] = field(default_factory=list)
    parts: list[PL] = field(default_factory=list)
    claim: dict[str, int] | None = None        # claim order milestones
    state: str = "draft"
    added: list[dict[str, Any]] = field(default_factory=list)   # F6 items, decided or not
    times: dict[str, int] = field(default_factory=dict)          # quote_at, signed_at, supplement_at, resigned_at
    hold: str | None = None                                      # kept in this state at "now" (force_states)


class Catalog:
    def __init__(self, g: Gen, parts: list[PartInfo], by_key: dict[tuple[int, int | None], list[int]]) -> None:
        self.by_id = {p.id: p for p in parts}
        self.by_key = by_key
        self.templates: dict[str, list[int]] = {}
        for i, t in enumerate(C.PART_TEMPLATES):
            self.templates.setdefault(t.prefix, []).append(i)
        self.op_index = {op[0]: i for i, op in enumerate(C.LABOR_OPS)}
        self.op_ids = [row["id"] for row in g.rows["labor_operations"]]
        self.ops_by_group: dict[str, list[int]] = {}
        for i, op in enumerate(C.LABOR_OPS):
            self.ops_by_group.setdefault(op[5], []).append(i)

    def part_for(self, g: Gen, prefix: str, model: int) -> PartInfo:
        t_idx = g.rng.choice(self.templates[prefix])
        key = (t_idx, None if not C.PART_TEMPLATES[t_idx].per_model else model)
        choices = self.by_key[key]
        pid = choices[0] if len(choices) == 1 or g.rng.random() < 0.8 else g.rng.choice(choices[1:])
        return self.by_id[pid]
