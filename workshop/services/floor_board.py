"""W8: the bays and lifts (a list the administrator edits) and the bay a car stands on. A car is put on a
bay by the workshop manager (any bay, any car) or a team leader (a car of the team, on a bay of the team or of
no team): the same checks as dispatch. One car per bay; moving a car frees the bay it left."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from workshop.db.models import BayPlacement, User, WorkOrder, WorkshopBay
from workshop.db.teams_store import team_codes
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.clock import utcnow
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.floor_board import Bay, checked_bays
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.work_order import IN_WORKSHOP
from workshop.services.work_order_common import load_work_order, touch


def bays_of(session: Session) -> tuple[Bay, ...]:
    return tuple(Bay(b.name, b.kind, b.team) for b in session.scalars(select(WorkshopBay)
                                                                       .order_by(WorkshopBay.position)))


def current_bays(db: Database) -> tuple[Bay, ...]:
    with db.read() as s:
        return bays_of(s)


def save_bays(uow: UnitOfWork, actor: Actor | None, bays: list[Bay]) -> tuple[Bay, ...]:
    """The administrator's list of bays and lifts, checked whole, saved in its order and audited. A bay still
    holding a car cannot be removed. (actor None: the shop's set-up and the demo, as for the team rates.)"""
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.LIMITS_SET)
        checked = checked_bays(list(bays), team_codes(uow.session))
        names = {b.name for b in checked}
        held = sorted(set(uow.session.scalars(_occupied())) - names)
        if held:
            raise RuleViolation(f"工位“{held[0]}”上还有车，不能删除。",
                                f"Bay “{held[0]}” still holds a car; it cannot be removed.")
        before = bays_of(uow.session)
        uow.session.execute(delete(WorkshopBay))
        uow.session.flush()
        uow.session.add_all(WorkshopBay(name=b.name, kind=b.kind, team=b.team, position=i)
                            for i, b in enumerate(checked))
        uow.audit(actor, "workshop.bays", "workshop_bays", "all", before=[b.name for b in before],
                  after=[f"{b.name}/{b.kind}/{b.team or ''}" for b in checked])
        uow.commit()
    return checked


def _occupied() -> Select[str]:
    """The bays holding a car that is still in the workshop (a car that left frees its bay by leaving)."""
    return (select(BayPlacement.bay).join(WorkOrder, WorkOrder.id == BayPlacement.work_order_id)
            .where(WorkOrder.state.in_([s.value for s in IN_WORKSHOP])))


def place_on_bay(uow: UnitOfWork, actor: Actor, number: str, bay: str | None, *,
                 now: datetime | None = None) -> str | None:
    """Put a car in the workshop on a bay (None: take it off its bay). Returns the bay."""
    at = now or utcnow()
    with uow:
        user = uow.authorize(actor, Perm.JOB_ASSIGN)
        wo = load_work_order(uow, number)
        if wo.state not in {s.value for s in IN_WORKSHOP}:
            raise RuleViolation(f"工单 {wo.number} 的车不在车间，不能放上工位。",
                                f"The car of work order {wo.number} is not in the workshop; it goes on no bay.")
        manager = Role.WORKSHOP_MANAGER.value in {r.role for r in user.roles}
        found = next((b for b in bays_of(uow.session) if b.name == bay), None) if bay is not None else None
        if bay is not None and found is None:
            raise InvalidInput(f"没有工位“{bay}”。", f"There is no bay “{bay}”.")
        if not manager:
            _check_leader(user, wo.team, found)
        placed = uow.session.get(BayPlacement, wo.id, with_for_update=True)
        before = placed.bay if placed else None
        if found is not None:
            if uow.session.scalar(_occupied().where(BayPlacement.bay == found.name,
                                                    BayPlacement.work_order_id != wo.id)) is not None:
                raise RuleViolation(f"工位“{found.name}”上已经有车了。", f"Bay “{found.name}” already holds a car.")
            uow.session.execute(delete(BayPlacement).where(BayPlacement.bay == found.name,
                                                           BayPlacement.work_order_id != wo.id))
            if placed is None:
                uow.session.add(BayPlacement(work_order_id=wo.id, bay=found.name, placed_at=at, placed_by=user.id))
            elif placed.bay != found.name:
                placed.bay, placed.placed_at, placed.placed_by = found.name, at, user.id
        elif placed is not None:
            uow.session.execute(delete(BayPlacement).where(BayPlacement.work_order_id == wo.id))
        touch(uow, actor, wo)
        uow.audit(actor, "work_order.bay", "work_order", wo.id, number=wo.number, before=before, after=bay)
        uow.commit()
    return bay


def _check_leader(user: User, car_team: str | None, bay: Bay | None) -> None:
    if user.team is None or (car_team is not None and car_team != user.team):
        raise PermissionDenied(f"班组长只能安排本班组（{user.team or '无'}）的车。",
                               f"A team leader places only the cars of their own team ({user.team or 'none'}).")
    if bay is not None and bay.team is not None and bay.team != user.team:
        raise PermissionDenied(f"工位“{bay.name}”属于{bay.team}班组。", f"Bay “{bay.name}” belongs to team {bay.team}.")

