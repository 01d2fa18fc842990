"""A1, A3, A4: an approval approves figures. The bypass of issue 16 (approve 200 off a 1,040 order, then remove
a line and settle at 35.7 %) and its variants are refused on both backends, and each refusal writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.helpers.approvals_data import make_work_order, work_order
from tests.unit.approvals.test_settlement_check import settle_check
from workshop.db.models import Approval, AuditEntry, DiscountGrant, LaborLine, Part, PartLine, WorkOrder
from workshop.db.uow import Database
from workshop.domain.errors import PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import approvals, front_desk

D = Decimal
# 2 h x 240 = 480 labor + one part 560 (cost 300): gross 1,040
BYPASS = {"labor": [("2", "240", "机修")], "parts": [("1", "560", "300")]}


def _snapshot(db: Database, wo_id: int) -> tuple[object, ...]:
    """Everything a refusal must leave as it was."""
    with db.read() as s:
        wo = s.get(WorkOrder, wo_id)
        assert wo is not None
        return (
            s.scalar(select(func.count()).select_from(AuditEntry)),
            tuple(s.execute(select(Approval.id, Approval.state, Approval.details).order_by(Approval.id)).all()),
            tuple(s.execute(select(DiscountGrant.id, DiscountGrant.active).order_by(DiscountGrant.id)).all()),
            s.scalar(select(func.count()).select_from(LaborLine).where(LaborLine.work_order_id == wo_id)),
            s.scalar(select(func.count()).select_from(PartLine).where(PartLine.work_order_id == wo_id)),
            wo.version, wo.state, wo.discount_pct, wo.discount_amount,
        )


def _refused(db: Database, wo_id: int, match: str, call: object) -> None:
    before = _snapshot(db, wo_id)
    with pytest.raises(RuleViolation, match=match):
        call()  # type: ignore[operator]
    assert _snapshot(db, wo_id) == before


def _approved_200_off(db: Database, people: dict[Role, Actor]) -> tuple[int, Approval]:
    lead, manager = people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    wo_id = make_work_order(db, lead, state="in_progress", **BYPASS)  # type: ignore[arg-type]
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, amount="200", reason="老客户，上次返修")
    assert req.required_role == Role.WORKSHOP_MANAGER.value
    assert (req.details["gross"], req.details["pct_of_gross"], req.details["discount"]) == ("1040.00", "19.23",
                                                                                            "200.00")
    assert req.details["digest"] and req.details["wo_kind"] == "general"
    decided = approvals.decide(db.uow(), manager, req.id, True, "同意")
    assert decided.state == "approved"
    with db.read() as s:
        row = s.get(Approval, req.id)
        assert row is not None
        s.expunge(row)
    return wo_id, row


def _lines(db: Database, wo_id: int) -> tuple[list[LaborLine], list[PartLine]]:
    with db.read() as s:
        labor = list(s.scalars(select(LaborLine).where(LaborLine.work_order_id == wo_id)))
        parts = list(s.scalars(select(PartLine).where(PartLine.work_order_id == wo_id)))
        for x in (*labor, *parts):
            s.expunge(x)
        return labor, parts


def _state(db: Database, approval_id: int) -> str:
    with db.read() as s:
        return str(s.scalar(select(Approval.state).where(Approval.id == approval_id)))


def test_a1_bypass_remove_line_after_approval_refused_at_settlement(db: Database,
                                                                    people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id, approval = _approved_200_off(db, people)
    labor, _ = _lines(db, wo_id)
    wo = work_order(db, wo_id)
    front_desk.remove_labor_line(db.uow(), lead, wo.number, labor[0].id, expected_version=wo.version)
    assert _state(db, approval.id) == "void"  # 200 off 560 is 35.7 %, above the 19.2 % approved
    with db.read() as s:
        actions = [a for (a,) in s.execute(select(AuditEntry.action).order_by(AuditEntry.id))]
    assert actions[-1] == "approval.void" or "approval.void" in actions[-3:]
    _refused(db, wo_id, r"35\.71 %", lambda: settle_check(db, lead, wo_id))


def test_a4_lines_locked_while_pending_and_withdraw_unlocks(db: Database, people: dict[Role, Actor]) -> None:
    lead, advisor = people[Role.FRONT_DESK_LEAD], people[Role.ADVISOR]
    wo_id = make_work_order(db, lead, state="in_progress", **BYPASS)  # type: ignore[arg-type]
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, amount="200", reason="老客户")
    labor, parts = _lines(db, wo_id)
    wo = work_order(db, wo_id)
    _refused(db, wo_id, "withdraw it to edit", lambda: front_desk.remove_labor_line(
        db.uow(), lead, wo.number, labor[0].id, expected_version=wo.version))
    _refused(db, wo_id, "车间经理或服务总监可以审批", lambda: front_desk.change_part_quantity(
        db.uow(), lead, wo.number, parts[0].id, expected_version=wo.version, quantity="2"))
    with pytest.raises(PermissionDenied):
        approvals.withdraw(db.uow(), advisor, req.id)  # only the one who asked
    assert approvals.withdraw(db.uow(), lead, req.id).state == "withdrawn"
    front_desk.remove_labor_line(db.uow(), lead, wo.number, labor[0].id, expected_version=wo.version)


def test_a4_pending_request_void_when_lines_changed_behind_the_lock(db: Database,
                                                                   people: dict[Role, Actor]) -> None:
    lead, manager = people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    wo_id = make_work_order(db, lead, state="in_progress", **BYPASS)  # type: ignore[arg-type]
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, amount="200", reason="老客户")
    uow = db.uow()
    with uow:  # a change that did not go through the services (another program, SQL)
        line = uow.session.scalars(select(LaborLine).where(LaborLine.work_order_id == wo_id)).one()
        uow.session.delete(line)
        uow.commit()
    decided = approvals.decide(db.uow(), manager, req.id, True, "同意")
    assert decided.state == "void" and "35.71 %" in decided.decision_reason
    assert work_order(db, wo_id).discount_amount == 0  # nothing applied


def _direct(db: Database, wo_id: int, change: str) -> None:
    uow = db.uow()
    with uow:
        s = uow.session
        wo = s.get(WorkOrder, wo_id)
        assert wo is not None
        if change == "lower_price":
            line = s.scalars(select(PartLine).where(PartLine.work_order_id == wo_id)).one()
            line.unit_price = D("460")
        elif change == "raise_discount":
            wo.discount_amount = D("260")
            grant = s.scalars(select(DiscountGrant).where(DiscountGrant.work_order_id == wo_id,
                                                          DiscountGrant.active.is_(True))).one()
            grant.amount = D("260")
        elif change == "kind":
            wo.kind = "maintenance"
        uow.commit()


@pytest.mark.parametrize(("change", "match"), [
    ("lower_price", r"21\.28 %"), ("raise_discount", "260"), ("kind", "general"),
])
def test_a4_changed_behind_the_services_refused_at_settlement(db: Database, people: dict[Role, Actor],
                                                             change: str, match: str) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id, _approval = _approved_200_off(db, people)
    _direct(db, wo_id, change)
    _refused(db, wo_id, match, lambda: settle_check(db, lead, wo_id))


def test_a4_free_line_added_after_approval_voids_it(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id, approval = _approved_200_off(db, people)
    uow = db.uow()
    with uow:
        uow.session.add(Part(part_no="FREE-1", name="赠送机油滤清器", price=D(0), on_hand=D(10), avg_cost=D(80)))
        uow.commit()
    wo = work_order(db, wo_id)
    front_desk.add_part_line(db.uow(), lead, wo.number, expected_version=wo.version, part_no="FREE-1")
    assert _state(db, approval.id) == "void"  # same gross and discount, but the margin is lower
    _refused(db, wo_id, "margin fell", lambda: settle_check(db, lead, wo_id))


def test_a4_raising_a_percent_discount_by_adding_a_line_voids_it(db: Database, people: dict[Role, Actor]) -> None:
    lead, manager = people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    wo_id = make_work_order(db, lead, state="in_progress", **BYPASS)  # type: ignore[arg-type]
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, pct="15", reason="老客户")
    approvals.decide(db.uow(), manager, req.id, True)
    uow = db.uow()
    with uow:
        uow.session.add(Part(part_no="EXTRA-1", name="刹车片", price=D(400), on_hand=D(10), avg_cost=D(100)))
        uow.commit()
    wo = work_order(db, wo_id)
    front_desk.add_part_line(db.uow(), lead, wo.number, expected_version=wo.version, part_no="EXTRA-1")
    assert _state(db, req.id) == "void"  # 15 % of 1,440 is 216 off, more than the 156 approved
    _refused(db, wo_id, "216", lambda: settle_check(db, lead, wo_id))


def test_a4_change_within_the_approval_passes_and_says_so(db: Database, people: dict[Role, Actor]) -> None:
    lead, manager = people[Role.FRONT_DESK_LEAD], people[Role.WORKSHOP_MANAGER]
    wo_id = make_work_order(db, lead, state="in_progress", **BYPASS)  # type: ignore[arg-type]
    uow = db.uow()
    with uow:
        uow.session.add(Part(part_no="THIN-1", name="雨刮片", price=D(100), on_hand=D(10), avg_cost=D(90)))
        uow.commit()
    wo = work_order(db, wo_id)
    front_desk.add_part_line(db.uow(), lead, wo.number, expected_version=wo.version, part_no="THIN-1")
    req = approvals.request_discount_approval(db.uow(), lead, wo_id, pct="15", reason="老客户")
    approvals.decide(db.uow(), manager, req.id, True)
    _, parts = _lines(db, wo_id)
    wo = work_order(db, wo_id)
    thin = next(p for p in parts if p.unit_price == D(100))
    front_desk.remove_part_line(db.uow(), lead, wo.number, thin.id, expected_version=wo.version)
    assert _state(db, req.id) == "approved"  # 15 % of 1,040: smaller amount, same percent, margin higher
    with db.read() as s:
        note = s.scalars(select(AuditEntry).where(AuditEntry.action == "approval.still_within")).one()
        assert "仍在审批范围内" in note.summary
    settle_check(db, lead, wo_id)


def test_a3_own_discount_rechecked_against_the_final_figures(db: Database, people: dict[Role, Actor]) -> None:
    lead = people[Role.FRONT_DESK_LEAD]
    wo_id = make_work_order(db, lead, state="in_progress", **BYPASS)  # type: ignore[arg-type]
    approvals.give_discount(db.uow(), lead, wo_id, amount="104", reason="老客户")  # 10 %: within the lead's limit
    labor, _ = _lines(db, wo_id)
    wo = work_order(db, wo_id)
    front_desk.remove_labor_line(db.uow(), lead, wo.number, labor[0].id, expected_version=wo.version)
    _refused(db, wo_id, r"18\.57%", lambda: settle_check(db, lead, wo_id))
