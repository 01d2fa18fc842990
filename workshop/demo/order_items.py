"""What goes on a planned demo work order: its operations and parts, an added item, an accident
supplement, a claim order, and when each part line is issued."""

from __future__ import annotations

from decimal import Decimal

from workshop.demo import catalog as C
from workshop.demo.context import Gen
from workshop.demo.order_shapes import ALT_OPS, LL, PL, WO, Catalog
from workshop.demo.timeline import (
    DAY,
    HOUR,
    MINUTE,
    add_work,
    in_hours,
)


def add_op(g: Gen, cat: Catalog, wo: WO, code: str, added_item_id: int | None = None) -> list[PL]:
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
    lines = [add_part(g, cat, wo, p, added_item_id) for p in prefixes]
    if code in C.PAINT_OPS:
        for p in rng.sample(C.PAINT, rng.randint(4, 6)):
            lines.append(add_part(g, cat, wo, p, added_item_id))
    return lines


def add_part(g: Gen, cat: Catalog, wo: WO, prefix: str, added_item_id: int | None) -> PL:
    part = cat.part_for(g, prefix, wo.vehicle.model)
    t = C.PART_TEMPLATES[part.template]
    for line in wo.parts:   # the same part twice on one order becomes one line
        if line.part.id == part.id and line.added_item_id == added_item_id:
            return line
    line = PL(g.ids.next("part_lines"), wo, part, g.rng.randint(*t.qty), part.price_c, added_item_id)
    wo.parts.append(line)
    return line


def plan_lines(g: Gen, cat: Catalog, wo: WO) -> None:
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
        add_op(g, cat, wo, code)
    if wo.kind in ("maintenance", "general") and rng.random() < 0.8:
        add_part(g, cat, wo, "08886", None)      # washer fluid topped up with the service
    if wo.kind == "internal" and not wo.labor:
        add_part(g, cat, wo, "08886", None)


def plan_issue(g: Gen, line: PL, at: int, before: int) -> None:
    at = min(at, before - 10 * MINUTE)
    if line.qty >= 2 and g.rng.random() < 0.08:
        first = line.qty // 2
        line.issues = [(at, first), (min(at + g.rng.randint(30, 120) * MINUTE, before - 5 * MINUTE), line.qty - first)]
    else:
        line.issues = [(at, line.qty)]


def added_item(g: Gen, cat: Catalog, wo: WO, done: int) -> int:
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
    lines = add_op(g, cat, wo, code, item_id)
    done = max(done, add_work(decided, rng.randint(30, 90) * MINUTE))
    for line in lines:
        if not line.issues:
            plan_issue(g, line, decided + rng.randint(5, 30) * MINUTE, done)
    return done


def supplement(g: Gen, cat: Catalog, wo: WO, done: int) -> int:
    """P3: a part missed on the quote, added as revision 2 and signed again before it may be ordered."""
    rng = g.rng
    added = wo.taken + rng.randint(2, 6) * HOUR
    signed = added + rng.randint(1, 4) * HOUR
    wo.times["supplement_at"] = added
    wo.times["resigned_at"] = signed
    line = add_part(g, cat, wo, rng.choice(("52021", "90119", "81210", "75311")), None)
    if line.issues:
        return done
    line.revision = 2
    done = max(done, add_work(signed, rng.randint(60, 180) * MINUTE))
    plan_issue(g, line, signed + rng.randint(30, 120) * MINUTE, done)
    return done


def claim(g: Gen, wo: WO, done: int) -> int:
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
