"""S1: the shop's teams are data. A team has a code — what a user's team, a work order's team, a labor line's team
and the team rates hold, and which never changes — a name shown on screen (renamed freely) and may be retired:
a retired team stays on the old records that name it but is offered and accepted nowhere new. A team with active
members or open work cannot be retired. Every check of a team reads this table (`check_team`).
Adding, renaming and retiring needs master_data.edit (administrator, service director) and is audited; actor None:
the `workshop team` command, run by whoever holds the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workshop.db.models import LaborLine, Team, User, WorkOrder
from workshop.db.teams_store import default_team as default_team
from workshop.db.teams_store import team_codes as team_codes
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text, halfwidth
from workshop.domain.work_order import OPEN_STATES

__all__ = [
    "TeamInfo", "add_team", "check_team", "default_team", "list_teams", "reinstate_team", "rename_team",
    "retire_team", "team_codes",
]

# work that is not finished: a team with such work cannot be retired



@dataclass(frozen=True)
class TeamInfo:
    id: int
    code: str
    name: str
    name_en: str
    retired_at: datetime | None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    @property
    def label(self) -> str:
        """What a combo box shows: the name, with the code when they differ."""
        return self.name if self.name == self.code else f"{self.name}（{self.code}）"


def _info(team: Team) -> TeamInfo:
    return TeamInfo(team.id, team.code, team.name, team.name_en, team.retired_at)


def check_team(session: Session, value: object, *, optional: bool = False) -> str | None:
    """A team in use, by code. Empty: None when `optional`, else refused. Refused with the teams one may choose."""
    if value in (None, ""):
        if optional:
            return None
        raise InvalidInput("请选择班组。", "Choose a team.")
    code = _key(value)
    active = team_codes(session)
    if code in active:
        return code
    names = "、".join(active) or "（还没有班组）"
    names_en = ", ".join(active) or "(no team yet)"
    if code in team_codes(session, include_retired=True):
        raise InvalidInput(f"班组 {code} 已停用，请选择：{names}。", f"The team {code} is retired; choose one of: {names_en}.")
    raise InvalidInput(f"没有班组 {code}，请选择：{names}。", f"There is no team {code}; choose one of: {names_en}.")


def _authorize(uow: UnitOfWork, actor: Actor | None) -> None:
    if actor is not None:
        uow.authorize(actor, Perm.MASTER_DATA)


def _code(value: object) -> str:
    code = halfwidth(clean_text(value, "班组代码", "Team code", max_len=20)).strip()
    if any(ch.isspace() or ch in ",，;；/\\" for ch in code):
        raise InvalidInput("班组代码不能含空格或 , ; /。", "A team code may not contain spaces or , ; /")
    return code


def _name(value: object) -> str:
    return clean_text(value, "班组名称", "Team name", max_len=40).strip()


def _key(value: object) -> str:
    """A team named by its code, as typed or chosen."""
    return halfwidth(clean_text(value, "班组", "Team", max_len=20)).strip()


def _by_code(uow: UnitOfWork, code: object) -> Team:
    key = _key(code)
    team = uow.session.scalar(select(Team).where(Team.code == key).with_for_update())
    if team is None:
        raise NotFound(f"没有班组 {key}。", f"There is no team {key}.")
    return team


def _refuse_name_taken(uow: UnitOfWork, name: str, but: int | None = None) -> None:
    stmt = select(Team.code).where(or_(Team.name == name, Team.code == name))
    if but is not None:
        stmt = stmt.where(Team.id != but)
    other = uow.session.scalar(stmt)
    if other is not None:
        raise RuleViolation(f"班组名称 {name} 已被班组 {other} 使用。", f"The team name {name} is taken by team {other}.")


def add_team(uow: UnitOfWork, actor: Actor | None, *, code: object, name: object = "",
             name_en: object = "") -> TeamInfo:
    with uow:
        _authorize(uow, actor)
        key = _code(code)
        shown = _name(name) if name not in (None, "") else key
        english = clean_text(name_en, "英文名称", "English name", max_len=40).strip() if name_en else ""
        if uow.session.scalar(select(Team.id).where(Team.code == key)) is not None:
            raise RuleViolation(f"班组 {key} 已存在。", f"The team {key} exists already.")
        _refuse_name_taken(uow, shown)
        team = Team(code=key, name=shown, name_en=english, retired_at=None, created_at=uow.now)
        uow.session.add(team)
        uow.session.flush()
        uow.audit(actor, "team.add", "team", team.id, code=key, name=shown, name_en=english)
        info = _info(team)
        uow.commit()
    return info


def rename_team(uow: UnitOfWork, actor: Actor | None, code: object, *, name: object,
                name_en: object | None = None) -> TeamInfo:
    """A new name shown on screen; the code, which every record holds, stays."""
    with uow:
        _authorize(uow, actor)
        team = _by_code(uow, code)
        shown = _name(name)
        _refuse_name_taken(uow, shown, but=team.id)
        before = {"name": team.name, "name_en": team.name_en}
        team.name = shown
        if name_en is not None:
            team.name_en = clean_text(name_en, "英文名称", "English name", max_len=40).strip() if name_en else ""
        uow.session.flush()
        uow.audit(actor, "team.rename", "team", team.id, code=team.code, before=before,
                  after={"name": team.name, "name_en": team.name_en})
        info = _info(team)
        uow.commit()
    return info


def _in_use(session: Session, code: str) -> tuple[int, int]:
    """(active members, open work orders) of a team: a work order of the team or with a labor line of it."""
    members = session.scalar(select(func.count()).select_from(User)
                             .where(User.team == code, User.is_active.is_(True))) or 0
    open_states = [s.value for s in OPEN_STATES]
    orders = session.scalar(
        select(func.count(func.distinct(WorkOrder.id))).select_from(WorkOrder)
        .outerjoin(LaborLine, LaborLine.work_order_id == WorkOrder.id)
        .where(WorkOrder.state.in_(open_states), or_(WorkOrder.team == code, LaborLine.team == code))) or 0
    return int(members), int(orders)


def retire_team(uow: UnitOfWork, actor: Actor | None, code: object) -> TeamInfo:
    """Retired: kept on old records, offered nowhere new. Refused while it has active members or open work."""
    with uow:
        _authorize(uow, actor)
        team = _by_code(uow, code)
        if team.retired_at is None:
            members, orders = _in_use(uow.session, team.code)
            if members or orders:
                raise RuleViolation(
                    f"班组 {team.name} 还有 {members} 名在职成员、{orders} 张未完工单，不能停用："
                    "请先把成员调到其他班组，并完成或改派这些工单。",
                    f"The team {team.code} still has {members} active member(s) and {orders} open work order(s) "
                    "and cannot be retired: move its members to another team and finish or reassign the work first.")
            team.retired_at = uow.now
            uow.audit(actor, "team.retire", "team", team.id, code=team.code)
        info = _info(team)
        uow.commit()
    return info


def reinstate_team(uow: UnitOfWork, actor: Actor | None, code: object) -> TeamInfo:
    with uow:
        _authorize(uow, actor)
        team = _by_code(uow, code)
        if team.retired_at is not None:
            team.retired_at = None
            uow.audit(actor, "team.reinstate", "team", team.id, code=team.code)
        info = _info(team)
        uow.commit()
    return info


def list_teams(db: Database, *, include_retired: bool = False) -> list[TeamInfo]:
    with db.read() as s:
        stmt = select(Team).order_by(Team.id)
        if not include_retired:
            stmt = stmt.where(Team.retired_at.is_(None))
        return [_info(t) for t in s.scalars(stmt)]
