"""P8: the stock ledger, simulated part by part in time order: opening stock, daily deliveries when stock
falls to the minimum, issues and returns against work order lines, claim parts, moving average cost."""

from __future__ import annotations

import math
from dataclasses import dataclass

from workshop.demo.context import Gen
from workshop.demo.master import PartInfo
from workshop.demo.orders import PL, WO
from workshop.demo.timeline import DAY, HOUR, MINUTE, at_shop, month_stamp, shop_day, weekday

# move tuple: (at, part_id, kind, qty, unit_cost_c, on_hand_after, avg_cost_after_c, part_line_id, work_order_id,
#              user_id, reference, reason)
Move = tuple[int, int, str, int, int, int, int, int | None, int | None, int, str, str]


@dataclass
class PartState:
    on_hand: int = 0
    avg_c: int = 0
    min_stock: int = 0
    last_at: int | None = None


@dataclass
class Receipt:
    at: int
    part_id: int
    qty: int
    cost_c: int
    urgent: bool


def _next_delivery(t: int) -> int:
    day = shop_day(t) + 1
    while weekday(day) == 6:
        day += 1
    return at_shop(day, 10 * HOUR)


def _stocktakes(g: Gen) -> list[tuple[int, str]]:
    """The last working day of every month at 17:00 shop time, with its stocktake number (PDyymm-0001)."""
    out: list[tuple[int, str]] = []
    day = shop_day(g.start)
    today = shop_day(g.now)
    while day < today:
        nxt = day + 1
        if month_stamp(at_shop(nxt, 0)) != month_stamp(at_shop(day, 0)):
            last = day
            while weekday(last) >= 5:
                last -= 1
            t = at_shop(last, 17 * HOUR)
            out.append((t, g.number("PD", month_stamp(t))))
        day = nxt
    return out


def simulate(g: Gen, parts: list[PartInfo], orders: list[WO]) -> tuple[list[Move], dict[int, PartState], list[Receipt]]:
    """Moves sorted by time (ids follow), the final state of each part, and every receipt (for purchase orders)."""
    rng = g.rng
    events: dict[int, list[tuple[int, int, str, int, PL | None]]] = {}
    demand: dict[int, int] = {}
    biggest: dict[int, int] = {}
    for wo in orders:
        for pl in wo.parts:
            pid = pl.part.id
            bucket = events.setdefault(pid, [])
            if pl.claim_arrival is not None and pl.claim_arrival <= g.now:
                bucket.append((pl.claim_arrival, 0, "claim_receipt", pl.qty, pl))
            for at, qty in pl.issues:
                if at <= g.now:
                    bucket.append((at, 1, "issue", qty, pl))
                    if pl.claim_arrival is None:
                        demand[pid] = demand.get(pid, 0) + qty
                        biggest[pid] = max(biggest.get(pid, 0), qty)
            if pl.ret is not None and pl.ret[0] <= g.now:
                bucket.append((pl.ret[0], 2, "return", pl.ret[1], pl))
    stocktakes = _stocktakes(g)
    clerks = [g.users["parts"], g.users["parts2"]]
    days = max(1, g.spec.history_days)
    moves: list[Move] = []
    states: dict[int, PartState] = {}
    receipts: list[Receipt] = []
    opening = g.start - DAY
    drift_span = max(1, g.now - opening)
    for part in parts:
        st = PartState()
        states[part.id] = st
        rate = demand.get(part.id, 0) / days
        st.min_stock = max(math.ceil(rate * 2), biggest.get(part.id, 0)) if rate else rng.choice((0, 0, 1))
        order_qty = max(1, math.ceil(rate * 1.2), biggest.get(part.id, 0))

        def cost_at(t: int, part: PartInfo = part) -> int:
            return int(part.cost_c * (1 + 0.04 * (t - opening) / drift_span) * rng.uniform(0.98, 1.02))

        def receive(t: int, qty: int, urgent: bool, part: PartInfo = part, st: PartState = st) -> None:
            if st.last_at is not None and t <= st.last_at:
                t = st.last_at + 1
            cost = cost_at(t)
            total = st.on_hand + qty
            st.avg_c = (st.on_hand * st.avg_c + qty * cost + total // 2) // total
            st.on_hand = total
            st.last_at = t
            receipts.append(Receipt(t, part.id, qty, cost, urgent))
            moves.append((t, part.id, "receipt", qty, cost, st.on_hand, st.avg_c, None, None, rng.choice(clerks),
                          "", "紧急订货到货" if urgent else "厂家到货"))

        bucket = events.get(part.id, [])
        if bucket:   # P8: monthly stocktake differences, booked as adjustments with a reason
            bucket += [(t, 3, number, 0, None) for t, number in stocktakes if rng.random() < 0.07]
        part_events = sorted(bucket, key=lambda e: (e[0], e[1], e[4].id if e[4] else 0))
        if part_events:
            receive(opening + rng.randrange(8 * HOUR), st.min_stock + order_qty, False)
        elif rng.random() < 0.6:     # catalog parts that were stocked once and never used: dead stock
            receive(g.start + rng.randrange(max(1, g.now - g.start - DAY)), rng.randint(1, 4), False)
        pending: int | None = None
        reserved = 0
        for at, _order, kind, qty, line in part_events:
            while pending is not None and pending <= at:
                receive(pending, order_qty, False)
                pending = None
                if st.on_hand <= st.min_stock:
                    pending = _next_delivery(st.last_at or at)
            if st.last_at is not None and at <= st.last_at:
                at = st.last_at + 1
            if line is None:
                delta = 1 if st.on_hand == 0 or rng.random() < 0.4 else -1
                st.on_hand += delta
                moves.append((at, part.id, "adjust", delta, st.avg_c, st.on_hand, st.avg_c, None, None,
                              rng.choice(clerks), kind, "盘点差异：实盘" + ("多" if delta > 0 else "少") + "1"))
                st.last_at = at
                if pending is None and st.on_hand <= st.min_stock:
                    pending = _next_delivery(at)
                continue
            wo_id = line.wo.id
            if kind == "claim_receipt":
                cost = part.cost_c
                total = st.on_hand + qty
                st.avg_c = (st.on_hand * st.avg_c + qty * cost + total // 2) // total
                st.on_hand = total
                reserved += qty
                moves.append((at, part.id, kind, qty, cost, st.on_hand, st.avg_c, line.id, wo_id, rng.choice(clerks),
                              "", f"索赔件到货，预留给工单 {line.wo.number}"))
            elif kind == "issue":
                claim_line = line.claim_arrival is not None
                free = st.on_hand - (0 if claim_line else reserved)   # claim parts wait for their own line
                if free < qty:
                    receive(max(at - rng.randint(10, 50) * MINUTE, (st.last_at or at - HOUR) + 1),
                            max(order_qty, qty - free), True)
                    at = max(at, (st.last_at or at) + 1)
                if claim_line:
                    reserved -= qty
                st.on_hand -= qty
                line.cost_c += qty * st.avg_c
                if line.first_full is None:
                    line.first_full = qty >= line.qty
                line.issued += qty
                moves.append((at, part.id, "internal" if line.wo.kind == "internal" else "issue", -qty, st.avg_c,
                              st.on_hand, st.avg_c, line.id, wo_id, rng.choice(clerks), line.wo.number,
                              line.wo.dept or ""))
            else:
                unit = line.cost_c // max(1, line.issued)
                total = st.on_hand + qty
                st.avg_c = (st.on_hand * st.avg_c + qty * unit + total // 2) // total
                st.on_hand = total
                line.cost_c -= qty * unit
                line.issued -= qty
                line.returned += qty
                moves.append((at, part.id, "return", qty, unit, st.on_hand, st.avg_c, line.id, wo_id,
                              rng.choice(clerks), line.wo.number, "未使用，实物已退回"))
            st.last_at = at
            if pending is None and st.on_hand <= st.min_stock and line.claim_arrival is None:
                pending = _next_delivery(at)
        if pending is not None and pending <= g.now:
            receive(pending, order_qty, False)
    moves.sort(key=lambda m: (m[0], m[1]))
    return moves, states, receipts
