"""Money at the counter over the demo's whole history (M1, M2, M4, M6), in the shape the cashier's services write:
the insurer's terms of accident orders, the customer's payments (several methods, part cash part WeChat, cash
with change), the gate pass of every delivered car, and every past day closed
with the cash counted. Half the orders settled in the last hours still wait at the cashier."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal

from workshop.demo.context import Gen
from workshop.demo.orders import WO
from workshop.demo.timeline import DAY, HOUR, MINUTE, SHOP_OFFSET, dtn, month_stamp, shop_day
from workshop.domain.clock import to_shop
from workshop.domain.money import money
from workshop.domain.payers import ChargeLine, split_by_payer

METHODS = (("wechat", 40), ("alipay", 20), ("card", 20), ("cash", 15), ("transfer", 5))
CENT = Decimal("0.01")


def _day(t: int) -> date:
    return date.fromordinal(date(1970, 1, 1).toordinal() + shop_day(t))


def _start_of(day: date) -> int:
    """The epoch second at 00:00 in the shop of the day."""
    return (day.toordinal() - date(1970, 1, 1).toordinal()) * DAY - SHOP_OFFSET


def _pay(g: Gen, wo_id: int, amount: Decimal, at: int, cashier: int, cash_days: dict[date, Decimal]) -> None:
    rng = g.rng
    method = rng.choices([m for m, _ in METHODS], [w for _, w in METHODS])[0]
    receipt = g.number("SK", month_stamp(at))
    day = _day(at)
    parts = [(method, amount)]
    if amount > 500 and rng.random() < 0.15:  # part cash, part WeChat
        cash = Decimal(rng.randrange(1, int(amount) // 100 + 1) * 100).min(amount - 1)
        parts = [("cash", cash), ("wechat", amount - cash)]
    for m, a in parts:
        tendered = (a / 100).to_integral_value(rounding=ROUND_CEILING) * 100 if m == "cash" else None
        g.add("payments", {
            "id": g.ids.next("payments"), "receipt_no": receipt, "work_order_id": wo_id, "kind": "payment",
            "method": m, "amount": a, "tendered": tendered, "change": (tendered - a) if tendered is not None else
            Decimal(0), "reference": "" if m == "cash" else f"{rng.randrange(10**11, 10**12)}", "deposit_id": None,
            "voids_id": None, "business_day": day, "at": dtn(at), "cashier_id": cashier, "reason": "",
            "approved_by": None})
        if m == "cash":
            cash_days[day] = cash_days.get(day, Decimal(0)) + a


def _charge_lines(g: Gen) -> dict[int, list[ChargeLine]]:
    """M1: each work order's charged lines as the product's payer split reads them (confirmed added items only;
    a warranty line is covered unless it belongs to an added item, or its part was claimed)."""
    confirmed = {row["id"] for row in g.rows.get("added_items", []) if row["state"] == "confirmed"}
    claimed = {row["part_line_id"] for row in g.rows.get("claim_order_lines", [])}
    out: dict[int, list[ChargeLine]] = {}
    for row in g.rows.get("labor_lines", []):
        added = row["added_item_id"]
        if added is None or added in confirmed:
            out.setdefault(row["work_order_id"], []).append(ChargeLine(
                f"L{row['id']}", row["description"], money(Decimal(row["hours"]) * Decimal(row["rate"])),
                added is None))
    for row in g.rows.get("part_lines", []):
        added = row["added_item_id"]
        if added is None or added in confirmed:
            out.setdefault(row["work_order_id"], []).append(ChargeLine(
                f"P{row['id']}", "", money(Decimal(row["quantity"]) * Decimal(row["unit_price"])),
                added is None or row["id"] in claimed))
    return out


def money_at_the_counter(g: Gen, orders: list[WO]) -> None:
    rng = g.rng
    charged = _charge_lines(g)
    cashier = g.users["cashier"]
    rows = {row["id"]: row for row in g.rows["work_orders"]}
    insurers = {row["work_order_id"]: row["insurer"] for row in g.rows.get("quotes", [])}
    cash_days: dict[date, Decimal] = {}
    for wo in orders:
        row = rows[wo.id]
        if wo.settled > g.now or row["total"] <= 0:
            continue
        total = Decimal(row["total"])
        if wo.kind == "accident":  # the insurer pays up to its assessment; the deductible is the customer's
            deductible = Decimal(rng.choice((0, 0, 300, 500, 1000))).min(total)
            g.add("payer_terms", {"work_order_id": wo.id, "insurer": insurers.get(wo.id, "平安保险"),
                                  "assessed_amount": total, "deductible": deductible, "set_by": wo.advisor,
                                  "set_at": dtn(wo.settled - DAY)})
            owed = deductible
        else:  # the customer's part of the bill, as the cashier's screen computes it
            owed = split_by_payer(wo.kind, row["charging_mode"], charged.get(wo.id, []), total, None).customer
        leaves = wo.delivered if wo.delivered <= g.now else None
        if owed > 0:
            latest = min(leaves or g.now, g.now)
            if leaves is None and rng.random() < 0.5:
                continue  # waiting at the cashier now
            at = min(wo.settled + rng.randint(3, 40) * MINUTE, latest)
            _pay(g, wo.id, owed, at, cashier, cash_days)
        if leaves is not None:
            issued = min(wo.settled + rng.randint(45, 90) * MINUTE, leaves)
            g.add("gate_passes", {"id": g.ids.next("gate_passes"), "code": g.number("FX", month_stamp(issued)),
                                  "work_order_id": wo.id, "issued_at": dtn(issued), "issued_by": cashier,
                                  "basis": "paid" if owed > 0 else "nothing_owed", "used_at": dtn(leaves),
                                  "used_by": cashier})
    for dep in g.rows.get("deposits", []):  # the claim deposits in cash pass through the same drawer
        if dep["method"] == "cash":
            day = to_shop(dep["received_at"]).date()
            cash_days[day] = cash_days.get(day, Decimal(0)) + Decimal(dep["amount"])
        if dep.get("refunded_at") is not None and dep.get("refund_method") == "cash":
            day = to_shop(dep["refunded_at"]).date()
            cash_days[day] = cash_days.get(day, Decimal(0)) - Decimal(dep["refunded_amount"])
    today = _day(g.now)
    first = min((p["business_day"] for p in g.rows.get("payments", [])), default=today)
    day = first
    while day < today:  # every past day closed in order; now and then a counted difference with its reason
        expected = cash_days.get(day, Decimal(0)).quantize(CENT)
        off = Decimal(rng.choice((0,) * 30 + (-10, 5, -2)))
        g.add("day_closes", {"id": g.ids.next("day_closes"), "business_day": day, "expected_cash": expected,
                             "counted_cash": expected + off, "difference": off,
                             "reason": "" if off == 0 else "找零差错，已登记", "closed_by": cashier,
                             "closed_at": dtn(_start_of(day) + 19 * HOUR)})
        day = date.fromordinal(day.toordinal() + 1)
