"""Purchasing: purchase orders, ordering an accident quote's parts only once signed (P3), and self-purchase
with three supplier quotes on record, the cheapest chosen or a reason written (P5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from workshop.db.models import (
    Part,
    PurchaseOrder,
    PurchaseOrderLine,
    Quote,
    QuoteLine,
    SelfPurchase,
    Supplier,
    SupplierQuote,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.kind_policy import policy_of
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text
from workshop.domain.work_order import State
from workshop.services.numbering import next_number
from workshop.services.parts_catalog import find_part
from workshop.services.stock import fmt_qty, quantity

MIN_SUPPLIER_QUOTES = 3


@dataclass(frozen=True)
class OrderLine:
    code: str            # part number or barcode
    quantity: Decimal
    unit_cost: Decimal


@dataclass(frozen=True)
class PurchaseOrderInfo:
    id: int
    number: str
    supplier: str
    state: str
    is_self_purchase: bool
    work_order_no: str | None
    lines: tuple[tuple[int, str, Decimal, Decimal], ...]  # (PO line id, part no, quantity, unit cost)


@dataclass(frozen=True)
class SupplierOffer:
    supplier: str
    unit_price: Decimal


def _supplier(uow: UnitOfWork, name: str, *, manufacturer: bool = False) -> Supplier:
    clean = clean_text(name, "供应商", "Supplier", max_len=100)
    supplier = uow.session.scalar(select(Supplier).where(Supplier.name == clean))
    if supplier is None:
        supplier = Supplier(name=clean, is_manufacturer=manufacturer)
        uow.session.add(supplier)
        uow.session.flush()
    return supplier


def _work_order(uow: UnitOfWork, number: str | None) -> WorkOrder | None:
    if not number:
        return None
    key = clean_code(number, "工单号", "Work order number", max_len=20)
    wo = uow.session.scalar(select(WorkOrder).where(WorkOrder.number == key))
    if wo is None:
        raise NotFound(f"找不到工单 {key}。", f"No work order {key}.")
    if wo.state in (State.CANCELLED, State.CLOSED):
        raise RuleViolation(f"工单 {key} 已取消或已关闭，不能为它订货。",
                            f"Work order {key} is cancelled or closed: nothing can be ordered for it.")
    return wo


def _new_po(uow: UnitOfWork, actor: Actor, supplier: Supplier, wo: WorkOrder | None,
            *, self_purchase: bool = False) -> PurchaseOrder:
    po = PurchaseOrder(
        number=next_number(uow, "purchase_order"), supplier_id=supplier.id, state="open",
        is_self_purchase=self_purchase, work_order_id=wo.id if wo else None, created_by=actor.user_id,
        created_at=uow.now,
    )
    uow.session.add(po)
    uow.session.flush()
    return po


def _info(uow: UnitOfWork, po: PurchaseOrder, supplier: Supplier, wo: WorkOrder | None) -> PurchaseOrderInfo:
    rows = uow.session.execute(
        select(PurchaseOrderLine.id, Part.part_no, PurchaseOrderLine.quantity, PurchaseOrderLine.unit_cost)
        .join(Part, Part.id == PurchaseOrderLine.part_id)
        .where(PurchaseOrderLine.purchase_order_id == po.id).order_by(PurchaseOrderLine.id)
    ).all()
    return PurchaseOrderInfo(po.id, po.number, supplier.name, po.state, po.is_self_purchase,
                             wo.number if wo else None, tuple((r[0], r[1], r[2], r[3]) for r in rows))


def create_purchase_order(uow: UnitOfWork, actor: Actor, supplier_name: str, lines: Sequence[OrderLine],
                          work_order_no: str | None = None) -> PurchaseOrderInfo:
    """An ordinary stock order to a supplier (the manufacturer's channel or another). Accident quote parts go
    through order_quote_lines (P3); self-purchase through record_self_purchase (P5)."""
    with uow:
        uow.authorize(actor, Perm.PURCHASE)
        if not lines:
            raise InvalidInput("订单上至少要有一个零件。", "An order needs at least one part.")
        supplier = _supplier(uow, supplier_name)
        wo = _work_order(uow, work_order_no)
        if wo is not None and policy_of(wo.kind).priced_by_quote:
            raise RuleViolation("事故车的零件要按报价单订货（报价单签字后）。",
                                "Parts for an accident job are ordered from its signed quote.")
        po = _new_po(uow, actor, supplier, wo)
        for ln in lines:
            part = find_part(uow.session, ln.code)
            uow.session.add(PurchaseOrderLine(
                purchase_order_id=po.id, part_id=part.id, quantity=quantity(ln.quantity),
                unit_cost=parse_amount(ln.unit_cost, "进价", "Unit cost"), received_qty=Decimal(0),
            ))
        uow.session.flush()
        info = _info(uow, po, supplier, wo)
        uow.audit(actor, "purchase.order", "purchase_order", po.id, number=po.number, supplier=supplier.name,
                  lines=[(p, str(q), str(c)) for _, p, q, c in info.lines])
        uow.commit()
    return info


def order_quote_lines(uow: UnitOfWork, actor: Actor, work_order_no: str, supplier_name: str,
                      lines: Sequence[tuple[int, Decimal]] | None = None) -> PurchaseOrderInfo:
    """P3: order the part lines of an accident job's quote. Only lines the responsible person has signed may be
    ordered: a line of revision r needs the quote signed at revision r or later (supplemental parts added after
    a signature need a new one). lines = (quote line id, quantity); None = every signed, not yet ordered part."""
    with uow:
        uow.authorize(actor, Perm.PURCHASE)
        wo = _work_order(uow, work_order_no)
        if wo is None:
            raise InvalidInput("请输入或扫描事故车工单号。", "Enter or scan the accident job's work order number.")
        quote = uow.session.scalar(select(Quote).where(Quote.work_order_id == wo.id).with_for_update())
        if quote is None:
            raise NotFound(f"工单 {wo.number} 没有报价单。", f"Work order {wo.number} has no quote.")
        if quote.signed_revision < 1:
            raise RuleViolation(f"工单 {wo.number} 的报价单还没有签字，不能订货。",
                                f"The quote of {wo.number} is not signed yet: nothing can be ordered.")
        q_lines = {ql.id: ql for ql in uow.session.scalars(
            select(QuoteLine).where(QuoteLine.quote_id == quote.id, QuoteLine.is_labor.is_(False))
            .order_by(QuoteLine.id).with_for_update())}
        if lines is None:
            wanted = [(ql.id, ql.quantity - ql.ordered_qty) for ql in q_lines.values()
                      if ql.part_id is not None and ql.quantity > ql.ordered_qty and ql.revision <= quote.signed_revision]
            if not wanted:
                raise RuleViolation("报价单上没有已签字、待订的零件。", "No signed part on the quote is left to order.")
        else:
            wanted = [(qid, quantity(q)) for qid, q in lines]
        supplier = _supplier(uow, supplier_name)
        po = _new_po(uow, actor, supplier, wo)
        for qid, qty in wanted:
            ql = q_lines.get(qid)
            if ql is None or ql.part_id is None:
                raise NotFound("报价单上没有这一行零件。", "That part line is not on the quote.")
            if ql.revision > quote.signed_revision:
                raise RuleViolation(
                    f"「{ql.description}」是追加备件（第 {ql.revision} 版），报价单要重新签字后才能订货。",
                    f"'{ql.description}' is a supplemental part (revision {ql.revision}); the quote must be "
                    f"signed again before it can be ordered.",
                )
            if ql.ordered_qty + qty > ql.quantity:
                raise RuleViolation(
                    f"「{ql.description}」报价 {fmt_qty(ql.quantity)}，已订 {fmt_qty(ql.ordered_qty)}，不能再订 "
                    f"{fmt_qty(qty)}。",
                    f"'{ql.description}': quoted {fmt_qty(ql.quantity)}, ordered {fmt_qty(ql.ordered_qty)}; cannot "
                    f"order {fmt_qty(qty)} more.",
                )
            part = uow.session.get(Part, ql.part_id)
            assert part is not None
            ql.ordered_qty += qty
            uow.session.add(PurchaseOrderLine(
                purchase_order_id=po.id, part_id=part.id, quantity=qty, unit_cost=part.avg_cost or part.price,
                received_qty=Decimal(0), quote_line_id=ql.id,
            ))
        uow.session.flush()
        info = _info(uow, po, supplier, wo)
        uow.audit(actor, "purchase.order_quote", "purchase_order", po.id, number=po.number, work_order=wo.number,
                  signed_revision=quote.signed_revision, lines=[(p, str(q)) for _, p, q, _ in info.lines])
        uow.commit()
    return info


def _signed_quote_line(uow: UnitOfWork, wo: WorkOrder, part: Part, amount: Decimal) -> QuoteLine:
    """P3 for self-purchase too: an accident job's part is bought only as a line of its signed quote, within the
    quantity signed and not yet ordered; the order takes that quantity from the line."""
    quote = uow.session.scalar(select(Quote).where(Quote.work_order_id == wo.id).with_for_update())
    if quote is None or quote.signed_revision < 1:
        raise RuleViolation(f"工单 {wo.number} 是事故车，报价单签字后才能采购它的零件（自采也一样）。",
                            f"{wo.number} is an accident job: its parts are bought only after its quote is signed "
                            "(self-purchase too).")
    lines = list(uow.session.scalars(
        select(QuoteLine).where(QuoteLine.quote_id == quote.id, QuoteLine.part_id == part.id,
                                QuoteLine.is_labor.is_(False)).order_by(QuoteLine.id).with_for_update()))
    if not lines:
        raise RuleViolation(f"{part.part_no} 不在工单 {wo.number} 的报价单上：请顾问加到报价单并签字后再采购。",
                            f"{part.part_no} is not on the quote of {wo.number}: the advisor adds it to the quote and "
                            "has it signed first.")
    for ql in lines:
        if ql.revision <= quote.signed_revision and ql.quantity - ql.ordered_qty >= amount:
            ql.ordered_qty += amount
            return ql
    if all(ql.revision > quote.signed_revision for ql in lines):
        raise RuleViolation(f"{part.part_no} 是追加备件，报价单要重新签字后才能采购。",
                            f"{part.part_no} is a supplemental part: the quote must be signed again before it is bought.")
    raise RuleViolation(f"{part.part_no} 的报价数量已订完（或不够 {fmt_qty(amount)}）。",
                        f"The quoted quantity of {part.part_no} is ordered already (or less than {fmt_qty(amount)}).")


def record_self_purchase(uow: UnitOfWork, actor: Actor, code: str, qty: object, offers: Sequence[SupplierOffer],
                         chosen: int, reason: str = "", work_order_no: str | None = None) -> PurchaseOrderInfo:
    """P5: buying outside the manufacturer's channel needs no application, but three supplier quotes on record;
    the chosen offer (index into offers) is the cheapest, or a reason is written. Places the order at once."""
    with uow:
        uow.authorize(actor, Perm.PURCHASE)
        amount = quantity(qty)
        cleaned: list[tuple[str, Decimal]] = []
        for o in offers:
            name = clean_text(o.supplier, "供应商", "Supplier", max_len=100)
            price = parse_amount(o.unit_price, f"{name} 的报价", f"The price of {name}", allow_zero=False)
            cleaned.append((name, price))
        if len({n for n, _ in cleaned}) < MIN_SUPPLIER_QUOTES:
            raise RuleViolation(f"自采要有 {MIN_SUPPLIER_QUOTES} 家不同供应商的报价（现有 {len({n for n, _ in cleaned})} 家）。",
                                f"Self-purchase needs quotes from {MIN_SUPPLIER_QUOTES} different suppliers "
                                f"({len({n for n, _ in cleaned})} given).")
        if not 0 <= chosen < len(cleaned):
            raise InvalidInput("请选择一家供应商。", "Choose one supplier.")
        why = clean_text(reason, "选择理由", "Reason for the choice", max_len=200, required=False)
        cheapest = min(p for _, p in cleaned)
        if cleaned[chosen][1] > cheapest and not why:
            raise RuleViolation(
                f"选的不是最便宜的报价（最低 {cheapest} 元）：请写明选择 {cleaned[chosen][0]} 的理由。",
                f"The chosen offer is not the cheapest ({cheapest}): write why {cleaned[chosen][0]} was chosen.",
            )
        part = find_part(uow.session, code)
        wo = _work_order(uow, work_order_no)
        quote_line = _signed_quote_line(uow, wo, part, amount) if wo is not None and policy_of(wo.kind).priced_by_quote else None
        supplier = _supplier(uow, cleaned[chosen][0])
        po = _new_po(uow, actor, supplier, wo, self_purchase=True)
        uow.session.add(PurchaseOrderLine(purchase_order_id=po.id, part_id=part.id, quantity=amount,
                                          unit_cost=cleaned[chosen][1], received_qty=Decimal(0),
                                          quote_line_id=quote_line.id if quote_line else None))
        sp = SelfPurchase(part_id=part.id, quantity=amount, choice_reason=why, purchase_order_id=po.id,
                          created_by=actor.user_id, created_at=uow.now)
        uow.session.add(sp)
        uow.session.flush()
        for i, (name, price) in enumerate(cleaned):
            uow.session.add(SupplierQuote(self_purchase_id=sp.id, supplier_name=name, unit_price=price,
                                          chosen=i == chosen))
        uow.session.flush()
        info = _info(uow, po, supplier, wo)
        uow.audit(actor, "purchase.self", "self_purchase", sp.id, part_no=part.part_no, qty=str(amount),
                  offers=[(n, str(p)) for n, p in cleaned], chosen=cleaned[chosen][0], reason=why)
        uow.commit()
    return info


def cancel_purchase_order(uow: UnitOfWork, actor: Actor, po_number: str) -> None:
    with uow:
        uow.authorize(actor, Perm.PURCHASE)
        number = clean_code(po_number, "订单号", "Order number", max_len=20)
        po = uow.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == number).with_for_update())
        if po is None:
            raise NotFound(f"找不到采购订单 {number}。", f"No purchase order {number}.")
        if po.state != "open":
            raise RuleViolation(f"采购订单 {number} 不是待收货状态，不能取消。", f"Purchase order {number} is not open.")
        po_lines = list(uow.session.scalars(
            select(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id == po.id)))
        if any(ln.received_qty > 0 for ln in po_lines):
            raise RuleViolation(f"采购订单 {number} 已部分到货，不能取消。", f"Part of {number} has arrived: it cannot be cancelled.")
        for ln in po_lines:  # give the quote lines back, so they may be ordered again
            if ln.quote_line_id is not None:
                ql = uow.session.get(QuoteLine, ln.quote_line_id, with_for_update=True)
                if ql is not None:
                    ql.ordered_qty = max(ql.ordered_qty - ln.quantity, Decimal(0))
        po.state = "cancelled"
        uow.audit(actor, "purchase.cancel", "purchase_order", po.id, number=number)
        uow.commit()
