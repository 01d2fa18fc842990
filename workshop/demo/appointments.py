"""Demo data for bringing customers back: appointments over the whole history (arrived into their work orders,
no-shows, cancellations, and the coming week still booked) with their slot counters (R1); each vehicle's next
service, insurance and inspection due dates, and reminder calls with their outcomes (R2)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from functools import cache

from workshop.demo.context import Gen, Row
from workshop.demo.orders import WO
from workshop.demo.timeline import DAY, HOUR, MINUTE, at_shop, dt, dtn, shop_day, shop_seconds
from workshop.domain.appointments import Channel, parse_capacity, parse_slots
from workshop.domain.calendar import PUBLIC_CALENDAR
from workshop.domain.reminders import add_months
from workshop.services.reminders import due_policy, service_due_of
from workshop.services.settings import DEFAULTS

SLOTS = parse_slots(DEFAULTS["appointment_slots"])
SLOT_SEC = {s: int(s[:2]) * HOUR + int(s[3:]) * MINUTE for s in SLOTS}
CAPACITY = {team: parse_capacity(DEFAULTS[f"appointment_capacity.{team}"]) for team in ("机修", "钣喷")}
CHANNELS = (Channel.PHONE.value, Channel.WECHAT.value, Channel.OEM_APP.value, Channel.WALK_IN.value)
SERVICES = ("常规保养", "更换机油机滤", "空调异味检查", "刹车异响检查", "四轮定位", "前保险杠补漆", "更换轮胎")
CANCEL_REASONS = ("客户出差", "车辆已在外地保养", "时间冲突，改天再约", "客户临时有事")


@cache
def _closed(day_no: int) -> bool:
    return PUBLIC_CALENDAR.is_public_holiday(date(1970, 1, 1) + timedelta(days=day_no))


def _day(day_no: int) -> date:
    return date(1970, 1, 1) + timedelta(days=day_no)


def _slot_before(t: int) -> str:
    sec = shop_seconds(t)
    return next((s for s in reversed(SLOTS) if SLOT_SEC[s] <= sec), SLOTS[0])


class _Book:
    def __init__(self, g: Gen) -> None:
        self.g = g
        self.taken: dict[tuple[int, str, str], int] = defaultdict(int)

    def free(self, day_no: int, slot: str, team: str) -> bool:
        weekday = (day_no + 3) % 7
        return not _closed(day_no) and self.taken[(day_no, slot, team)] < CAPACITY[team][weekday]

    def add(self, *, day_no: int, slot: str, team: str, vehicle: int, customer: int, advisor: int, service: str,
            state: str, created: int, closed: int | None, reason: str = "", wo_id: int | None = None) -> Row:
        g = self.g
        if state != "cancelled":
            self.taken[(day_no, slot, team)] += 1
        start = at_shop(day_no, SLOT_SEC[slot])
        confirmed = start - DAY + 2 * HOUR
        return g.add("appointments", {
            "id": g.ids.next("appointments"), "customer_id": customer, "vehicle_id": vehicle, "day": _day(day_no),
            "slot": slot, "team": team, "service": service, "operation_code": None,
            "channel": g.rng.choice(CHANNELS), "advisor_id": advisor, "state": state, "overbooked": False,
            "note": "", "created_at": dtn(created), "created_by": g.users["cs"] if g.rng.random() < 0.4 else advisor,
            "confirmed_at": dt(confirmed) if confirmed < g.now and confirmed > created and state != "cancelled" else None,
            "confirm_note": "", "closed_at": dt(closed), "closed_by": advisor if closed is not None else None,
            "close_reason": reason, "work_order_id": wo_id})


def appointments_and_reminders(g: Gen, orders: list[WO]) -> None:
    book = _Book(g)
    rng = g.rng
    by_order: dict[int, int] = {}
    for wo in orders:
        if wo.opened > g.now or wo.dept is not None or wo.cancelled is not None or rng.random() > 0.45:
            continue
        day_no, slot = shop_day(wo.opened), _slot_before(wo.opened)
        if not book.free(day_no, slot, wo.team):
            continue
        service = SERVICES[0] if wo.kind == "maintenance" else (wo.fault or rng.choice(SERVICES))[:300]
        row = book.add(day_no=day_no, slot=slot, team=wo.team, vehicle=wo.vehicle.id, customer=wo.vehicle.customer_id,
                       advisor=wo.advisor, service=service, state="arrived",
                       created=wo.opened - rng.randint(1, 6) * DAY - rng.randint(0, 8) * HOUR, closed=wo.opened,
                       wo_id=wo.id)
        by_order[wo.id] = row["id"]
    vehicles = g.rows["vehicles"]
    first, last = shop_day(g.start), shop_day(g.now)
    arrivals: dict[int, int] = defaultdict(int)
    for (day_no, _slot, _team), n in book.taken.items():
        arrivals[day_no] += n
    for day_no in range(first, last + 8):  # no-shows and cancellations over the history, the next week booked
        extra = sum(rng.random() < 0.22 for _ in range(arrivals[day_no])) + (rng.random() < 0.3)
        for _ in range(extra if day_no <= last else rng.randint(4, 9)):
            slot, team = rng.choice(SLOTS), "机修" if rng.random() < 0.8 else "钣喷"
            if not book.free(day_no, slot, team):
                continue
            v = rng.choice(vehicles)
            start = at_shop(day_no, SLOT_SEC[slot])
            created = start - rng.randint(1, 7) * DAY
            if start > g.now:
                state, closed, reason = ("booked", None, "") if rng.random() < 0.9 else (
                    "cancelled", min(g.now, created + DAY), rng.choice(CANCEL_REASONS))
            else:
                state = rng.choice(("no_show", "cancelled"))
                closed = start + 2 * HOUR if state == "no_show" else start - rng.randint(2, 20) * HOUR
                reason = rng.choice(CANCEL_REASONS) if state == "cancelled" else "电话未接，未到店"
            if created >= g.now:
                continue
            book.add(day_no=day_no, slot=slot, team=team, vehicle=v["id"], customer=v["customer_id"],
                     advisor=rng.choice(g.advisors), service=rng.choice(SERVICES), state=state, created=created,
                     closed=closed, reason=reason)
    for (day_no, slot, team), n in sorted(book.taken.items()):
        g.add("appointment_slots", {"day": _day(day_no), "slot": slot, "team": team, "booked": n})
    _due_dates(g, orders)
    _reminder_calls(g, orders, by_order)


def _due_dates(g: Gen, orders: list[WO]) -> None:
    policy = due_policy(dict(DEFAULTS))
    visits: dict[int, list[tuple[date, int, bool]]] = defaultdict(list)
    for wo in orders:
        if wo.cancelled is None and wo.opened <= g.now:
            visits[wo.vehicle.id].append((_day(shop_day(wo.opened)), wo.mileage, wo.kind == "maintenance"))
    today = _day(shop_day(g.now))
    rng = g.rng
    for row in g.rows["vehicles"]:
        due, daily = service_due_of(visits.get(row["id"], []), row["purchase_date"], row["model"], policy)
        row["service_due"], row["daily_km"] = due, daily
        bought: date = row["purchase_date"]
        years = max(1, today.year - bought.year)
        renew = add_months(bought, 12 * years)
        if renew < today - timedelta(days=60):
            renew = add_months(renew, 12)
        row["insurance_due"] = renew if rng.random() < 0.8 else None
        row["inspection_due"] = add_months(bought, 12 * max(2, years + 1)) if years >= 5 or rng.random() < 0.3 else None


def _reminder_calls(g: Gen, orders: list[WO], by_order: dict[int, int]) -> None:
    """Before each past maintenance visit, the call that brought it (booked when it came by appointment);
    now and then a call that did not reach the customer first; over the current list, a few attempts."""
    rng, cs = g.rng, g.users["cs"]

    def call(vehicle: int, kind: str, due: date, outcome: str, at: int, appointment: int | None = None,
             note: str = "") -> None:
        g.add("reminder_calls", {"id": g.ids.next("reminder_calls"), "vehicle_id": vehicle, "kind": kind,
                                 "due_date": due, "outcome": outcome, "note": note,
                                 "called_at": dtn(at), "called_by": cs, "appointment_id": appointment})

    for wo in orders:
        if wo.kind != "maintenance" or wo.opened > g.now or wo.cancelled is not None:
            continue
        due = _day(shop_day(wo.opened)) + timedelta(days=rng.randint(0, 10))
        at = wo.opened - rng.randint(3, 12) * DAY
        if rng.random() < 0.25:
            call(wo.vehicle.id, "service", due, "not_reached", at - DAY, note="无人接听")
        appt = by_order.get(wo.id)
        call(wo.vehicle.id, "service", due, "booked" if appt else "reached", at, appt,
             "已约保养" if appt else "客户说会自己过来")
    today = _day(shop_day(g.now))
    for row in g.rows["vehicles"]:
        for kind in ("service", "insurance", "inspection"):
            due = row[f"{kind}_due"]
            if due is None or not today - timedelta(days=90) <= due <= today + timedelta(days=14):
                continue
            if due < today - timedelta(days=3) and rng.random() < 0.8:  # called in time, most of them
                call(row["id"], kind, due, "reached", g.now - (today - due).days * DAY - 10 * DAY,
                     note=rng.choice(("客户已知晓，会自己安排", "已在别处办理", "客户说下月再来")))
            elif rng.random() < 0.3:
                call(row["id"], kind, due, "not_reached", g.now - rng.randint(1, 48) * HOUR, note="电话未接通")
