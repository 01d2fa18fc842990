"""Warranty claim orders and deposits: C1 claim order and deposit, C2 signatures, C3 arrival, call, refund, overdue."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.helpers.claims_tools_data import (
    add_part_line,
    arrived_claim,
    issue_on_line,
    make_part,
    make_work_order,
    ordered_claim,
    set_wo_state,
    shift,
    shift_arrival,
    warranty_claim,
)
from tests.helpers.people import make_user
from workshop.db.models import Approval, AuditEntry, ClaimOrder, Deposit, Part, StockMove
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.queries import claims as cq
from workshop.services import claims
from workshop.services.claims import DIRECTOR, MANAGER
from workshop.services.limits import set_limit
from workshop.services.settings import set_setting_as_system

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def _snapshot(db: Database) -> tuple[int, ...]:
    with db.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (ClaimOrder, Deposit, Approval, StockMove, AuditEntry)
        ) + tuple(s.scalars(select(ClaimOrder.version).order_by(ClaimOrder.id)))


def _state(db: Database, number: str) -> str:
    with db.read() as s:
        state = s.scalar(select(ClaimOrder.state).where(ClaimOrder.number == number))
        assert state is not None
        return state


# ---- C1 ---------------------------------------------------------------------------------------------------


def test_c1_claim_order_from_warranty_work_order(db: Database, people: dict[Role, Actor]) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR], qty="2", price="1200.00")
    row = cq.list_claims(db)[0]
    assert (row.number, row.work_order_no, row.state, row.amount) == (
        setup.claim_no, setup.wo.number, "draft", Decimal("2400.00"))
    assert row.number.startswith("CL") and row.customer_phone == "13800138000"
    detail = cq.claim_detail(db, setup.claim_no.lower())
    assert detail is not None
    assert [(ln.part_no, ln.quantity, ln.unit_price) for ln in detail.lines] == [
        (setup.part_no, Decimal("2.00"), Decimal("1200.00"))]


@pytest.mark.parametrize("kind", ["general", "maintenance", "accident", "internal"])
def test_c1_claim_order_refused_for_other_work_order_kinds(
    db: Database, people: dict[Role, Actor], kind: str
) -> None:
    advisor = people[Role.ADVISOR]
    part_id = make_part(db, "P-1")
    wo = make_work_order(db, advisor, kind=kind)
    add_part_line(db, wo.id, part_id)
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="索赔"):
        claims.create_claim_order(db.uow(), advisor, wo.number, [("P-1", 1)])
    assert _snapshot(db) == before


def test_c1_claim_part_must_be_on_the_work_order(db: Database, people: dict[Role, Actor]) -> None:
    advisor = people[Role.ADVISOR]
    make_part(db, "P-2")
    on_wo = make_part(db, "P-3")
    wo = make_work_order(db, advisor)
    add_part_line(db, wo.id, on_wo, qty="1")
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="不在工单"):
        claims.create_claim_order(db.uow(), advisor, wo.number, [("P-2", 1)])
    with pytest.raises(RuleViolation):  # more than the work order asks for
        claims.create_claim_order(db.uow(), advisor, wo.number, [("P-3", 2)])
    with pytest.raises(InvalidInput):
        claims.create_claim_order(db.uow(), advisor, wo.number, [])
    with pytest.raises(InvalidInput):
        claims.create_claim_order(db.uow(), advisor, wo.number, [("P-3", 0)])
    with pytest.raises(NotFound):
        claims.create_claim_order(db.uow(), advisor, wo.number, [("NOPE", 1)])
    with pytest.raises(NotFound):
        claims.create_claim_order(db.uow(), advisor, "RO0000-0000", [("P-3", 1)])
    assert _snapshot(db) == before


def test_c1_the_same_part_is_not_claimed_twice(db: Database, people: dict[Role, Actor]) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR], qty="2")
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="已在别的索赔订货单"):
        claims.create_claim_order(db.uow(), people[Role.ADVISOR], setup.wo.number, [(setup.part_no, 1)])
    assert _snapshot(db) == before
    claims.cancel_claim_order(db.uow(), people[Role.ADVISOR], setup.claim_no, "订错了")
    again = claims.create_claim_order(db.uow(), people[Role.ADVISOR], setup.wo.number, [(setup.part_no, 2)])
    assert again.state == "draft"


def test_c1_no_claim_order_on_settled_work_order(db: Database, people: dict[Role, Actor]) -> None:
    advisor = people[Role.ADVISOR]
    part_id = make_part(db, "P-4")
    wo = make_work_order(db, advisor, state="settled")
    add_part_line(db, wo.id, part_id)
    with pytest.raises(RuleViolation):
        claims.create_claim_order(db.uow(), advisor, wo.number, [("P-4", 1)])


def test_c1_deposit_recorded_with_amount_time_receipt_and_method(db: Database, people: dict[Role, Actor]) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR])
    when = utcnow() - timedelta(minutes=5)
    dep = claims.record_deposit(db.uow(), people[Role.ADVISOR], setup.claim_no, "５００", "alipay", received_at=when)
    assert (dep.amount, dep.method, dep.received_at) == (Decimal("500.00"), "alipay", when)
    assert dep.receipt_no.startswith("DJ")
    row = cq.list_claims(db)[0]
    assert (row.deposit, row.deposit_held, row.receipt_no) == (Decimal("500.00"), Decimal("500.00"), dep.receipt_no)
    figures = cq.claim_figures(db)
    assert (figures.deposits_held, figures.deposits_held_amount) == (1, Decimal("500.00"))


def test_c1_deposit_with_cashier_receipt_number_unique(db: Database, people: dict[Role, Actor]) -> None:
    advisor = people[Role.ADVISOR]
    a = warranty_claim(db, advisor)
    b = warranty_claim(db, advisor)
    claims.record_deposit(db.uow(), advisor, a.claim_no, "300", "cash", receipt_no="sj-0001")
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="SJ-0001"):
        claims.record_deposit(db.uow(), advisor, b.claim_no, "300", "cash", receipt_no="SJ-0001")
    with pytest.raises(RuleViolation, match="已经收过"):
        claims.record_deposit(db.uow(), advisor, a.claim_no, "300", "cash")
    assert _snapshot(db) == before


@pytest.mark.parametrize(
    ("amount", "method", "future"),
    [("0", "cash", False), ("-1", "cash", False), ("abc", "cash", False), ("100", "bitcoin", False),
     ("100", "cash", True), ("1.005", "cash", False)],
)
def test_c1_bad_deposit_refused_and_nothing_written(
    db: Database, people: dict[Role, Actor], amount: str, method: str, future: bool
) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR])
    before = _snapshot(db)
    with pytest.raises(InvalidInput):
        claims.record_deposit(db.uow(), people[Role.ADVISOR], setup.claim_no, amount, method,
                              received_at=utcnow() + timedelta(hours=1) if future else None)
    assert _snapshot(db) == before


# ---- C2 ---------------------------------------------------------------------------------------------------


def test_c2_cannot_mark_ordered_before_manager_signature(db: Database, people: dict[Role, Actor]) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR])
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="车间经理"):
        claims.mark_ordered(db.uow(), people[Role.PARTS_CLERK], setup.claim_no)
    assert _snapshot(db) == before
    sig = claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, MANAGER)
    assert sig.claim_state == "signed"
    assert claims.mark_ordered(db.uow(), people[Role.PARTS_CLERK], setup.claim_no).state == "ordered"


def test_c2_signature_is_an_approval_record(db: Database, people: dict[Role, Actor]) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR])
    sig = claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, MANAGER)
    with db.read() as s:
        a = s.get(Approval, sig.approval_id)
        assert a is not None
        assert (a.kind, a.state, a.required_role) == ("claim_manager", "approved", "workshop_manager")
        assert a.decided_by == people[Role.WORKSHOP_MANAGER].user_id and a.decided_at is not None
        assert a.requested_by == people[Role.ADVISOR].user_id and a.work_order_id == setup.wo.id
        assert json.loads(a.details)["amount"] == "1200.00"
    row = cq.list_claims(db)[0]
    assert row.manager_signed_by == "workshop_manager" and not row.needs_director


def test_c2_director_signature_needed_above_5000(db: Database, people: dict[Role, Actor]) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR], qty="5", price="1200.00")  # 6,000 元
    sig = claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, MANAGER)
    assert sig.claim_state == "draft"
    assert cq.list_claims(db)[0].needs_director
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="服务总监"):
        claims.mark_ordered(db.uow(), people[Role.ADVISOR], setup.claim_no)
    assert _snapshot(db) == before
    sig = claims.sign_claim_order(db.uow(), people[Role.SERVICE_DIRECTOR], setup.claim_no, DIRECTOR)
    assert sig.claim_state == "signed"
    assert claims.mark_ordered(db.uow(), people[Role.ADVISOR], setup.claim_no).signatures == (MANAGER, DIRECTOR)


def test_c2_exactly_5000_needs_only_the_manager(db: Database, people: dict[Role, Actor]) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR], qty="4", price="1250.00")  # 5,000 元: not above
    with pytest.raises(RuleViolation, match="不需要总监"):
        claims.sign_claim_order(db.uow(), people[Role.SERVICE_DIRECTOR], setup.claim_no, DIRECTOR)
    claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, MANAGER)
    assert claims.mark_ordered(db.uow(), people[Role.PARTS_CLERK], setup.claim_no).state == "ordered"


def test_c2_threshold_is_a_limit_setting(db: Database, people: dict[Role, Actor]) -> None:
    set_limit(db.uow(), people[Role.SERVICE_DIRECTOR], Role.SERVICE_DIRECTOR, "claim_director_threshold", "1000")
    setup = warranty_claim(db, people[Role.ADVISOR])  # 1,200 元
    claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, MANAGER)
    with pytest.raises(RuleViolation, match="服务总监"):
        claims.mark_ordered(db.uow(), people[Role.PARTS_CLERK], setup.claim_no)


def test_c2_nobody_signs_an_order_they_created(db: Database, people: dict[Role, Actor]) -> None:
    both = make_user(db, "wang.manager", [Role.ADVISOR, Role.WORKSHOP_MANAGER])
    setup = warranty_claim(db, both)
    before = _snapshot(db)
    with pytest.raises(PermissionDenied, match="自己"):
        claims.sign_claim_order(db.uow(), both, setup.claim_no, MANAGER)
    assert _snapshot(db) == before
    boss = make_user(db, "li.director", [Role.ADVISOR, Role.SERVICE_DIRECTOR])
    big = warranty_claim(db, boss, qty="5")
    claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], big.claim_no, MANAGER)
    with pytest.raises(PermissionDenied):
        claims.sign_claim_order(db.uow(), boss, big.claim_no, DIRECTOR)


def test_c2_one_person_gives_one_signature(db: Database, people: dict[Role, Actor]) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR], qty="5")
    director = people[Role.SERVICE_DIRECTOR]
    claims.sign_claim_order(db.uow(), director, setup.claim_no, MANAGER)  # a director may sign as manager
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="签过字"):
        claims.sign_claim_order(db.uow(), director, setup.claim_no, DIRECTOR)
    with pytest.raises(RuleViolation, match="已有"):
        claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, MANAGER)
    assert _snapshot(db) == before


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.WORKSHOP_MANAGER, Role.SERVICE_DIRECTOR)])
def test_c2_only_the_right_roles_sign(db: Database, people: dict[Role, Actor], role: Role) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR], qty="5")
    before = _snapshot(db)
    with pytest.raises(PermissionDenied):
        claims.sign_claim_order(db.uow(), people[role], setup.claim_no, MANAGER)
    with pytest.raises(PermissionDenied):
        claims.sign_claim_order(db.uow(), people[role], setup.claim_no, DIRECTOR)
    with pytest.raises(PermissionDenied):  # the workshop manager never signs as director
        claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, DIRECTOR)
    with pytest.raises(InvalidInput):
        claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, "claim_king")
    assert _snapshot(db) == before


def test_c2_signed_order_takes_no_more_signatures_and_cancel_before_ordering(
    db: Database, people: dict[Role, Actor]
) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR])
    claims.record_deposit(db.uow(), people[Role.ADVISOR], setup.claim_no, "200", "cash")
    claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], setup.claim_no, MANAGER)
    with pytest.raises(RuleViolation):
        claims.sign_claim_order(db.uow(), people[Role.SERVICE_DIRECTOR], setup.claim_no, MANAGER)
    assert claims.cancel_claim_order(db.uow(), people[Role.ADVISOR], setup.claim_no, "客户不修了").state == "cancelled"
    assert [r.number for r in cq.refunds_due(db)] == [setup.claim_no]
    dep = claims.record_refund(db.uow(), people[Role.ADVISOR], setup.claim_no, "200", "cash")
    assert dep.refunded_amount == Decimal("200.00")
    with pytest.raises(RuleViolation):
        claims.mark_ordered(db.uow(), people[Role.PARTS_CLERK], setup.claim_no)


# ---- C3 ---------------------------------------------------------------------------------------------------


def test_c3_arrival_books_claim_receipt_reserved_for_its_work_order(db: Database, people: dict[Role, Actor]) -> None:
    setup = ordered_claim(db, people, qty="2")
    with pytest.raises(RuleViolation):  # more than ordered
        claims.receive_claim_parts(db.uow(), people[Role.PARTS_CLERK], setup.claim_no, {_line_id(db, setup): "3"})
    first = claims.receive_claim_parts(db.uow(), people[Role.PARTS_CLERK], setup.claim_no, {_line_id(db, setup): "1"})
    assert first.state == "ordered"  # partly arrived
    done = claims.receive_claim_parts(db.uow(), people[Role.PARTS_CLERK], setup.claim_no)
    assert done.state == "arrived" and done.customer_phone == "13800138000"
    with db.read() as s:
        moves = list(s.scalars(select(StockMove).where(StockMove.part_id == setup.part_id).order_by(StockMove.id)))
        assert [(m.kind, m.quantity, m.part_line_id, m.work_order_id, m.reference) for m in moves] == [
            ("claim_receipt", Decimal("1.00"), setup.part_line_id, setup.wo.id, setup.claim_no)] * 2
        part = s.get(Part, setup.part_id)
        assert part is not None and part.on_hand == Decimal("2.00")
        assert claims.reserved_qty(s, setup.part_id) == Decimal("2.00")
        assert claims.reserved_qty(s, setup.part_id, excluding_work_order_id=setup.wo.id) == 0
    issue_on_line(db, setup.part_line_id, "2")
    with db.read() as s:
        assert claims.reserved_qty(s, setup.part_id) == 0


def _line_id(db: Database, setup: object) -> int:
    from workshop.db.models import ClaimOrderLine

    with db.read() as s:
        lid = s.scalar(select(ClaimOrderLine.id).join(ClaimOrder).where(
            ClaimOrder.number == setup.claim_no))  # type: ignore[attr-defined]
        assert lid is not None
        return lid


def test_c3_receiving_needs_an_ordered_claim(db: Database, people: dict[Role, Actor]) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR])
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="已订货"):
        claims.receive_claim_parts(db.uow(), people[Role.PARTS_CLERK], setup.claim_no)
    assert _snapshot(db) == before


def test_c3_arrived_call_the_customer_with_mobile(db: Database, people: dict[Role, Actor]) -> None:
    setup = arrived_claim(db, people, phone="13912345678")
    rows = cq.claims_to_call(db)
    assert [(r.number, r.customer_phone) for r in rows] == [(setup.claim_no, "13912345678")]
    assert cq.claim_figures(db).to_call == 1
    claims.mark_customer_called(db.uow(), people[Role.ADVISOR], setup.claim_no, "客户说明天来")
    assert cq.claims_to_call(db) == []
    assert cq.list_claims(db)[0].customer_called_at is not None


def test_c3_refund_due_only_when_issued_and_work_order_completed(db: Database, people: dict[Role, Actor]) -> None:
    setup = arrived_claim(db, people, deposit="500.00")
    advisor = people[Role.ADVISOR]
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="装车"):
        claims.record_refund(db.uow(), advisor, setup.claim_no, "500", "wechat")
    issue_on_line(db, setup.part_line_id, "1")
    with pytest.raises(RuleViolation, match="装车"):  # issued, but the work order is still in progress
        claims.record_refund(db.uow(), advisor, setup.claim_no, "500", "wechat")
    assert _snapshot(db) == before
    assert cq.refunds_due(db) == []
    set_wo_state(db, setup.wo.id, "completed")
    due = cq.refunds_due(db)
    assert [(r.number, r.deposit_held, r.fitted, r.refund_due) for r in due] == [
        (setup.claim_no, Decimal("500.00"), True, True)]
    dep = claims.record_refund(db.uow(), advisor, setup.claim_no, "500.00", "wechat")
    assert (dep.refunded_amount, dep.refund_method) == (Decimal("500.00"), "wechat")
    assert _state(db, setup.claim_no) == "refunded"
    detail = cq.claim_detail(db, setup.claim_no)
    assert detail is not None and (detail.deposit_method, detail.refunded_amount, detail.refund_method) == (
        "wechat", Decimal("500.00"), "wechat")
    assert [s.kind for s in detail.signatures] == [MANAGER]
    assert detail.lines[0].arrived_qty == detail.lines[0].issued_qty == Decimal("1.00")
    assert cq.refunds_due(db) == [] and cq.claim_figures(db).deposits_held == 0


def test_c3_refund_never_twice_nor_more_than_the_deposit(db: Database, people: dict[Role, Actor]) -> None:
    setup = arrived_claim(db, people, deposit="500.00")
    issue_on_line(db, setup.part_line_id, "1")
    set_wo_state(db, setup.wo.id, "completed")
    advisor = people[Role.ADVISOR]
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="超过"):
        claims.record_refund(db.uow(), advisor, setup.claim_no, "500.01", "wechat")
    assert _snapshot(db) == before
    claims.record_refund(db.uow(), advisor, setup.claim_no, "450", "wechat")
    before = _snapshot(db)
    with pytest.raises(RuleViolation, match="退过"):
        claims.record_refund(db.uow(), advisor, setup.claim_no, "50", "wechat")
    assert _snapshot(db) == before


def test_c3_refund_without_deposit_refused(db: Database, people: dict[Role, Actor]) -> None:
    setup = arrived_claim(db, people, deposit=None)
    issue_on_line(db, setup.part_line_id, "1")
    set_wo_state(db, setup.wo.id, "completed")
    with pytest.raises(RuleViolation, match="没有收过"):
        claims.record_refund(db.uow(), people[Role.ADVISOR], setup.claim_no, "10", "cash")
    assert cq.list_claims(db)[0].fitted


def test_c3_overdue_claim_parts_oldest_first_with_phone_and_deposit(db: Database, people: dict[Role, Actor]) -> None:
    old = arrived_claim(db, people, deposit="800.00", phone="13700000001")
    older = arrived_claim(db, people, deposit=None, phone="13700000002")
    recent = arrived_claim(db, people, phone="13700000003")
    fitted = arrived_claim(db, people, phone="13700000004")
    shift_arrival(db, old.claim_no, timedelta(days=-15))
    shift_arrival(db, older.claim_no, timedelta(days=-20))
    shift_arrival(db, recent.claim_no, timedelta(days=-13))
    shift_arrival(db, fitted.claim_no, timedelta(days=-30))
    issue_on_line(db, fitted.part_line_id, "1")
    set_wo_state(db, fitted.wo.id, "completed")
    rows = cq.overdue_claims(db)
    assert [(r.number, r.customer_phone, r.deposit_held) for r in rows] == [
        (older.claim_no, "13700000002", Decimal("0.00")), (old.claim_no, "13700000001", Decimal("800.00"))]
    assert all(r.overdue for r in rows) and rows[0].days_since_arrival == 20
    figures = cq.claim_figures(db)
    assert (figures.overdue, figures.overdue_deposit_held) == (2, Decimal("800.00"))
    listed = {r.number: r.overdue for r in cq.list_claims(db)}
    assert listed[recent.claim_no] is False and listed[old.claim_no] is True
    set_setting_as_system(db.uow(), "claim_overdue_days", "10")
    assert len(cq.overdue_claims(db)) == 3


def test_c3_claim_partly_arrived_counts_each_line_from_its_own_arrival(
        db: Database, people: dict[Role, Actor]) -> None:
    from workshop.db.models import ClaimOrderLine

    setup = ordered_claim(db, people, qty="2")
    line_id = _line_id(db, setup)
    claims.receive_claim_parts(db.uow(), people[Role.PARTS_CLERK], setup.claim_no, {line_id: "1"})
    assert _state(db, setup.claim_no) == "ordered"  # partly arrived: one of two
    assert cq.overdue_claims(db) == []
    shift(db, ClaimOrderLine, line_id, arrived_at=timedelta(days=-15))
    rows = cq.overdue_claims(db)
    assert [(r.number, r.state, r.days_since_arrival) for r in rows] == [(setup.claim_no, "ordered", 15)]
    assert rows[0].overdue and cq.claim_figures(db).overdue == 1
    # the rest arrives today: the line still counts from its first arrival
    claims.receive_claim_parts(db.uow(), people[Role.PARTS_CLERK], setup.claim_no)
    assert [r.days_since_arrival for r in cq.overdue_claims(db)] == [15]
    issue_on_line(db, setup.part_line_id, "2")
    set_wo_state(db, setup.wo.id, "completed")
    assert cq.overdue_claims(db) == []  # fitted


def _claim_id(db: Database, number: str) -> int:
    with db.read() as s:
        cid = s.scalar(select(ClaimOrder.id).where(ClaimOrder.number == number))
        assert cid is not None
        return cid


def test_c3_claim_part_arrives_through_the_ledger_and_is_issued_at_the_counter(
    db: Database, people: dict[Role, Actor]
) -> None:
    """End to end with the parts counter: the arrived claim part is on hand and issues on its work order line."""
    from workshop.services import parts_counter

    setup = arrived_claim(db, people, deposit="300.00")
    result = parts_counter.issue_part(db.uow(), people[Role.PARTS_CLERK], setup.wo.number, setup.part_no, 1)
    assert result.part_line_id == setup.part_line_id and result.on_hand_after == 0
    set_wo_state(db, setup.wo.id, "completed")
    assert [r.number for r in cq.refunds_due(db)] == [setup.claim_no]


# ---- permissions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_c1_c3_every_claim_service_checks_permission(db: Database, people: dict[Role, Actor], role: Role) -> None:
    from workshop.domain.roles import ROLE_PERMISSIONS, Perm

    perms = ROLE_PERMISSIONS[role]
    actor = people[role]
    advisor = people[Role.ADVISOR]
    part_id = make_part(db, "PERM-1")
    wo = make_work_order(db, advisor)
    add_part_line(db, wo.id, part_id)
    if Perm.CLAIM_EDIT not in perms:
        with pytest.raises(PermissionDenied):
            claims.create_claim_order(db.uow(), actor, wo.number, [("PERM-1", 1)])
    claim_no = claims.create_claim_order(db.uow(), advisor, wo.number, [("PERM-1", 1)]).number
    if Perm.DEPOSIT_RECORD not in perms:
        with pytest.raises(PermissionDenied):
            claims.record_deposit(db.uow(), actor, claim_no, "100", "cash")
    claims.record_deposit(db.uow(), advisor, claim_no, "100", "cash")
    claims.sign_claim_order(db.uow(), people[Role.WORKSHOP_MANAGER], claim_no, MANAGER)
    if Perm.CLAIM_EDIT not in perms and Perm.CLAIM_RECEIVE not in perms:
        with pytest.raises(PermissionDenied):
            claims.mark_ordered(db.uow(), actor, claim_no)
        with pytest.raises(PermissionDenied):
            claims.cancel_claim_order(db.uow(), actor, claim_no, "x")
    claims.mark_ordered(db.uow(), people[Role.PARTS_CLERK], claim_no)
    if Perm.CLAIM_RECEIVE not in perms:
        with pytest.raises(PermissionDenied):
            claims.receive_claim_parts(db.uow(), actor, claim_no)
    claims.receive_claim_parts(db.uow(), people[Role.PARTS_CLERK], claim_no)
    if Perm.CLAIM_EDIT not in perms:
        with pytest.raises(PermissionDenied):
            claims.mark_customer_called(db.uow(), actor, claim_no)
    issue_on_line(db, _part_line(db, wo.id), "1")
    set_wo_state(db, wo.id, "completed")
    if Perm.DEPOSIT_RECORD not in perms:
        with pytest.raises(PermissionDenied):
            claims.record_refund(db.uow(), actor, claim_no, "100", "cash")
        assert _state(db, claim_no) == "arrived"
    else:
        assert claims.record_refund(db.uow(), actor, claim_no, "100", "cash").refunded_amount == Decimal("100.00")


def _part_line(db: Database, work_order_id: int) -> int:
    from workshop.db.models import PartLine

    with db.read() as s:
        lid = s.scalar(select(PartLine.id).where(PartLine.work_order_id == work_order_id))
        assert lid is not None
        return lid


def test_c1_disabled_advisor_can_do_nothing(db: Database, people: dict[Role, Actor]) -> None:
    from tests.helpers.claims_tools_data import disable

    setup = warranty_claim(db, people[Role.ADVISOR])
    disable(db, people[Role.ADVISOR])
    with pytest.raises(PermissionDenied):
        claims.record_deposit(db.uow(), people[Role.ADVISOR], setup.claim_no, "100", "cash")


def test_c3_arrived_claim_part_is_reserved_not_free_stock(db: Database, people: dict[Role, Actor]) -> None:
    """The claim part that arrived for one work order cannot be issued on another one at the counter."""
    from workshop.services import parts_counter

    setup = arrived_claim(db, people, deposit=None)
    other = make_work_order(db, people[Role.ADVISOR], kind="general")
    add_part_line(db, other.id, setup.part_id)
    clerk = people[Role.PARTS_CLERK]
    with pytest.raises(RuleViolation, match="索赔件"):
        parts_counter.issue_part(db.uow(), clerk, other.number, setup.part_no, 1)
    assert parts_counter.issue_part(db.uow(), clerk, setup.wo.number, setup.part_no, 1).on_hand_after == 0
