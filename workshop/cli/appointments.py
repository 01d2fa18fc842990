"""`workshop appointments | confirmations | reminders | reminders-recompute`: the day's appointments and the
next day's confirmation calls (R1), customer service's reminder list (R2) and recomputing every vehicle's
next service after the intervals changed."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any

from workshop.cli._common import add_login, emit, login, open_db
from workshop.db.retry import in_uow
from workshop.domain.clock import fmt_shop, shop_today
from workshop.domain.errors import InvalidInput

FORMATS = ["table", "csv", "json"]


def _day(text: str | None) -> date:
    if not text:
        return shop_today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"日期请写成 2026-12-01：{text}", f"Write the date as 2026-12-01: {text}") from None


def register(sub: Any) -> None:
    p = sub.add_parser("appointments", help="a day's appointments and each slot's places (R1)")
    p.add_argument("--day", help="the day, e.g. 2026-12-01 (default: today)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_appointments)

    p = sub.add_parser("confirmations", help="the appointments to confirm by phone, the day before (R1)")
    p.add_argument("--day", help="the appointments' day (default: tomorrow)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_confirmations)

    p = sub.add_parser("reminders", help="the service, insurance and inspection reminder call list (R2)")
    p.add_argument("--days", type=int, help="days ahead (default: the setting reminder_days_ahead)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_reminders)

    p = sub.add_parser("reminders-recompute", help="recompute every vehicle's next service (after the intervals changed)")
    add_login(p)
    p.set_defaults(func=cmd_recompute)


def cmd_appointments(args: argparse.Namespace) -> int:
    from workshop.queries.appointments import day_plan

    db = open_db(args)
    try:
        plan = day_plan(db, _day(args.day))
    finally:
        db.dispose()
    emit([(r.slot, r.team, r.state, r.plate, r.customer_name, r.customer_phone, r.service, r.channel,
           r.advisor_name, r.work_order_number or "") for r in plan.appointments],
         ["slot", "team", "state", "plate", "customer", "phone", "service", "channel", "advisor", "work_order"],
         args.format)
    return 0


def cmd_confirmations(args: argparse.Namespace) -> int:
    from workshop.queries.appointments import confirmation_list

    db = open_db(args)
    try:
        rows = confirmation_list(db, _day(args.day) if args.day else shop_today() + timedelta(days=1))
    finally:
        db.dispose()
    emit([(r.slot, r.plate, r.customer_name, r.customer_phone, r.service, r.advisor_name, fmt_shop(r.confirmed_at))
          for r in rows], ["slot", "plate", "customer", "phone", "service", "advisor", "confirmed_at"], args.format)
    return 0


def cmd_reminders(args: argparse.Namespace) -> int:
    from workshop.queries.reminders import reminder_list

    db = open_db(args)
    try:
        rows = reminder_list(db, shop_today(), days_ahead=args.days, limit=10_000)
    finally:
        db.dispose()
    emit([(r.due_date.isoformat(), r.days_left, r.kind, r.plate, r.model, r.customer_name, r.customer_phone,
           r.last_mileage, r.daily_km or "", r.calls) for r in rows],
         ["due", "days_left", "kind", "plate", "model", "customer", "phone", "mileage", "km_per_day", "calls"],
         args.format)
    return 0


def cmd_recompute(args: argparse.Namespace) -> int:
    from workshop.services.reminders import recompute_service_due

    db = open_db(args)
    try:
        n = in_uow(db, recompute_service_due, login(args, db))
    finally:
        db.dispose()
    print(f"已重算 {n} 辆车的下次保养 / next service recomputed for {n} vehicles")
    return 0
