"""Test data for the piece-rate month (W7) and the floor figures (W6): settled work orders with labor lines
dispatched with shares, written straight to the tables at fixed times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tests.helpers import front_desk_screens_data as data
from workshop.db.models import JobClock, LaborAssignment, LaborLine
from workshop.db.uow import Database
from workshop.domain.work_order import State


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
