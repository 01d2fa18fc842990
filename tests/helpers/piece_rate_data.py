"""Test data for the piece-rate month (W7) and the floor figures (W6): settled work orders with labor lines
dispatched with shares, written straight to the tables at fixed times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tests.helpers import front_desk_screens_data as data
from tests.helpers.people import make_user
from workshop.db.models import JobClock, LaborAssignment, LaborLine
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.domain.work_order import State
from workshop.services import team_rates


def at(y: int, m: int, d: int, h: int = 1, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=UTC)


def job(db: Database, car: data.Car, advisor_id: int, opened: datetime,
        lines: list[tuple[int | None, str, str, str, list[tuple[int, str]]]],
        *, state: State = State.SETTLED) -> int:
    """A work order opened at `opened`, its steps an hour apart (settled 5 h later), with labor lines
    (operation id, description, hours, team, [(technician, share %)])."""
    wid = data.add_work_order(db, car, advisor_id, state=state, opened_at=opened, step=timedelta(hours=1))
    with db.uow() as uow:
        for op, desc, hours, team, shares in lines:
            line = LaborLine(work_order_id=wid, operation_id=op, description=desc, hours=Decimal(hours),
                             rate=Decimal("300"), team=team)
            uow.session.add(line)
            uow.session.flush()
            for tech, share in shares:
                uow.session.add(LaborAssignment(labor_line_id=line.id, work_order_id=wid, technician_id=tech,
                                                team=team, share_pct=Decimal(share), assigned_by=advisor_id,
                                                assigned_at=opened))
        uow.commit()
    return wid


def clocked_job(db: Database, work_order_id: int, description: str, hours: str, finished: datetime,
                shares: list[tuple[int, str]], clocks: list[tuple[int, datetime, datetime, int]]) -> int:
    """A labor line finished at `finished`, dispatched with shares, and closed clock entries on it
    (technician, clock-on, clock-off, worked seconds)."""
    with db.uow() as uow:
        line = LaborLine(work_order_id=work_order_id, description=description, hours=Decimal(hours),
                         rate=Decimal("300"), team="机修", finished_at=finished)
        uow.session.add(line)
        uow.session.flush()
        for tech, share in shares:
            uow.session.add(LaborAssignment(labor_line_id=line.id, work_order_id=work_order_id, technician_id=tech,
                                            team="机修", share_pct=Decimal(share), assigned_by=tech,
                                            assigned_at=finished))
        for tech, on, off, worked in clocks:
            uow.session.add(JobClock(technician_id=tech, work_order_id=work_order_id, labor_line_id=line.id,
                                     status="closed", started_at=on, ended_at=off, open_key=None,
                                     worked_seconds=worked, started_by=tech, stopped_by=tech))
        lid = line.id
        uow.commit()
    return lid


def november(db: Database, people: dict[Role, Actor]) -> dict[str, int]:
    """The month of the hand computation (shop time, Asia/Shanghai):
    机修 piece rate 20 元/h from 2026-10-01, 22 元/h from 2026-11-16; 钣喷 30 元/h.
    RO-1 car A, settled 11-03: oil 1.5 h technician 100 %; brakes 2.0 h technician 60 % / leader 40 %.
    RO-2 car B, settled 11-30 23:30: oil 1.5 h technician 100 % (22 元); paint 3.0 h painter 100 %.
    RO-3 car A, opened 11-25, not settled: brakes again — a comeback of RO-1's brakes (22 days).
    RO-4 car C, settled 10-31 23:30 (October) and RO-5 car D settled 12-01 00:30 (December): not November.
    technician: 1.5×20 + 2.0×60%×20 + 1.5×22 = 30 + 24 + 33 = 87.00 元 for 4.2 h, less RO-1's brakes 24.00
    = 63.00. leader: 0.8 h, 16.00, less 16.00 = 0. painter: 3.0 h, 90.00."""
    adv, tech, lead = (people[r].user_id for r in (Role.ADVISOR, Role.TECHNICIAN, Role.TEAM_LEADER))
    painter = make_user(db, "painter", [Role.TECHNICIAN], "钣喷").user_id
    director = people[Role.SERVICE_DIRECTOR]
    team_rates.set_team_rates(db.uow(), director, "机修", cost_rate="45", piece_rate="20",
                              effective_from=at(2026, 9, 30, 16))
    team_rates.set_team_rates(db.uow(), director, "机修", cost_rate="45", piece_rate="22",
                              effective_from=at(2026, 11, 15, 16))
    team_rates.set_team_rates(db.uow(), director, "钣喷", cost_rate="55", piece_rate="30",
                              effective_from=at(2026, 9, 30, 16))
    oil = data.add_labor_operation(db, "JX0101", "更换机油机滤", hours="1.5")
    brakes = data.add_labor_operation(db, "JX0201", "更换前刹车片", hours="2.0")
    car_a = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    car_b = data.add_car(db, "李娜", "13900139000", "粤B·54321")
    car_c = data.add_car(db, "王芳", "13700137000", "粤B·67890")
    car_d = data.add_car(db, "刘洋", "13500135000", "粤B·24680")
    ids = {
        "ro1": job(db, car_a, adv, at(2026, 11, 3, 1), [(oil, "更换机油机滤", "1.5", "机修", [(tech, "100")]),
                                                       (brakes, "更换前刹车片", "2.0", "机修",
                                                        [(tech, "60"), (lead, "40")])]),
        "ro2": job(db, car_b, adv, at(2026, 11, 30, 10, 30),
                   [(oil, "更换机油机滤", "1.5", "机修", [(tech, "100")]),
                    (None, "前保险杠喷漆", "3.0", "钣喷", [(painter, "100")])]),
        "ro3": job(db, car_a, adv, at(2026, 11, 25, 2), [(brakes, "更换前刹车片", "2.0", "机修", [(tech, "100")])],
                   state=State.IN_PROGRESS),
        "ro4": job(db, car_c, adv, at(2026, 10, 31, 10, 30), [(oil, "更换机油机滤", "1.5", "机修", [(tech, "100")])]),
        "ro5": job(db, car_d, adv, at(2026, 11, 30, 11, 30), [(oil, "更换机油机滤", "1.5", "机修", [(tech, "100")])]),
    }
    return {**ids, "tech": tech, "lead": lead, "painter": painter}
