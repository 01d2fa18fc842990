"""Test data for approvals (A1-A5): work orders with known money, built as ORM rows."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal

from workshop.db.models import (
    AddedItem,
    Customer,
    DiscountGrant,
    LaborLine,
    LimitSetting,
    Part,
    PartLine,
    Vehicle,
    WorkOrder,
)
from workshop.db.uow import Database
from workshop.domain.clock import utcnow, week_start
from workshop.domain.roles import Actor, Role

_seq = itertools.count(1)
D = Decimal


def make_work_order(db: Database, advisor: Actor, *, kind: str = "general", state: str = "inspected",
                    labor: list[tuple[str, str, str | None]] | None = None,
                    parts: list[tuple[str, str, str]] | None = None) -> int:
    """A work order. labor: (hours, rate, team); parts: (quantity, unit_price, issued_cost).
    Default: 2 h x 300 (机修) + 1 part 400 costing 200 -> gross 1000."""
    labor = [("2", "300", "机修")] if labor is None else labor
    parts = [("1", "400", "200")] if parts is None else parts
    n = next(_seq)
    now = utcnow()
    uow = db.uow()
    with uow:
        s = uow.session
        cust = Customer(name=f"客户{n}", phone=f"1380000{n:04d}", address="", created_at=now)
        s.add(cust)
        s.flush()
        plate_tail = f"{n:05d}"
        veh = Vehicle(customer_id=cust.id, plate=f"粤A{plate_tail}", plate_key=f"粤A{plate_tail}",
                      vin=f"LSVAA4182E2{n:06d}", brand="大众", model="帕萨特", purchase_date=date(2022, 1, 1),
                      created_at=now)
        s.add(veh)
        s.flush()
        wo = WorkOrder(number=f"RO-T{n:05d}-{advisor.user_id}", kind=kind, charging_mode="paid",
                       payer="insurer" if kind == "accident" else "customer", state=state,
                       customer_id=cust.id, vehicle_id=veh.id, advisor_id=advisor.user_id, team="机修",
                       mileage_in=1000, opened_at=now, updated_at=now)
        s.add(wo)
        s.flush()
        for hours, rate, team in labor:
            s.add(LaborLine(work_order_id=wo.id, description="工时", hours=D(hours), rate=D(rate), team=team))
        for i, (qty, price, cost) in enumerate(parts):
            part = Part(part_no=f"P{n:05d}-{i}", name="配件", price=D(price), on_hand=D(10), avg_cost=D(cost))
            s.add(part)
            s.flush()
            s.add(PartLine(work_order_id=wo.id, part_id=part.id, quantity=D(qty), unit_price=D(price),
                           issued_qty=D(qty), issued_cost=D(cost) * D(qty)))
        wo_id = wo.id
        uow.commit()
    return wo_id


def add_unconfirmed_item(db: Database, work_order_id: int, technician: Actor, hours: str, rate: str,
                         state: str = "proposed") -> None:
    uow = db.uow()
    with uow:
        item = AddedItem(work_order_id=work_order_id, description="增项", state=state,
                         proposed_by=technician.user_id, proposed_at=utcnow())
        uow.session.add(item)
        uow.session.flush()
        uow.session.add(LaborLine(work_order_id=work_order_id, description="增项工时", hours=D(hours),
                                  rate=D(rate), team="机修", added_item_id=item.id))
        uow.commit()


def past_grants(db: Database, advisor: Actor, count: int, at: datetime | None = None) -> None:
    """`count` discounted work orders by this advisor earlier in the week of `at`."""
    at = at or utcnow()
    for _ in range(count):
        wo_id = make_work_order(db, advisor)
        uow = db.uow()
        with uow:
            uow.session.add(DiscountGrant(work_order_id=wo_id, advisor_id=advisor.user_id,
                                          week_start=week_start(at), pct=D(5), amount=D(0), reason="老客户",
                                          at=at, active=True))
            wo = uow.session.get(WorkOrder, wo_id)
            assert wo is not None
            wo.discount_pct = D(5)
            uow.commit()


def limit_row(db: Database, role: Role, key: str, value: str, effective_from: datetime) -> None:
    """A limit row at any moment (the service refuses dates before today; history is built here)."""
    uow = db.uow()
    with uow:
        uow.session.add(LimitSetting(role=role.value, key=key, value=D(value), effective_from=effective_from,
                                     created_at=datetime.now(UTC)))
        uow.commit()


def work_order(db: Database, work_order_id: int) -> WorkOrder:
    with db.read() as s:
        wo = s.get(WorkOrder, work_order_id)
        assert wo is not None
        s.expunge(wo)
        return wo
