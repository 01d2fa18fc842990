"""R3 / issue 19: the picked vehicle's history in one read: work orders newest first, mileage over time, the
work the customer declined that is still open (R3: as reception shows it), open claims; by customer too."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers.claims_tools_data import warranty_claim
from tests.helpers.history_data import vehicle_with_a_past
from workshop.db.models import WorkOrder
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries.vehicle_history import vehicle_history


def test_r3_history_lists_orders_mileage_and_declined_items(db: Database, people: dict[Role, Actor]) -> None:
    past = vehicle_with_a_past(db, people)
    h = vehicle_history(db, vehicle_id=past.shop.vehicle.id)
    assert [o.number for o in h.orders] == [past.newer, past.older]
    assert [(o.state, o.mileage) for o in h.orders] == [("in_progress", 32000), ("closed", 31000)]
    assert [p.km for p in h.mileage] == [31000, 32000]  # oldest first
    assert [(d.description, d.work_order) for d in h.declined] == [("换前刹车片", past.newer)]
    assert h.declined[0].noted_by and h.declined[0].noted_at is not None and h.declined[0].state == "open"
    assert h.open_claims == []
    by_customer = vehicle_history(db, customer_id=past.shop.customer.id)
    assert [o.number for o in by_customer.orders] == [past.newer, past.older]


def test_r3_history_lists_declined_work_until_it_is_done_or_dismissed(db: Database, people: dict[Role, Actor]) -> None:
    """R3: declined work stays on the vehicle until done or dismissed: the history panel lists what reception
    shows - a QC suggestion too - and no longer what was dismissed, for the vehicle and for the customer."""
    from tests.helpers.front_desk_data import inspected_order
    from workshop.queries.declined_work import declined_for_vehicle
    from workshop.services import declined_work

    past = vehicle_with_a_past(db, people)
    vehicle, customer = past.shop.vehicle.id, past.shop.customer.id
    at_qc = inspected_order(db, people, past.shop, mileage=32500).number
    declined_work.note_qc_suggestion(db.uow(), people[Role.QC_INSPECTOR], at_qc, description="建议更换雨刮片")
    h = vehicle_history(db, vehicle_id=vehicle)
    assert [d.description for d in h.declined] == [r.description for r in declined_for_vehicle(db, vehicle)]
    assert sorted(d.source for d in h.declined) == ["declined_item", "qc_suggestion"]
    pads = next(d for d in h.declined if d.source == "declined_item")
    declined_work.dismiss_declined_work(db.uow(), people[Role.ADVISOR], pads.id, reason="客户已在外面换过")
    for history in (vehicle_history(db, vehicle_id=vehicle), vehicle_history(db, customer_id=customer)):
        assert [(d.description, d.work_order) for d in history.declined] == [("建议更换雨刮片", at_qc)]


def test_r3_history_shows_open_claims_and_is_empty_for_nothing(db: Database, people: dict[Role, Actor]) -> None:
    claim = warranty_claim(db, people[Role.ADVISOR])
    with db.read() as s:
        vehicle_id = s.scalar(select(WorkOrder.vehicle_id).where(WorkOrder.id == claim.wo.id))
    h = vehicle_history(db, vehicle_id=vehicle_id)
    assert [(c.number, c.work_order_no, c.state) for c in h.open_claims] == [(claim.claim_no, claim.wo.number, "draft")]
    assert vehicle_history(db).empty
    assert vehicle_history(db, vehicle_id=999999).empty


def test_r3_history_lists_the_newest_orders_counts_all_and_keeps_declined_items_of_the_older_ones(
        db: Database, people: dict[Role, Actor]) -> None:
    """The panel lists the newest `limit` orders (a fleet car's years of visits) and counts every one; an item
    declined on an order too old to be listed is still shown, with that order's number."""
    from datetime import timedelta

    past = vehicle_with_a_past(db, people)
    with db.new_session() as s, s.begin():  # the order with the declined item becomes the oldest
        wo = s.scalars(select(WorkOrder).where(WorkOrder.number == past.newer)).one()
        wo.opened_at = wo.opened_at - timedelta(days=800)
    h = vehicle_history(db, vehicle_id=past.shop.vehicle.id, limit=1)
    assert [o.number for o in h.orders] == [past.older] and h.order_count == 2
    assert [p.number for p in h.mileage] == [past.older]
    assert [(d.description, d.work_order) for d in h.declined] == [("换前刹车片", past.newer)]
    whole = vehicle_history(db, customer_id=past.shop.customer.id)
    assert [o.number for o in whole.orders] == [past.older, past.newer] and whole.order_count == 2


def test_r3_history_pages_further_orders_of_the_vehicle_of_a_work_order(db: Database, people: dict[Role, Actor]) -> None:
    """The panel reads its first page with the rest of the history and the next pages as it is scrolled
    (vehicle_orders), for the vehicle it was opened for - also when it was opened from a work order (the
    cashier) - and for a customer's every vehicle."""
    from workshop.queries.vehicle_history import vehicle_orders

    past = vehicle_with_a_past(db, people)
    with db.read() as s:
        wo_id = s.scalar(select(WorkOrder.id).where(WorkOrder.number == past.older))
    h = vehicle_history(db, work_order_id=wo_id, limit=1)
    assert h.vehicle_id == past.shop.vehicle.id and h.customer_id is None
    assert [o.number for o in h.orders] == [past.newer] and h.order_count == 2
    assert [o.number for o in vehicle_orders(db, vehicle_id=h.vehicle_id, offset=1, limit=5)] == [past.older]
    assert vehicle_orders(db, vehicle_id=h.vehicle_id, offset=2, limit=5) == []
    by_customer = vehicle_history(db, customer_id=past.shop.customer.id, limit=1)
    assert by_customer.customer_id == past.shop.customer.id and by_customer.vehicle_id is None
    assert [o.number for o in vehicle_orders(db, customer_id=past.shop.customer.id, offset=0, limit=5)] == [
        past.newer, past.older]
    assert vehicle_orders(db) == [] and vehicle_history(db, work_order_id=999999).empty
