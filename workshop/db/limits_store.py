"""A3: the limit in force at a moment (the latest LimitSetting row at or before it, else the default), for the
services that decide by it and the queries that show it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import LimitSetting
from workshop.domain.discount_policy import PolicyLimits
from workshop.domain.limits import DEFAULTS, default_limit
from workshop.domain.roles import Role


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
