"""Work orders up to QC: arrivals, kinds, vehicles, lines, added items, quotes, claim plans and issue plans."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from workshop.demo import catalog as C
from workshop.demo.context import Gen
from workshop.demo.master import PartInfo, VehicleInfo, in_warranty
from workshop.demo.timeline import (
    DAY,
    HOUR,
    MINUTE,
    add_work,
    at_shop,
    in_hours,
    month_stamp,
    shop_day,
    shop_seconds,
    weekday,
)

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


def arrivals(g: Gen) -> list[int]:
    """Opening times of every work order, oldest first; the last three days are busy at every scale."""
    rng, spec = g.rng, g.spec
    today = shop_day(g.now)
    recent_days = [today - 2, today - 1, today]
    n_recent = min(spec.work_orders // 3, spec.recent_per_day * 3)
    older_days = list(range(today - spec.history_days, today - 2))
    cum: list[float] = []
    for d in older_days:
        cum.append((cum[-1] if cum else 0.0) + (0.7 if weekday(d) == 6 else 0.9 if weekday(d) == 5 else 1.0))
    times: list[int] = []
    for _ in range(spec.work_orders - n_recent):
        day = rng.choices(older_days, cum_weights=cum)[0]
        times.append(at_shop(day, 8 * HOUR + rng.randrange(9 * HOUR + 30 * MINUTE)))
    now_sec = shop_seconds(g.now)
    for i in range(n_recent):
        day = recent_days[i % 3]
        limit = 9 * HOUR + 30 * MINUTE
        if day == today:
            limit = min(limit, now_sec - 8 * HOUR - 20 * MINUTE)
            if limit <= 0:
                day, limit = today - 1, 9 * HOUR + 30 * MINUTE
        times.append(at_shop(day, 8 * HOUR + rng.randrange(limit)))
    times.sort()
    return times


def plan_orders(g: Gen, cat: Catalog, vehicles: list[VehicleInfo]) -> list[WO]:
    rng = g.rng
    own = [v for v in vehicles if v.internal]
    customers = [v for v in vehicles if not v.internal]
    last_km: dict[int, int] = {}
    orders: list[WO] = []
    times = arrivals(g)
    for i, opened in enumerate(times):
        if i % 2000 == 0:
            g.report(0, i, len(times))
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        vehicle = _pick_vehicle(g, kind, opened, own, customers)
        days = max(1, (opened - vehicle.purchase) // DAY)
        mileage = max(last_km.get(vehicle.id, 0) + rng.randint(50, 900), int(days * vehicle.km_per_day) + rng.randint(5, 400))
        last_km[vehicle.id] = mileage
        warranty = in_warranty(vehicle, opened, mileage)
        if kind == "warranty" and not warranty:
            kind = "general"
        team = "钣喷" if kind == "accident" else "机修"
        wo = WO(id=g.ids.next("work_orders"), kind=kind, vehicle=vehicle, opened=opened,
                advisor=rng.choice(g.advisors), priority=rng.choices(("normal", "important", "urgent"), (80, 15, 5))[0],
                team=team, tech=rng.choice(g.team_techs[team]), mileage=mileage, in_warranty=warranty)
        _describe(g, wo)
        _lines(g, cat, wo)
        _timeline(g, cat, wo)
        orders.append(wo)
    return orders


def _pick_vehicle(g: Gen, kind: str, opened: int, own: list[VehicleInfo], customers: list[VehicleInfo]) -> VehicleInfo:
    if kind == "internal":
        return g.rng.choice(own)
    best = customers[0]
    for _ in range(30):
        v = g.rng.choice(customers)
        if v.purchase >= opened - DAY:
            continue
        best = v
        if kind != "warranty" or opened - v.purchase < 3 * 365 * DAY:
            return v
    return best


def _describe(g: Gen, wo: WO) -> None:
    rng = g.rng
    faults = {"maintenance": C.MAINT_FAULTS, "general": C.GENERAL_FAULTS, "accident": C.ACCIDENT_FAULTS,
              "warranty": C.WARRANTY_FAULTS, "internal": C.INTERNAL_FAULTS}
    wo.fault = rng.choice(faults[wo.kind])
    if wo.kind == "maintenance":
        wo.charging = rng.choices(("paid", "contract", "free"), (80, 10, 10))[0]
    elif wo.kind == "general":
        wo.charging = rng.choices(("paid", "contract"), (92, 8))[0]
    elif wo.kind in ("warranty", "internal"):
        wo.charging = "free"
    if wo.kind == "internal":
        wo.dept = rng.choice(C.DEPARTMENTS)


def _add_op(g: Gen, cat: Catalog, wo: WO, code: str, added_item_id: int | None = None) -> list[PL]:
    rng = g.rng
    op = cat.op_index[code]
    _code, _name, hours, rate, team, _group = C.LABOR_OPS[op]
    hours_c = int(Decimal(hours) * 100)
    if wo.kind == "accident" and rng.random() < 0.3:
        hours_c = hours_c * 3 // 2
    wo.labor.append(LL(g.ids.next("labor_lines"), op, hours_c, rate * 100, team, added_item_id))
    prefixes = C.OP_PARTS.get(code, ())
    if code in ALT_OPS and prefixes:
        prefixes = (rng.choice(prefixes),)
    lines = [_add_part(g, cat, wo, p, added_item_id) for p in prefixes]
    if code in C.PAINT_OPS:
        for p in rng.sample(C.PAINT, rng.randint(4, 6)):
            lines.append(_add_part(g, cat, wo, p, added_item_id))
    return lines


def _add_part(g: Gen, cat: Catalog, wo: WO, prefix: str, added_item_id: int | None) -> PL:
    part = cat.part_for(g, prefix, wo.vehicle.model)
    t = C.PART_TEMPLATES[part.template]
    for line in wo.parts:   # the same part twice on one order becomes one line
        if line.part.id == part.id and line.added_item_id == added_item_id:
            return line
    line = PL(g.ids.next("part_lines"), wo, part, g.rng.randint(*t.qty), part.price_c, added_item_id)
    wo.parts.append(line)
    return line


def _lines(g: Gen, cat: Catalog, wo: WO) -> None:
    rng = g.rng
    codes: list[str] = []
    if wo.kind == "maintenance" or (wo.kind == "internal" and rng.random() < 0.5):
        codes = ["JX0101", "JX0102"]
        opts = cat.ops_by_group["maintenance_opt"]
        codes += [C.LABOR_OPS[i][0] for i in rng.sample(opts, rng.choice((1, 2, 2, 3, 3, 4)))]
    elif wo.kind == "general":
        if rng.random() < 0.4:
            codes.append("JX0212")
        codes += [C.LABOR_OPS[i][0] for i in rng.sample(cat.ops_by_group["general"], rng.choice((1, 1, 2, 2, 3)))]
    elif wo.kind == "warranty":
        codes = ["JX0212", C.LABOR_OPS[rng.choice(cat.ops_by_group["warranty"])][0]]
    elif wo.kind == "accident":
        body = [i for i in cat.ops_by_group["body"] if C.LABOR_OPS[i][0] not in C.PAINT_OPS]
        for i in rng.sample(body, rng.randint(1, 3)):
            code = C.LABOR_OPS[i][0]
            codes.append(code)
            paint = {"BP0101": "BP0102", "BP0104": "BP0105", "BP0106": "BP0107", "BP0108": "BP0109"}.get(code)
            if paint:
                codes.append(paint)
    for code in dict.fromkeys(codes):
        _add_op(g, cat, wo, code)
    if wo.kind in ("maintenance", "general") and rng.random() < 0.8:
        _add_part(g, cat, wo, "08886", None)      # washer fluid topped up with the service
    if wo.kind == "internal" and not wo.labor:
        _add_part(g, cat, wo, "08886", None)


def _timeline(g: Gen, cat: Catalog, wo: WO) -> None:
    """Start, take, complete and QC moments, and when each part line is issued (or returned)."""
    rng = g.rng
    o = wo.opened
    expected = {"maintenance": 3 * HOUR, "general": 7 * HOUR, "accident": 4 * DAY, "warranty": 2 * DAY,
                "internal": 4 * HOUR}[wo.kind]
    promised = add_work(o, expected if expected < DAY else expected // DAY * 9 * HOUR)
    if wo.priority == "urgent":
        promised = min(promised, o + 24 * HOUR)
    wo.promised = promised
    if rng.random() < 0.02:     # cancelled before anything was issued
        wo.cancelled = in_hours(o + rng.randint(20 * MINUTE, 20 * HOUR))
        if rng.random() < 0.5:
            wo.started = o + rng.randint(5, 15) * MINUTE
            wo.cancelled = max(wo.cancelled, wo.started + 10 * MINUTE)
        return
    delay = rng.randint(10, 60) * MINUTE
    if shop_day(o) == shop_day(g.now) and rng.random() < 0.25:
        delay = rng.randint(2, 26) * HOUR      # booked, the car is not in yet: still a draft
    wo.started = in_hours(o + delay)
    wo.taken = in_hours(wo.started + rng.randint(5, 90) * MINUTE)
    if wo.kind == "accident":
        wo.times["quote_at"] = o + rng.randint(15, 50) * MINUTE
        wo.times["signed_at"] = max(wo.times["quote_at"] + 5 * MINUTE, wo.started - 5 * MINUTE)
    work = {"maintenance": (60, 150), "general": (90, 480), "accident": (480, 2400), "warranty": (120, 600),
            "internal": (30, 120)}[wo.kind]
    done = add_work(wo.taken, rng.randint(*work) * MINUTE)
    # the original lines are issued soon after the job is taken
    for line in wo.parts:
        _plan_issue(g, line, wo.taken + rng.randint(5, 40) * MINUTE, done)
    if rng.random() < 0.12:
        done = _added_item(g, cat, wo, done)
    if wo.kind == "accident" and rng.random() < 0.2:
        done = _supplement(g, cat, wo, done)
    if wo.kind == "warranty" and rng.random() < 0.3:
        done = _claim(g, wo, done)
    wo.completed = done
    if rng.random() < 0.05:
        failed = in_hours(done + rng.randint(20, 60) * MINUTE)
        done = add_work(failed, rng.randint(60, 180) * MINUTE)
        wo.qc_fail = (failed, done)
    wo.inspected = in_hours(done + rng.randint(15, 60) * MINUTE)
    for line in wo.parts:      # an unused part comes back before the job is finished
        if line.issues and line.qty >= 2 and not line.part.consumable and line.claim_arrival is None \
                and rng.random() < 0.06:
            last = max(t for t, _ in line.issues)
            line.ret = (last + max(60, (wo.completed - last) * 2 // 3), 1)


def _plan_issue(g: Gen, line: PL, at: int, before: int) -> None:
    at = min(at, before - 10 * MINUTE)
    if line.qty >= 2 and g.rng.random() < 0.08:
        first = line.qty // 2
        line.issues = [(at, first), (min(at + g.rng.randint(30, 120) * MINUTE, before - 5 * MINUTE), line.qty - first)]
    else:
        line.issues = [(at, line.qty)]


def _added_item(g: Gen, cat: Catalog, wo: WO, done: int) -> int:
    rng = g.rng
    desc, code = rng.choice(C.ADDED_ITEMS)
    item_id = g.ids.next("added_items")
    proposed = wo.taken + rng.randint(20, 90) * MINUTE
    decided = proposed + rng.randint(10, 60) * MINUTE
    state = "declined" if rng.random() < 0.2 else "confirmed"
    item = {"id": item_id, "work_order_id": wo.id, "description": desc, "proposed_by": wo.tech,
            "proposed_at": proposed, "decided": decided, "state": state,
            "consent_method": rng.choice(("phone", "phone", "in_person")), "decided_by": wo.advisor}
    wo.added.append(item)
    if state == "declined":
        return done
    lines = _add_op(g, cat, wo, code, item_id)
    done = max(done, add_work(decided, rng.randint(30, 90) * MINUTE))
    for line in lines:
        if not line.issues:
            _plan_issue(g, line, decided + rng.randint(5, 30) * MINUTE, done)
    return done


def _supplement(g: Gen, cat: Catalog, wo: WO, done: int) -> int:
    """P3: a part missed on the quote, added as revision 2 and signed again before it may be ordered."""
    rng = g.rng
    added = wo.taken + rng.randint(2, 6) * HOUR
    signed = added + rng.randint(1, 4) * HOUR
    wo.times["supplement_at"] = added
    wo.times["resigned_at"] = signed
    line = _add_part(g, cat, wo, rng.choice(("52021", "90119", "81210", "75311")), None)
    if line.issues:
        return done
    line.revision = 2
    done = max(done, add_work(signed, rng.randint(60, 180) * MINUTE))
    _plan_issue(g, line, signed + rng.randint(30, 120) * MINUTE, done)
    return done


def _claim(g: Gen, wo: WO, done: int) -> int:
    """C1-C3: the warranty part is ordered from the manufacturer; fitted when the customer comes back."""
    rng = g.rng
    candidates = [line for line in wo.parts if line.part.template not in (2, 3) and line.part.price_c > 20000]
    if not candidates:
        return done
    line = candidates[0]
    created = wo.taken + rng.randint(30, 120) * MINUTE
    signed = in_hours(created + rng.randint(1, 5) * HOUR)
    director = in_hours(signed + rng.randint(1, 6) * HOUR) if line.qty * line.price_c > 500000 else None
    ordered = in_hours((director or signed) + rng.randint(10, 120) * MINUTE)
    arrived = in_hours(ordered + rng.randint(3, 10) * DAY)
    called = in_hours(arrived + rng.randint(1, 4) * HOUR)
    late = rng.random() < 0.2
    fitted = in_hours(called + (rng.randint(16, 40) if late else rng.randint(1, 6)) * DAY)
    refunded = in_hours(fitted + rng.randint(1, 30) * HOUR)
    wo.claim = {"created": created, "signed": signed, "director": director or 0, "ordered": ordered,
                "arrived": arrived, "called": called, "fitted": fitted, "refunded": refunded, "line": line.id}
    line.claim_arrival = arrived
    line.issues = [(fitted, line.qty)]
    return max(done, add_work(fitted, rng.randint(60, 180) * MINUTE))


def _shift(wo: WO, delta: int, keep_opened: bool = False) -> None:
    def s(t: int) -> int:
        return t if t >= NEVER // 2 else t + delta

    if not keep_opened:
        wo.opened = s(wo.opened)
        wo.promised = s(wo.promised)
    wo.started, wo.taken, wo.completed, wo.inspected = s(wo.started), s(wo.taken), s(wo.completed), s(wo.inspected)
    if wo.qc_fail:
        wo.qc_fail = (s(wo.qc_fail[0]), s(wo.qc_fail[1]))
    if wo.cancelled is not None:
        wo.cancelled = s(wo.cancelled)
    wo.times = {key: s(value) for key, value in wo.times.items()}
    for item in wo.added:
        item["proposed_at"], item["decided"] = s(item["proposed_at"]), s(item["decided"])
    if wo.claim:
        wo.claim = {k: (s(v) if k not in ("line", "director") or (k == "director" and v) else v)
                    for k, v in wo.claim.items()}
    for line in wo.parts:
        line.issues = [(s(t), q) for t, q in line.issues]
        if line.ret:
            line.ret = (s(line.ret[0]), line.ret[1])
        if line.claim_arrival is not None:
            line.claim_arrival = s(line.claim_arrival)


def force_states(g: Gen, orders: list[WO]) -> list[WO]:
    """Whatever the hour, the shop shows every state: a few recent orders are moved in time so that now falls in
    the wanted phase (by whole days where possible, so they keep to opening hours). Returns the orders re-sorted
    by opening time with ids and lines following."""
    rng, now = g.rng, g.now
    big = 1 + g.spec.work_orders // 20_000
    recent = [wo for wo in orders if wo.opened > now - 4 * DAY and wo.cancelled is None and wo.claim is None]
    rng.shuffle(recent)
    kinds = {k: [wo for wo in recent if wo.kind == k] for k in KINDS}
    wants = [("draft", 3), ("started", 3), ("in_progress", 3), ("completed", 3), ("inspected", 4), ("settled", 3)]
    used: set[int] = set()
    turn = 0
    for state, count in wants:
        for _ in range(count * big):
            kind = ("general", "maintenance")[turn % 2] if state == "inspected" else KINDS[turn % len(KINDS)]
            pool = kinds[kind] or recent
            turn += 1
            wo = next((w for w in pool if w.id not in used), None)
            if wo is None:
                continue
            used.add(wo.id)
            if state == "draft":
                _shift(wo, now + rng.randint(1, 20) * HOUR - wo.started, keep_opened=True)
                continue
            final_complete = wo.qc_fail[1] if wo.qc_fail else wo.completed
            low, high = {"started": (wo.started, wo.taken), "in_progress": (wo.taken, wo.completed),
                         "completed": (final_complete, wo.inspected)}.get(state, (wo.inspected, wo.inspected + 4 * HOUR))
            m = (now - 120 - low) // DAY
            if low + m * DAY <= now - 120 < high + m * DAY:
                delta = m * DAY
            else:
                gap = max(2, high - low)
                delta = now - low - rng.randint(1, max(1, min(gap - 1, 2 * HOUR)))
            _shift(wo, delta)
            if state in ("inspected", "settled"):
                wo.hold = state
            if state == "in_progress" and wo.taken < now - 10 * MINUTE:   # F6: waiting for the customer's consent
                desc, _code = rng.choice(C.ADDED_ITEMS)
                wo.added.append({"id": g.ids.next("added_items"), "work_order_id": wo.id, "description": desc,
                                 "proposed_by": wo.tech, "proposed_at": rng.randint(wo.taken + 60, now - 60),
                                 "decided": NEVER, "state": "confirmed", "consent_method": None,
                                 "decided_by": None})
    # C3: claim parts that arrived more than 14 days ago and are still waiting for the customer
    waiting = [w for w in orders if w.kind == "warranty" and w.cancelled is None and w.id not in used
               and now - 60 * DAY < w.taken < now - 30 * DAY]
    for wo in waiting[: 2 * big]:
        if wo.claim is None:
            _claim(g, wo, wo.completed)
        if wo.claim is None:
            continue
        used.add(wo.id)
        fitted = in_hours(now + rng.randint(1, 6) * DAY)
        wo.claim["called"] = min(wo.claim["called"], now - 14 * DAY)
        wo.claim["fitted"], wo.claim["refunded"] = fitted, in_hours(fitted + rng.randint(1, 30) * HOUR)
        line = next(pl for pl in wo.parts if pl.id == wo.claim["line"])
        line.issues = [(fitted, line.qty)]
        wo.completed = add_work(fitted, rng.randint(60, 180) * MINUTE)
        wo.qc_fail = None
        wo.inspected = in_hours(wo.completed + rng.randint(15, 60) * MINUTE)
    for wo in rng.sample([w for w in orders if w.cancelled is None and w.id not in used], 2 * big):
        wo.cancelled = in_hours(wo.opened + rng.randint(20, 300) * MINUTE)
        wo.started = wo.taken = wo.completed = wo.inspected = NEVER
        wo.qc_fail, wo.claim = None, None
        wo.added = []
        for line in wo.parts:
            line.issues, line.ret, line.claim_arrival = [], None, None
    ids = sorted(wo.id for wo in orders)
    orders.sort(key=lambda w: (w.opened, w.id))
    for new_id, wo in zip(ids, orders, strict=True):
        wo.id = new_id
        wo.number = g.number("RO", month_stamp(wo.opened))
    return orders
