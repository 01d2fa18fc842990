"""Demo data for the floor board (W8): the shop's bays and lifts, through the settings service a shop uses,
and the cars in the workshop placed on them by the workshop manager (the same service as a drag on the board)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from workshop.db.models import User, WorkOrder
from workshop.db.uow import Database
from workshop.domain.floor_board import Bay
from workshop.domain.work_order import IN_WORKSHOP
from workshop.services import floor_board, users

BAYS = (
    *(Bay(f"机修{i}号", "lift", "机修") for i in range(1, 7)),
    Bay("快保1号", "lift", "机修"), Bay("快保2号", "lift", "机修"), Bay("四轮定位", "bay", "机修"),
    *(Bay(f"钣金{i}号", "bay", "钣喷") for i in range(1, 4)),
    Bay("喷漆房1", "bay", "钣喷"), Bay("喷漆房2", "bay", "钣喷"), Bay("洗车位", "bay", None),
)


def bays_and_placements(db: Database, now: datetime) -> None:
    with db.read() as s:
        manager = s.scalar(select(User).where(User.username == "manager"))
        cars = s.execute(select(WorkOrder.number, WorkOrder.team)
                         .where(WorkOrder.state.in_([st.value for st in IN_WORKSHOP]))
                         .order_by(WorkOrder.opened_at)).all()
        actor = users.actor_of(manager) if manager is not None else None
    floor_board.save_bays(db.uow(), None, list(BAYS))
    if actor is None:
        return
    free = {team: [b.name for b in BAYS if b.team == team] for team in ("机修", "钣喷")}
    for number, team in cars[: len(BAYS) - 2]:  # a few cars wait without a bay
        if free.get(team or "机修"):
            floor_board.place_on_bay(db.uow(), actor, number, free[team or "机修"].pop(0), now=now)
