"""A1-A3 as pure functions: may this person give this discount now, and if not, who must approve it and why.

The limits come in as plain values (workshop.services.limits reads them from the database with their
effective dates); nothing here touches a database or a clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from workshop.domain.errors import InvalidInput, RuleViolation
from workshop.domain.money import parse_amount
from workshop.domain.roles import Role

# The approval ladder, lowest rung first. The service director is the top rung and approves any amount.
LADDER: tuple[Role, ...] = (Role.FRONT_DESK_LEAD, Role.WORKSHOP_MANAGER, Role.SERVICE_DIRECTOR)
MARGIN_APPROVER = Role.FRONT_DESK_LEAD  # A2: approves accident jobs at or above the margin floor


def _role(role: Role, lang: str = "zh") -> str:
    from workshop.domain.labels import label  # the labels import this module (through the approval kinds)

    return label(role, lang)


@dataclass(frozen=True)
class PolicyLimits:
    """The limits in force at one moment, per role (A3). Roles not named have 0."""

    max_discount_pct: Mapping[Role, Decimal] = field(default_factory=dict)
    discounts_per_week: Mapping[Role, int] = field(default_factory=dict)
    approve_up_to_pct: Mapping[Role, Decimal] = field(default_factory=dict)
    min_accident_margin_pct: Decimal = Decimal("30")

    def own_pct(self, roles: Iterable[Role]) -> Decimal:
        return max((self.max_discount_pct.get(r, Decimal(0)) for r in roles), default=Decimal(0))

    def own_quota(self, roles: Iterable[Role]) -> int:
        return max((int(self.discounts_per_week.get(r, 0)) for r in roles), default=0)

    def approver_covers(self, role: Role, pct: Decimal) -> bool:
        if role == Role.SERVICE_DIRECTOR:
            return True
        limit = self.approve_up_to_pct.get(role, Decimal(0))
        return limit > 0 and pct <= limit

    def as_json(self) -> dict[str, object]:
        """The numbers, for Approval.details: a decision keeps the limits that applied when it was made."""
        return {
            "max_discount_pct": {r.value: str(v) for r, v in sorted(self.max_discount_pct.items())},
            "discounts_per_week": {r.value: int(v) for r, v in sorted(self.discounts_per_week.items())},
            "approve_up_to_pct": {r.value: str(v) for r, v in sorted(self.approve_up_to_pct.items())},
            "min_accident_margin_pct": str(self.min_accident_margin_pct),
        }


@dataclass(frozen=True)
class Decision:
    allowed: bool
    needs_role: Role | None
    reason_zh: str
    reason_en: str


def fmt_pct(value: Decimal) -> str:
    """10.00 -> "10", 12.50 -> "12.5"."""
    text = f"{Decimal(value).normalize():f}"
    return text


def ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def approver_for_discount(limits: PolicyLimits, pct: Decimal, requester_roles: Iterable[Role]) -> Role:
    """The lowest rung whose limit covers pct and that the requester does not hold themselves."""
    held = set(requester_roles)
    candidates = [r for r in LADDER if r not in held and limits.approver_covers(r, pct)]
    if not candidates:
        return Role.SERVICE_DIRECTOR
    ladder_rank = {r: i for i, r in enumerate(LADDER)}

    def rung(role: Role) -> tuple[Decimal, int]:
        limit = Decimal("1000") if role == Role.SERVICE_DIRECTOR else limits.approve_up_to_pct.get(role, Decimal(0))
        return limit, ladder_rank[role]

    return min(candidates, key=rung)


def _own(limits: PolicyLimits, advisor_roles: Iterable[Role], week_count_before: int
         ) -> tuple[frozenset[Role], Decimal, int, int]:
    """The giver's roles, own percent, weekly quota and which discounted work order of the week this is."""
    roles = frozenset(advisor_roles)
    return roles, limits.own_pct(roles), limits.own_quota(roles), week_count_before + 1


def decide_discount(limits: PolicyLimits, advisor_roles: Iterable[Role], week_count_before: int,
                    pct: Decimal) -> Decision:
    """A1: may the advisor give pct off themselves? week_count_before = their other discounted work orders
    so far this calendar week (Monday 00:00 Shanghai)."""
    roles, own_pct, quota, nth = _own(limits, advisor_roles, week_count_before)
    zh: list[str] = []
    en: list[str] = []
    if pct > own_pct:
        if own_pct <= 0:
            zh.append(f"您没有自行打折的权限（{fmt_pct(pct)}% 需要审批）")
            en.append(f"you may not give discounts yourself ({fmt_pct(pct)}% needs approval)")
        else:
            zh.append(f"{fmt_pct(pct)}% 超过您的 {fmt_pct(own_pct)}% 上限")
            en.append(f"{fmt_pct(pct)}% is above your {fmt_pct(own_pct)}%")
    if nth > quota and own_pct > 0:
        zh.append(f"本周第 {nth} 张打折工单，您的上限是 {quota} 张")
        en.append(f"{ordinal_en(nth)} discounted work order this week; your limit is {quota}")
    if not zh:
        return Decision(
            True, None,
            f"在您的权限内（{fmt_pct(pct)}%，本周第 {nth} 张，上限 {fmt_pct(own_pct)}% / {quota} 张）",
            f"within your limit ({fmt_pct(pct)}%, {ordinal_en(nth)} this week, limit {fmt_pct(own_pct)}% / {quota})",
        )
    approver = approver_for_discount(limits, pct, roles)
    zh.append(f"需要{_role(approver)}审批")
    en.append(f"needs the approval of the {_role(approver, 'en').lower()}")
    return Decision(False, approver, "；".join(zh) + "。", "; ".join(en).capitalize() + ".")


def decide_accident_margin(limits: PolicyLimits, margin_pct: Decimal | None, settler_roles: Iterable[Role]) -> Decision:
    """A2: at or above the floor the front-desk lead approves (a lead settling it approves by doing so);
    below it the service director approves, with the advisor's written reason."""
    roles = frozenset(settler_roles)
    floor = limits.min_accident_margin_pct
    shown = "—" if margin_pct is None else f"{fmt_pct(margin_pct)}%"
    if margin_pct is not None and margin_pct >= floor:
        if MARGIN_APPROVER in roles:
            return Decision(True, None, f"毛利率 {shown}，不低于 {fmt_pct(floor)}%",
                            f"Gross margin {shown} is at least {fmt_pct(floor)}%")
        return Decision(
            False, MARGIN_APPROVER,
            f"事故车毛利率 {shown}，需要前台主管审批。",
            f"Accident job at {shown} gross margin needs the front-desk lead's approval.",
        )
    return Decision(
        False, Role.SERVICE_DIRECTOR,
        f"事故车毛利率 {shown} 低于 {fmt_pct(floor)}%，需要写明原因并由服务总监审批。",
        f"Accident job gross margin {shown} is below {fmt_pct(floor)}%: write the reason; "
        f"the service director approves.",
    )


def approver_covers_margin(required_role: Role, approver_roles: Iterable[Role]) -> bool:
    roles = set(approver_roles)
    if Role.SERVICE_DIRECTOR in roles:
        return True
    return required_role == MARGIN_APPROVER and MARGIN_APPROVER in roles


def discount_rule(limits: PolicyLimits, advisor_roles: Iterable[Role], week_count_before: int, pct: Decimal,
                  approver: Role) -> tuple[str, str]:
    """The exact rule that sends this discount to `approver`, for the inbox:
    "本周第 6 张折扣工单，超过每周 5 单" / "折扣 25 %，超过前台主管 10 %、车间经理 20 %"."""
    roles, own_pct, quota, nth = _own(limits, advisor_roles, week_count_before)
    zh: list[str] = []
    en: list[str] = []
    over_zh: list[str] = []
    over_en: list[str] = []
    if pct > own_pct:
        own_role = max((r for r in roles if limits.max_discount_pct.get(r, Decimal(0)) == own_pct),
                       key=lambda r: LADDER.index(r) if r in LADDER else -1, default=None)
        if own_pct > 0 and own_role is not None:
            over_zh.append(f"{_role(own_role)} {fmt_pct(own_pct)} %")
            over_en.append(f"the {_role(own_role, 'en').lower()}'s {fmt_pct(own_pct)} %")
        else:
            zh.append(f"折扣 {fmt_pct(pct)} %，申请人没有自行打折的权限")
            en.append(f"discount {fmt_pct(pct)} %; the requester gives no discount themselves")
    for rung in LADDER:
        if rung == approver or rung == Role.SERVICE_DIRECTOR:
            break
        limit = limits.approve_up_to_pct.get(rung, Decimal(0))
        if limit > 0 and pct > limit:
            over_zh.append(f"{_role(rung)} {fmt_pct(limit)} %")
            over_en.append(f"the {_role(rung, 'en').lower()}'s {fmt_pct(limit)} %")
    if over_zh:
        zh.insert(0, f"折扣 {fmt_pct(pct)} %，超过" + "、".join(over_zh))
        en.insert(0, f"discount {fmt_pct(pct)} % is above " + " and ".join(over_en))
    if nth > quota and own_pct > 0:
        zh.append(f"本周第 {nth} 张折扣工单，超过每周 {quota} 单")
        en.append(f"{ordinal_en(nth)} discounted work order this week, above {quota} a week")
    zh.append(f"由{_role(approver)}审批")
    en.append(f"the {_role(approver, 'en').lower()} decides")
    return "；".join(zh), ("; ".join(en)).capitalize()


def zhe_to_pct_off(value: Decimal) -> Decimal:
    """折 to percent off: 9折 -> 10, 8.5折 -> 15, 85折 -> 15, 95折 -> 5 (two digits read as 8.5折 style)."""
    v = Decimal(value)
    if v >= 10:
        v = v / 10
    return (Decimal(100) - v * 10).quantize(Decimal("0.01"))


def pct_off_to_zhe(pct: Decimal) -> Decimal:
    """Percent off to 折: 10 -> 9, 15 -> 8.5."""
    return ((Decimal(100) - Decimal(pct)) / 10).normalize()


def parse_discount_text(text: str, bare: str = "pct") -> Decimal | None:
    """What the user typed in the discount box, as percent off: "9折" or "9 折" -> 10; "10%" / "10 %" -> 10;
    a bare number is read as `bare` ("pct" or "zhe"). None when empty; ValueError when not a discount."""
    s = text.strip().replace("％", "%").replace(" ", "")
    s = s.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    if not s:
        return None
    zhe = s.endswith("折") or (bare == "zhe" and not s.endswith("%"))
    s = s.rstrip("折%")
    try:
        value = Decimal(s)
    except ArithmeticError:
        raise ValueError(text) from None
    if not value.is_finite() or value <= 0:
        raise ValueError(text)
    if zhe:
        if value >= 100:
            raise ValueError(text)
        return zhe_to_pct_off(value)
    if value >= 100:
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


def discount_input(pct: object, amount: object) -> tuple[Decimal, Decimal]:
    """The percentage or the amount off the user gave (exactly one of them), checked."""
    given_pct = pct not in (None, "")
    given_amount = amount not in (None, "")
    if given_pct == given_amount:
        raise InvalidInput("请填写折扣百分比或折扣金额（二选一）。", "Give either a percentage or an amount off.")
    if given_pct:
        value = parse_amount(pct, "折扣百分比", "Discount percentage", allow_zero=False, maximum=Decimal(100))
        return value, Decimal("0.00")
    return Decimal("0.00"), parse_amount(amount, "折扣金额", "Discount amount", allow_zero=False)


@dataclass(frozen=True)
class DiscountCase:
    """Everything the A1 check needs about one proposed discount, read by the caller."""
    number: str
    discountable_kind: bool
    open_state: bool
    pending: tuple[str, str] | None   # the lock sentence of a pending request, if any
    gross: Decimal
    amount_asked: Decimal
    pct_of_gross: Decimal
    advisor_roles: frozenset[Role]
    week_count_before: int


def assess_discount(limits: PolicyLimits, case: DiscountCase) -> tuple[Decision, tuple[str, str] | None]:
    """A1: the one check behind the preview on screen and give/request in the core. Raises for a discount
    that cannot be given or asked for at all; returns the decision and, when it needs approval, the rule."""
    if not case.discountable_kind:
        raise RuleViolation(
            "只有一般维修和保养工单可以打折；事故车按毛利率审批（A2）。",
            "Only general repair and maintenance work orders take a discount; accident jobs go by margin (A2).",
        )
    if not case.open_state:
        raise RuleViolation(f"工单 {case.number} 已结算或已取消，不能再打折。",
                            f"Work order {case.number} is settled or cancelled; it takes no discount now.")
    if case.pending is not None:
        raise RuleViolation(*case.pending)
    if case.gross <= 0:
        raise RuleViolation("工单还没有金额，不能打折。", "The work order has no amount yet; nothing to discount.")
    if case.amount_asked > case.gross:
        raise InvalidInput("折扣金额超过工单金额。", "The amount off is more than the work order's total.")
    decision = decide_discount(limits, case.advisor_roles, case.week_count_before, case.pct_of_gross)
    if decision.allowed or decision.needs_role is None:
        return decision, None
    return decision, discount_rule(limits, case.advisor_roles, case.week_count_before, case.pct_of_gross,
                                   decision.needs_role)
