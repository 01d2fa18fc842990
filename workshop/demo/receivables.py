"""Account customers (M3) and receivables (M5) over the demo's history, in the shape the services write.

- the busiest logistics companies among the customers (30, one per name) are accounts (挂账单位) with a limit the
  director set; what they had repaired in the last five weeks left on account (the pass says so) and is not
  paid yet;
- every settled accident order bills its insurer, every warranty order its manufacturer; the older the bill,
  the further it went: paid after approval mostly, some approved and waiting, some rejected — billed to the
  customer (and paid by transfer) or written off with the director's approval — and the recent ones billed.
  Nothing older than half a year is still open: the cashier chases the insurers, so the open bills (and the
  aging that sums them) do not grow with the years of history."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from workshop.demo import catalog as C
from workshop.demo.context import Gen
from workshop.demo.money import _charge_lines, _day
from workshop.demo.orders import WO
from workshop.demo.timeline import DAY, HOUR, dtn, month_stamp
from workshop.domain.money import money
from workshop.domain.payers import split_by_payer

ON_ACCOUNT_DAYS = 35
ACCOUNTS = 30  # a shop keeps a few dozen fleets on account, not every company that ever came
SETTLED_WITHIN_DAYS = 180  # every older bill was paid, billed to the customer or written off


def _accounts(g: Gen, orders: list[WO]) -> None:
    visits: dict[int, int] = {}
    for wo in orders:
        visits[wo.vehicle.customer_id] = visits.get(wo.vehicle.customer_id, 0) + 1
    by_name: dict[str, dict[str, Any]] = {}  # one account per company name: the customer with the most visits
    for row in g.rows["customers"]:
        if row["name"].endswith("有限公司") and row["name"] != C.SHOP_NAME:  # not the shop's own
            kept = by_name.get(row["name"])
            if kept is None or visits.get(row["id"], 0) > visits.get(kept["id"], 0):
                by_name[row["name"]] = row
    chosen = sorted(by_name.values(), key=lambda row: (-visits.get(row["id"], 0), row["id"]))[:ACCOUNTS]
    companies = {row["id"]: row for row in chosen}
    if not companies:
        return
    director = g.users["director"]
    by_wo: dict[int, list[dict[str, Any]]] = {}
    for p in g.rows.get("payments", []):
        by_wo.setdefault(p["work_order_id"], []).append(p)
    unpaid: set[int] = set()
    owed: dict[int, Decimal] = {}
    for wo in orders:
        cid = wo.vehicle.customer_id
        if cid not in companies or wo.delivered > g.now or g.now - wo.delivered > ON_ACCOUNT_DAYS * DAY:
            continue
        paid = by_wo.get(wo.id, [])
        if not paid or any(p["method"] == "cash" for p in paid):
            continue  # cash passed through a closed drawer: it stays paid
        unpaid.add(wo.id)
        owed[cid] = owed.get(cid, Decimal(0)) + sum((Decimal(p["amount"]) for p in paid), Decimal(0))
    g.rows["payments"] = [p for p in g.rows.get("payments", []) if p["work_order_id"] not in unpaid]
    for gp in g.rows.get("gate_passes", []):
        if gp["work_order_id"] in unpaid:
            gp["basis"] = "account"
    for cid in companies:
        need = owed.get(cid, Decimal(0)) * Decimal("1.5")
        limit = max(Decimal(20000), (need / 10000).to_integral_value() * 10000 + 10000)
        g.add("account_customers", {"customer_id": cid, "credit_limit": limit, "active": True, "set_by": director,
                                    "set_at": dtn(g.start - 30 * DAY)})


def _event(g: Gen, rid: int, action: str, amount: Decimal, at: int, by: int, reason: str = "",
           reference: str = "", approval_id: int | None = None) -> None:
    g.add("receivable_events", {"id": g.ids.next("receivable_events"), "receivable_id": rid, "action": action,
                                "amount": amount, "reason": reason, "reference": reference, "at": dtn(at),
                                "by": by, "approval_id": approval_id})


def _receivable(g: Gen, wo: WO, payer: str, name: str, amount: Decimal, forced: list[str]) -> None:
    rng = g.rng
    cashier, director = g.users["cashier"], g.users["director"]
    rid = g.ids.next("receivables")
    age = (g.now - wo.settled) // DAY
    roll = rng.random()
    if age > 20 and forced:  # the oldest bills show every ending, even in the small demo
        plan = forced.pop()
    elif age > SETTLED_WITHIN_DAYS:  # a shop chases its bills: after half a year none is left open
        plan = "paid" if roll < 0.88 else "rebilled" if roll < 0.94 else "written_off"
    elif age > 60:
        plan = "paid" if roll < 0.84 else "rebilled" if roll < 0.9 else "written_off" if roll < 0.94 else \
            "approved" if roll < 0.98 else "rejected"
    elif age > 20:
        plan = "paid" if roll < 0.55 else "approved" if roll < 0.85 else "billed" if roll < 0.95 else "rejected"
    else:
        plan = "billed" if roll < 0.7 else "approved" if roll < 0.95 else "paid"
    row = {"id": rid, "work_order_id": wo.id, "payer": payer, "payer_name": name, "amount": amount,
           "approved_amount": None, "paid_amount": Decimal(0), "rebilled_amount": Decimal(0), "state": "billed",
           "reason": "", "billed_at": dtn(wo.settled), "version": 1}
    g.add("receivables", row)
    _event(g, rid, "billed", amount, wo.settled, cashier)
    step = max(1, min(age, 40)) * DAY // 3
    t = wo.settled + step
    if plan in ("approved", "paid"):
        approved = amount if rng.random() < 0.85 else money(amount * Decimal("0.95"))
        row.update(state="approved", approved_amount=approved, version=2)
        _event(g, rid, "approved", approved, t, cashier)
        if plan == "paid":
            row.update(state="paid", paid_amount=approved, version=3)
            _event(g, rid, "paid", approved, t + step, cashier, reference=f"HK{rng.randrange(10**9, 10**10)}")
        return
    if plan == "billed":
        return
    reason = rng.choice(("超出保险责任范围", "定损照片不全", "非质量原因损坏", "超过索赔时限"))
    row.update(state="rejected", reason=reason, version=2)
    _event(g, rid, "rejected", amount, t, cashier, reason=reason)
    if plan == "rebilled":
        row.update(state="rebilled", rebilled_amount=amount, version=3)
        _event(g, rid, "rebilled", amount, t + HOUR, cashier, reason=reason)
        paid_at = t + step
        g.add("payments", {
            "id": g.ids.next("payments"), "receipt_no": g.number("SK", month_stamp(paid_at)), "work_order_id": wo.id,
            "kind": "payment", "method": "transfer", "amount": amount, "tendered": None, "change": Decimal(0),
            "reference": f"{rng.randrange(10**11, 10**12)}", "deposit_id": None, "voids_id": None,
            "business_day": _day(paid_at), "at": dtn(paid_at), "cashier_id": cashier, "reason": "",
            "approved_by": None})
    elif plan == "written_off":
        aid = g.ids.next("approvals")
        details = {"receivable_id": rid, "payer": payer, "payer_name": name, "amount": str(amount),
                   "rejected_reason": reason}
        g.add("approvals", {
            "id": aid, "kind": "write_off", "state": "approved", "work_order_id": wo.id, "claim_order_id": None,
            "required_role": "service_director", "requested_by": cashier, "requested_at": dtn(t + HOUR),
            "reason": "多次补充材料仍被拒付", "details": json.dumps(details, ensure_ascii=False),
            "decided_by": director, "decided_at": dtn(t + 2 * HOUR), "decision_reason": "同意核销"})
        row.update(state="written_off", version=3)
        _event(g, rid, "written_off", amount, t + 2 * HOUR, director, reason="多次补充材料仍被拒付", approval_id=aid)


def accounts_and_receivables(g: Gen, orders: list[WO]) -> None:
    _accounts(g, orders)
    rows = {row["id"]: row for row in g.rows["work_orders"]}
    terms = {row["work_order_id"]: row for row in g.rows.get("payer_terms", [])}
    brands = {row["id"]: row["brand"] for row in g.rows["vehicles"]}
    charged = None
    forced = ["rejected", "written_off", "rebilled"]
    for wo in orders:
        if wo.settled > g.now or Decimal(rows[wo.id]["total"]) <= 0:
            continue
        if wo.kind == "accident" and wo.id in terms:
            t = terms[wo.id]
            amount = money(min(Decimal(rows[wo.id]["total"]), Decimal(t["assessed_amount"])) - Decimal(t["deductible"]))
            if amount > 0:
                _receivable(g, wo, "insurer", t["insurer"], amount, forced)
        elif wo.kind == "warranty":
            charged = charged if charged is not None else _charge_lines(g)
            split = split_by_payer("warranty", rows[wo.id]["charging_mode"], charged.get(wo.id, []),
                                   Decimal(rows[wo.id]["total"]), None)
            if split.manufacturer > 0:
                _receivable(g, wo, "manufacturer", f"{brands.get(wo.vehicle.id, '')}厂家", split.manufacturer,
                            forced)
