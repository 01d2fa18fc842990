"""Around the work orders: return visits (Q1), complaints (Q2), tool loans (T2, T3), purchase orders and
self-purchases (P5), the numbers of claims and deposits, and the final part rows (P8)."""

from __future__ import annotations

from decimal import Decimal

from workshop.demo import catalog as C
from workshop.demo.context import Gen
from workshop.demo.ledger import PartState, Receipt
from workshop.demo.master import PartInfo
from workshop.demo.orders import NEVER, WO
from workshop.demo.timeline import DAY, HOUR, MINUTE, dt, dtn, end_of_day, in_hours, month_stamp, shop_day
from workshop.domain.clock import add_working_days
from workshop.domain.kind_policy import policy_of


def return_visits(g: Gen, orders: list[WO]) -> None:
    rng = g.rng
    cs = g.users["cs"]
    for wo in orders:
        if wo.delivered > g.now or not policy_of(wo.kind).customer_work:  # the shop's own cars: no visit (Q1)
            continue
        done = wo.closed <= g.now
        g.add("return_visits", {
            "id": g.ids.next("return_visits"), "work_order_id": wo.id, "due_at": dtn(wo.delivered + 3 * DAY),
            "done_at": dt(wo.closed) if done else None, "done_by": cs if done else None,
            "result": rng.choice(C.VISIT_RESULTS) if done else "",
            "score": rng.choices((5, 4, 3, 2, 1), (70, 20, 7, 2, 1))[0] if done else None})


def complaints(g: Gen, orders: list[WO]) -> None:
    rng = g.rng
    delivered = [wo for wo in orders if wo.delivered <= g.now - HOUR]
    if not delivered:
        return
    recent = [wo for wo in delivered if wo.delivered > g.now - 10 * DAY] or delivered
    count = max(8, len(orders) * 12 // 1000)
    chosen: list[tuple[int, WO]] = []
    for i in range(count):
        wo = rng.choice(recent if i % 5 < 2 else delivered)
        received = min(wo.delivered + rng.randint(1, 120) * HOUR, g.now - rng.randint(1, 48) * HOUR)
        chosen.append((max(received, wo.delivered + MINUTE), wo))
    chosen.sort(key=lambda c: (c[0], c[1].id))
    cs = g.users["cs"]
    for received, wo in chosen:
        cid = g.ids.next("complaints")
        handled = received + rng.randint(2, 30) * HOUR
        verified = in_hours(handled + rng.randint(12, 60) * HOUR)
        fed_back = in_hours(verified + rng.randint(4, 24) * HOUR)
        archived = in_hours(fed_back + rng.randint(1, 3) * DAY)
        # (step as the quality service records it, the state it leads to, when, note)
        steps = [("accept", "accepted", received, "已受理"), ("handle", "handled", handled, "已联系客户并安排处理"),
                 ("verify", "verified", verified, "处理结果已核实"), ("feedback", "fed_back", fed_back, "已向客户反馈"),
                 ("archive", "archived", archived, "归档")]
        past = [s for s in steps if s[2] <= g.now]
        at_of = {s[1]: s[2] for s in past}
        g.add("complaints", {
            "id": cid, "number": g.number("TS", month_stamp(received)), "customer_id": wo.vehicle.customer_id,
            "work_order_id": wo.id, "content": rng.choice(C.COMPLAINTS), "received_at": dtn(received),
            "received_by": cs, "state": past[-1][1], "answer_due": dtn(received + DAY),
            "verify_due": add_working_days(dtn(received), 3), "answered_at": dt(at_of.get("handled")),
            "verified_at": dt(at_of.get("verified")), "closed_at": dt(at_of.get("archived"))})
        for step, _state, at, note in past:
            g.add("complaint_steps", {"id": g.ids.next("complaint_steps"), "complaint_id": cid, "step": step,
                                      "note": note, "at": dtn(at), "user_id": cs})


def tool_loans(g: Gen, orders: list[WO]) -> None:
    """Loans in time order; a tool out cannot be lent again. A few are out now, some overdue, one lost."""
    rng = g.rng
    tools = g.rows["tools"]
    clerks = [g.users["parts"], g.users["parts2"]]
    wanted: list[tuple[int, int, int, int | None, str]] = []   # (lent, back or NEVER, borrower, wo, special)
    for wo in orders:
        if wo.kind in ("general", "warranty", "accident") and wo.taken <= g.now and rng.random() < 0.15:
            lent = wo.taken + rng.randint(10, 60) * MINUTE
            wanted.append((lent, lent + rng.randint(30, 240) * MINUTE, wo.tech, wo.id, ""))
    techs = [u for team in sorted(g.team_techs) for u in g.team_techs[team]]
    wanted.append((g.now - 25 * DAY, NEVER, rng.choice(techs), None, "lost"))
    for days in (1, 2, 4):
        wanted.append((in_hours(g.now - days * DAY), NEVER, rng.choice(techs), None, "overdue"))
    wanted.sort(key=lambda w: (w[0], w[2]))
    free_at = [0] * len(tools)
    for lent, back, borrower, wo_id, special in wanted:
        if lent > g.now:
            continue
        free = [i for i in range(len(tools)) if free_at[i] <= lent]
        if not free:
            continue
        i = rng.choice(free)
        open_loan = back > g.now
        free_at[i] = NEVER if open_loan else back
        loan_id = g.ids.next("tool_loans")
        g.add("tool_loans", {
            "id": loan_id, "tool_id": tools[i]["id"], "borrower_id": borrower, "lent_by": rng.choice(clerks),
            "lent_at": dtn(lent), "due_at": dtn(end_of_day(lent)), "returned_at": None if open_loan else dtn(back),
            "returned_to": None if open_loan else rng.choice(clerks), "work_order_id": wo_id})
        if open_loan:
            tools[i]["state"] = "lost" if special == "lost" else "out"
        if special == "lost":
            g.add("tool_charges", {"id": g.ids.next("tool_charges"), "tool_id": tools[i]["id"], "loan_id": loan_id,
                                   "user_id": borrower, "kind": "charge", "amount": tools[i]["original_price"],
                                   "at": dtn(lent + 7 * DAY), "recorded_by": g.users["parts"],
                                   "note": "工具遗失，按原价赔偿"})
            tools[i]["version"] = 2


def number_claims(g: Gen) -> dict[int, str]:
    """Claim and deposit numbers in time order. Returns work order line id -> claim number (move references)."""
    claims = sorted(g.rows.get("claim_orders", []), key=lambda r: (r["_at"], r["id"]))
    for row in claims:
        row["number"] = g.number("CL", month_stamp(row.pop("_at")))
    number_of = {row["id"]: row["number"] for row in claims}
    for row in g.rows.get("approvals", []):
        claim = row.pop("_claim", None)
        if claim is not None:
            row["reason"] = f"索赔订货单 {number_of[claim]} 签字（{'车间经理' if row['kind'] == 'claim_manager' else '服务总监'}）"
    deposits = sorted(g.rows.get("deposits", []), key=lambda r: (r["_at"], r["id"]))
    for row in deposits:
        row["receipt_no"] = g.number("DJ", month_stamp(row.pop("_at")))
    return {row["part_line_id"]: number_of[row["claim_order_id"]] for row in g.rows.get("claim_order_lines", [])}


def purchase_orders(g: Gen, receipts: list[Receipt]) -> dict[tuple[int, int], str]:
    """One manufacturer order per delivery day; urgent buys are self-purchases with three quotes (P5).
    Returns (part id, receipt time) -> order number, for the moves' reference."""
    rng = g.rng
    suppliers = g.rows["suppliers"]
    maker = suppliers[0]["id"]
    locals_ = suppliers[1:]
    refs: dict[tuple[int, int], str] = {}
    by_day: dict[int, list[Receipt]] = {}
    for r in sorted(receipts, key=lambda r: (r.at, r.part_id)):
        if r.at < g.start:
            continue
        if r.urgent and rng.random() < 0.15:
            po_id = g.ids.next("purchase_orders")
            number = g.number("PO", month_stamp(r.at))
            sup = rng.choice(locals_)
            g.add("purchase_orders", {"id": po_id, "number": number, "supplier_id": sup["id"], "state": "received",
                                      "is_self_purchase": True, "work_order_id": None, "created_by": g.users["parts"],
                                      "created_at": dtn(r.at - 20 * MINUTE)})
            g.add("purchase_order_lines", {"id": g.ids.next("purchase_order_lines"), "purchase_order_id": po_id,
                                           "part_id": r.part_id, "quantity": Decimal(r.qty),
                                           "unit_cost": Decimal(r.cost_c) / 100, "received_qty": Decimal(r.qty),
                                           "quote_line_id": None})
            sp_id = g.ids.next("self_purchases")
            g.add("self_purchases", {"id": sp_id, "part_id": r.part_id, "quantity": Decimal(r.qty),
                                     "choice_reason": "", "purchase_order_id": po_id, "created_by": g.users["parts"],
                                     "created_at": dtn(r.at - 30 * MINUTE)})
            others = [s for s in locals_ if s["id"] != sup["id"]]
            for j, s in enumerate([sup, *rng.sample(others, 2)]):
                price = r.cost_c if j == 0 else r.cost_c + rng.randint(1, max(2, r.cost_c // 10))
                g.add("supplier_quotes", {"id": g.ids.next("supplier_quotes"), "self_purchase_id": sp_id,
                                          "supplier_name": s["name"], "unit_price": Decimal(price) / 100,
                                          "chosen": j == 0})
            refs[(r.part_id, r.at)] = number
        else:
            by_day.setdefault(shop_day(r.at), []).append(r)
    for _day, day_receipts in by_day.items():
        first = day_receipts[0].at
        po_id = g.ids.next("purchase_orders")
        number = g.number("PO", month_stamp(first - DAY))
        g.add("purchase_orders", {"id": po_id, "number": number, "supplier_id": maker, "state": "received",
                                  "is_self_purchase": False, "work_order_id": None, "created_by": g.users["parts"],
                                  "created_at": dtn(first - DAY)})
        for r in day_receipts:
            g.add("purchase_order_lines", {"id": g.ids.next("purchase_order_lines"), "purchase_order_id": po_id,
                                           "part_id": r.part_id, "quantity": Decimal(r.qty),
                                           "unit_cost": Decimal(r.cost_c) / 100, "received_qty": Decimal(r.qty),
                                           "quote_line_id": None})
            refs[(r.part_id, r.at)] = number
    return refs


def part_rows(g: Gen, parts: list[PartInfo], states: dict[int, PartState]) -> None:
    for p in parts:
        st = states[p.id]
        row = dict(p.row)
        row.update({"on_hand": Decimal(st.on_hand), "avg_cost": Decimal(st.avg_c or p.cost_c) / 100,
                    "min_stock": Decimal(st.min_stock), "last_move_at": dt(st.last_at)})
        g.add("parts", row)

