"""F6: the customer consents to a priced added item; the amount agreed is recorded with the consent, and a price
change after consent needs a new one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.helpers.front_desk_data import BRAKE_PADS, PADS, add_shop, started_order
from workshop.db.models import AddedItem, AuditEntry, PartLine
from workshop.db.uow import Database
from workshop.domain.errors import RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, workshop_floor
from workshop.services.work_order_dto import ProposedLabor, ProposedPart

D = Decimal


def test_f6_consent_records_the_amount_and_a_price_change_needs_a_new_one(db: Database,
                                                                       people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    number = started_order(db, people, shop).number
    advisor = people[Role.ADVISOR]
    item = workshop_floor.propose_added_item(
        db.uow(), people[Role.TECHNICIAN], number, description="前刹车片磨损到限",
        labor=[ProposedLabor(BRAKE_PADS)], parts=[ProposedPart(PADS, D(1))])
    # 1.0 h x 200 + 480 = 680: told the customer 480 (the part only) -> refused, nothing written
    with db.read() as s:
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(RuleViolation, match=r"680\.00"):
        front_desk.confirm_added_item(db.uow(), advisor, item.id, consent_method="phone", agreed_amount="480")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits
        assert s.get(AddedItem, item.id).state == "proposed"  # type: ignore[union-attr]
    confirmed = front_desk.confirm_added_item(db.uow(), advisor, item.id, consent_method="in_person",
                                              agreed_amount="680.00")
    assert confirmed.state == "confirmed" and confirmed.consent_amount == D("680.00")
    assert confirmed.consent_at is not None and confirmed.consent_method == "in_person"

    with db.read() as s:
        line_id = s.scalar(select(PartLine.id).where(PartLine.added_item_id == item.id))
    wo = front_desk.get_work_order(db, number)
    front_desk.change_part_quantity(db.uow(), advisor, number, int(line_id or 0), expected_version=wo.version,
                                    quantity="2")
    with db.read() as s:
        again = s.get(AddedItem, item.id)
        assert again is not None and again.state == "proposed" and again.consent_amount is None
    with pytest.raises(RuleViolation, match=r"未经客户确认|not confirmed"):
        wo = front_desk.get_work_order(db, number)
        front_desk.settle_work_order(db.uow(), advisor, number, expected_version=wo.version)
    confirmed = front_desk.confirm_added_item(db.uow(), advisor, item.id, consent_method="phone",
                                              agreed_amount="1160")
    assert confirmed.consent_amount == D("1160.00")
