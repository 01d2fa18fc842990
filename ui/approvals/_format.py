"""How a request's numbers read on screen (shared by the inbox, my requests and the discount dialog)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ui.context import AppContext
from workshop.domain.approval_kinds import ApprovalKind, ApprovalState, parse_details, spec_of
from workshop.domain.clock import fmt_shop
from workshop.domain.discount_policy import fmt_pct
from workshop.domain.errors import WorkshopError
from workshop.domain.labels import label, label_of
from workshop.domain.lang import tr
from workshop.domain.money import fmt_money
from workshop.domain.roles import Role
from workshop.queries.approvals import ApprovalRow


def _dec(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


def pct_text(value: Any) -> str:
    d = _dec(value)
    return "—" if d is None else f"{fmt_pct(d)}%"


def money_text(value: Any) -> str:
    d = _dec(value)
    return "—" if d is None else fmt_money(d)


def role_name(ctx: AppContext, role: str) -> str:
    try:
        r = Role(role)
    except ValueError:
        return role
    return label(r, ctx.lang)


def kind_name(ctx: AppContext, kind: str) -> str:
    return label_of(ApprovalKind, kind, ctx.lang)


def state_name(ctx: AppContext, state: str) -> str:
    return label_of(ApprovalState, state, ctx.lang)


def rule_text(ctx: AppContext, row: ApprovalRow) -> str:
    """The exact rule that needs this approval ("本周第 6 张折扣工单，超过每周 5 单")."""
    d = row.details
    zh = d.get("rule_zh") or d.get("policy_zh") or ""
    en = d.get("rule_en") or d.get("policy_en") or ""
    return str(ctx.tr(zh, en))


def decision_text(ctx: AppContext, row: ApprovalRow) -> str:
    """Pending / approved by whom, when, comment / refused with the reason / withdrawn / void and why."""
    if row.state == "pending":
        return ctx.tr(f"待{role_name(ctx, row.required_role)}审批", f"waiting for the {role_name(ctx, row.required_role).lower()}")
    text = ctx.tr(f"{state_name(ctx, row.state)}：{row.decided_by_name}，{fmt_shop(row.decided_at)}",
                  f"{state_name(ctx, row.state)} by {row.decided_by_name} at {fmt_shop(row.decided_at)}")
    if row.decision_reason:
        text += ctx.tr(f"，意见：{row.decision_reason}", f"; comment: {row.decision_reason}")
    void = row.details.get(tr(ctx.lang, "void_zh", "void_en"))
    if void:
        text += ctx.tr(f"\n已失效：{void}", f"\nNo longer holds: {void}")
    return text


def week_so_far(details: dict[str, Any]) -> str:
    n = details.get("week_count_before", details.get("lead_week_count"))
    return "" if n in (None, "") else str(n)


def numbers(ctx: AppContext, row: ApprovalRow) -> str:
    """One line: the discount or the margin, as the approver needs to see it."""
    d = row.details
    if row.kind == "discount":
        off = d.get("discount")
        pct = d.get("pct_of_gross", d.get("pct"))
        text = pct_text(pct)
        if off:
            text += f" / {money_text(off)}"
        if d.get("margin_pct_after"):
            text += ctx.tr(f"，折后毛利率 {pct_text(d['margin_pct_after'])}",
                           f", margin after {pct_text(d['margin_pct_after'])}")
        return text
    if row.kind == "accident_margin":
        text = ctx.tr(f"毛利率 {pct_text(d.get('margin_pct'))}", f"margin {pct_text(d.get('margin_pct'))}")
        if d.get("floor_pct"):
            text += ctx.tr(f"（下限 {pct_text(d['floor_pct'])}）", f" (floor {pct_text(d['floor_pct'])})")
        return text
    try:
        return str(ctx.tr(*spec_of(row.kind).summary(parse_details(row.kind, d))))
    except (WorkshopError, ValueError, TypeError):
        amount = d.get("amount") or d.get("total")
        return money_text(amount) if amount else ""


def detail_text(ctx: AppContext, row: ApprovalRow) -> str:
    """The full story of a request for the detail panel (A4: who asked, why, who decided, what, when)."""
    d = row.details
    lines = [
        ctx.tr(f"工单：{row.work_order_no or '—'}    类型：{kind_name(ctx, row.kind)}",
               f"Work order: {row.work_order_no or '—'}    Kind: {kind_name(ctx, row.kind)}"),
        ctx.tr(f"申请人：{row.requested_by_name}    时间：{fmt_shop(row.requested_at)}",
               f"Asked by: {row.requested_by_name}    at {fmt_shop(row.requested_at)}"),
        ctx.tr(f"需要：{role_name(ctx, row.required_role)}", f"Needs: {role_name(ctx, row.required_role)}"),
    ]
    if row.kind == "discount":
        after = d.get("total_after")
        gross, pct = _dec(d.get("gross")), _dec(d.get("pct"))
        if after is None and gross is not None and pct is not None:  # older requests carry only gross and %
            after = gross - (gross * pct / 100).quantize(Decimal("0.01"))
        lines.append(ctx.tr(
            f"折扣：{numbers(ctx, row)}；原价 {money_text(d.get('gross'))}，折后 {money_text(after)}",
            f"Discount: {numbers(ctx, row)}; gross {money_text(d.get('gross'))}, after {money_text(after)}"))
        if week_so_far(d):
            lines.append(ctx.tr(f"该顾问本周已打折工单：{week_so_far(d)} 张",
                                f"This advisor's discounted work orders so far this week: {week_so_far(d)}"))
    elif row.kind == "accident_margin":
        lines.append(ctx.tr(
            f"{numbers(ctx, row)}；收入 {money_text(d.get('revenue'))}，配件成本 {money_text(d.get('parts_cost'))}，"
            f"工时成本 {money_text(d.get('labor_cost'))}",
            f"{numbers(ctx, row)}; revenue {money_text(d.get('revenue'))}, parts cost "
            f"{money_text(d.get('parts_cost'))}, labor cost {money_text(d.get('labor_cost'))}"))
    rule = rule_text(ctx, row)
    if rule:
        lines.append(ctx.tr(f"规则：{rule}", f"Rule: {rule}"))
    lines.append(ctx.tr(f"原因：{row.reason}", f"Reason: {row.reason}"))
    lines.append(decision_text(ctx, row))
    return "\n".join(lines)
