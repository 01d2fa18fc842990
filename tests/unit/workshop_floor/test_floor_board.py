"""W8 the floor board: bays and lifts as a setting, every car as a card (crew and clock status, what it waits
for and since when, promised time, late), cars placed on bays with the dispatch checks, one round trip."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from tests.helpers.clock_data import MORNING, badge_of, two_job_order
from tests.helpers.people import make_user
from workshop.db.models import AuditEntry, BayPlacement
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.floor_board import Bay
from workshop.domain.roles import Actor, Role
from workshop.queries.floor_board import board_picture
from workshop.services import dispatch, floor_board, job_clock

H = timedelta(hours=1)
BAYS = [Bay("机修1", "lift", "机修"), Bay("机修2", "bay", "机修"), Bay("钣喷1", "bay", "钣喷"), Bay("洗车位")]


def _placements(db: Database) -> list[tuple[int, str]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(select(BayPlacement.work_order_id, BayPlacement.bay))]  # type: ignore[misc]


def test_w8_bays_are_a_setting_checked_whole(db: Database, people: dict[Role, Actor]) -> None:
    admin = people[Role.ADMIN]
    assert floor_board.current_bays(db) == ()  # an empty shop has no bays, and the board still opens
    assert board_picture(db, now=MORNING).cards == ()
    with pytest.raises(InvalidInput, match="重复"):
        floor_board.save_bays(db.uow(), admin, [Bay("A1"), Bay(" A1 ")])
    with pytest.raises(InvalidInput, match="举升机"):
        floor_board.save_bays(db.uow(), admin, [Bay("A1", "pit")])
    with pytest.raises(InvalidInput, match="班组"):
        floor_board.save_bays(db.uow(), admin, [Bay("A1", "bay", "喷漆")])
    with pytest.raises(PermissionDenied):
        floor_board.save_bays(db.uow(), people[Role.TECHNICIAN], BAYS)
    assert floor_board.current_bays(db) == ()  # nothing written
    assert floor_board.save_bays(db.uow(), admin, BAYS) == tuple(BAYS)
    assert floor_board.current_bays(db) == tuple(BAYS)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "workshop.bays")) == 1
    many = [Bay(f"机修{i}号", "lift", "机修") for i in range(1, 31)]  # a big shop: 30 lifts with long names
    assert len(floor_board.save_bays(db.uow(), admin, many)) == 30


def test_w8_card_shows_crew_clock_status_and_what_it_waits_for(db: Database, people: dict[Role, Actor]) -> None:
    shop, wo = two_job_order(db, people)
    tech, lead = people[Role.TECHNICIAN], people[Role.TEAM_LEADER]
    oil, brakes = wo.labor_lines[0].id, wo.labor_lines[1].id
    dispatch.dispatch_line(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number, brakes,
                           [(tech.user_id, Decimal("60")), (lead.user_id, Decimal("40"))], now=MORNING)
    card = board_picture(db, now=MORNING).cards[0]
    assert (card.number, card.plate, card.state) == (wo.number, shop.vehicle.plate, "started")
    assert {(m.name, m.clock) for m in card.crew} == {("technician", "off"), ("team_leader", "off")}
    assert card.waiting_for is None and card.bay is None
    job_clock.clock_on(db.uow(), badge_of(db, tech), wo.number, oil, plate=shop.vehicle.plate, now=MORNING + H)
    card = board_picture(db, now=MORNING + 2 * H).cards[0]
    assert [(m.name, m.clock) for m in card.crew] == [("technician", "on"), ("team_leader", "off")]
    assert card.crew[0].since == MORNING + H
    job_clock.pause_clock(db.uow(), badge_of(db, tech), "parts", now=MORNING + 2 * H)
    now = MORNING + 3 * H
    card = board_picture(db, now=now).cards[0]
    assert card.crew[0].clock == "paused" and card.crew[0].pause_reason == "parts"
    assert (card.waiting_for, card.waiting_since, card.waited(now)) == ("parts", MORNING + 2 * H, H)
    # the team filter, and late: not ready by its expected finish
    assert board_picture(db, team="钣喷", now=now).cards == ()
    assert board_picture(db, now=card.expected_finish + H).cards[0].late


def test_w8_a_car_goes_on_a_bay_with_the_dispatch_checks(db: Database, people: dict[Role, Actor]) -> None:
    floor_board.save_bays(db.uow(), people[Role.ADMIN], BAYS)
    _, wo = two_job_order(db, people)
    manager, lead = people[Role.WORKSHOP_MANAGER], people[Role.TEAM_LEADER]
    paint_lead = make_user(db, "paint_lead", [Role.TEAM_LEADER], "钣喷")
    with pytest.raises(InvalidInput, match="没有工位"):
        floor_board.place_on_bay(db.uow(), manager, wo.number, "B9", now=MORNING)
    with pytest.raises(PermissionDenied):
        floor_board.place_on_bay(db.uow(), people[Role.TECHNICIAN], wo.number, "机修1", now=MORNING)
    with pytest.raises(PermissionDenied, match="钣喷"):  # the 机修 leader on a 钣喷 bay
        floor_board.place_on_bay(db.uow(), lead, wo.number, "钣喷1", now=MORNING)
    assert _placements(db) == []
    floor_board.place_on_bay(db.uow(), lead, wo.number, "机修1", now=MORNING)
    assert board_picture(db, now=MORNING).cards[0].bay == "机修1"
    with pytest.raises(PermissionDenied, match="本班组"):  # a 机修 car for the 钣喷 leader
        floor_board.place_on_bay(db.uow(), paint_lead, wo.number, "钣喷1", now=MORNING)
    with pytest.raises(RuleViolation, match="还有车"):
        floor_board.save_bays(db.uow(), people[Role.ADMIN], BAYS[1:])
    floor_board.place_on_bay(db.uow(), manager, wo.number, "洗车位", now=MORNING + H)  # moving frees 机修1
    assert [b for _, b in _placements(db)] == ["洗车位"]
    floor_board.place_on_bay(db.uow(), manager, wo.number, None, now=MORNING + H)
    assert _placements(db) == []


def test_w8_board_is_one_statement_for_the_cars_one_for_their_crews_one_for_the_clocks(db: Database, people: dict[Role, Actor]) -> None:
    _, wo = two_job_order(db, people)
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        picture = board_picture(db, now=MORNING)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert [c.number for c in picture.cards] == [wo.number]
    # the settings, the bays, the cars, their crews, the open clocks with their pauses (a driver's own aside):
    # never one statement per car
    assert [x for x in seen if x == "SELECT"] == ["SELECT"] * 5, seen
