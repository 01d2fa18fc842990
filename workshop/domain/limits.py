"""A3: the limits each role works within (what they are, for whom, their defaults). Pure; the values in force
at a moment are read by workshop.db.limits_store, set by workshop.services.limits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from workshop.domain.roles import Role


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
