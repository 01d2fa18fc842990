"""A small fixed shop for the Q3 figures: ORM rows with fixed times, so every figure has a hand-computed
answer (written next to each test). "Now" is Wednesday 2026-03-11 10:00 in Shanghai; the range is
Monday 2026-03-02 .. Wednesday 2026-03-11.

Work orders (times are shop time):
  WO1  general      V1 wang  opened 03-02 09:00  settled 03-03 16:00 delivered 03-03 17:00  800 / cost 480, labor 500, 3.5 h
  WO2  maintenance  V2 wang  opened 03-03 07:00 (= 03-02 23:00 UTC) delivered 03-03 11:30   600 / 420, labor 200, 1 h
  WO3  accident     V3 li    opened 03-03 09:00  settled 03-06 15:00 delivered 03-06 16:00  8000 / 6000, labor 3000, 15 h
  WO4  general      V1 li    opened 03-05 09:00  in progress, promised 03-05 18:00 (late), zhao, 机修   <- comeback of WO1
  WO5  warranty     V4 wang  opened 03-09 09:00  started, urgent (late), qian, 钣喷
  WO6  general      V5 wang  opened 03-10 14:00  completed, normal (not late), zhao, 机修
  WO7  maintenance  V6 li    opened 03-11 07:30  draft, urgent (past the 2 h respond time: late)
  WO8  maintenance  V2 li    opened 03-04 09:00  cancelled (not a comeback, not counted)
  WO10 general      V6 wang  opened 02-25, settled 02-27 09:00, delivered 02-27 10:00 (before the range)
  WO12 general      V4 wang  opened 03-09 16:00  settled 03-10 12:00 (not delivered)  90 / 45, labor 100, 1 h
  WO13 internal     V7 li    opened 03-02 06:00 (= 03-01 22:00 UTC) delivered 03-02 08:00 closed  150 / 150, labor 50, 1 h
  WO15 general      V8 wang  opened 03-04 09:00  in progress, normal, no promise: 5 working days -> 03-11 09:00 (late)
  WO16 general      V9 li    opened 03-04 10:00  in progress, normal: due 03-11 10:00 = now (not late yet)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from tests.helpers.people import make_user
from workshop.db.models import (
    Approval,
    ClaimOrder,
    Complaint,
    Customer,
    Deposit,
    DiscountGrant,
    LaborLine,
    LimitSetting,
    Part,
    PartLine,
    ReturnVisit,
    Tool,
    ToolLoan,
    Vehicle,
    WorkOrder,
)
from workshop.db.uow import Database
from workshop.domain.clock import SHOP_TZ, week_start
from workshop.domain.kind_policy import PAYER_OF_KIND
from workshop.domain.roles import Actor, Role
from workshop.domain.work_order import Kind

NOW = datetime(2026, 3, 11, 10, 0, tzinfo=SHOP_TZ).astimezone(UTC)
DATE_FROM = date(2026, 3, 2)
DATE_TO = date(2026, 3, 11)


def t(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    """A shop-time moment, as the aware UTC time the database stores."""
    return datetime(year, month, day, hour, minute, tzinfo=SHOP_TZ).astimezone(UTC)


def d(text: str) -> Decimal:
    return Decimal(text)


@dataclass(frozen=True)
class Shop:
    wang: Actor
    li: Actor
    zhao: Actor
    qian: Actor
    sun: Actor
    clerk: Actor
    wo: dict[str, int]


class _Builder:
    def __init__(self, s: Session, shop_users: dict[str, Actor]) -> None:
        self.s = s
        self.u = shop_users
        self.customers: dict[str, Customer] = {}
        self.vehicles: dict[str, Vehicle] = {}
        self.wos: dict[str, WorkOrder] = {}

    def vehicle(self, name: str) -> Vehicle:
        if name not in self.vehicles:
            n = len(self.vehicles) + 1
            c = Customer(name=f"客户{n}", phone=f"1380000000{n}", created_at=t(1, 1))
            self.s.add(c)
            self.s.flush()
            v = Vehicle(customer_id=c.id, plate=f"粤A·1000{n}", plate_key=f"粤A1000{n}", vin=f"LSVAB2000000000{n:02d}",
                        brand="大众", model="帕萨特", purchase_date=date(2024, 1, 1), created_at=t(1, 1))
            self.s.add(v)
            self.s.flush()
            self.customers[name], self.vehicles[name] = c, v
        return self.vehicles[name]

    def work_order(self, name: str, kind: Kind, vehicle: str, advisor: str, state: str, opened: datetime,
                   **kw: object) -> WorkOrder:
        v = self.vehicle(vehicle)
        wo = WorkOrder(number=f"RO2603-{name}", kind=kind.value, charging_mode="paid", payer=PAYER_OF_KIND[kind],
                       state=state, customer_id=v.customer_id, vehicle_id=v.id, advisor_id=self.u[advisor].user_id,
                       mileage_in=10000, opened_at=opened, updated_at=opened, **kw)
        self.s.add(wo)
        self.s.flush()
        self.wos[name] = wo
        return wo

    def labor(self, wo: str, hours: str, tech: str | None = None, done: bool = False) -> None:
        self.s.add(LaborLine(work_order_id=self.wos[wo].id, description="维修", hours=d(hours), rate=d("100"),
                             technician_id=self.u[tech].user_id if tech else None, done=done))

    def part_line(self, wo: str, part: Part, full: bool | None) -> None:
        self.s.add(PartLine(work_order_id=self.wos[wo].id, part_id=part.id, quantity=d("2"), unit_price=d("50"),
                            issued_qty=d("2") if full else d("1") if full is False else d("0"),
                            first_issue_full=full))


def build(db: Database) -> Shop:
    users = {
        "wang": make_user(db, "wang", [Role.FRONT_DESK_LEAD], display_name="王前台"),
        "li": make_user(db, "li", [Role.ADVISOR], display_name="李顾问"),
        "zhao": make_user(db, "zhao", [Role.TECHNICIAN], team="机修", display_name="赵技工"),
        "qian": make_user(db, "qian", [Role.TECHNICIAN], team="钣喷", display_name="钱技工"),
        "sun": make_user(db, "sun", [Role.TEAM_LEADER], team="机修", display_name="孙班长"),
        "clerk": make_user(db, "clerk", [Role.PARTS_CLERK, Role.SERVICE_DIRECTOR], display_name="周备件"),
    }
    s = db.new_session()
    try:
        b = _Builder(s, users)
        _work_orders(b)
        _lines_and_parts(b)
        _discounts_approvals_complaints(b)
        _claims_tools_visits(b)
        s.commit()
        ids = {k: v.id for k, v in b.wos.items()}
    finally:
        s.close()
    return Shop(users["wang"], users["li"], users["zhao"], users["qian"], users["sun"], users["clerk"], ids)


def _work_orders(b: _Builder) -> None:
    zhao, qian = b.u["zhao"].user_id, b.u["qian"].user_id
    b.work_order("WO1", Kind.GENERAL, "V1", "wang", "delivered", t(3, 2, 9), started_at=t(3, 2, 10),
                 settled_at=t(3, 3, 16), delivered_at=t(3, 3, 17), labor_total=d("500"), parts_total=d("300"),
                 total=d("800"), cost_total=d("480"))
    b.work_order("WO2", Kind.MAINTENANCE, "V2", "wang", "delivered", t(3, 3, 7), started_at=t(3, 3, 8),
                 settled_at=t(3, 3, 11), delivered_at=t(3, 3, 11, 30), labor_total=d("200"), parts_total=d("400"),
                 total=d("600"), cost_total=d("420"))
    b.work_order("WO3", Kind.ACCIDENT, "V3", "li", "delivered", t(3, 3, 9), started_at=t(3, 3, 10),
                 settled_at=t(3, 6, 15), delivered_at=t(3, 6, 16), labor_total=d("3000"), parts_total=d("5000"),
                 total=d("8000"), cost_total=d("6000"))
    b.work_order("WO4", Kind.GENERAL, "V1", "li", "in_progress", t(3, 5, 9), started_at=t(3, 5, 10),
                 promised_at=t(3, 5, 18), technician_id=zhao, team="机修")
    b.work_order("WO5", Kind.WARRANTY, "V4", "wang", "started", t(3, 9, 9), started_at=t(3, 9, 9, 30),
                 priority="urgent", technician_id=qian, team="钣喷")
    b.work_order("WO6", Kind.GENERAL, "V5", "wang", "completed", t(3, 10, 14), started_at=t(3, 10, 15),
                 completed_at=t(3, 11, 9), technician_id=zhao, team="机修")
    b.work_order("WO7", Kind.MAINTENANCE, "V6", "li", "draft", t(3, 11, 7, 30), priority="urgent")
    b.work_order("WO8", Kind.MAINTENANCE, "V2", "li", "cancelled", t(3, 4, 9), cancelled_at=t(3, 4, 10))
    b.work_order("WO10", Kind.GENERAL, "V6", "wang", "delivered", t(2, 25, 9), started_at=t(2, 25, 10),
                 settled_at=t(2, 27, 9), delivered_at=t(2, 27, 10), labor_total=d("100"), parts_total=d("200"),
                 total=d("300"), cost_total=d("200"))
    b.work_order("WO12", Kind.GENERAL, "V4", "wang", "settled", t(3, 9, 16), started_at=t(3, 9, 17),
                 settled_at=t(3, 10, 12), labor_total=d("100"), parts_total=d("0"), total=d("90"),
                 cost_total=d("45"), discount_pct=d("10"))
    b.work_order("WO13", Kind.INTERNAL, "V7", "li", "closed", t(3, 2, 6), started_at=t(3, 2, 6, 30),
                 settled_at=t(3, 2, 7, 50), delivered_at=t(3, 2, 8), closed_at=t(3, 3, 9), labor_total=d("50"),
                 parts_total=d("100"), total=d("150"), cost_total=d("150"), internal_department="销售部")
    b.work_order("WO15", Kind.GENERAL, "V8", "wang", "in_progress", t(3, 4, 9), started_at=t(3, 4, 10), team="机修")
    b.work_order("WO16", Kind.GENERAL, "V9", "li", "in_progress", t(3, 4, 10), started_at=t(3, 4, 11), team="机修")


def _lines_and_parts(b: _Builder) -> None:
    b.labor("WO1", "2")
    b.labor("WO1", "1.5")
    b.labor("WO2", "1")
    b.labor("WO3", "10")
    b.labor("WO3", "5")
    b.labor("WO12", "1")
    b.labor("WO13", "1")
    b.labor("WO4", "2", tech="zhao")
    b.labor("WO5", "3", tech="qian")
    b.labor("WO5", "1", tech="qian", done=True)
    b.labor("WO6", "1.5")  # no line technician: counts for the work order's technician (zhao)
    parts = [
        Part(part_no="P1", name="机油滤清器", price=d("30"), on_hand=d("10"), avg_cost=d("12.50"), min_stock=d("5"),
             last_move_at=t(3, 10, 9)),
        Part(part_no="P2", name="刹车片", price=d("300"), on_hand=d("4"), avg_cost=d("100.00"), min_stock=d("4"),
             last_move_at=t(1, 20, 9)),
        Part(part_no="P3", name="大灯总成", price=d("800"), on_hand=d("2"), avg_cost=d("250.00"), min_stock=d("0"),
             last_move_at=t(11, 1, 9, year=2025)),
        Part(part_no="P4", name="雨刮电机", price=d("200"), on_hand=d("3"), avg_cost=d("80.00"), min_stock=d("5"),
             last_move_at=t(6, 1, 9, year=2025)),
        Part(part_no="P5", name="变速箱阀体", price=d("3000"), on_hand=d("1"), avg_cost=d("1000.00"),
             min_stock=d("0"), last_move_at=None),
        Part(part_no="P6", name="空调滤芯", price=d("80"), on_hand=d("0"), avg_cost=d("50.00"), min_stock=d("2"),
             last_move_at=t(3, 1, 9)),
    ]
    b.s.add_all(parts)
    b.s.flush()
    p1 = parts[0]
    b.part_line("WO1", p1, True)
    b.part_line("WO1", p1, False)
    b.part_line("WO2", p1, True)
    b.part_line("WO2", p1, True)
    b.part_line("WO3", p1, False)
    b.part_line("WO4", p1, None)   # not asked at the counter yet
    b.part_line("WO10", p1, True)  # before the range


def _discounts_approvals_complaints(b: _Builder) -> None:
    wang, li = b.u["wang"].user_id, b.u["li"].user_id
    b.s.add_all([
        LimitSetting(role="front_desk_lead", key="discounts_per_week", value=d("1"), effective_from=t(1, 1),
                     created_at=t(1, 1)),
        LimitSetting(role="front_desk_lead", key="discounts_per_week", value=d("6"), effective_from=t(4, 1),
                     created_at=t(3, 1)),
    ])

    def approval(kind: str, at: datetime, state: str = "pending") -> Approval:
        return Approval(kind=kind, state=state, work_order_id=b.wos["WO5"].id, required_role="workshop_manager",
                        requested_by=wang, requested_at=at, reason="客户要求")

    approved = approval("discount", t(3, 1, 9), state="approved")
    b.s.add_all([approval("discount", t(3, 10, 9)), approval("discount", t(3, 11, 8)),
                 approval("accident_margin", t(3, 9, 12)), approved])
    b.s.flush()

    def grant(wo: str, who: int, at: datetime, amount: str, active: bool = True,
              approval_id: int | None = None) -> DiscountGrant:
        return DiscountGrant(work_order_id=b.wos[wo].id, advisor_id=who, week_start=week_start(at), pct=d("5"),
                             amount=d(amount), reason="老客户", at=at, active=active, approval_id=approval_id)

    b.s.add_all([
        grant("WO12", wang, t(3, 10, 12), "10.00"), grant("WO5", wang, t(3, 9, 9), "20.00", approval_id=approved.id),
        grant("WO1", wang, t(3, 3, 10), "15.00"), grant("WO6", wang, t(3, 9, 10), "99.00", active=False),
        grant("WO4", li, t(3, 10, 15), "30.00"), grant("WO13", li, t(3, 2, 9), "5.00"),
        grant("WO10", li, t(2, 27, 9), "7.00"),
    ])

    def complaint(n: int, state: str, received: datetime, answer_due: datetime, verify_due: datetime,
                  answered: datetime | None = None) -> Complaint:
        return Complaint(number=f"TS{n}", customer_id=b.customers["V1"].id, work_order_id=b.wos["WO1"].id,
                         content="等待时间太长", received_at=received, received_by=wang, state=state,
                         answer_due=answer_due, verify_due=verify_due, answered_at=answered)

    b.s.add_all([
        complaint(1, "accepted", t(3, 10, 9), t(3, 11, 9), t(3, 13, 9)),
        complaint(2, "handled", t(3, 5, 9), t(3, 6, 9), t(3, 10, 9), answered=t(3, 5, 15)),
        complaint(3, "archived", t(3, 2, 9), t(3, 3, 9), t(3, 5, 9), answered=t(3, 2, 15)),
        complaint(4, "accepted", t(3, 11, 9), t(3, 12, 9), t(3, 16, 9)),
    ])


def _claims_tools_visits(b: _Builder) -> None:
    wang, clerk, zhao = b.u["wang"].user_id, b.u["clerk"].user_id, b.u["zhao"].user_id
    wo5 = b.wos["WO5"].id

    def claim(n: int, state: str, arrived: datetime | None) -> ClaimOrder:
        co = ClaimOrder(number=f"CO{n}", work_order_id=wo5, state=state, amount=d("1000"), created_by=wang,
                        created_at=t(2, 1), arrived_at=arrived)
        b.s.add(co)
        b.s.flush()
        return co

    def deposit(co: ClaimOrder, amount: str, refunded: bool = False) -> None:
        b.s.add(Deposit(claim_order_id=co.id, amount=d(amount), received_at=t(2, 1, 10), receipt_no=f"R{co.number}",
                        method="cash", recorded_by=wang, refunded_amount=d(amount) if refunded else None,
                        refunded_at=t(3, 1) if refunded else None))

    deposit(claim(1, "arrived", t(2, 20)), "500.00")      # 19 days: overdue (C3, 14 days)
    deposit(claim(2, "arrived", t(3, 5)), "300.00")       # 6 days: waiting
    deposit(claim(3, "ordered", None), "200.00")
    deposit(claim(4, "refunded", t(2, 10)), "100.00", refunded=True)
    claim(5, "arrived", t(2, 1))                          # overdue, no deposit

    tools = [Tool(code=f"T{i}", name=f"专用工具{i}", original_price=d("1000"), state=st)
             for i, st in enumerate(("out", "out", "lost", "in"), start=1)]
    b.s.add_all(tools)
    b.s.flush()
    b.s.add_all([
        ToolLoan(tool_id=tools[0].id, borrower_id=zhao, lent_by=clerk, lent_at=t(3, 10, 9), due_at=t(3, 10, 18)),
        ToolLoan(tool_id=tools[1].id, borrower_id=zhao, lent_by=clerk, lent_at=t(3, 11, 9), due_at=t(3, 11, 18),
                 work_order_id=b.wos["WO4"].id),
        ToolLoan(tool_id=tools[2].id, borrower_id=zhao, lent_by=clerk, lent_at=t(2, 28, 9), due_at=t(3, 1, 18)),
        ToolLoan(tool_id=tools[3].id, borrower_id=zhao, lent_by=clerk, lent_at=t(3, 9, 9), due_at=t(3, 9, 18),
                 returned_at=t(3, 9, 12)),
    ])
    b.s.add_all([
        ReturnVisit(work_order_id=b.wos["WO1"].id, due_at=t(3, 6, 17)),                       # wang, overdue
        ReturnVisit(work_order_id=b.wos["WO2"].id, due_at=t(3, 11, 11, 30)),                  # wang, today
        ReturnVisit(work_order_id=b.wos["WO3"].id, due_at=t(3, 9, 16), done_at=t(3, 8, 10)),  # done
        ReturnVisit(work_order_id=b.wos["WO13"].id, due_at=t(3, 12, 9)),                      # li, later
        ReturnVisit(work_order_id=b.wos["WO10"].id, due_at=t(3, 2, 10)),                      # wang, overdue
    ])


def add_comeback_edge(db: Database, shop: Shop, *, back_twice: bool = False) -> None:
    """Two cars delivered 2026-02-01 10:00: one back exactly 30 days later (a comeback), one 30 days and a
    minute later (not one). back_twice: a third car, back on 02-05 and again on 02-20 (one comeback)."""
    s = db.new_session()
    try:
        b = _Builder(s, {"wang": shop.wang})
        b.vehicles = {}
        cars = [("E1", 90, t(3, 3, 10)), ("E2", 91, t(3, 3, 10, 1))]
        for name, plate_no, back in [*cars, *([("E3", 92, t(2, 5, 10))] if back_twice else [])]:
            c = Customer(name=f"边界{plate_no}", phone=f"139000000{plate_no}", created_at=t(1, 1))
            s.add(c)
            s.flush()
            v = Vehicle(customer_id=c.id, plate=f"粤B·200{plate_no}", plate_key=f"粤B200{plate_no}",
                        vin=f"LSVAB30000000{plate_no:04d}", brand="大众", model="朗逸", purchase_date=date(2024, 1, 1),
                        created_at=t(1, 1))
            s.add(v)
            s.flush()
            b.vehicles[name] = v
            b.work_order(f"{name}a", Kind.GENERAL, name, "wang", "delivered", t(1, 31, 9), started_at=t(1, 31, 10),
                         settled_at=t(2, 1, 9), delivered_at=t(2, 1, 10))
            b.work_order(f"{name}b", Kind.GENERAL, name, "wang", "draft", back)
            if name == "E3":
                b.work_order(f"{name}c", Kind.MAINTENANCE, name, "wang", "draft", t(2, 20, 10))
        s.commit()
    finally:
        s.close()
