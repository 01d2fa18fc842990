"""The demo's money over its whole history (M1, M2, M4, M6): every car that left was paid (or owed nothing)
and had its gate pass; every past day is closed with its expected cash equal to that day's cash payments."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from workshop.db.models import DayClose, GatePass, Payment, WorkOrder
from workshop.db.uow import Database
from workshop.demo.generator import generate
from workshop.services.cashier_day import shift_report
from workshop.services.totals import customer_balance

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def test_m2_m4_m6_demo_history_has_payments_passes_and_closed_days_that_add_up(db: Database) -> None:
    generate(db, "small", seed=5, now=NOW)
    with db.read() as s:
        delivered = s.scalars(select(WorkOrder).where(WorkOrder.delivered_at.is_not(None))).all()
        on_account = set(s.scalars(select(GatePass.work_order_id).where(GatePass.basis == "account")))
        assert delivered and all(customer_balance(s, wo).owed == 0 for wo in delivered if wo.id not in on_account)
        passes = s.scalar(select(func.count()).select_from(GatePass).where(GatePass.used_at.is_not(None)))
        assert passes == len(delivered)
        assert (s.scalar(select(func.count()).select_from(Payment)) or 0) > 20
        closes = s.scalars(select(DayClose).order_by(DayClose.business_day)).all()
        assert closes and closes[-1].business_day < NOW.date()
        days = [c.business_day for c in closes]
        assert days == sorted(set(days)) and (days[-1] - days[0]).days + 1 == len(days)  # in order, no gap
        for c in closes:  # the same figure the cashier's shift report computes from the ledgers
            assert c.expected_cash == shift_report(s, c.business_day).expected_cash
            assert c.difference == c.counted_cash - c.expected_cash
        waiting = s.scalar(select(func.count()).select_from(WorkOrder).where(WorkOrder.state == "settled"))
        assert waiting is not None


def test_m3_m5_demo_history_has_account_customers_and_receivables_in_every_state(db: Database) -> None:
    from workshop.db.models import AccountCustomer, Approval, Receivable, ReceivableEvent
    from workshop.services.accounts import open_orders

    generate(db, "small", seed=5, now=NOW)
    with db.read() as s:
        states = set(s.scalars(select(Receivable.state).distinct()))
        assert states == {"billed", "approved", "paid", "rejected", "rebilled", "written_off"}
        assert {"insurer", "manufacturer"} <= set(s.scalars(select(Receivable.payer).distinct()))
        events = s.scalar(select(func.count()).select_from(ReceivableEvent)) or 0
        assert events > s.scalar(select(func.count()).select_from(Receivable))
        offs = s.scalars(select(Approval).where(Approval.kind == "write_off")).all()
        assert offs and all(a.state == "approved" for a in offs)
        assert s.scalar(select(func.count()).select_from(Receivable).where(Receivable.state == "written_off")) == \
            len(offs)
        accounts = s.scalars(select(AccountCustomer)).all()
        assert accounts
        for a in accounts:  # what each account owes stays within its limit
            assert sum(o.owed for o in open_orders(s, a.customer_id)) <= a.credit_limit
        for r in s.scalars(select(Receivable).where(Receivable.state == "rebilled")):  # and was paid
            wo = s.get(WorkOrder, r.work_order_id)
            assert wo is not None and customer_balance(s, wo).owed == 0
