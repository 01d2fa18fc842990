"""Work orders from QC on: discounts and approvals, settlement figures (A5), delivery, and the rows to write."""

from __future__ import annotations

import json
from decimal import Decimal

from workshop.demo import catalog as C
from workshop.demo.context import Gen
from workshop.demo.orders import NEVER, WO
from workshop.demo.timeline import DAY, HOUR, MINUTE, dt, dtn, in_hours, week_start_epoch
from workshop.domain.discount_policy import PolicyLimits, discount_rule
from workshop.domain.kind_policy import PAYER_OF_KIND, policy_of
from workshop.domain.margin import discounted_total, gross_margin, labor_cost
from workshop.domain.return_visit import INTERNAL_CLOSE_NOTE
from workshop.domain.roles import Role
from workshop.domain.work_order import Kind
from workshop.services.limits import DEFAULTS as LIMIT_DEFAULTS


def _limits(key: str) -> dict[Role, Decimal]:
    return {role: value for (role, k), value in LIMIT_DEFAULTS.items() if k == key}


DEMO_LIMITS = PolicyLimits(max_discount_pct=_limits("max_discount_pct"),
                           discounts_per_week={r: int(v) for r, v in _limits("discounts_per_week").items()},
                           approve_up_to_pct=_limits("approve_up_to_pct"))

COST_RATES = {"机修": Decimal("45.00"), "钣喷": Decimal("55.00")}
AFTER_COMPLETE = ("completed", "inspected", "settled", "delivered", "closed")
SETTLED = ("settled", "delivered", "closed")


def _c(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _approval(g: Gen, kind: str, role: str, wo_id: int | None, claim_id: int | None, by: int, at: int,
              reason: str, details: dict[str, object], decided_by: int, decided: int, refused: bool = False) -> int:
    aid = g.ids.next("approvals")
    done = decided <= g.now
    g.add("approvals", {
        "id": aid, "kind": kind, "state": ("refused" if refused else "approved") if done else "pending",
        "work_order_id": wo_id, "claim_order_id": claim_id, "required_role": role, "requested_by": by,
        "requested_at": dtn(at), "reason": reason, "details": json.dumps(details, ensure_ascii=False),
        "decided_by": decided_by if done else None, "decided_at": dtn(decided) if done else None,
        "decision_reason": ("超出本周优惠次数或比例，不予批准" if refused else "同意") if done else ""})
    return aid


def finish_orders(g: Gen, orders: list[WO]) -> None:
    rng = g.rng
    lead = g.users["lead"]
    lead_week: dict[int, int] = {}
    for i, wo in enumerate(orders):
        if i % 2000 == 0:
            g.report(1, i, len(orders))
        labor_c = sum(ll.hours_c * ll.rate_c // 100 for ll in wo.labor)
        parts_c = sum(pl.issued * pl.price_c for pl in wo.parts)
        parts_cost_c = sum(pl.cost_c for pl in wo.parts)
        gross = _c(labor_c + parts_c)
        hours = [(ll.team, Decimal(ll.hours_c) / 100) for ll in wo.labor]
        lab_cost = labor_cost(hours, COST_RATES, COST_RATES["机修"])
        pct = Decimal(0)
        reason = ""
        not_before = 0
        inspected = wo.inspected if wo.cancelled is None else NEVER
        hold = wo.hold
        if inspected <= g.now and wo.kind in ("general", "maintenance"):
            currently = hold == "inspected"
            if rng.random() < 0.08 or currently:
                want = Decimal(rng.choice((5, 5, 8, 10, 10, 10, 15, 20, 25)))
                reason = rng.choice(C.DISCOUNT_REASONS)
                asked = min(inspected + 5 * MINUTE, g.now - 30)
                week = week_start_epoch(asked)
                needs = want > 10 or lead_week.get(week, 0) >= 5
                approval_id = None
                if needs or currently:
                    role = "workshop_manager" if want <= 20 else "service_director"
                    decider = g.users["manager" if role == "workshop_manager" else "director"]
                    decided = NEVER if currently else asked + rng.randint(10, 90) * MINUTE
                    refused = rng.random() < 0.15
                    off = (gross * want / 100).quantize(Decimal("0.01"))
                    after = gross_margin(gross - off, _c(parts_cost_c), lab_cost).margin_pct
                    details: dict[str, object] = {  # the shape the approvals service writes (workshop.services.approvals._numbers)
                        "pct": str(want), "amount": "0", "pct_of_gross": str(want), "discount": str(off),
                        "gross": str(gross), "total_after": str(gross - off),
                        "margin_pct_after": None if after is None else str(after),
                        "week_count_before": lead_week.get(week, 0),
                        "limits": {}}
                    rule_zh, rule_en = discount_rule(  # the exact rule, as the approvals service words it
                        DEMO_LIMITS, [Role.FRONT_DESK_LEAD] if wo.advisor == lead else [Role.ADVISOR],
                        lead_week.get(week, 0), want, Role(role))
                    details.update(policy_zh=rule_zh, policy_en=rule_en, rule_zh=rule_zh, rule_en=rule_en)
                    approval_id = _approval(g, "discount", role, wo.id, None, wo.advisor, asked, reason, details,
                                            decider, decided, refused)
                    not_before = decided + 5 * MINUTE
                    if decided > g.now or refused:
                        want = Decimal(0)
                if want:
                    pct = want
                    giver = wo.advisor if approval_id else lead
                    if approval_id is None:
                        lead_week[week] = lead_week.get(week, 0) + 1
                    g.add("discount_grants", {
                        "id": g.ids.next("discount_grants"), "work_order_id": wo.id, "advisor_id": giver,
                        "week_start": dtn(week), "pct": pct, "amount": (gross * pct / 100).quantize(Decimal("0.01")),
                        "reason": reason, "at": dtn(max(asked, not_before - 5 * MINUTE)), "approval_id": approval_id,
                        "active": True})
        total = discounted_total(_c(labor_c), _c(parts_c), pct, Decimal(0))
        margin = gross_margin(total, _c(parts_cost_c), lab_cost)
        if wo.kind == "accident" and inspected <= g.now and margin.margin_pct is not None and margin.margin_pct < 30:
            asked = min(inspected + 10 * MINUTE, g.now - 20)
            decided = asked + rng.randint(1, 4) * HOUR
            if hold == "inspected":
                decided = NEVER
            _approval(g, "accident_margin", "service_director", wo.id, None, wo.advisor, asked,
                      "保险公司定损价格偏低，配件成本高",
                      {"margin_pct": str(margin.margin_pct), "revenue": str(total), "parts_cost": str(margin.parts_cost),
                       "labor_cost": str(margin.labor_cost), "gross_profit": str(margin.gross_profit),
                       "floor_pct": "30", "policy_zh": "毛利率低于 30%，需服务总监审批。",
                       "policy_en": "Margin below 30%: the service director approves.", "limits": {}},
                      g.users["director"], decided)
            not_before = max(not_before, decided + 5 * MINUTE)
        if inspected < NEVER:
            wo.settled = max(in_hours(inspected + rng.randint(20, 180) * MINUTE), not_before)
            if hold == "inspected":
                wo.settled = NEVER
            elif hold == "settled":
                wo.settled = rng.randint(min(inspected + 60, g.now - 60), g.now - 60)
            if wo.settled < NEVER // 2:
                wo.delivered = wo.settled + rng.randint(5, 30) * MINUTE
                if hold == "settled":
                    wo.delivered = g.now + rng.randint(1, 5) * HOUR
                missed = wo.delivered > g.now - 30 * DAY and rng.random() < 0.1
                wo.closed = NEVER if missed else in_hours(wo.delivered + rng.randint(20, 72) * HOUR)
                if not policy_of(wo.kind).customer_work:  # Q1: the shop's own car closes at delivery
                    wo.closed = wo.delivered
            else:
                wo.settled = NEVER
        events = _events(g, wo)
        past = [e for e in events if e[2] <= g.now]
        wo.state = past[-1][1] if past else "draft"
        settled = wo.state in SETTLED
        _order_row(g, wo, past, labor_c if settled else 0, parts_c if settled else 0, total if settled else Decimal(0),
                   (_c(parts_cost_c) + lab_cost) if settled else Decimal(0), pct if settled else Decimal(0), reason)
        for frm, to, at, user, note in past:
            g.add("work_order_events", {"id": g.ids.next("work_order_events"), "work_order_id": wo.id,
                                        "from_state": frm, "to_state": to, "at": dtn(at), "user_id": user, "note": note})
        _lines_rows(g, wo)
        _quote(g, wo)
        _claim(g, wo)


def _events(g: Gen, wo: WO) -> list[tuple[str | None, str, int, int, str]]:
    adv, tech, qc = wo.advisor, wo.tech, g.users["qc"]
    ev: list[tuple[str | None, str, int, int, str]] = [(None, "draft", wo.opened, adv, "开单")]
    if wo.cancelled is not None:
        if wo.started < NEVER:
            ev.append(("draft", "started", wo.started, adv, ""))
        ev.append((ev[-1][1], "cancelled", wo.cancelled, adv, g.rng.choice(("客户取消预约", "客户改期", "车辆已在外修复"))))
        return ev
    ev += [("draft", "started", wo.started, adv, ""), ("started", "in_progress", wo.taken, tech, "")]
    if wo.qc_fail:
        ev += [("in_progress", "completed", wo.completed, tech, "自检完成"),
               ("completed", "in_progress", wo.qc_fail[0], qc, "质检不合格，返工：" + g.rng.choice(("漆面有流挂", "异响未消除",
                                                                                             "螺栓扭矩未复核"))),
               ("in_progress", "completed", wo.qc_fail[1], tech, "返工完成")]
    else:
        ev.append(("in_progress", "completed", wo.completed, tech, "自检完成"))
    ev += [("completed", "inspected", wo.inspected, qc, ""), ("inspected", "settled", wo.settled, adv, ""),
           ("settled", "delivered", wo.delivered, adv, ""),
           ("delivered", "closed", wo.closed, g.users["cs"], "回访完成") if policy_of(wo.kind).customer_work
           else ("delivered", "closed", wo.closed, adv, INTERNAL_CLOSE_NOTE)]
    return ev


def _order_row(g: Gen, wo: WO, past: list[tuple[str | None, str, int, int, str]], labor_c: int, parts_c: int,
               total: Decimal, cost: Decimal, pct: Decimal, reason: str) -> None:
    now = g.now

    def when(t: int | None) -> object:
        return dt(t) if t is not None and t <= now else None

    taken = wo.taken <= now
    state = wo.state
    g.add("work_orders", {
        "id": wo.id, "number": wo.number, "kind": wo.kind, "charging_mode": wo.charging,
        "payer": PAYER_OF_KIND[Kind(wo.kind)], "internal_department": wo.dept, "state": state,
        "priority": wo.priority, "customer_id": wo.vehicle.customer_id, "vehicle_id": wo.vehicle.id,
        "advisor_id": wo.advisor, "team": wo.team if wo.started <= now else None,
        "technician_id": wo.tech if taken or (wo.started <= now and wo.id % 2 == 0) else None,
        "mileage_in": wo.mileage, "fault_description": wo.fault,
        "requested_items": "、".join(C.LABOR_OPS[ll.op][1] for ll in wo.labor if ll.added_item_id is None)
                           or "补充玻璃水",
        "in_warranty": wo.in_warranty, "out_of_warranty_agreed": not wo.in_warranty and wo.kind in ("general", "maintenance"),
        "promised_at": dt(wo.promised), "opened_at": dt(wo.opened), "started_at": when(wo.started),
        "completed_at": when(wo.qc_fail[1] if wo.qc_fail else wo.completed) if state in AFTER_COMPLETE else None,
        "inspected_at": when(wo.inspected), "settled_at": when(wo.settled), "delivered_at": when(wo.delivered),
        "closed_at": when(wo.closed), "cancelled_at": when(wo.cancelled) if state == "cancelled" else None,
        "discount_pct": pct, "discount_amount": Decimal(0), "discount_reason": reason if pct else "",
        "labor_total": _c(labor_c), "parts_total": _c(parts_c), "total": total, "cost_total": cost.quantize(Decimal("0.01")),
        "version": len(past), "updated_at": dtn(past[-1][2]), "updated_by": past[-1][3]})


def _visible_items(g: Gen, wo: WO) -> dict[int, str]:
    """Added items that exist by now, with their state at this moment."""
    out: dict[int, str] = {}
    for item in wo.added:
        if item["proposed_at"] > g.now or wo.state == "cancelled":
            continue
        state = item["state"] if item["decided"] <= g.now else "proposed"
        out[item["id"]] = state
        decided = state != "proposed"
        g.add("added_items", {
            "id": item["id"], "work_order_id": wo.id, "description": item["description"], "state": state,
            "proposed_by": item["proposed_by"], "proposed_at": dtn(item["proposed_at"]),
            "decided_by": item["decided_by"] if decided else None,
            "consent_method": item["consent_method"] if state == "confirmed" else None,
            "consent_at": dtn(item["decided"]) if decided else None})  # a decline is dated too (as the service)
    return out


def _lines_rows(g: Gen, wo: WO) -> None:
    items = _visible_items(g, wo)
    done = wo.state in AFTER_COMPLETE
    supplement_seen = wo.times.get("supplement_at", NEVER) <= g.now
    for ll in wo.labor:
        if ll.added_item_id is not None and items.get(ll.added_item_id) != "confirmed":
            continue
        g.add("labor_lines", {
            "id": ll.id, "work_order_id": wo.id, "operation_id": g.rows["labor_operations"][ll.op]["id"],
            "description": C.LABOR_OPS[ll.op][1], "hours": Decimal(ll.hours_c) / 100, "rate": _c(ll.rate_c),
            "team": ll.team, "technician_id": wo.tech if wo.taken <= g.now else None,
            "added_item_id": ll.added_item_id, "done": done})
    for pl in wo.parts:
        if pl.added_item_id is not None and items.get(pl.added_item_id) != "confirmed":
            continue
        if pl.revision == 2 and not supplement_seen:
            continue
        qty = pl.issued if done and pl.returned else pl.qty
        g.add("part_lines", {
            "id": pl.id, "work_order_id": wo.id, "part_id": pl.part.id, "quantity": Decimal(qty),
            "unit_price": _c(pl.price_c), "issued_qty": Decimal(pl.issued + pl.returned),  # pl.issued is net of returns
            "returned_qty": Decimal(pl.returned),
            "issued_cost": _c(pl.cost_c), "first_issue_full": pl.first_full, "fitted": done and pl.issued > 0,
            "added_item_id": pl.added_item_id,
            "old_part_received": Decimal(pl.issued if pl.part.old_for_new else 0)})


def _quote(g: Gen, wo: WO) -> None:
    quote_at = wo.times.get("quote_at", NEVER)
    if wo.kind != "accident" or quote_at > g.now:
        return
    signed_at = wo.times["signed_at"]
    supplement = wo.times.get("supplement_at", NEVER)
    resigned = wo.times.get("resigned_at", NEVER)
    revision = 2 if supplement <= g.now else 1
    signed_rev = 2 if resigned <= g.now else 1 if signed_at <= g.now else 0
    last_sign = resigned if signed_rev == 2 else signed_at
    qid = g.ids.next("quotes")
    g.add("quotes", {"id": qid, "work_order_id": wo.id, "revision": revision, "signed_revision": signed_rev,
                     "signed_by": g.users["lead" if wo.id % 3 else "manager"] if signed_rev else None,
                     "signed_at": dtn(last_sign) if signed_rev else None, "insurer": g.rng.choice(C.INSURERS),
                     "created_at": dtn(quote_at)})
    for ll in wo.labor:
        if ll.added_item_id is None:
            g.add("quote_lines", {"id": g.ids.next("quote_lines"), "quote_id": qid, "part_id": None,
                                  "description": C.LABOR_OPS[ll.op][1], "quantity": Decimal(1),
                                  "unit_price": _c(ll.rate_c), "is_labor": True, "hours": Decimal(ll.hours_c) / 100,
                                  "revision": 1, "ordered_qty": Decimal(0)})
    for pl in wo.parts:
        if pl.added_item_id is None and pl.revision <= revision:
            ordered = signed_rev >= pl.revision
            g.add("quote_lines", {"id": g.ids.next("quote_lines"), "quote_id": qid, "part_id": pl.part.id,
                                  "description": str(pl.part.row["name"]), "quantity": Decimal(pl.qty),
                                  "unit_price": _c(pl.price_c), "is_labor": False, "hours": Decimal(0),
                                  "revision": pl.revision, "ordered_qty": Decimal(pl.qty if ordered else 0)})


def _claim(g: Gen, wo: WO) -> None:
    c = wo.claim
    if c is None or c["created"] > g.now:
        return
    now = g.now
    line = next(pl for pl in wo.parts if pl.id == c["line"])
    signed_all = max(c["signed"], c["director"])
    state = "draft"
    for key, name in (("ordered", "ordered"), ("arrived", "arrived"), ("fitted", "fitted"), ("refunded", "refunded")):
        if c[key] <= now:
            state = name
    if state == "draft" and signed_all <= now:
        state = "signed"
    amount = _c(line.qty * line.price_c)
    cid = g.ids.next("claim_orders")
    g.add("claim_orders", {
        "id": cid, "number": "", "work_order_id": wo.id, "state": state, "amount": amount,
        "created_by": wo.advisor, "created_at": dtn(c["created"]),
        "ordered_at": dt(c["ordered"]) if c["ordered"] <= now else None,
        "arrived_at": dt(c["arrived"]) if c["arrived"] <= now else None,
        "customer_called_at": dt(c["called"]) if c["called"] <= now else None,
        "fitted_at": dt(c["fitted"]) if c["fitted"] <= now else None, "version": 1, "_at": c["created"]})
    g.add("claim_order_lines", {"id": g.ids.next("claim_order_lines"), "claim_order_id": cid, "part_id": line.part.id,
                                "quantity": Decimal(line.qty), "unit_price": _c(line.price_c),
                                "arrived_qty": Decimal(line.qty if c["arrived"] <= now else 0), "part_line_id": line.id,
                                "arrived_at": dt(c["arrived"]) if c["arrived"] <= now else None})
    deposit = Decimal(max(200, min(3000, int(amount * Decimal("0.3")) // 100 * 100)))
    refunded = c["refunded"] <= now
    g.add("deposits", {"id": g.ids.next("deposits"), "claim_order_id": cid, "amount": deposit,
                       "received_at": dtn(c["created"] + 10 * MINUTE), "receipt_no": "",
                       "method": g.rng.choice(("cash", "wechat", "alipay", "card")), "recorded_by": wo.advisor,
                       "refunded_amount": deposit if refunded else None,
                       "refunded_at": dtn(c["refunded"]) if refunded else None,
                       "refund_method": "wechat" if refunded else None,
                       "refunded_by": wo.advisor if refunded else None, "_at": c["created"] + 10 * MINUTE})
    # C2: a signature is an approval record written when signed (claims service: sign_claim_order)
    needed = ["claim_manager", "claim_director"] if c["director"] else ["claim_manager"]
    details = {"amount": str(amount), "director_threshold": "5000.00", "needed": needed}
    for kind, role, signer, at in (("claim_manager", "workshop_manager", "manager", c["signed"]),
                                   ("claim_director", "service_director", "director", c["director"])):
        if kind in needed and at <= now:
            g.add("approvals", {
                "id": g.ids.next("approvals"), "kind": kind, "state": "approved", "work_order_id": wo.id,
                "claim_order_id": cid, "required_role": role, "requested_by": wo.advisor,
                "requested_at": dtn(c["created"]), "reason": "", "details": json.dumps(details, ensure_ascii=False),
                "decided_by": g.users[signer], "decided_at": dtn(at), "decision_reason": "签字 / signed",
                "_claim": cid})
