"""The one approval mechanism (A1-A4, C2, P3): every approval or signature is a request of a kind in this
registry. Each kind has a typed details dataclass (to and from the JSON stored in Approval.details), who may
decide it up to what (from the limits ladder, A3), what it blocks while pending and how it is shown.

A new kind (payment void, write-off ...) is a new ApprovalKind member, a details dataclass and a KindSpec in
REGISTRY; the service (workshop.services.approvals) then files, decides and withdraws it like the others, and
effects on approval go in its APPLY table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from workshop.domain.approval_figures import Figures
from workshop.domain.discount_policy import PolicyLimits, approver_covers_margin, fmt_pct
from workshop.domain.errors import InvalidInput
from workshop.domain.roles import Perm, Role


class ApprovalKind(StrEnum):
    DISCOUNT = "discount"
    ACCIDENT_MARGIN = "accident_margin"
    CLAIM_SIGNATURE_MANAGER = "claim_manager"
    CLAIM_SIGNATURE_DIRECTOR = "claim_director"
    QUOTE_SIGNATURE = "quote_signature"
    # money at the counter (M2, M5)
    PAYMENT_VOID = "payment_void"
    WRITE_OFF = "write_off"


class ApprovalState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"   # the one who asked took it back
    VOID = "void"             # the figures it was asked for no longer exist (A4)


DECIDED = frozenset({ApprovalState.APPROVED, ApprovalState.REFUSED})
CLOSED = frozenset({ApprovalState.APPROVED, ApprovalState.REFUSED, ApprovalState.WITHDRAWN, ApprovalState.VOID})


def _d(value: object, default: str = "0") -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(default)
    except InvalidOperation:
        return Decimal(default)


def _opt(value: object) -> Decimal | None:
    return None if value in (None, "") else _d(value)


@dataclass(frozen=True)
class ApprovalInfo:
    """One request as the services return it and the queries list it (A4: who asked, why, who decided, what,
    when)."""
    id: int
    kind: str
    state: str
    work_order_id: int | None
    work_order_no: str
    required_role: str
    requested_by: int
    requested_by_name: str
    requested_at: datetime
    reason: str
    details: dict[str, Any]
    decided_by: int | None
    decided_by_name: str
    decided_at: datetime | None
    decision_reason: str

    @property
    def typed(self) -> Details:
        return parse_details(self.kind, self.details)


# --- details, one dataclass per kind ----------------------------------------------------------------------


@dataclass(frozen=True)
class DiscountDetails:
    pct: Decimal                 # the percentage asked for (0 when an amount)
    amount: Decimal              # the amount asked for (0 when a percentage)
    figures: Figures | None      # what the approver is shown (None: a request older than A4 figures)
    week_count_before: int
    rule_zh: str
    rule_en: str
    policy_zh: str = ""
    policy_en: str = ""
    limits: Mapping[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pct": str(self.pct), "amount": str(self.amount),
                               "week_count_before": self.week_count_before, "rule_zh": self.rule_zh,
                               "rule_en": self.rule_en, "policy_zh": self.policy_zh, "policy_en": self.policy_en,
                               "limits": dict(self.limits)}
        if self.figures is not None:
            out.update(self.figures.to_json())
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> DiscountDetails:
        return cls(pct=_d(d.get("pct")), amount=_d(d.get("amount")), figures=Figures.from_json(d),
                   week_count_before=int(d.get("week_count_before") or 0),
                   rule_zh=str(d.get("rule_zh") or d.get("policy_zh") or ""),
                   rule_en=str(d.get("rule_en") or d.get("policy_en") or ""),
                   policy_zh=str(d.get("policy_zh", "")), policy_en=str(d.get("policy_en", "")),
                   limits=dict(d.get("limits") or {}))

    @property
    def pct_of_gross(self) -> Decimal:
        return self.figures.pct_of_gross if self.figures else self.pct


@dataclass(frozen=True)
class MarginDetails:
    margin_pct: Decimal | None
    floor_pct: Decimal
    revenue: Decimal
    parts_cost: Decimal
    labor_cost: Decimal
    gross_profit: Decimal
    figures: Figures | None
    rule_zh: str
    rule_en: str
    limits: Mapping[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "margin_pct": None if self.margin_pct is None else str(self.margin_pct),
            "floor_pct": str(self.floor_pct), "revenue": str(self.revenue), "parts_cost": str(self.parts_cost),
            "labor_cost": str(self.labor_cost), "gross_profit": str(self.gross_profit),
            "policy_zh": self.rule_zh, "policy_en": self.rule_en, "rule_zh": self.rule_zh, "rule_en": self.rule_en,
            "limits": dict(self.limits)}
        if self.figures is not None:
            out.update(self.figures.to_json())
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> MarginDetails:
        return cls(margin_pct=_opt(d.get("margin_pct")), floor_pct=_d(d.get("floor_pct"), "30"),
                   revenue=_d(d.get("revenue")), parts_cost=_d(d.get("parts_cost")),
                   labor_cost=_d(d.get("labor_cost")), gross_profit=_d(d.get("gross_profit")),
                   figures=Figures.from_json(d), rule_zh=str(d.get("rule_zh") or d.get("policy_zh") or ""),
                   rule_en=str(d.get("rule_en") or d.get("policy_en") or ""), limits=dict(d.get("limits") or {}))


@dataclass(frozen=True)
class ClaimSignatureDetails:
    amount: Decimal
    director_threshold: Decimal
    needed: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"amount": str(self.amount), "director_threshold": str(self.director_threshold),
                "needed": list(self.needed)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ClaimSignatureDetails:
        return cls(_d(d.get("amount")), _d(d.get("director_threshold")), tuple(d.get("needed") or ()))


@dataclass(frozen=True)
class QuoteSignatureDetails:
    """P3, A4: the accident quote's revision that is signed, with the figures the signer saw: the total, what the
    insurer and the customer pay (M1), and the lines (code, description, quantity, unit price, revision)."""
    quote_id: int
    revision: int
    total: Decimal
    quote_no: str = ""
    insurer: str = ""
    insurer_pays: Decimal = Decimal(0)
    customer_pays: Decimal = Decimal(0)
    lines: tuple[tuple[str, str, str, str, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"quote_id": self.quote_id, "revision": self.revision, "total": str(self.total),
                "quote_no": self.quote_no, "insurer": self.insurer, "insurer_pays": str(self.insurer_pays),
                "customer_pays": str(self.customer_pays), "lines": [list(line) for line in self.lines]}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> QuoteSignatureDetails:
        lines = tuple((str(a), str(b), str(c), str(e), int(f)) for a, b, c, e, f in (d.get("lines") or ()))
        return cls(int(d.get("quote_id") or 0), int(d.get("revision") or 0), _d(d.get("total")),
                   str(d.get("quote_no", "")), str(d.get("insurer", "")), _d(d.get("insurer_pays")),
                   _d(d.get("customer_pays")), lines)


# --- money at the counter (M2, M5): a late void, a receivable's write-off -------------------------------


@dataclass(frozen=True)
class PaymentVoidDetails:
    """M2/A4: a receipt voided after the day it was taken: what the director is shown."""
    receipt_no: str
    amount: Decimal
    paid_on: str          # the receipt's business day, YYYY-MM-DD
    work_order_no: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"receipt_no": self.receipt_no, "amount": str(self.amount), "paid_on": self.paid_on,
                "work_order_no": self.work_order_no}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> PaymentVoidDetails:
        return cls(str(d.get("receipt_no", "")), _d(d.get("amount")), str(d.get("paid_on", "")),
                   str(d.get("work_order_no", "")))


@dataclass(frozen=True)
class WriteOffDetails:
    """M5/A4: a rejected receivable written off: whose, how much, why it was rejected."""
    receivable_id: int
    payer: str
    payer_name: str
    amount: Decimal
    rejected_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"receivable_id": self.receivable_id, "payer": self.payer, "payer_name": self.payer_name,
                "amount": str(self.amount), "rejected_reason": self.rejected_reason}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> WriteOffDetails:
        return cls(int(d.get("receivable_id") or 0), str(d.get("payer", "")), str(d.get("payer_name", "")),
                   _d(d.get("amount")), str(d.get("rejected_reason", "")))


def _void_summary(details: Details) -> tuple[str, str]:
    assert isinstance(details, PaymentVoidDetails)
    return (f"作废收据 {details.receipt_no}（{details.amount} 元，{details.paid_on} 收）",
            f"void receipt {details.receipt_no} ({details.amount} yuan, taken {details.paid_on})")


def _write_off_summary(details: Details) -> tuple[str, str]:
    assert isinstance(details, WriteOffDetails)
    return (f"核销 {details.payer_name} 应收 {details.amount} 元（拒付：{details.rejected_reason}）",
            f"write off {details.amount} yuan owed by {details.payer_name} (rejected: {details.rejected_reason})")


Details = (DiscountDetails | MarginDetails | ClaimSignatureDetails | QuoteSignatureDetails | PaymentVoidDetails
           | WriteOffDetails)


# --- who decides ------------------------------------------------------------------------------------------


def _discount_decider(roles: frozenset[Role], required: Role, limits: PolicyLimits, details: Details) -> bool:
    pct = details.pct_of_gross if isinstance(details, DiscountDetails) else Decimal(100)
    return any(r in roles and limits.approver_covers(r, pct) for r in roles)


def _margin_decider(roles: frozenset[Role], required: Role, limits: PolicyLimits, details: Details) -> bool:
    return approver_covers_margin(required, roles)


def _role_decider(roles: frozenset[Role], required: Role, limits: PolicyLimits, details: Details) -> bool:
    return required in roles or Role.SERVICE_DIRECTOR in roles


def _perm_decider(roles: frozenset[Role], required: Role, limits: PolicyLimits, details: Details) -> bool:
    """Whoever holds the kind's decide_perm (checked by the service) may decide."""
    return True


def _discount_summary(details: Details) -> tuple[str, str]:
    assert isinstance(details, DiscountDetails)
    f = details.figures
    if f is None:
        return f"折扣 {fmt_pct(details.pct)} %", f"discount {fmt_pct(details.pct)} %"
    return (f"折扣 {fmt_pct(f.pct_of_gross)} %（{f.discount} 元），原价 {f.gross}，折后 {f.total}",
            f"discount {fmt_pct(f.pct_of_gross)} % ({f.discount} yuan), gross {f.gross}, after {f.total}")


def _margin_summary(details: Details) -> tuple[str, str]:
    assert isinstance(details, MarginDetails)
    shown = "—" if details.margin_pct is None else f"{fmt_pct(details.margin_pct)} %"
    return f"毛利率 {shown}（下限 {fmt_pct(details.floor_pct)} %）", f"margin {shown} (floor {fmt_pct(details.floor_pct)} %)"


def _claim_summary(details: Details) -> tuple[str, str]:
    assert isinstance(details, ClaimSignatureDetails)
    return f"索赔订货金额 {details.amount} 元", f"claim order {details.amount} yuan"


def _quote_summary(details: Details) -> tuple[str, str]:
    assert isinstance(details, QuoteSignatureDetails)
    return (f"报价单 {details.quote_no} 第 {details.revision} 版，合计 {details.total} 元",
            f"quote {details.quote_no} revision {details.revision}, total {details.total} yuan")


@dataclass(frozen=True)
class KindSpec:
    kind: ApprovalKind
    title_zh: str
    title_en: str
    blocks_zh: str                   # what waits while it is pending
    blocks_en: str
    details_type: type[Details]
    request_perm: Perm               # the permission one needs to ask
    decide_perm: Perm                # the permission a decider needs
    default_role: Role               # the lowest role that decides when the request does not say
    may_decide: Callable[[frozenset[Role], Role, PolicyLimits, Details], bool]
    summary: Callable[[Details], tuple[str, str]]
    binds_figures: bool              # A4: the request approves the work order's figures
    locks_lines: bool                # the work order's priced lines are locked while pending


REGISTRY: dict[ApprovalKind, KindSpec] = {s.kind: s for s in (
    KindSpec(ApprovalKind.DISCOUNT, "折扣审批", "Discount", "打折、结算", "the discount, settlement",
             DiscountDetails, Perm.DISCOUNT_GIVE, Perm.APPROVAL_DECIDE, Role.WORKSHOP_MANAGER, _discount_decider, _discount_summary,
             binds_figures=True, locks_lines=True),
    KindSpec(ApprovalKind.ACCIDENT_MARGIN, "事故车毛利审批", "Accident margin", "结算", "settlement",
             MarginDetails, Perm.WORK_ORDER_SETTLE, Perm.APPROVAL_DECIDE, Role.FRONT_DESK_LEAD, _margin_decider, _margin_summary,
             binds_figures=True, locks_lines=True),
    KindSpec(ApprovalKind.CLAIM_SIGNATURE_MANAGER, "索赔订货（经理签字）", "Claim order (manager)", "向厂家订货",
             "ordering from the manufacturer", ClaimSignatureDetails, Perm.CLAIM_EDIT, Perm.CLAIM_SIGN_MANAGER,
             Role.WORKSHOP_MANAGER, _role_decider, _claim_summary, binds_figures=False, locks_lines=False),
    KindSpec(ApprovalKind.CLAIM_SIGNATURE_DIRECTOR, "索赔订货（总监签字）", "Claim order (director)", "向厂家订货",
             "ordering from the manufacturer", ClaimSignatureDetails, Perm.CLAIM_EDIT, Perm.CLAIM_SIGN_DIRECTOR,
             Role.SERVICE_DIRECTOR, _role_decider, _claim_summary, binds_figures=False, locks_lines=False),
    KindSpec(ApprovalKind.QUOTE_SIGNATURE, "报价单签字", "Quote signature", "订购报价单上的配件",
             "ordering the quote's parts", QuoteSignatureDetails, Perm.QUOTE_EDIT, Perm.QUOTE_SIGN, Role.FRONT_DESK_LEAD,
             _perm_decider, _quote_summary, binds_figures=False, locks_lines=False),
    # money at the counter (M2, M5)
    KindSpec(ApprovalKind.PAYMENT_VOID, "收据作废（隔日）", "Late receipt void", "作废收据", "the void",
             PaymentVoidDetails, Perm.PAYMENT_TAKE, Perm.PAYMENT_VOID_LATE, Role.SERVICE_DIRECTOR, _role_decider,
             _void_summary, binds_figures=False, locks_lines=False),
    KindSpec(ApprovalKind.WRITE_OFF, "应收核销", "Receivable write-off", "核销应收款", "the write-off",
             WriteOffDetails, Perm.RECEIVABLE_EDIT, Perm.WRITE_OFF_APPROVE, Role.SERVICE_DIRECTOR, _role_decider,
             _write_off_summary, binds_figures=False, locks_lines=False),
)}


def spec_of(kind: str | ApprovalKind) -> KindSpec:
    try:
        return REGISTRY[ApprovalKind(kind)]
    except ValueError:
        raise InvalidInput(f"未知的审批类型：{kind}", f"Unknown approval kind: {kind}") from None


def parse_details(kind: str | ApprovalKind, data: Mapping[str, Any]) -> Details:
    return spec_of(kind).details_type.from_json(data)


def lock_sentence_of(number: str, kind: str, role: Role, asker: str) -> tuple[str, str]:
    """A4: why a work order waits on a pending request, and who can release it."""
    from workshop.domain.labels import label  # the registry imports this module's kinds

    spec = spec_of(kind)
    who_zh = label(role) if role == Role.SERVICE_DIRECTOR else f"{label(role)}或服务总监"
    who_en = (label(role, "en").lower() if role == Role.SERVICE_DIRECTOR
              else f"the {label(role, 'en').lower()} or the service director")
    role_en = label(role, "en").lower()
    return (f"工单 {number} 有一个待{label(role)}审批的{spec.title_zh}申请（{asker} 申请），审批前不能继续："
            f"{spec.blocks_zh}和项目、价格都要等审批；{who_zh}可以审批，申请人可以撤回申请后再修改。",
            f"Work order {number} has a {spec.title_en.lower()} request waiting for the {role_en}'s decision "
            f"(asked by {asker}); nothing proceeds until it is decided: {spec.blocks_en} and the lines and prices "
            f"wait. {who_en[0].upper() + who_en[1:]} can decide; the one who asked can withdraw it to edit.")
