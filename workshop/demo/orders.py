"""Work orders up to QC: arrivals, kinds, vehicles, lines, added items, quotes, claim plans and issue plans."""

from __future__ import annotations

from workshop.demo import catalog as C
from workshop.demo.context import Gen
from workshop.demo.master import VehicleInfo, in_warranty
from workshop.demo.order_items import added_item, claim, plan_issue, plan_lines, supplement
from workshop.demo.order_shapes import KIND_WEIGHTS, KINDS, LL, NEVER, PL, WO, Catalog
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

__all__ = ["LL", "NEVER", "PL", "WO", "Catalog", "arrivals", "force_states", "plan_orders"]


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
        plan_lines(g, cat, wo)
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
        plan_issue(g, line, wo.taken + rng.randint(5, 40) * MINUTE, done)
    if rng.random() < 0.12:
        done = added_item(g, cat, wo, done)
    if wo.kind == "accident" and rng.random() < 0.2:
        done = supplement(g, cat, wo, done)
    if wo.kind == "warranty" and rng.random() < 0.3:
        done = claim(g, wo, done)
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
            claim(g, wo, wo.completed)
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
