"""Read side of the front desk, the workshop board and customer service (F3, F6, F7, W1, Q1, Q2), and the
search while typing. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text, update

from tests.helpers import front_desk_screens_data as data
from tests.helpers.numbers import hand_number
from workshop.db.models import Customer, Vehicle
from workshop.db.models.customers import SearchKey, rebuild_search_keys
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.roles import Actor, Role
from workshop.domain.work_order import Kind, State
from workshop.queries import customer_service, customers, work_orders, workshop_board
from workshop.queries.work_orders import WorkOrderFilter, WorkOrderPager

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def _plates(hits: list[customers.SearchHit]) -> set[str]:
    return {h.plate for h in hits}


# --- search while typing ------------------------------------------------------------------------------------

def test_search_finds_a_vehicle_by_any_part_of_its_plate(db: Database) -> None:
    data.add_car(db, "张伟", "13800138000", "粤B·12345")
    data.add_car(db, "李娜", "13900139000", "粤A·88888")
    for typed in ("粤B12345", "粤b1", "B123", "12345", "2345", "345", "１２３"):  # full-width from an IME too
        assert _plates(customers.search(db, typed)) == {"粤B·12345"}, typed
    assert _plates(customers.search(db, "888")) == {"粤A·88888"}
    assert customers.search(db, "777") == []
    assert customers.search(db, "1") == []  # one Latin character or digit is too vague to search


def test_search_finds_a_vehicle_by_vin_tail_or_whole_vin(db: Database) -> None:
    car = data.add_car(db, "王芳", "13700137000", "粤B·D12345", vin16="LFV2A21K12345678")
    hits = customers.search(db, car.vin[-6:])
    assert [h.vehicle_id for h in hits] == [car.vehicle_id] and hits[0].matched == "vin"
    assert [h.vehicle_id for h in customers.search(db, car.vin)] == [car.vehicle_id]
    assert [h.vehicle_id for h in customers.search(db, car.vin[:10].lower())] == [car.vehicle_id]


def test_search_finds_customers_by_mobile_number_or_name(db: Database) -> None:
    a = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    b = data.add_car(db, "张丽", "13911112222", "粤B·67890")
    assert {h.customer_id for h in customers.search(db, "张")} == {a.customer_id, b.customer_id}
    assert [h.customer_id for h in customers.search(db, "张伟")] == [a.customer_id]
    assert [h.customer_id for h in customers.search(db, "伟")] == [a.customer_id]  # the given name
    assert [h.customer_id for h in customers.search(db, "2222")] == [b.customer_id]  # 手机尾号
    assert [h.customer_id for h in customers.search(db, "139 1111")] == [b.customer_id]
    hit = customers.search(db, "13800138000")[0]
    assert (hit.customer_name, hit.plate, hit.matched) == ("张伟", "粤B·12345", "phone")


def test_search_keys_follow_edits_of_plate_and_phone(db: Database) -> None:
    car = data.add_car(db, "赵强", "13600136000", "粤B·11111")
    with db.uow() as uow:
        v = uow.session.get(Vehicle, car.vehicle_id)
        c = uow.session.get(Customer, car.customer_id)
        assert v is not None and c is not None
        v.plate, v.plate_key = "粤B·22222", "粤B22222"
        c.phone = "13655556666"
        uow.commit()
    assert customers.search(db, "11111") == []
    assert _plates(customers.search(db, "22222")) == {"粤B·22222"}
    assert customers.search(db, "6000") == []
    assert [h.customer_id for h in customers.search(db, "6666")] == [car.customer_id]


def test_rebuild_search_keys_gives_the_same_index_as_the_events(db: Database) -> None:
    data.add_car(db, "张伟", "13800138000", "粤B·12345")
    data.add_car(db, "深圳市顺达物流有限公司", "075588886666", "粤B·6789F")

    def keys() -> set[tuple[str, str, int]]:
        with db.read() as s:
            return set(s.execute(select(SearchKey.key, SearchKey.kind, SearchKey.ref_id)))

    before = keys()
    with db.engine.begin() as conn:
        written = rebuild_search_keys(conn, batch=7)
    assert keys() == before and written == len(before)


def test_search_is_one_range_scan_on_the_key_index(db: Database) -> None:
    data.add_car(db, "张伟", "13800138000", "粤B·12345")
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT kind, ref_id FROM search_keys WHERE key >= '123' AND key < '124'")))
            assert "SEARCH search_keys USING PRIMARY KEY" in plan
        else:
            conn.execute(text("SET enable_seqscan = off"))  # a tiny table: ask whether the index CAN be used
            plan = " ".join(r[0] for r in conn.execute(text(
                "EXPLAIN SELECT kind, ref_id FROM search_keys WHERE key >= '123' AND key < '124'")))
            assert "pk_search_keys" in plan


# --- F3 ------------------------------------------------------------------------------------------------------

def test_f3_warranty_status_at_reception_by_date_and_by_mileage(db: Database) -> None:
    young = data.add_car(db, "张伟", "13800138000", "粤B·12345", purchase=utcnow().date() - timedelta(days=400),
                         mileage=20000)
    old = data.add_car(db, "李娜", "13900139000", "粤B·67890", purchase=date(2020, 2, 28), mileage=5000)
    ok = customers.warranty_at_reception(db, young.vehicle_id)
    assert ok is not None and ok.in_warranty and ok.by_date and ok.by_mileage and ok.mileage == 20000
    too_far = customers.warranty_at_reception(db, young.vehicle_id, mileage=120000)
    assert too_far is not None and not too_far.in_warranty and too_far.by_date and not too_far.by_mileage
    too_old = customers.warranty_at_reception(db, old.vehicle_id)
    assert too_old is not None and not too_old.in_warranty and not too_old.by_date and too_old.by_mileage
    assert customers.warranty_at_reception(db, 999999) is None


# --- the work order history list ---------------------------------------------------------------------------

def _many(db: Database, advisor: Actor, n: int) -> list[int]:
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    start = utcnow() - timedelta(days=30)
    same = start + timedelta(days=1)
    ids = []
    for i in range(n):
        opened = same if i % 5 == 0 else start + timedelta(hours=i)  # ties on opened_at: the id decides
        ids.append(data.add_work_order(db, car, advisor.user_id, opened_at=opened,
                                       state=State.DELIVERED if i % 2 else State.DRAFT))
    return ids


def test_work_order_list_is_newest_first_and_keyset_pages_equal_offset_pages(
        db: Database, people: dict[Role, Actor]) -> None:
    _many(db, people[Role.ADVISOR], 23)
    everything = work_orders.list_work_orders(db, limit=100)
    assert len(everything) == 23
    keys = [(r.opened_at, r.id) for r in everything]
    assert keys == sorted(keys, reverse=True)
    pager = WorkOrderPager(db)
    paged = pager.fetch_page(0, 5) + pager.fetch_page(5, 5) + pager.fetch_page(10, 5) + pager.fetch_page(15, 10)
    assert [r.id for r in paged] == [r.id for r in everything]
    assert [r.id for r in pager.fetch_page(10, 5)] == [r.id for r in everything[10:15]]  # jump: OFFSET


def test_work_order_list_filters_by_state_kind_advisor_and_text(db: Database, people: dict[Role, Actor]) -> None:
    adv, lead = people[Role.ADVISOR], people[Role.FRONT_DESK_LEAD]
    a = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    b = data.add_car(db, "李娜", "13900139000", "粤A·88888")
    n1 = hand_number("RO")
    w1 = data.add_work_order(db, a, adv.user_id, number=n1)
    w2 = data.add_work_order(db, a, lead.user_id, state=State.IN_PROGRESS, kind=Kind.MAINTENANCE)
    w3 = data.add_work_order(db, b, adv.user_id, state=State.DELIVERED, kind=Kind.ACCIDENT)

    def ids(**kw: object) -> set[int]:
        return {r.id for r in work_orders.list_work_orders(db, WorkOrderFilter(**kw))}  # type: ignore[arg-type]

    assert ids(states=("draft", "in_progress")) == {w1, w2}
    assert ids(kind="accident") == {w3}
    assert ids(advisor_id=lead.user_id) == {w2}
    assert ids(text="88888") == {w3}
    assert ids(text="张伟") == {w1, w2}
    assert ids(text=n1.lower()) == {w1}
    assert ids(text="9000") == {w3}
    assert ids(text="nothing like it") == set()
    row = next(r for r in work_orders.list_work_orders(db) if r.id == w3)
    assert (row.plate, row.customer_name, row.advisor_name) == ("粤A·88888", "李娜", "advisor")


# --- one work order -----------------------------------------------------------------------------------------

def test_work_order_detail_shows_customer_vehicle_lines_added_items_history_and_totals(
        db: Database, people: dict[Role, Actor]) -> None:
    adv, tech = people[Role.ADVISOR], people[Role.TECHNICIAN]
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, adv.user_id, state=State.IN_PROGRESS, team="机修",
                              technician_id=tech.user_id)
    op = data.add_labor_operation(db)
    part = data.add_part(db, on_hand="7")
    data.add_lines(db, wid, operation_id=op, part_id=part, hours="1.0", rate="300", qty="2", price="68.00",
                   technician_id=tech.user_id)
    item = data.add_added_item(db, wid, tech.user_id)
    data.add_lines(db, wid, operation_id=op, hours="2.0", rate="300", added_item_id=item)
    number = work_orders.list_work_orders(db)[0].number
    d = work_orders.work_order_detail(db, number.lower())
    assert (d.customer_name, d.plate, d.advisor_name, d.technician_name) == ("张伟", "粤B·12345", "advisor",
                                                                              "technician")
    assert d.warranty.in_warranty
    assert [e.to_state for e in d.events] == ["draft", "started", "in_progress"]
    assert d.events[0].user_name == "advisor"
    assert len(d.info.labor_lines) == 2 and len(d.info.part_lines) == 1
    assert d.on_hand[part] == Decimal("7")
    assert d.user_names[tech.user_id] == "technician"
    assert d.pending_added_items == 1
    assert d.added_items[0].proposed_by == "technician" and d.added_items[0].amount == Decimal("600.00")
    # the unconfirmed added item is not charged (F6): 300 labor + 136 parts
    assert (d.totals.labor_total, d.totals.parts_total, d.totals.total) == (
        Decimal("300.00"), Decimal("136.00"), Decimal("436.00"))
    assert d.deadlines.expected_finish > d.info.opened_at
    assert work_orders.work_order_detail(db, work_order_id=wid).info.number == number


def test_catalog_look_ups_for_lines_show_price_and_stock(db: Database, people: dict[Role, Actor]) -> None:
    data.add_labor_operation(db, "JX0101", "更换机油机滤")
    data.add_labor_operation(db, "BP0201", "前保险杠喷漆", hours="3.0", team="钣喷")
    data.add_part(db, "06L115562B", "机油滤清器", price="68.00", on_hand="12")
    assert [o.code for o in work_orders.find_labor_operations(db, "jx")] == ["JX0101"]
    assert [o.code for o in work_orders.find_labor_operations(db, "喷漆")] == ["BP0201"]
    parts = work_orders.find_parts(db, "06l11")
    assert [(p.part_no, p.price, p.on_hand) for p in parts] == [("06L115562B", Decimal("68.00"), Decimal("12.00"))]
    assert [p.part_no for p in work_orders.find_parts(db, "机油")] == ["06L115562B"]
    techs = work_orders.people_with_role(db, "technician", "team_leader", team="机修")
    assert {p.name for p in techs} == {"technician", "team_leader"}


# --- W1 / F7 ------------------------------------------------------------------------------------------------

def test_w1_board_shows_every_car_in_the_workshop(db: Database, people: dict[Role, Actor]) -> None:
    adv, tech = people[Role.ADVISOR], people[Role.TECHNICIAN]
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    inside = {
        data.add_work_order(db, car, adv.user_id, state=s, team="机修", technician_id=tech.user_id)
        for s in (State.STARTED, State.IN_PROGRESS, State.COMPLETED, State.INSPECTED)
    }
    for s in (State.DRAFT, State.SETTLED, State.DELIVERED, State.CLOSED, State.CANCELLED):
        data.add_work_order(db, car, adv.user_id, state=s)
    board = workshop_board.workshop_board(db)
    assert {r.id for r in board} == inside
    row = next(r for r in board if r.state == "in_progress")
    assert (row.plate, row.team, row.technician_name, row.advisor_name) == ("粤B·12345", "机修", "technician",
                                                                            "advisor")
    # waited in the present state: since its last transition (the helper spaces steps by 30 minutes)
    assert row.state_since == row.opened_at + timedelta(minutes=60)
    assert row.waited > timedelta(0) and row.in_shop > row.waited
    assert {r.id for r in workshop_board.workshop_board(db, states=("completed",))} == {
        next(r.id for r in board if r.state == "completed")}
    assert workshop_board.workshop_board(db, team="钣喷") == []


def test_f7_late_work_orders_flagged(db: Database, people: dict[Role, Actor]) -> None:
    adv = people[Role.ADVISOR]
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    now = utcnow()
    on_time = data.add_work_order(db, car, adv.user_id, state=State.IN_PROGRESS, priority="normal",
                                  promised_at=now + timedelta(hours=2))
    late = data.add_work_order(db, car, adv.user_id, state=State.IN_PROGRESS, priority="normal",
                               promised_at=now - timedelta(minutes=10))
    # urgent, no promised time: resolve within 24 h of opening
    urgent_late = data.add_work_order(db, car, adv.user_id, state=State.STARTED, priority="urgent",
                                      opened_at=now - timedelta(hours=25))
    ready = data.add_work_order(db, car, adv.user_id, state=State.INSPECTED, promised_at=now - timedelta(hours=1))
    board = workshop_board.workshop_board(db, now=now)
    flags = {r.id: r.late for r in board}
    assert flags == {on_time: False, late: True, urgent_late: True, ready: False}  # QC passed = ready in time
    assert {r.id for r in board[:2]} == {late, urgent_late}  # late ones first
    assert board[0].id == urgent_late  # then by priority
    listed = {r.id: r.late for r in work_orders.list_work_orders(db, now=now)}
    assert listed[late] and not listed[on_time]
    detail = work_orders.work_order_detail(db, work_order_id=urgent_late, now=now)
    assert detail.deadlines.late and detail.deadlines.resolve_by == detail.info.opened_at + timedelta(hours=24)


# --- F6 -----------------------------------------------------------------------------------------------------

def test_f6_proposed_added_items_appear_at_the_front_desk(db: Database, people: dict[Role, Actor]) -> None:
    adv, lead, tech = people[Role.ADVISOR], people[Role.FRONT_DESK_LEAD], people[Role.TECHNICIAN]
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, adv.user_id, state=State.IN_PROGRESS)
    other = data.add_work_order(db, car, lead.user_id, state=State.IN_PROGRESS)
    part = data.add_part(db)
    first = data.add_added_item(db, wid, tech.user_id, "刹车片磨损", proposed_at=utcnow() - timedelta(hours=1))
    data.add_lines(db, wid, part_id=part, qty="4", price="150.00", added_item_id=first)
    second = data.add_added_item(db, other, tech.user_id, "空调滤芯脏")
    data.add_added_item(db, wid, tech.user_id, "已确认的", state="confirmed", decided_by=adv.user_id)
    rows = workshop_board.pending_added_items(db)
    assert [r.id for r in rows] == [first, second]  # oldest first
    assert (rows[0].plate, rows[0].customer_phone, rows[0].proposed_by, rows[0].amount) == (
        "粤B·12345", "13800138000", "technician", Decimal("600.00"))
    assert [r.id for r in workshop_board.pending_added_items(db, advisor_id=adv.user_id)] == [first]
    assert next(r for r in workshop_board.workshop_board(db) if r.id == wid).pending_added_items == 1


# --- Q1 / Q2 ------------------------------------------------------------------------------------------------

def test_q1_return_visits_due_after_delivery(db: Database, people: dict[Role, Actor]) -> None:
    adv, cs = people[Role.ADVISOR], people[Role.CUSTOMER_SERVICE]
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    now = utcnow()
    w1 = data.add_work_order(db, car, adv.user_id, state=State.DELIVERED)
    w2 = data.add_work_order(db, car, adv.user_id, state=State.DELIVERED)
    w3 = data.add_work_order(db, car, adv.user_id, state=State.CLOSED)
    overdue = data.add_return_visit(db, w1, now - timedelta(hours=5))
    later = data.add_return_visit(db, w2, now + timedelta(days=2))
    data.add_return_visit(db, w3, now - timedelta(days=1), done_by=cs.user_id)
    rows = customer_service.return_visits_due(db, now=now)
    assert [(r.id, r.overdue) for r in rows] == [(overdue, True), (later, False)]
    assert (rows[0].customer_name, rows[0].customer_phone, rows[0].plate) == ("张伟", "13800138000", "粤B·12345")
    assert rows[0].delivered_at is not None
    assert len(customer_service.return_visits_due(db, include_done=True, now=now)) == 3


def test_q2_complaint_clocks_24_hours_and_3_working_days(db: Database, people: dict[Role, Actor]) -> None:
    cs = people[Role.CUSTOMER_SERVICE]
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    now = utcnow()
    fresh = data.add_complaint(db, car.customer_id, cs.user_id, received_at=now - timedelta(hours=2))
    old = data.add_complaint(db, car.customer_id, cs.user_id, received_at=now - timedelta(days=6))
    answered = data.add_complaint(db, car.customer_id, cs.user_id, received_at=now - timedelta(hours=30),
                                  answered=True, state="handled")
    data.add_complaint(db, car.customer_id, cs.user_id, state="archived")
    rows = {r.id: r for r in customer_service.open_complaints(db, now=now)}
    assert set(rows) == {fresh, old, answered}
    f = rows[fresh]
    assert not f.answer_overdue and timedelta(hours=21) < f.answer_left <= timedelta(hours=22)
    assert not f.verify_overdue and f.verify_left > timedelta(days=2)
    assert f.answer_due == f.received_at + timedelta(hours=24)
    o = rows[old]
    assert o.answer_overdue and o.verify_overdue and o.answer_left < timedelta(0)
    a = rows[answered]
    assert not a.answer_overdue and a.answer_left == timedelta(0)  # answered: that clock has stopped
    steps = customer_service.complaint_steps(db, fresh)
    assert [(s.step, s.user_name) for s in steps] == [("accept", "customer_service")]
    assert customer_service.next_complaint_step("accepted") == "handle"
    assert customer_service.next_complaint_step("fed_back") == "archive"
    assert customer_service.next_complaint_step("archived") is None


def test_customer_card_lists_vehicles_with_their_open_work_order(db: Database, people: dict[Role, Actor]) -> None:
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.IN_PROGRESS)
    with db.uow() as uow:
        uow.session.execute(update(Vehicle).where(Vehicle.id == car.vehicle_id).values(last_mileage=31000))
        uow.commit()
    card = customers.customer_card(db, car.customer_id)
    assert card is not None and card.name == "张伟" and len(card.vehicles) == 1
    v = card.vehicles[0]
    assert v.last_mileage == 31000
    assert v.open_work_order == work_orders.work_order_detail(db, work_order_id=wid).info.number
    assert customers.customer_card(db, 999999) is None
