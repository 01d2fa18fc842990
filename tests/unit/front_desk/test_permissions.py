"""Every service checks its permission in the core: a role without the right gets PermissionDenied, and a
disabled user can do nothing (F1-F8, W1-W2, Q1-Q2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.helpers.numbers import hand_number
from workshop.db.uow import Database
from workshop.domain.errors import PermissionDenied
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, quality, users, workshop_floor
from workshop.services.work_order_dto import ProposedPart

N = hand_number("RO", 1)  # no such work order: the permission is refused before the lookup
Call = Callable[[Database, Actor], Any]

CALLS: list[tuple[str, Role, Call]] = [
    ("add_customer", Role.TECHNICIAN, lambda db, a: front_desk.add_customer(db.uow(), a, name="x", phone="13800138000")),
    ("edit_customer", Role.PARTS_CLERK, lambda db, a: front_desk.edit_customer(db.uow(), a, 1, expected_version=1)),
    ("add_vehicle", Role.QC_INSPECTOR, lambda db, a: front_desk.add_vehicle(
        db.uow(), a, customer_id=1, plate="粤B·12345", vin="x", brand="b", model="m", purchase_date=date(2024, 1, 1))),
    ("edit_vehicle", Role.TECHNICIAN, lambda db, a: front_desk.edit_vehicle(db.uow(), a, 1, expected_version=1)),
    ("update_mileage", Role.CUSTOMER_SERVICE, lambda db, a: front_desk.update_mileage(db.uow(), a, 1, 10)),
    ("open_work_order", Role.TECHNICIAN, lambda db, a: front_desk.open_work_order(
        db.uow(), a, vehicle_id=1, kind="general", mileage_in=1, fault_description="x")),
    ("open_work_order", Role.SERVICE_DIRECTOR, lambda db, a: front_desk.open_work_order(
        db.uow(), a, vehicle_id=1, kind="general", mileage_in=1, fault_description="x")),
    ("edit_work_order", Role.TEAM_LEADER, lambda db, a: front_desk.edit_work_order(db.uow(), a, N, expected_version=1)),
    # F6: technicians may not add or remove items
    ("add_labor_line", Role.TECHNICIAN, lambda db, a: front_desk.add_labor_line(
        db.uow(), a, N, expected_version=1, operation_code="JX001")),
    ("remove_labor_line", Role.TECHNICIAN, lambda db, a: front_desk.remove_labor_line(
        db.uow(), a, N, 1, expected_version=1)),
    ("add_part_line", Role.TECHNICIAN, lambda db, a: front_desk.add_part_line(
        db.uow(), a, N, expected_version=1, part_no="X")),
    ("remove_part_line", Role.TECHNICIAN, lambda db, a: front_desk.remove_part_line(
        db.uow(), a, N, 1, expected_version=1)),
    ("change_part_quantity", Role.PARTS_CLERK, lambda db, a: front_desk.change_part_quantity(
        db.uow(), a, N, 1, expected_version=1, quantity=2)),
    ("start_work_order", Role.TECHNICIAN, lambda db, a: front_desk.start_work_order(db.uow(), a, N)),
    ("confirm_added_item", Role.TECHNICIAN, lambda db, a: front_desk.confirm_added_item(
        db.uow(), a, 1, consent_method="phone")),
    ("decline_added_item", Role.TEAM_LEADER, lambda db, a: front_desk.decline_added_item(db.uow(), a, 1)),
    ("settle_work_order", Role.QC_INSPECTOR, lambda db, a: front_desk.settle_work_order(db.uow(), a, N)),
    ("deliver_work_order", Role.TECHNICIAN, lambda db, a: front_desk.deliver_work_order(db.uow(), a, N)),
    ("cancel_work_order", Role.WORKSHOP_MANAGER, lambda db, a: front_desk.cancel_work_order(
        db.uow(), a, N, reason="x")),
    ("assign_job", Role.TECHNICIAN, lambda db, a: workshop_floor.assign_job(db.uow(), a, N, team="机修")),
    ("assign_job", Role.ADVISOR, lambda db, a: workshop_floor.assign_job(db.uow(), a, N, team="机修")),
    ("take_job", Role.ADVISOR, lambda db, a: workshop_floor.take_job(db.uow(), a, N, plate="粤B·12345")),
    ("propose_added_item", Role.PARTS_CLERK, lambda db, a: workshop_floor.propose_added_item(
        db.uow(), a, N, description="x", parts=[ProposedPart("X", Decimal(1))])),
    ("complete_job", Role.ADVISOR, lambda db, a: workshop_floor.complete_job(db.uow(), a, N, self_check_note="x")),
    ("qc_pass", Role.TECHNICIAN, lambda db, a: workshop_floor.qc_pass(db.uow(), a, N)),
    ("qc_fail", Role.TEAM_LEADER, lambda db, a: workshop_floor.qc_fail(db.uow(), a, N, reason="x")),
    ("record_return_visit", Role.ADVISOR, lambda db, a: quality.record_return_visit(
        db.uow(), a, N, result="x", score=5)),
    ("record_complaint", Role.ADVISOR, lambda db, a: quality.record_complaint(db.uow(), a, content="x",
                                                                              customer_id=1)),
    ("handle_complaint", Role.TECHNICIAN, lambda db, a: quality.handle_complaint(db.uow(), a, "TS2601-0001",
                                                                                 note="x")),
    ("archive_complaint", Role.ADVISOR, lambda db, a: quality.archive_complaint(db.uow(), a, "TS2601-0001",
                                                                                note="x")),
]


@pytest.mark.parametrize(("name", "role", "call"), CALLS, ids=[f"{n}-{r.value}" for n, r, _ in CALLS])
def test_permissions_role_without_the_right_is_refused(db: Database, people: dict[Role, Actor], name: str,
                                                       role: Role, call: Call) -> None:
    with pytest.raises(PermissionDenied):
        call(db, people[role])


def test_permissions_disabled_advisor_can_do_nothing(db: Database, people: dict[Role, Actor]) -> None:
    users.set_active(db.uow(), people[Role.ADMIN], people[Role.ADVISOR].user_id, False)
    with pytest.raises(PermissionDenied, match="停用"):
        front_desk.add_customer(db.uow(), people[Role.ADVISOR], name="李娜", phone="13800138000")
