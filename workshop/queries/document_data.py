"""F9: what the work order, the quote and the settlement print: the lines, the totals and what the payer owes.

Charging mode and amount due agree: a 免费 (free) order owes 0 and says why (the amount not charged, who bears
it, the reason given); a paid or contract order owes its total and never says 免费.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import AddedItem, Customer, Part, Quote, QuoteLine, User, Vehicle, WorkOrder
from workshop.db.shop_profile_store import ShopProfile, shop_profile
from workshop.db.totals_store import compute_totals, payer_split
from workshop.db.work_order_store import clean_number, work_order_info
from workshop.domain.added_items import item_state_counts
from workshop.domain.clock import utcnow
from workshop.domain.codes import AddedState
from workshop.domain.errors import InvalidInput, NotFound
from workshop.domain.labels import label_of
from workshop.domain.money import ZERO, money
from workshop.domain.payers import Payer, PayerSplit
from workshop.domain.work_order import PAYABLE_STATES, ChargingMode
from workshop.domain.work_order_info import WorkOrderInfo
from workshop.queries.walkaround import WalkaroundView, thumbs_in, walkaround_in

DOCUMENTS = ("work-order", "quote", "settlement")
TITLES = {"work-order": "任务委托书", "quote": "报价单", "settlement": "结算单"}
SETTLED_STATES = PAYABLE_STATES


@dataclass(frozen=True)
class Line:
    kind: str          # 工时 / 配件
    code: str
    name: str
    qty: str           # hours or quantity, as printed
    unit_price: Decimal
    amount: Decimal
    note: str


@dataclass(frozen=True)
class DocData:
    doc: str
    shop_name: str
    wo: WorkOrderInfo
    customer: Customer
    vehicle: Vehicle
    advisor: str
    technician: str
    lines: tuple[Line, ...]
    labor_total: Decimal
    parts_total: Decimal
    discount: Decimal
    total: Decimal
    due: Decimal       # what the payer is asked for: 0 for a free order, else the total
    due_note: str      # why, for a free order; the reason for a discount otherwise
    added: tuple[AddedItem, ...]
    quote: Quote | None
    printed_at: datetime
    split: PayerSplit | None = None  # M1: the settlement's parts by payer
    shop: ShopProfile | None = None  # S1: the header's address, phone and tax number
    walkaround: WalkaroundView | None = None  # R4: the work order prints the walk-around
    thumbs: tuple[tuple[int, str, bytes], ...] = ()


# ---------------------------------------------------------------- gathering the data


def _added_note(state: str | None) -> str:
    """增项·待客户确认 on a line of an added item not yet settled; nothing on the others."""
    return f"增项·{label_of(AddedState, state)}" if state in (AddedState.PROPOSED, AddedState.CONFIRMED) else ""


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return user.display_name if user else ""


def _qty(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _technicians(session: Session, info: WorkOrderInfo) -> str:
    """The work order's technician, else the technicians named on its labor lines."""
    ids = [info.technician_id] if info.technician_id else []
    ids += [ln.technician_id for ln in info.labor_lines if ln.technician_id and ln.technician_id not in ids]
    return "、".join(_name(session, i) for i in ids)


def _quote_lines(session: Session, quote: Quote) -> list[Line]:
    out = []
    rows = session.execute(select(QuoteLine, Part.part_no).outerjoin(Part, Part.id == QuoteLine.part_id)
                           .where(QuoteLine.quote_id == quote.id).order_by(QuoteLine.id)).all()
    for ql, part_no in rows:
        if ql.is_labor:
            hours = ql.hours if ql.hours else ql.quantity
            amount = money(hours * ql.unit_price)
            qty = _qty(hours)
        else:
            amount, qty = money(ql.quantity * ql.unit_price), _qty(ql.quantity)
        note = "追加" if ql.revision > 1 else ""
        code = "" if ql.is_labor else (part_no or "")
        out.append(Line("工时" if ql.is_labor else "配件", code, ql.description, qty, ql.unit_price, amount, note))
    return out


def gather(session: Session, doc: str, number: str) -> DocData:
    if doc not in DOCUMENTS:
        raise InvalidInput(f"未知的单据：{doc}", f"Unknown document: {doc}")
    wo = session.scalar(select(WorkOrder).where(WorkOrder.number == clean_number(number)))
    if wo is None:
        raise NotFound(f"找不到工单 {number}。", f"No work order {number}.")
    info = work_order_info(session, wo)
    customer = session.get(Customer, wo.customer_id)
    vehicle = session.get(Vehicle, wo.vehicle_id)
    assert customer is not None and vehicle is not None
    items = tuple(session.scalars(select(AddedItem).where(AddedItem.work_order_id == wo.id).order_by(AddedItem.id)))
    state_of = {i.id: i.state for i in items}
    quote = session.scalar(select(Quote).where(Quote.work_order_id == wo.id))
    lines: list[Line] = []
    if doc == "quote" and quote is not None:
        lines = _quote_lines(session, quote)
    else:
        for ln in info.labor_lines:
            state = state_of.get(ln.added_item_id or 0)
            if doc == "settlement" and not item_state_counts(state):
                continue
            note = _added_note(state)
            lines.append(Line("工时", ln.operation_code or "", ln.description, _qty(ln.hours), ln.rate, ln.amount, note))
        for pl in info.part_lines:
            state = state_of.get(pl.added_item_id or 0)
            if doc == "settlement" and not item_state_counts(state):
                continue
            note = _added_note(state)
            lines.append(Line("配件", pl.part_no, pl.name, f"{_qty(pl.quantity)} {pl.unit}", pl.unit_price, pl.amount,
                              note))
    if doc == "settlement" and wo.state in SETTLED_STATES:
        labor, parts, total = wo.labor_total, wo.parts_total, wo.total
        discount = money(labor + parts - total)
    elif doc == "quote" and quote is not None:
        labor = money(sum((ln.amount for ln in lines if ln.kind == "工时"), ZERO))
        parts = money(sum((ln.amount for ln in lines if ln.kind == "配件"), ZERO))
        discount, total = ZERO, money(labor + parts)
    else:
        t = compute_totals(session, wo)
        labor, parts, discount, total = t.labor_total, t.parts_total, t.discount, t.total
    due, due_note = amount_due(wo, total, money(discount))
    shop = shop_profile(session)
    return DocData(
        doc=doc, shop_name=shop.name, shop=shop, wo=info, customer=customer, vehicle=vehicle,
        advisor=_name(session, wo.advisor_id), technician=_technicians(session, info), lines=tuple(lines),
        labor_total=labor, parts_total=parts, discount=discount, total=total, due=due, due_note=due_note, added=items, quote=quote,
        printed_at=utcnow(), split=payer_split(session, wo) if doc == "settlement" else None,
        walkaround=walkaround_in(session, wo.id) if doc == "work-order" else None,
        thumbs=tuple(thumbs_in(session, wo.id)) if doc == "work-order" else (),
    )


def amount_due(wo: WorkOrder, total: Decimal, discount: Decimal) -> tuple[Decimal, str]:
    """What the payer is asked for and the sentence that explains it. Only a free order says 免费."""
    reason = (wo.discount_reason or "").strip()
    if wo.charging_mode == ChargingMode.FREE:
        why = f"本单为免费服务，项目金额 ¥{total:,.2f} 不向客户收取"
        if wo.payer != "customer":
            who = label_of(Payer, wo.payer) + (f"（{wo.internal_department}）" if wo.internal_department else "")
            why += f"，由{who}承担"
        return ZERO, why + (f"；原因：{reason}" if reason else "") + "。"
    if discount > 0 and reason:
        return total, f"优惠原因：{reason}"
    return total, ""
