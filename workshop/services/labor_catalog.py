"""S1, F8: the labor catalog — operation code, name, standard hours, rate, team and kind. Added, edited and
retired here (audited); a retired operation stays on the work orders that carry it but cannot be added to a
new line. actor None: the `workshop labor` command, run by whoever holds the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from workshop.db.models import LaborOperation
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.master_data import LaborKind, refuse_unknown_fields
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text
from workshop.services.teams import check_team

__all__ = [
    "LaborOperationInfo", "add_labor_operation", "edit_labor_operation", "labor_operation_values",
    "list_labor_operations", "reinstate_labor_operation", "retire_labor_operation",
]


@dataclass(frozen=True)
class LaborOperationInfo:
    id: int
    code: str
    name: str
    standard_hours: Decimal
    rate: Decimal
    team: str
    kind: str
    retired_at: datetime | None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


def _info(op: LaborOperation) -> LaborOperationInfo:
    return LaborOperationInfo(op.id, op.code, op.name, op.standard_hours, op.rate, op.team, op.kind, op.retired_at)


def _team(value: object) -> str:
    """The team's code, as written; whether the shop has that team is checked against the teams table
    (workshop.services.teams.check_team) where a row is written."""
    if value in (None, ""):
        raise InvalidInput("请选择班组。", "Choose a team.")
    return clean_text(value, "班组", "Team", max_len=20)


def _kind(value: object) -> str:
    try:
        return LaborKind(str(value)).value
    except ValueError:
        names = "、".join(k.value for k in LaborKind)
        raise InvalidInput(f"工时类别只能是：{names}。", f"The kind of work is one of: {names}.") from None


_FIELDS: dict[str, Any] = {
    "name": lambda v: clean_text(v, "工时名称", "Operation name", max_len=100),
    "standard_hours": lambda v: parse_amount(v, "标准工时", "Standard hours", allow_zero=False,
                                             maximum=Decimal("999")),
    "rate": lambda v: parse_amount(v, "工时单价", "Labor rate", allow_zero=False),
    "team": _team,
    "kind": _kind,
}


def labor_operation_values(*, code: object, name: object, standard_hours: object, rate: object, team: object,
                           kind: object = LaborKind.REPAIR.value) -> dict[str, Any]:
    """One catalog row checked: what the service writes, and what the demo's bulk path writes too."""
    values: dict[str, Any] = {"code": clean_code(code, "工时代码", "Operation code", max_len=20)}
    given = {"name": name, "standard_hours": standard_hours, "rate": rate, "team": team, "kind": kind}
    values.update({key: _FIELDS[key](value) for key, value in given.items()})
    return values


def _authorize(uow: UnitOfWork, actor: Actor | None) -> None:
    if actor is not None:
        uow.authorize(actor, Perm.MASTER_DATA)


def _by_code(uow: UnitOfWork, code: str, *, lock: bool = True) -> LaborOperation:
    key = clean_code(code, "工时代码", "Operation code", max_len=20)
    stmt = select(LaborOperation).where(LaborOperation.code == key)
    op = uow.session.scalar(stmt.with_for_update() if lock else stmt)
    if op is None:
        raise NotFound(f"工时目录里没有代码 {key}。", f"No labor operation {key} in the catalog.")
    return op


def add_labor_operation(uow: UnitOfWork, actor: Actor | None, *, code: str, name: str, standard_hours: object,
                        rate: object, team: str, kind: str = LaborKind.REPAIR.value) -> LaborOperationInfo:
    with uow:
        _authorize(uow, actor)
        values = labor_operation_values(code=code, name=name, standard_hours=standard_hours, rate=rate,
                                        team=team, kind=kind)
        check_team(uow.session, values["team"])
        if uow.session.scalar(select(LaborOperation.id).where(LaborOperation.code == values["code"])) is not None:
            raise RuleViolation(f"工时代码 {values['code']} 已存在。", f"The operation code {values['code']} exists already.")
        op = LaborOperation(**values)
        uow.session.add(op)
        uow.session.flush()
        uow.audit(actor, "labor.add", "labor_operation", op.id, **{k: str(v) for k, v in values.items()})
        info = _info(op)
        uow.commit()
    return info


def edit_labor_operation(uow: UnitOfWork, actor: Actor | None, code: str, **changes: object) -> LaborOperationInfo:
    """Change the name, standard hours, rate, team or kind. Lines already on work orders keep their figures."""
    refuse_unknown_fields(changes, _FIELDS)
    with uow:
        _authorize(uow, actor)
        op = _by_code(uow, code)
        new = {key: _FIELDS[key](value) for key, value in changes.items()}
        if "team" in new:
            check_team(uow.session, new["team"])
        before = {key: str(getattr(op, key)) for key in new}
        for key, value in new.items():
            setattr(op, key, value)
        uow.session.flush()
        uow.audit(actor, "labor.edit", "labor_operation", op.id, code=op.code, before=before,
                  after={k: str(v) for k, v in new.items()})
        info = _info(op)
        uow.commit()
    return info


def _set_retired(uow: UnitOfWork, actor: Actor | None, code: str, retired: bool) -> LaborOperationInfo:
    with uow:
        _authorize(uow, actor)
        op = _by_code(uow, code)
        if (op.retired_at is not None) != retired:
            op.retired_at = uow.now if retired else None
            uow.audit(actor, "labor.retire" if retired else "labor.reinstate", "labor_operation", op.id, code=op.code)
        info = _info(op)
        uow.commit()
    return info


def retire_labor_operation(uow: UnitOfWork, actor: Actor | None, code: str) -> LaborOperationInfo:
    """Retired: it stays on the work orders that carry it, and no new line may take it."""
    return _set_retired(uow, actor, code, True)


def reinstate_labor_operation(uow: UnitOfWork, actor: Actor | None, code: str) -> LaborOperationInfo:
    return _set_retired(uow, actor, code, False)


def list_labor_operations(db: Database, *, include_retired: bool = True) -> list[LaborOperationInfo]:
    with db.read() as s:
        stmt = select(LaborOperation).order_by(LaborOperation.code)
        if not include_retired:
            stmt = stmt.where(LaborOperation.retired_at.is_(None))
        return [_info(op) for op in s.scalars(stmt)]
