"""A3: limits per role with the moment they take effect. A change is a new LimitSetting row, never an update,
so the limit in force at any past moment can be read back; decisions also copy the numbers they used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import LimitSetting
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.clock import to_shop
from workshop.domain.discount_policy import PolicyLimits
from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm, Role


@dataclass(frozen=True)
class LimitKey:
    key: str
    zh: str
    en: str
    roles: tuple[Role, ...]   # the roles this limit is set for
    maximum: Decimal
    places: int


LIMIT_KEYS: dict[str, LimitKey] = {
    k.key: k for k in (
        LimitKey("max_discount_pct", "自行打折上限 %", "Own discount limit %",
                 (Role.ADVISOR, Role.FRONT_DESK_LEAD), Decimal(100), 2),
        LimitKey("discounts_per_week", "每周打折工单数", "Discounted work orders per week",
                 (Role.ADVISOR, Role.FRONT_DESK_LEAD), Decimal(1000), 0),
        LimitKey("approve_up_to_pct", "审批折扣上限 %", "Approves discounts up to %",
                 (Role.FRONT_DESK_LEAD, Role.WORKSHOP_MANAGER), Decimal(100), 2),
        LimitKey("min_accident_margin_pct", "事故车最低毛利率 %", "Accident job margin floor %",
                 (Role.FRONT_DESK_LEAD,), Decimal(100), 2),
        LimitKey("claim_director_threshold", "索赔订货总监签字金额", "Claim order: director signs above (元)",
                 (Role.SERVICE_DIRECTOR,), Decimal("99999999"), 2),
    )
}

# SPEC A1, A2, C2 defaults. An ordinary advisor gives no discount without approval (0% / 0 per week):
# the rule book gives discount authority to the front-desk lead; the shop can raise it here.
DEFAULTS: dict[tuple[Role, str], Decimal] = {
    (Role.FRONT_DESK_LEAD, "max_discount_pct"): Decimal("10"),
    (Role.FRONT_DESK_LEAD, "discounts_per_week"): Decimal("5"),
    (Role.WORKSHOP_MANAGER, "approve_up_to_pct"): Decimal("20"),
    (Role.FRONT_DESK_LEAD, "min_accident_margin_pct"): Decimal("30"),
    (Role.SERVICE_DIRECTOR, "claim_director_threshold"): Decimal("5000"),
}


def default_limit(role: Role, key: str) -> Decimal:
    return DEFAULTS.get((role, key), Decimal("0"))


def limit_in_force(session: Session, role: Role, key: str, at: datetime) -> Decimal:
    """The value of the latest row with effective_from <= at, else the default."""
    value = session.scalar(
        select(LimitSetting.value)
        .where(LimitSetting.role == role.value, LimitSetting.key == key, LimitSetting.effective_from <= at)
        .order_by(LimitSetting.effective_from.desc(), LimitSetting.id.desc())
        .limit(1)
    )
    return default_limit(role, key) if value is None else Decimal(value)


def claim_director_threshold(session: Session, at: datetime) -> Decimal:
    """C2: a claim order above this amount also needs the service director's signature."""
    return limit_in_force(session, Role.SERVICE_DIRECTOR, "claim_director_threshold", at)


def policy_limits(session: Session, at: datetime) -> PolicyLimits:
    """Every limit in force at `at`, for the pure policy (one small query)."""
    values: dict[tuple[Role, str], Decimal] = dict(DEFAULTS)
    rows = session.execute(
        select(LimitSetting.role, LimitSetting.key, LimitSetting.value)
        .where(LimitSetting.effective_from <= at)
        .order_by(LimitSetting.effective_from, LimitSetting.id)
    ).all()
    for role, key, value in rows:  # later rows overwrite earlier ones
        try:
            values[(Role(role), key)] = Decimal(value)
        except ValueError:
            continue

    def per_role(key: str) -> dict[Role, Decimal]:
        return {r: v for (r, k), v in values.items() if k == key}

    return PolicyLimits(
        max_discount_pct=per_role("max_discount_pct"),
        discounts_per_week={r: int(v) for r, v in per_role("discounts_per_week").items()},
        approve_up_to_pct=per_role("approve_up_to_pct"),
        min_accident_margin_pct=values.get((Role.FRONT_DESK_LEAD, "min_accident_margin_pct"), Decimal("30")),
    )


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
        result = LimitRow(row.id, row.role, row.key, amount, start, actor.user_id)
        uow.commit()
    return result


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
