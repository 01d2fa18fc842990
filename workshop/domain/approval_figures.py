"""A4: an approval approves figures, not a work order.

A request records what the approver was shown: the work order's kind, gross, the money off and its percent of
the gross, the total after discount, the margin, and a digest of the priced lines (code, quantity, price,
line kind). After a change the new figures are compared with the recorded ones: the approval still holds only
when the kind is the same, the percent and the amount off are the same or smaller and the margin is no lower.
Pure functions; the figures are read from the database by workshop.services.totals.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


@dataclass(frozen=True)
class PricedLine:
    line_kind: str      # "labor" or "part"
    code: str           # labor operation code (or description) / part number
    quantity: Decimal   # hours / quantity
    price: Decimal      # rate / unit price


def lines_digest(work_order_kind: str, lines: Iterable[PricedLine]) -> str:
    """A short fingerprint of the priced lines, independent of their order."""
    rows = sorted(
        f"{ln.line_kind}|{ln.code}|{Decimal(ln.quantity).normalize():f}|{Decimal(ln.price).normalize():f}"
        for ln in lines
    )
    text = work_order_kind + "\n" + "\n".join(rows)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Figures:
    kind: str
    gross: Decimal
    discount: Decimal           # money off
    pct_of_gross: Decimal       # money off as a percent of the gross
    total: Decimal              # after discount
    margin_pct: Decimal | None  # None: no revenue
    digest: str

    def to_json(self) -> dict[str, Any]:
        return {
            "wo_kind": self.kind, "gross": str(self.gross), "discount": str(self.discount),
            "pct_of_gross": str(self.pct_of_gross), "total_after": str(self.total),
            "margin_pct_after": None if self.margin_pct is None else str(self.margin_pct), "digest": self.digest,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figures | None:
        """None when the record predates A4 figures (no digest)."""
        if not data.get("digest"):
            return None
        margin = data.get("margin_pct_after")
        return cls(kind=str(data.get("wo_kind", "")), gross=_dec(data.get("gross")),
                   discount=_dec(data.get("discount")), pct_of_gross=_dec(data.get("pct_of_gross")),
                   total=_dec(data.get("total_after")), margin_pct=None if margin in (None, "") else _dec(margin),
                   digest=str(data["digest"]))


def _dec(value: object) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal("0")
    except InvalidOperation:
        return Decimal("0")


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{Decimal(value).normalize():f} %"


@dataclass(frozen=True)
class Comparison:
    same: bool      # nothing changed
    within: bool    # changed, but inside what was approved (or unchanged)
    zh: str
    en: str


def compare(approved: Figures, now: Figures) -> Comparison:
    """Do the new figures stay within what was approved? (A4)"""
    if approved == now:
        return Comparison(True, True, "金额与审批时一致。", "The figures are those approved.")
    zh: list[str] = []
    en: list[str] = []
    if now.kind != approved.kind:
        zh.append(f"工单类型已从 {approved.kind} 改为 {now.kind}")
        en.append(f"the work order kind changed from {approved.kind} to {now.kind}")
    if now.pct_of_gross > approved.pct_of_gross:
        zh.append(f"折扣从审批时的 {_pct(approved.pct_of_gross)} 变为 {_pct(now.pct_of_gross)}")
        en.append(f"the discount went from {_pct(approved.pct_of_gross)} approved to {_pct(now.pct_of_gross)}")
    if now.discount > approved.discount:
        zh.append(f"折扣金额从 {approved.discount} 元变为 {now.discount} 元")
        en.append(f"the amount off went from {approved.discount} to {now.discount} yuan")
    if approved.margin_pct is not None and (now.margin_pct is None or now.margin_pct < approved.margin_pct):
        zh.append(f"毛利率从审批时的 {_pct(approved.margin_pct)} 降到 {_pct(now.margin_pct)}")
        en.append(f"the margin fell from {_pct(approved.margin_pct)} approved to {_pct(now.margin_pct)}")
    if zh:
        return Comparison(False, False, "审批后项目或金额已改变：" + "；".join(zh) + "，审批失效。",
                          "The lines or figures changed after the approval: " + "; ".join(en)
                          + "; the approval no longer holds.")
    return Comparison(
        False, True,
        f"项目已改变，但仍在审批范围内（折扣 {_pct(now.pct_of_gross)} ≤ {_pct(approved.pct_of_gross)}，"
        f"{now.discount} ≤ {approved.discount} 元，毛利率 {_pct(now.margin_pct)} ≥ {_pct(approved.margin_pct)}）。",
        f"The lines changed but stay within the approval (discount {_pct(now.pct_of_gross)} ≤ "
        f"{_pct(approved.pct_of_gross)}, {now.discount} ≤ {approved.discount} yuan, margin "
        f"{_pct(now.margin_pct)} ≥ {_pct(approved.margin_pct)}).",
    )
