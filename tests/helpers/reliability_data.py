"""A small shop in which every service has something valid to act on (the bad-input table's world): work
orders in every state, an added item, a pending approval, claim orders at each step, a purchase order, tools
in and out, complaints at each step, a spare user. Built through the services, like the shop builds it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from tests.helpers import parts_data as pd
from tests.helpers.cashier_data import release
from tests.helpers.people import make_user, one_per_role
from tests.helpers.photos import jpeg
from workshop.db.models import (
    ClaimOrder,
    ClaimOrderLine,
    Customer,
    Deposit,
    LaborOperation,
    Payment,
    PurchaseOrderLine,
    Quote,
    QuoteLine,
    User,
    Vehicle,
)
from workshop.db.uow import Database
from workshop.domain.clock import shop_today
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.services import (
    approvals,
    cashier_invoice,
    claims,
    front_desk,
    parts_counter,
    purchasing,
    quality,
    tools,
    workshop_floor,
)
from workshop.services.work_order_dto import ProposedPart, WorkOrderInfo

OPERATION = "JX001"
OIL, PADS, OLD_FOR_NEW = "06L115562", "5QD698151", "OFN0001"
OIL_BARCODE = pd.ean13("690123456789")
PLATE, VIN = "粤B·12345", make_vin("LSVAU2180N2123456")


@dataclass(frozen=True)
class Order:
    id: int
    number: str
    version: int
    labor_line: int | None
    part_lines: tuple[int, ...]


@dataclass
class World:
    db: Database
    people: dict[Role, Actor]
    spare_user: int
    badge: str
    customer: int
    customer_version: int
    vehicle: int
    vehicle_version: int
    parts: dict[str, int]
    orders: dict[str, Order]      # by state or purpose: draft, started, in_progress, completed, ...
    added_item: int
    approval: int
    claims: dict[str, str]         # draft, signed, ordered, arrived, cancelled_with_deposit
    claim_line: int
    purchase_order: str
    purchase_order_line: int
    quote_line: int
    tools: dict[str, str]          # in, out
    complaints: dict[str, str]     # accepted, handled, verified, fed_back
    now: datetime
    cashier: dict[str, str] = field(default_factory=dict)  # to_pay, receipt, gate_pass, deposit_claim

    def __getitem__(self, role: Role) -> Actor:
        return self.people[role]


def _order(info: WorkOrderInfo) -> Order:
    return Order(info.id, info.number, info.version, info.labor_lines[0].id if info.labor_lines else None,
                 tuple(p.id for p in info.part_lines))


def _receivables(db: Database, orders: dict[str, Order]) -> dict[str, str]:
    """M5: an insurer's receivable in each open state on the accident order, and a receipt of yesterday (M2)."""
    from workshop.db.models import Receivable

    out: dict[str, str] = {}
    now = datetime.now(UTC)
    cashier_id = 0
    with db.uow() as uow:
        cashier_id = int(uow.session.scalar(select(Payment.cashier_id).limit(1)) or 0)
        for state in ("billed", "approved", "rejected"):
            r = Receivable(work_order_id=orders["accident"].id, payer="insurer", payer_name="平安保险",
                           amount=Decimal("500.00"), approved_amount=Decimal("400.00") if state == "approved" else None,
                           paid_amount=Decimal(0), rebilled_amount=Decimal(0), state=state,
                           reason="材料不全" if state == "rejected" else "", billed_at=now, version=1)
            uow.session.add(r)
            uow.session.flush()
            out[f"rec_{state}"] = str(r.id)
        uow.session.add(Payment(receipt_no="SK9900-0098", work_order_id=orders["settled"].id, kind="payment",
                                method="card", amount=Decimal("1.00"), tendered=None, change=Decimal(0),
                                reference="", business_day=(now - timedelta(days=2)).date(),
                                at=now - timedelta(days=2), cashier_id=cashier_id, reason=""))
        from workshop.db.models import DayClose

        uow.session.add(DayClose(business_day=(now - timedelta(days=2)).date(), expected_cash=Decimal(0),
                                 counted_cash=Decimal(0), difference=Decimal(0), closed_at=now, closed_by=cashier_id))
        out["old_receipt"] = "SK9900-0098"
        uow.commit()
    return out


def build_world(db: Database) -> World:
    people = one_per_role(db)
    advisor, lead, tech = people[Role.ADVISOR], people[Role.FRONT_DESK_LEAD], people[Role.TECHNICIAN]
    clerk, qc, manager = people[Role.PARTS_CLERK], people[Role.QC_INSPECTOR], people[Role.WORKSHOP_MANAGER]
    spare = make_user(db, "spare", [Role.ADVISOR])
    with db.uow() as uow:
        uow.session.add(LaborOperation(code=OPERATION, name="更换机油机滤", standard_hours=Decimal("0.5"),
                                       rate=Decimal("200.00"), team="机修"))
        badge = uow.session.get(User, tech.user_id).badge_code  # type: ignore[union-attr]
        uow.commit()
    parts = {
        OIL: pd.make_part(db, clerk, OIL, name="机油滤清器", price="68.00", stock="500", cost="40.00",
                          barcode=OIL_BARCODE, bin_code="A-01-01"),
        PADS: pd.make_part(db, clerk, PADS, name="前刹车片", price="480.00", stock="50", cost="300.00"),
        OLD_FOR_NEW: pd.make_part(db, clerk, OLD_FOR_NEW, name="蓄电池", price="650.00", stock="50", cost="400.00",
                                  old_for_new=True),
    }
    customer = front_desk.add_customer(db.uow(), advisor, name="张伟", phone="13800138000", address="广州市天河区")
    vehicle = front_desk.add_vehicle(db.uow(), advisor, customer_id=customer.id, plate=PLATE, vin=VIN, brand="大众",
                                     model="帕萨特", purchase_date=shop_today() - timedelta(days=200), mileage=30000)
    km = [30000]

    def open_order(kind: str = "general", lines: tuple[tuple[str, int], ...] = ((OIL, 100),), labor: bool = True,
                   **kw: object) -> WorkOrderInfo:
        km[0] += 10
        wo = front_desk.open_work_order(db.uow(), advisor, vehicle_id=vehicle.id, kind=kind, mileage_in=km[0],
                                        fault_description="保养，刹车异响", out_of_warranty_agreed=True,
                                        **kw)  # type: ignore[arg-type]
        if labor:
            wo = front_desk.add_labor_line(db.uow(), advisor, wo.number, expected_version=wo.version,
                                           operation_code=OPERATION, technician_id=tech.user_id)
        for part_no, qty in lines:
            wo = front_desk.add_part_line(db.uow(), advisor, wo.number, expected_version=wo.version,
                                          part_no=part_no, quantity=qty)
        return wo

    steps = [
        ("started", lambda n: front_desk.start_work_order(db.uow(), advisor, n)),
        ("in_progress", lambda n: workshop_floor.take_job(db.uow(), tech, n, plate=PLATE)),
        ("completed", lambda n: workshop_floor.complete_job(db.uow(), tech, n, self_check_note="已自检")),
        ("inspected", lambda n: workshop_floor.qc_pass(db.uow(), qc, n)),
        ("settled", lambda n: front_desk.settle_work_order(db.uow(), advisor, n)),
        ("delivered", lambda n: (release(db, people[Role.CASHIER], n),
                                 front_desk.deliver_work_order(db.uow(), advisor, n))[1]),
    ]

    def walked(state: str, wo: WorkOrderInfo) -> WorkOrderInfo:
        for name, step in steps:
            if wo.state == state:
                break
            wo = step(wo.number)
            assert wo.state == name
            if name == "started" and state != "started":  # W3: what is charged is what was fitted
                for line in wo.part_lines:
                    parts_counter.issue_part(db.uow(), clerk, wo.number, line.part_no, line.quantity)
        return wo

    orders: dict[str, Order] = {"draft": _order(open_order())}
    orders["started"] = _order(walked("started", open_order(lines=((OIL, 100), (OLD_FOR_NEW, 10)))))
    for state in ("in_progress", "completed", "inspected", "settled", "delivered"):
        orders[state] = _order(walked(state, open_order(lines=((OIL, 2),))))
    gate_pass = release(db, people[Role.CASHIER], orders["settled"].number)  # M4: paid, the gate pass printed
    orders["to_pay"] = _order(walked("settled", open_order(lines=((OIL, 2),))))
    started = orders["started"].number
    parts_counter.issue_part(db.uow(), clerk, started, OIL, 10)
    parts_counter.receive_old_part(db.uow(), clerk, started, OLD_FOR_NEW, 5)
    parts_counter.issue_part(db.uow(), clerk, started, OLD_FOR_NEW, 2)
    orders["started"] = _order(front_desk.get_work_order(db, started))
    orders["internal"] = _order(walked("started", open_order("internal", lines=(), labor=False,
                                                             internal_department="销售部")))
    orders["warranty"] = _order(open_order("warranty", lines=((PADS, 10),)))
    orders["accident"] = _order(walked("started", open_order("accident", lines=((PADS, 2),))))
    orders["discount"] = _order(open_order())
    pending_wo = _order(open_order())
    orders["pending"] = pending_wo

    item = workshop_floor.propose_added_item(db.uow(), tech, started, description="刹车片磨损到限",
                                             parts=[ProposedPart(PADS, Decimal(1))])
    approval = approvals.request_discount_approval(db.uow(), lead, pending_wo.id, pct="15", reason="老客户")

    warranty = orders["warranty"].number

    def claim() -> str:
        return claims.create_claim_order(db.uow(), advisor, warranty, [(PADS, 1)]).number

    claim_nos = {"draft": claim(), "signed": claim(), "ordered": claim(), "arrived": claim(),
                 "cancelled_with_deposit": claim()}
    for key in ("signed", "ordered", "arrived"):
        claims.sign_claim_order(db.uow(), manager, claim_nos[key])
    for key in ("ordered", "arrived"):
        claims.mark_ordered(db.uow(), clerk, claim_nos[key])
    arrival = claims.receive_claim_parts(db.uow(), clerk, claim_nos["arrived"])
    assert arrival.state == "arrived"
    claims.record_deposit(db.uow(), advisor, claim_nos["cancelled_with_deposit"], "200", "cash")
    claims.cancel_claim_order(db.uow(), advisor, claim_nos["cancelled_with_deposit"], "客户不修了")
    with db.read() as s:
        claim_line = s.query(ClaimOrderLine.id).join(ClaimOrder).filter(
            ClaimOrder.number == claim_nos["ordered"]).scalar()

    po = purchasing.create_purchase_order(db.uow(), clerk, "广州骏达汽配", [purchasing.OrderLine(OIL, Decimal(10),
                                                                                             Decimal("38.00"))])
    with db.uow() as uow:
        quote = Quote(work_order_id=orders["accident"].id, revision=1, signed_revision=1, signed_by=lead.user_id,
                      signed_at=datetime.now(UTC), insurer="平安保险", created_at=datetime.now(UTC))
        uow.session.add(quote)
        uow.session.flush()
        line = QuoteLine(quote_id=quote.id, part_id=parts[PADS], description="前刹车片", quantity=Decimal(4),
                         unit_price=Decimal("480.00"), is_labor=False, revision=1, ordered_qty=Decimal(0))
        uow.session.add(line)
        uow.session.flush()
        quote_line = line.id
        uow.commit()

    tools.register_tool(db.uow(), clerk, code="T001", name="正时工具套装", original_price="2800.00", model="T10172")
    tools.register_tool(db.uow(), clerk, code="T002", name="扭力扳手", original_price="1200.00", model="V.A.G 1331")
    tools.lend_tool(db.uow(), clerk, badge, "T002")

    cs = people[Role.CUSTOMER_SERVICE]
    delivered = orders["delivered"].number

    def complaint(steps_done: int) -> str:
        c = quality.record_complaint(db.uow(), cs, content="等待时间太长", work_order_number=delivered)
        for step in ("handle", "verify", "feedback")[:steps_done]:
            quality.advance_complaint(db.uow(), cs, c.number, step, note="已处理")
        return c.number

    with db.uow() as uow:  # a claim deposit held on the order waiting at the cashier (M2: applied to the bill)
        held = ClaimOrder(number="CL9900-0099", work_order_id=orders["to_pay"].id, state="arrived", amount=Decimal(50),
                          created_by=advisor.user_id, created_at=datetime.now(UTC))
        uow.session.add(held)
        uow.session.flush()
        uow.session.add(Deposit(claim_order_id=held.id, amount=Decimal(50), received_at=datetime.now(UTC),
                                receipt_no="DJ9900-0099", method="cash", recorded_by=advisor.user_id))
        receipt = uow.session.scalar(select(Payment.receipt_no).limit(1))
        uow.commit()
    asked = cashier_invoice.request_invoice(db.uow(), people[Role.CASHIER], orders["settled"].number, title="张伟",
                                            kind="normal", amount="10")
    money_desk = {"to_pay": orders["to_pay"].number, "receipt": str(receipt), "gate_pass": gate_pass,
                  "deposit_claim": "CL9900-0099", "invoice_request": str(asked.id), **_receivables(db, orders)}
    complaints = {"accepted": complaint(0), "handled": complaint(1), "verified": complaint(2),
                  "fed_back": complaint(3)}
    refreshed = front_desk.get_work_order(db, orders["draft"].number)
    orders["draft"] = _order(refreshed)
    with db.read() as s:
        customer_version = s.get(Customer, customer.id).version  # type: ignore[union-attr]
        vehicle_version = s.get(Vehicle, vehicle.id).version  # type: ignore[union-attr]
        po_line = s.query(PurchaseOrderLine.id).filter(PurchaseOrderLine.purchase_order_id == po.id).scalar()
    return World(
        db=db, people=people, spare_user=spare.user_id, badge=badge, customer=customer.id,
        customer_version=customer_version, vehicle=vehicle.id, vehicle_version=vehicle_version, parts=parts,
        orders=orders, added_item=item.id, approval=approval.id, claims=claim_nos, claim_line=claim_line,
        purchase_order=po.number, purchase_order_line=po_line, quote_line=quote_line,
        tools={"in": "T001", "out": "T002"}, complaints=complaints, now=datetime.now(UTC), cashier=money_desk,
    )


# --- R3 / R4: rows the declined-work and walk-around calls act on, made once per world through the services

PHOTO = jpeg(64, 48)


def open_declined(w: World) -> int:
    """An open QC suggestion on the world's vehicle (the draft order can take it up)."""
    from workshop.db.models import DeclinedWork
    from workshop.services import declined_work

    with w.db.read() as s:
        found = s.scalar(select(DeclinedWork.id).where(DeclinedWork.vehicle_id == w.vehicle,
                                                       DeclinedWork.state == "open").limit(1))
    if found is not None:
        return int(found)
    return declined_work.note_qc_suggestion(w.db.uow(), w.people[Role.QC_INSPECTOR], w.orders["completed"].number,
                                            description="四轮定位偏差，建议做四轮定位", amount="300").id


def a_photo(w: World) -> int:
    """A walk-around photo on the draft order."""
    from workshop.services import walkaround

    return walkaround.add_walkaround_photo(w.db.uow(), w.people[Role.ADVISOR], w.orders["draft"].number, data=PHOTO,
                                           thumb=PHOTO, caption="右后 45°").id
