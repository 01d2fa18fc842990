"""P8: the stock ledger. Every change of on-hand stock is one StockMove written by `_move`, in the caller's
transaction, with the part row locked: on-hand equals the sum of the moves and never goes below zero
(also a CHECK constraint), and the cost is a moving average.

Moving average: a move that brings stock in at a cost (receipt, return at its issue cost, a stocktake surplus)
sets avg_cost = (ledger value + qty x cost) / new on-hand, where the ledger value is the sum of qty x unit cost
of every move of the part; so rounding never accumulates. Outgoing moves go out at the current average; the
move that empties the stock takes what value is left (so an empty part carries at most rounding dust)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm.attributes import set_committed_value

from workshop.db.models import (
    Bin,
    Part,
    PartLine,
    PurchaseOrder,
    PurchaseOrderLine,
    StockMove,
    Supplier,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.changes import RecordKind
from workshop.domain.codes import PurchaseOrderState
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation, StaleEdit
from workshop.domain.kind_policy import policy_of
from workshop.domain.labels import label_of
from workshop.domain.money import ZERO, money, parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text
from workshop.domain.work_order import ON_THE_JOB
from workshop.services.numbering import next_number
from workshop.services.parts_catalog import find_part

IN_KINDS = ("receipt", "return", "claim_receipt")
OUT_KINDS = ("issue", "internal")
KINDS = (*IN_KINDS, *OUT_KINDS, "adjust")
# a stocktake count does not make a part look alive: dead stock is "no receipt, issue, return or use"
_ALIVE_KINDS = ("receipt", "claim_receipt", "issue", "return", "internal")
_QTY = Decimal("0.01")


@dataclass(frozen=True)
class MoveInfo:
    move_id: int
    part_id: int
    part_no: str
    part_name: str
    bin_code: str | None
    kind: str
    quantity: Decimal
    unit_cost: Decimal
    on_hand_after: Decimal
    avg_cost_after: Decimal
    at: datetime


@dataclass(frozen=True)
class ReceiptResult:
    reference: str
    moves: tuple[MoveInfo, ...]  # one per part received: what the labels are printed for
    purchase_order_state: str | None


@dataclass(frozen=True)
class ReceiptLine:
    code: str          # part number or barcode
    quantity: Decimal
    unit_cost: Decimal


@dataclass(frozen=True)
class CountLine:
    part_id: int
    counted: Decimal
    expected_on_hand: Decimal | None = None  # the on-hand shown when counting; a change since is refused


@dataclass(frozen=True)
class StocktakeResult:
    number: str
    adjustments: tuple[MoveInfo, ...]
    unchanged: int


def quantity(value: object, field_zh: str = "数量", field_en: str = "Quantity") -> Decimal:
    return parse_amount(value, field_zh, field_en, allow_zero=False, maximum=Decimal("999999"))


def lock_part(uow: UnitOfWork, part_id: int) -> Part:
    """The part row, locked for this transaction and re-read (another desk may have moved it meanwhile).
    Locked once per transaction: later calls return the same, already locked and current, row."""
    locked: set[int] = uow.session.info.setdefault("locked_parts", set())
    if part_id in locked:
        part = uow.session.get(Part, part_id)
    elif uow.db.dialect == "sqlite" and (part := uow.session.get(Part, part_id)) is not None:
        # SQLite: the write transaction took the database's write lock at BEGIN IMMEDIATE, so a row this
        # transaction has already read is current and nobody can change it before commit: no second read.
        locked.add(part_id)
    else:
        part = uow.session.get(Part, part_id, with_for_update=True, populate_existing=True)
        locked.add(part_id)
    if part is None:
        raise NotFound("找不到这个零件。", "No such part.")
    return part


def ledger_value(uow: UnitOfWork, part_id: int) -> Decimal:
    total = uow.session.scalar(
        select(func.coalesce(func.sum(StockMove.quantity * StockMove.unit_cost), 0)).where(
            StockMove.part_id == part_id
        )
    )
    return Decimal(str(total or 0)).quantize(Decimal("0.0001"))


def shortage_error(part: Part, wanted: Decimal) -> RuleViolation:
    return RuleViolation(
        f"库存不足：{part.name}（{part.part_no}）现有 {fmt_qty(part.on_hand)} {part.unit}，要 {fmt_qty(wanted)}。",
        f"Not enough stock: {part.part_no} has {fmt_qty(part.on_hand)} on hand, {fmt_qty(wanted)} wanted.",
    )


def fmt_qty(q: Decimal) -> str:
    return f"{q.normalize():f}" if q == q.to_integral_value() else f"{q:f}"


def _move(uow: UnitOfWork, part: Part, kind: str, qty: Decimal, unit_cost: Decimal | None = None, *,
          user_id: int, part_line_id: int | None = None, work_order_id: int | None = None,
          reference: str = "", reason: str = "", plain: bool = False) -> StockMove:
    """Write one ledger move and keep the part's on-hand and moving average with it. qty is signed (+ in, - out).
    unit_cost: the cost of stock coming in (receipt, return); outgoing stock leaves at the moving average.
    plain=True (the scan at the counter, the shop's hottest write): the move and the part's new figures are written
    at once as two plain statements on the transaction's connection, not through the ORM's flush, and the part
    object is given them as its loaded state; the move returned is not in the session (its id is set)."""
    if kind not in KINDS:
        raise ValueError(f"unknown stock move kind {kind!r}")
    qty = Decimal(qty).quantize(_QTY)
    if qty == 0:
        raise InvalidInput("数量不能为零。", "The quantity cannot be zero.")
    if (kind in OUT_KINDS and qty > 0) or (kind in IN_KINDS and qty < 0):
        raise ValueError(f"{kind} with quantity {qty}")
    part = lock_part(uow, part.id)
    new_on_hand = part.on_hand + qty
    if new_on_hand < 0:
        raise shortage_error(part, -qty)
    if qty < 0:
        cost = part.avg_cost
        new_avg = part.avg_cost
        if new_on_hand == 0:  # the last units take what value is left
            cost = money(ledger_value(uow, part.id) / -qty)
            cost = max(cost, ZERO)
    else:
        cost = money(unit_cost) if unit_cost is not None else part.avg_cost
        if cost < 0:
            raise InvalidInput("成本不能为负数。", "A cost cannot be negative.")
        if cost == part.avg_cost and part.on_hand > 0:
            new_avg = part.avg_cost
        else:
            new_avg = max(money((ledger_value(uow, part.id) + qty * cost) / new_on_hand), ZERO)
    now = uow.now
    move = StockMove(
        part_id=part.id, kind=kind, quantity=qty, unit_cost=cost, on_hand_after=new_on_hand, avg_cost_after=new_avg,
        at=now, user_id=user_id, part_line_id=part_line_id, work_order_id=work_order_id,
        reference=reference[:60], reason=reason[:200],
    )
    figures = {"on_hand": new_on_hand, "avg_cost": new_avg, **({"last_move_at": now} if kind in _ALIVE_KINDS else {})}
    if plain:
        conn = uow.session.connection()
        values = {c.key: getattr(move, c.key) for c in _MOVE_COLUMNS}
        key = conn.execute(_INSERT_MOVE, values).inserted_primary_key
        assert key is not None
        move.id = key[0]
        conn.execute(_UPDATE_PART, {"part_id": part.id, **figures})
        uow.mark(RecordKind.STOCK, part.id)  # written on the connection: the session does not see it
        if work_order_id is not None:
            uow.mark(RecordKind.WORK_ORDERS, work_order_id)
        for key, value in figures.items():
            set_committed_value(part, key, value)
        return move
    uow.session.add(move)
    for key, value in figures.items():
        setattr(part, key, value)
    uow.session.flush()
    return move


_MOVE_COLUMNS = [c for c in StockMove.__table__.columns if c.key != "id"]
_INSERT_MOVE = insert(StockMove)  # run on the connection: plain statements
_UPDATE_PART = update(Part).where(Part.id == bindparam("part_id"))


def move_info(uow: UnitOfWork, part: Part, move: StockMove) -> MoveInfo:
    bin_code = uow.session.scalar(select(Bin.code).where(Bin.id == part.bin_id)) if part.bin_id else None
    return MoveInfo(
        move_id=move.id, part_id=part.id, part_no=part.part_no, part_name=part.name, bin_code=bin_code,
        kind=move.kind, quantity=move.quantity, unit_cost=move.unit_cost, on_hand_after=move.on_hand_after,
        avg_cost_after=move.avg_cost_after, at=move.at,
    )


# --- receiving ------------------------------------------------------------------------------------

def receive_purchase_order(uow: UnitOfWork, actor: Actor, po_number: str,
                           lines: Sequence[tuple[int, Decimal]] | None = None,
                           delivery_note: str = "") -> ReceiptResult:
    """Book in what arrived against a purchase order: lines = (PO line id, quantity); None = everything still
    outstanding. Cost = the ordered unit cost; the moving average follows (P8)."""
    with uow:
        user = uow.authorize(actor, Perm.STOCK_RECEIVE)
        s = uow.session
        number = clean_code(po_number, "订单号", "Order number", max_len=20)
        po = s.scalar(select(PurchaseOrder).where(PurchaseOrder.number == number).with_for_update())
        if po is None:
            raise NotFound(f"找不到采购订单 {number}。", f"No purchase order {number}.")
        if po.state != "open":
            raise RuleViolation(f"采购订单 {number} 已{'收齐' if po.state == 'received' else '取消'}，不能再收货。",
                                f"Purchase order {number} is {label_of(PurchaseOrderState, po.state, 'en').lower()}; nothing more can be received on it.")
        po_lines = {
            ln.id: ln for ln in s.scalars(
                select(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id == po.id)
                .order_by(PurchaseOrderLine.id).with_for_update()
            )
        }
        wanted = ([(ln.id, ln.quantity - ln.received_qty) for ln in po_lines.values() if ln.quantity > ln.received_qty]
                  if lines is None else [(lid, quantity(q)) for lid, q in lines])
        if not wanted:
            raise RuleViolation("这张订单没有待收的零件。", "Nothing is outstanding on this order.")
        note = clean_text(delivery_note, "送货单号", "Delivery note", max_len=40, required=False)
        reference = f"{number} {note}".strip()
        infos: list[MoveInfo] = []
        for line_id, qty in wanted:
            ln = po_lines.get(line_id)
            if ln is None:
                raise NotFound("订单上没有这一行。", "That line is not on this order.")
            outstanding = ln.quantity - ln.received_qty
            if qty > outstanding:
                part = s.get(Part, ln.part_id)
                raise RuleViolation(
                    f"{part.part_no if part else ''} 订了 {fmt_qty(ln.quantity)}，已收 {fmt_qty(ln.received_qty)}，"
                    f"这次最多收 {fmt_qty(outstanding)}。",
                    f"Ordered {fmt_qty(ln.quantity)}, received {fmt_qty(ln.received_qty)}: at most "
                    f"{fmt_qty(outstanding)} can be received now.",
                )
            part = lock_part(uow, ln.part_id)
            move = _move(uow, part, "receipt", qty, ln.unit_cost, user_id=user.id, reference=reference,
                         work_order_id=po.work_order_id)
            ln.received_qty += qty
            infos.append(move_info(uow, part, move))
        if all(ln.received_qty >= ln.quantity for ln in po_lines.values()):
            po.state = "received"
        uow.audit(actor, "stock.receive", "purchase_order", po.id, number=number, note=note,
                  lines=[(i.part_no, str(i.quantity), str(i.unit_cost)) for i in infos])
        result = ReceiptResult(reference, tuple(infos), po.state)
        uow.commit()
    return result


def receive_delivery_note(uow: UnitOfWork, actor: Actor, delivery_note: str, supplier_name: str,
                          lines: Sequence[ReceiptLine]) -> ReceiptResult:
    """Book in a delivery that came without a purchase order in the system (the supplier's delivery note)."""
    with uow:
        user = uow.authorize(actor, Perm.STOCK_RECEIVE)
        s = uow.session
        note = clean_text(delivery_note, "送货单号", "Delivery note", max_len=40)
        supplier = clean_text(supplier_name, "供应商", "Supplier", max_len=100)
        if not lines:
            raise InvalidInput("送货单上没有零件。", "The delivery note has no parts.")
        if s.scalar(select(Supplier.id).where(Supplier.name == supplier)) is None:
            s.add(Supplier(name=supplier, is_manufacturer=False))
        reference = f"送货单 {note}"
        infos: list[MoveInfo] = []
        for ln in lines:
            part = find_part(s, ln.code)
            qty = quantity(ln.quantity)
            cost = parse_amount(ln.unit_cost, "进价", "Unit cost")
            part = lock_part(uow, part.id)
            move = _move(uow, part, "receipt", qty, cost, user_id=user.id, reference=reference, reason=supplier)
            infos.append(move_info(uow, part, move))
        uow.audit(actor, "stock.receive", "delivery_note", note, supplier=supplier,
                  lines=[(i.part_no, str(i.quantity), str(i.unit_cost)) for i in infos])
        result = ReceiptResult(reference, tuple(infos), None)
        uow.commit()
    return result


# --- stocktake (P8: differences are adjustments with a reason) ----------------------------------------

def record_stocktake(uow: UnitOfWork, actor: Actor, counts: Sequence[CountLine], reason: str) -> StocktakeResult:
    with uow:
        user = uow.authorize(actor, Perm.STOCK_ADJUST)
        why = clean_text(reason, "盘点差异原因", "Reason for the difference", max_len=200)
        if not counts:
            raise InvalidInput("没有盘点数量。", "No counts given.")
        number = next_number(uow, "stocktake")
        infos: list[MoveInfo] = []
        unchanged = 0
        for c in counts:
            counted = parse_amount(c.counted, "实盘数量", "Counted quantity", maximum=Decimal("999999"))
            part = lock_part(uow, c.part_id)
            if c.expected_on_hand is not None and part.on_hand != Decimal(c.expected_on_hand):
                raise StaleEdit(
                    f"{part.part_no} 在盘点期间有进出（现有 {fmt_qty(part.on_hand)}），请重新盘点这个零件。",
                    f"{part.part_no} moved while it was counted (now {fmt_qty(part.on_hand)}); count it again.",
                )
            diff = counted - part.on_hand
            if diff == 0:
                unchanged += 1
                continue
            move = _move(uow, part, "adjust", diff, None, user_id=user.id, reference=number, reason=why)
            infos.append(move_info(uow, part, move))
        uow.audit(actor, "stock.stocktake", "stocktake", number, reason=why,
                  adjustments=[(i.part_no, str(i.quantity)) for i in infos])
        result = StocktakeResult(number, tuple(infos), unchanged)
        uow.commit()
    return result


# --- internal consumption (P6) -------------------------------------------------------------------------

def book_internal_use(uow: UnitOfWork, actor: Actor, work_order_no: str, code: str, qty: object,
                      note: str = "") -> MoveInfo:
    """Another department (e.g. sales) takes parts or consumables: through an internal work order, booked at
    moving-average cost as after-sales cost. A part line is added to the internal work order for it, so the
    move is tied to a line like every other issue (P1)."""
    with uow:
        user = uow.authorize(actor, Perm.PART_ISSUE)
        s = uow.session
        number = clean_code(work_order_no, "工单号", "Work order number", max_len=20)
        wo = s.scalar(select(WorkOrder).where(WorkOrder.number == number).with_for_update())
        if wo is None:
            raise NotFound(f"找不到工单 {number}。", f"No work order {number}.")
        if policy_of(wo.kind).stock_move != "internal":
            raise RuleViolation(f"{number} 不是内部工单；内部领用要开内部工单。",
                                f"{number} is not an internal work order; internal use goes through one.")
        if wo.state not in ON_THE_JOB:
            raise RuleViolation(f"内部工单 {number} 未开工或已结束，不能领用。",
                                f"Internal work order {number} is not started or is finished: nothing can be taken.")
        amount = quantity(qty)
        part = find_part(s, code)
        part = lock_part(uow, part.id)
        if part.on_hand < amount:
            raise shortage_error(part, amount)
        line = PartLine(work_order_id=wo.id, part_id=part.id, quantity=amount, unit_price=part.avg_cost,
                        issued_qty=ZERO, returned_qty=ZERO, issued_cost=ZERO, first_issue_full=True, fitted=False,
                        old_part_received=ZERO)
        s.add(line)
        s.flush()
        move = _move(uow, part, "internal", -amount, user_id=user.id, part_line_id=line.id, work_order_id=wo.id,
                     reference=number, reason=clean_text(note, "用途", "Purpose", required=False) or
                     (wo.internal_department or ""))
        line.issued_qty = amount
        line.issued_cost = money(-move.quantity * move.unit_cost)
        uow.audit(actor, "stock.internal", "part_line", line.id, work_order=number, part_no=part.part_no,
                  qty=str(amount), department=wo.internal_department)
        info = move_info(uow, part, move)
        uow.commit()
    return info
