"""The claim orders screen's sentences (C1-C3): what is to be done next with each, and the selected one's parts,
signatures and money."""

from __future__ import annotations

from collections.abc import Callable

from ui.context import AppContext
from workshop.domain.clock import fmt_shop
from workshop.domain.labels import label
from workshop.domain.money import fmt_money
from workshop.queries import claims as cq
from workshop.services import claims

Tr = Callable[[str, str], str]


def _signer(kind: str, lang: str) -> str:
    """Who signed a claim order: the role the signature kind asks for."""
    role = claims.SIGN_ROLE.get(kind)
    return label(role, lang) if role is not None else kind



def todo(tr: Tr, r: cq.ClaimRow) -> str:
    """What is to be done next with the claim order, in the list's last column."""
    if r.overdue:
        return tr(f"超期未装车 {r.days_since_arrival} 天，请联系客户 {r.customer_phone}",
                  f"Overdue {r.days_since_arrival} days: call {r.customer_phone}")
    if r.refund_due:
        return tr(f"可退订金 {fmt_money(r.deposit_held)}", f"Refund {fmt_money(r.deposit_held)} due")
    if r.state == "arrived" and r.customer_called_at is None:
        return tr(f"到货 — 请通知客户 {r.customer_phone}", f"Arrived — call the customer {r.customer_phone}")
    if r.state == "arrived" and not r.fitted:
        return tr(f"已通知客户（{fmt_shop(r.customer_called_at)}），待装车",
                  f"Customer called ({fmt_shop(r.customer_called_at)}), to be fitted")
    if r.state == "draft":
        missing = [] if r.manager_signed_by else [tr("车间经理", "manager")]
        if r.needs_director and not r.director_signed_by:
            missing.append(tr("服务总监", "director"))
        return tr(f"待{'、'.join(missing)}签字", f"Needs signature: {', '.join(missing)}")
    if r.state == "signed":
        return tr("已签字，可以订货", "Signed: may be ordered")
    if r.state == "ordered":
        return tr("已向厂家订货，等待到货", "Ordered from the manufacturer")
    return ""


def detail_text(ctx: AppContext, r: cq.ClaimRow) -> str:
    """The selected claim order's parts, signatures and money, under the list (rich text)."""
    tr = ctx.tr
    detail = cq.claim_detail(ctx.db, r.number)
    if detail is None:
        return ""
    parts = "；".join(f"{ln.part_no} {ln.part_name} ×{ln.quantity.normalize():f}"
                     f"（{tr('到', 'arrived')} {ln.arrived_qty.normalize():f}，{tr('发', 'issued')} "
                     f"{ln.issued_qty.normalize():f}）" for ln in detail.lines)
    sigs = "；".join(f"{_signer(s.kind, ctx.lang)} {s.signed_by} {fmt_shop(s.signed_at)}"
                    for s in detail.signatures) or tr("无", "none")
    money = tr("未收订金", "no deposit")
    if r.deposit is not None:
        money = tr(f"订金 {fmt_money(r.deposit)}（收据 {r.receipt_no}，{fmt_shop(detail.deposit_received_at)}）",
                   f"deposit {fmt_money(r.deposit)} (receipt {r.receipt_no}, {fmt_shop(detail.deposit_received_at)})")
        if detail.refunded_at is not None:
            money += tr(f"，已退 {fmt_money(detail.refunded_amount)}（{fmt_shop(detail.refunded_at)}）",
                        f", refunded {fmt_money(detail.refunded_amount)} ({fmt_shop(detail.refunded_at)})")
    return (f"<b>{r.number}</b> · {tr('开单', 'by')} {r.created_by} {fmt_shop(r.created_at)} · "
            f"{tr('零件', 'parts')}：{parts}<br>{tr('签字', 'signatures')}：{sigs} · {money}")
