"""W6 test data: two shop days of clocks for the technician and the team leader (tests/unit/dashboards and the
dashboard's period switch on screen)."""

from __future__ import annotations

from tests.helpers import front_desk_screens_data as data
from tests.helpers.piece_rate_data import at, clocked_job
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.domain.work_order import State

START, END = at(2026, 11, 8, 16), at(2026, 11, 15, 16)   # the shop week of Monday 2026-11-09


def two_days(db: Database, people: dict[Role, Actor]) -> tuple[int, int]:
    """technician, shop day 11-10: job A 2.0 h (100 %) clocked 09:00-11:00 with a 30 min pause (1.5 h);
    job B 1.0 h (50 %, the leader the other 50 %) clocked 12:00-13:00 by both. 11-11 (01:00-03:00 shop time,
    still 11-10 in UTC): job C 1.0 h clocked 2 h."""
    tech, lead, adv = (people[r].user_id for r in (Role.TECHNICIAN, Role.TEAM_LEADER, Role.ADVISOR))
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, adv, state=State.IN_PROGRESS, opened_at=at(2026, 11, 10, 0))
    clocked_job(db, wid, "更换机油机滤", "2.0", at(2026, 11, 10, 5), [(tech, "100")],
                [(tech, at(2026, 11, 10, 1), at(2026, 11, 10, 3), 5400)])
    clocked_job(db, wid, "更换前刹车片", "1.0", at(2026, 11, 10, 8), [(tech, "50"), (lead, "50")],
                [(tech, at(2026, 11, 10, 4), at(2026, 11, 10, 5), 3600),
                 (lead, at(2026, 11, 10, 4), at(2026, 11, 10, 5), 3600)])
    clocked_job(db, wid, "检查异响", "1.0", at(2026, 11, 10, 19), [(tech, "100")],
                [(tech, at(2026, 11, 10, 17), at(2026, 11, 10, 19), 7200)])
    return tech, lead
