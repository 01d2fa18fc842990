"""Issue 22 (services return what changed): the unit of work records what its session changed, by kind and id,
a child row marking its work order too; a rolled-back transaction changed nothing."""

from __future__ import annotations

import pytest

from tests.helpers import parts_data as pd
from workshop.db import change_tracking
from workshop.db.models import Base
from workshop.db.uow import Database
from workshop.domain.changes import NO_CHANGES, ChangeSet, RecordKind
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Actor, Role
from workshop.services import parts_counter, settings

K = RecordKind


def test_changes_every_table_has_a_kind() -> None:
    tables = set(Base.metadata.tables)
    assert tables == set(change_tracking.TABLE_KINDS) | change_tracking.UNTRACKED


def test_changes_change_set_algebra() -> None:
    a = ChangeSet.of(K.WORK_ORDERS, 1, 2)
    b = ChangeSet.of(K.STOCK, 7).merge(ChangeSet.of(K.WORK_ORDERS, 3))
    both = a.merge(b)
    assert both.ids_of(K.WORK_ORDERS) == {1, 2, 3} and both.ids_of(K.STOCK) == {7}
    assert both.touches(K.STOCK) and not both.touches(K.CLAIMS)
    assert both.touches_record(K.WORK_ORDERS, 2) and not both.touches_record(K.WORK_ORDERS, 9)
    assert not NO_CHANGES and ChangeSet.everything().touches_record(K.TOOLS, 5)
    assert ChangeSet.of(K.SETTINGS).touches_record(K.SETTINGS, 1)  # no ids: the whole kind
    assert both.describe() == "work_orders[1,2,3] stock[7]"


def test_changes_an_issue_marks_the_part_and_its_work_order(db: Database, people: dict[Role, Actor]) -> None:
    clerk, advisor = people[Role.PARTS_CLERK], people[Role.ADVISOR]
    part_id = pd.make_part(db, clerk, "06L115562B", stock="10", cost="50.00")
    wo = pd.make_work_order(db, advisor, [(part_id, "2")])
    uow = db.uow()
    with change_tracking.collecting() as heard:
        parts_counter.issue_part(uow, clerk, wo.number, "06L115562B")
    assert uow.changes.ids_of(K.WORK_ORDERS) == {wo.id}
    assert uow.changes.ids_of(K.STOCK) == {part_id}
    assert not uow.changes.touches(K.CLAIMS, K.TOOLS, K.USERS, K.SETTINGS)
    assert heard.freeze() == uow.changes  # the thread's collector (the GUI runner's) heard the same


def test_changes_a_refused_action_changed_nothing(db: Database, people: dict[Role, Actor]) -> None:
    clerk, advisor = people[Role.PARTS_CLERK], people[Role.ADVISOR]
    part_id = pd.make_part(db, clerk, "06L115562B", stock="0", cost="50.00")
    wo = pd.make_work_order(db, advisor, [(part_id, "2")])
    uow = db.uow()
    with change_tracking.collecting() as heard, pytest.raises(WorkshopError):
        parts_counter.issue_part(uow, clerk, wo.number, "06L115562B")  # none on hand
    assert uow.changes == NO_CHANGES and heard.freeze() == NO_CHANGES


def test_changes_a_setting(db: Database, people: dict[Role, Actor]) -> None:
    uow = db.uow()
    settings.set_setting(uow, people[Role.ADMIN], "shop_name", "测试店")
    assert uow.changes.kinds == {K.SETTINGS}
