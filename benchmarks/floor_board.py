"""W8's bench figure board_340: the floor board's picture with 340 cars in the workshop. The demo keeps a
handful of cars open; for the figure the bench opens the rest (RO0000-W…, a number no month can have), each
with a dispatched job and, for most, a clock running or paused, measures, and removes them again so that the
other figures see the demo as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import delete, func, select

from workshop.db.models import ClockPause, JobClock, LaborAssignment, LaborLine, User, UserRole, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.work_order import IN_WORKSHOP

CARS = 340
PREFIX = "RO0000-W"


def _open_cars(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(WorkOrder)
                            .where(WorkOrder.state.in_([st.value for st in IN_WORKSHOP]))) or 0)


def open_board_cars(db: Database) -> int:
    """Top the workshop up to CARS cars; returns how many the bench added."""
    missing = CARS - _open_cars(db)
    if missing <= 0:
        return 0
    now = utcnow()
    states = [st.value for st in IN_WORKSHOP]
    with db.uow() as uow:
        s = uow.session
        templates = s.execute(select(WorkOrder.customer_id, WorkOrder.vehicle_id, WorkOrder.advisor_id)
                              .order_by(WorkOrder.id.desc()).limit(missing)).all()
        busy = set(s.scalars(select(JobClock.technician_id).where(JobClock.ended_at.is_(None))))
        techs = list(s.scalars(select(User.id).join(UserRole, UserRole.user_id == User.id)
                               .where(UserRole.role == "technician").order_by(User.id)))
        free = [t for t in techs if t not in busy]
        for i in range(missing):
            customer, vehicle, advisor = templates[i % len(templates)]
            opened = now - timedelta(hours=2 + i % 30)
            wo = WorkOrder(number=f"{PREFIX}{i:04d}", kind="general", charging_mode="paid", payer="customer",
                           state=states[i % 2], priority="normal", customer_id=customer, vehicle_id=vehicle,
                           advisor_id=advisor, team="机修", mileage_in=30000, opened_at=opened, started_at=opened,
                           updated_at=opened, promised_at=opened + timedelta(hours=8))
            s.add(wo)
            s.flush()
            line = LaborLine(work_order_id=wo.id, description="更换机油机滤", hours=Decimal("1.5"),
                             rate=Decimal("300"), team="机修")
            s.add(line)
            s.flush()
            clocked = bool(i % 4) and i < len(free)  # one open clock per technician at most
            tech = free[i] if clocked else techs[i % len(techs)]
            s.add(LaborAssignment(labor_line_id=line.id, work_order_id=wo.id, technician_id=tech, team="机修",
                                  share_pct=Decimal("100"), assigned_by=advisor, assigned_at=opened))
            if clocked:
                clock = JobClock(technician_id=tech, work_order_id=wo.id, labor_line_id=line.id,
                                 status="paused" if i % 4 == 1 else "running", started_at=opened, open_key=1)
                s.add(clock)
                s.flush()
                if i % 4 == 1:
                    s.add(ClockPause(clock_id=clock.id, work_order_id=wo.id, technician_id=tech, reason="parts",
                                     started_at=opened + timedelta(minutes=30)))
        uow.commit()
    return missing


def close_board_cars(db: Database) -> None:
    with db.uow() as uow:
        s = uow.session
        ids = select(WorkOrder.id).where(WorkOrder.number.like(f"{PREFIX}%"))
        s.execute(delete(ClockPause).where(ClockPause.work_order_id.in_(ids)))
        s.execute(delete(JobClock).where(JobClock.work_order_id.in_(ids)))
        s.execute(delete(LaborAssignment).where(LaborAssignment.work_order_id.in_(ids)))
        s.execute(delete(LaborLine).where(LaborLine.work_order_id.in_(ids)))
        s.execute(delete(WorkOrder).where(WorkOrder.number.like(f"{PREFIX}%")))
        uow.commit()


def board_figure(db: Database) -> Callable[[], object]:
    from workshop.queries.floor_board import board_picture

    def run() -> object:
        picture = board_picture(db)
        assert len(picture.cards) >= CARS
        return picture

    return run
