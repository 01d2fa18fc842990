"""A3: limits per role with the moment they take effect. A change is a new LimitSetting row, never an update,
so the limit in force at any past moment can be read back; decisions also copy the numbers they used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from workshop.db.limits_store import claim_director_threshold as claim_director_threshold
from workshop.db.limits_store import limit_in_force as limit_in_force
from workshop.db.limits_store import policy_limits as policy_limits
from workshop.db.models import LimitSetting
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.clock import to_shop
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.limits import DEFAULTS as DEFAULTS
from workshop.domain.limits import LIMIT_KEYS as LIMIT_KEYS
from workshop.domain.limits import LimitKey as LimitKey
from workshop.domain.limits import default_limit as default_limit
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm, Role


@dataclass(frozen=True)
class LimitRow:
    id: int | None
    role: str
    key: str
    value: Decimal
    effective_from: datetime | None   # None: the built-in default
    created_by: int | None


def _check_value(spec: LimitKey, value: object) -> Decimal:
    amount = parse_amount(value, spec.zh, spec.en, maximum=spec.maximum, places=spec.places)
    return amount


def set_limit(uow: UnitOfWork, actor: Actor, role: str | Role, key: str, value: object,
              effective_from: datetime | None = None) -> LimitRow:
    """A3: a new limit for a role from a moment on (now when not given). Audited; never rewrites history."""
    with uow:
        uow.authorize(actor, Perm.LIMITS_SET)
        result = _put_limit(uow, actor, role, key, value, effective_from)
        uow.commit()
    return result


def _put_limit(uow: UnitOfWork, actor: Actor, role: str | Role, key: str, value: object,
              effective_from: datetime | None = None) -> LimitRow:
    """set_limit inside an open unit of work whose caller checked LIMITS_SET."""
    spec = LIMIT_KEYS.get(key) if isinstance(key, str) else None
    if spec is None:
        raise InvalidInput(f"未知的限额项：{key}", f"Unknown limit: {key}")
    try:
        the_role = Role(role)
    except ValueError:
        raise InvalidInput("未知的角色。", "Unknown role.") from None
    amount = _check_value(spec, value)
    now = uow.now
    start = now if effective_from is None else effective_from
    if not isinstance(start, datetime) or start.tzinfo is None:
        raise InvalidInput("生效时间缺少时区。", "The effective time has no time zone.")
    today = to_shop(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if start < today - timedelta(seconds=1):
        raise RuleViolation(
            "限额不能追溯到今天以前生效：过去的决定保留当时的限额。",
            "A limit cannot take effect before today: past decisions keep the limits that applied then.",
        )
    exists = uow.session.scalar(
        select(LimitSetting.id).where(
            LimitSetting.role == the_role.value, LimitSetting.key == key, LimitSetting.effective_from == start
        )
    )
    if exists is not None:
        raise RuleViolation("这个时间已经有一条同样的限额变更，请换一个生效时间。",
                            "A change of this limit already takes effect at that moment; choose another time.")
    before = limit_in_force(uow.session, the_role, key, start)
    row = LimitSetting(role=the_role.value, key=key, value=amount, effective_from=start,
                       created_by=actor.user_id, created_at=now)
    uow.session.add(row)
    uow.session.flush()
    uow.audit(actor, "limit.set", "limit_setting", row.id, role=the_role.value, key=key,
              before=str(before), after=str(amount), effective_from=start.isoformat())
    return LimitRow(row.id, row.role, row.key, amount, start, actor.user_id)


def limits_table(db: Database, at: datetime) -> list[LimitRow]:
    """For the settings screen: every (role, key) with the value in force at `at` and any future change."""
    out: list[LimitRow] = []
    with db.read() as s:
        for spec in LIMIT_KEYS.values():
            for role in spec.roles:
                row = s.execute(
                    select(LimitSetting)
                    .where(LimitSetting.role == role.value, LimitSetting.key == spec.key,
                           LimitSetting.effective_from <= at)
                    .order_by(LimitSetting.effective_from.desc(), LimitSetting.id.desc()).limit(1)
                ).scalar_one_or_none()
                if row is None:
                    out.append(LimitRow(None, role.value, spec.key, default_limit(role, spec.key), None, None))
                else:
                    out.append(LimitRow(row.id, row.role, row.key, Decimal(row.value), row.effective_from,
                                        row.created_by))
                for later in s.scalars(
                    select(LimitSetting)
                    .where(LimitSetting.role == role.value, LimitSetting.key == spec.key,
                           LimitSetting.effective_from > at)
                    .order_by(LimitSetting.effective_from)
                ):
                    out.append(LimitRow(later.id, later.role, later.key, Decimal(later.value),
                                        later.effective_from, later.created_by))
    return out
