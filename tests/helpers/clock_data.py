"""Test data for dispatch (W4) and the job clock (W5): badges, a started work order with two jobs, fixed times."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tests.helpers.front_desk_data import BRAKE_PADS, Shop, add_shop, started_order
from workshop.db.models import User
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk
from workshop.services.work_order_dto import WorkOrderInfo

# a Tuesday in the shop (Asia/Shanghai 09:00 = 01:00 UTC); closing time 18:00 is 10:00 UTC
MORNING = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)


def badge_of(db: Database, actor: Actor) -> str:
    with db.read() as s:
        code = s.scalar(select(User.badge_code).where(User.id == actor.user_id))
    assert code is not None
    return code


def two_job_order(db: Database, people: dict[Role, Actor]) -> tuple[Shop, WorkOrderInfo]:
    """A started work order (开工, not yet taken) with an oil change and brake pads, both 机修."""
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    wo = front_desk.add_labor_line(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version,
                                   operation_code=BRAKE_PADS)
    return shop, wo
