"""P3, M1: the accident quote (报价单). The advisor writes it on the accident work order (labor and part lines at
the standard prices, the insurer, its assessment number, the assessed amount and the deductible); the responsible
person signs it (sign_quote: the one place a signature is recorded, as an Approval of kind "quote_signature").
Signed lines go onto the work order, and only they may be ordered (purchasing.order_quote_lines, self-purchase).
A line added after a signature opens a new revision that must be signed again (supplemental parts, 追加备件)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db.models import (
    LaborLine,
    LaborOperation,
    Part,
    PartLine,
    Quote,
    QuoteLine,
    User,
    WorkOrder,
)
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.approval_kinds import ApprovalKind, QuoteSignatureDetails
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.kind_policy import policy_of
from workshop.domain.money import ZERO, money, parse_amount
from workshop.domain.quote import InsuranceSplit, insurance_split, line_signed, revision_for_change
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text
from workshop.services.approval_requests import sign_now
from workshop.services.front_desk import find_operation, find_part, labor_values, part_values
from workshop.services.work_order_common import check_lines_editable, clean_number, load_work_order, touch


@dataclass(frozen=True)
class QuoteLineInfo:
    id: int
    revision: int
    is_labor: bool
    code: str            # operation code or part number
    description: str
    quantity: Decimal    # hours for a labor line
    unit_price: Decimal
    amount: Decimal
    ordered_qty: Decimal
    signed: bool


@dataclass(frozen=True)
class QuoteInfo:
    work_order_no: str
    revision: int
    signed_revision: int
    signed_by: str | None
    signed_at: datetime | None
    insurer: str
    assessment_no: str
    assessed_amount: Decimal | None
    deductible: Decimal
    lines: tuple[QuoteLineInfo, ...]
    labor_total: Decimal
    parts_total: Decimal
    split: InsuranceSplit

    @property
    def needs_signature(self) -> bool:
        return self.revision > self.signed_revision and bool(self.lines)


def _view(session: Session, quote: Quote, number: str) -> QuoteInfo:
    session.flush()
    rows = session.execute(
        select(QuoteLine, Part.part_no, LaborOperation.code)
        .outerjoin(Part, Part.id == QuoteLine.part_id)
        .outerjoin(LaborOperation, LaborOperation.id == QuoteLine.operation_id)
        .where(QuoteLine.quote_id == quote.id).order_by(QuoteLine.id)
    ).all()
    lines = []
    for ql, part_no, op_code in rows:
        qty = ql.hours if ql.is_labor else ql.quantity
        lines.append(QuoteLineInfo(ql.id, ql.revision, ql.is_labor, (op_code if ql.is_labor else part_no) or "",
                                   ql.description, qty, ql.unit_price, money(qty * ql.unit_price), ql.ordered_qty,
                                   line_signed(ql.revision, quote.signed_revision)))
    labor = money(sum((ln.amount for ln in lines if ln.is_labor), ZERO))
    parts = money(sum((ln.amount for ln in lines if not ln.is_labor), ZERO))
    signer = session.get(User, quote.signed_by) if quote.signed_by else None
    return QuoteInfo(number, quote.revision, quote.signed_revision, signer.display_name if signer else None,
                     quote.signed_at, quote.insurer, quote.assessment_no, quote.assessed_amount, quote.deductible,
                     tuple(lines), labor, parts, insurance_split(labor + parts, quote.assessed_amount, quote.deductible))


def _accident_order(uow: UnitOfWork, number: str) -> WorkOrder:
    wo = load_work_order(uow, number)
    if not policy_of(wo.kind).priced_by_quote:
        raise RuleViolation(f"工单 {wo.number} 不是事故车工单，没有报价单。",
                            f"Work order {wo.number} is not an accident job: it has no quote.")
    return wo


def _quote(uow: UnitOfWork, wo: WorkOrder, *, create: bool = False) -> Quote:
    quote = uow.session.scalar(select(Quote).where(Quote.work_order_id == wo.id).with_for_update())
    if quote is None:
        if not create:
            raise NotFound(f"工单 {wo.number} 还没有报价单。", f"Work order {wo.number} has no quote yet.")
        quote = Quote(work_order_id=wo.id, revision=1, signed_revision=0, insurer="", assessment_no="",
                      deductible=Decimal("0"), created_at=uow.now)
        uow.session.add(quote)
        uow.session.flush()
    return quote


def _open_revision(quote: Quote) -> int:
    quote.revision = revision_for_change(quote.revision, quote.signed_revision)
    return quote.revision


def write_quote(uow: UnitOfWork, actor: Actor, number: str, *, insurer: str, assessment_no: str = "",
                assessed_amount: object = None, deductible: object = "0") -> QuoteInfo:
    """The quote's head: the insurer, its assessment number (定损单号), the assessed amount (blank until the insurer
    has assessed) and the deductible (免赔额). Changing the figures of a signed quote needs a new signature."""
    with uow:
        uow.authorize(actor, Perm.QUOTE_EDIT)
        wo = _accident_order(uow, number)
        check_lines_editable(wo)
        quote = _quote(uow, wo, create=True)
        blank = assessed_amount is None or (isinstance(assessed_amount, str) and not assessed_amount.strip())
        head = {
            "insurer": clean_text(insurer, "保险公司", "Insurer", max_len=60),
            "assessment_no": "" if assessment_no is None or (isinstance(assessment_no, str) and not assessment_no.strip())
            else clean_code(assessment_no, "定损单号", "Assessment number", max_len=40),
            "assessed_amount": None if blank else parse_amount(assessed_amount, "定损金额", "Assessed amount"),
            "deductible": parse_amount(deductible, "免赔额", "Deductible"),
        }
        before = {k: getattr(quote, k) for k in head}
        if before != head:
            if (before["assessed_amount"], before["deductible"]) != (head["assessed_amount"], head["deductible"]):
                _open_revision(quote)  # the figures the signer saw changed
            for key, value in head.items():
                setattr(quote, key, value)
            uow.audit(actor, "quote.write", "quote", quote.id, number=wo.number, revision=quote.revision,
                      before={k: str(v) for k, v in before.items()}, after={k: str(v) for k, v in head.items()})
        info = _view(uow.session, quote, wo.number)
        uow.commit()
    return info


def add_quote_labor(uow: UnitOfWork, actor: Actor, number: str, *, operation_code: str,
                    hours: object = None, rate: object = None) -> QuoteInfo:
    with uow:
        uow.authorize(actor, Perm.QUOTE_EDIT)
        wo = _accident_order(uow, number)
        check_lines_editable(wo)
        quote = _quote(uow, wo)
        op = find_operation(uow, operation_code)
        h, r = labor_values(op, hours, rate)
        line = QuoteLine(quote_id=quote.id, part_id=None, operation_id=op.id, description=op.name, quantity=h,
                         hours=h, unit_price=r, is_labor=True, revision=_open_revision(quote), ordered_qty=Decimal(0))
        uow.session.add(line)
        uow.session.flush()
        uow.audit(actor, "quote.labor_add", "quote", quote.id, number=wo.number, line_id=line.id, code=op.code,
                  hours=str(h), rate=str(r), revision=line.revision)
        info = _view(uow.session, quote, wo.number)
        uow.commit()
    return info


def add_quote_part(uow: UnitOfWork, actor: Actor, number: str, *, part_no: str, quantity: object = 1,
                   unit_price: object = None) -> QuoteInfo:
    """A part on the quote; after a signature it is a supplemental part (追加) of a new revision."""
    with uow:
        uow.authorize(actor, Perm.QUOTE_EDIT)
        wo = _accident_order(uow, number)
        check_lines_editable(wo)
        quote = _quote(uow, wo)
        part = find_part(uow, part_no)
        q, p = part_values(part, quantity, unit_price)
        supplemental = quote.signed_revision > 0
        line = QuoteLine(quote_id=quote.id, part_id=part.id, description=part.name + ("（追加）" if supplemental else ""),
                         quantity=q, unit_price=p, is_labor=False, hours=Decimal(0), revision=_open_revision(quote),
                         ordered_qty=Decimal(0))
        uow.session.add(line)
        uow.session.flush()
        uow.audit(actor, "quote.part_add", "quote", quote.id, number=wo.number, line_id=line.id, part_no=part.part_no,
                  quantity=str(q), unit_price=str(p), revision=line.revision, supplemental=supplemental)
        info = _view(uow.session, quote, wo.number)
        uow.commit()
    return info


def remove_quote_line(uow: UnitOfWork, actor: Actor, number: str, line_id: int) -> QuoteInfo:
    """Only a line not signed yet can be removed: a signed line is on the work order and may have been ordered."""
    with uow:
        uow.authorize(actor, Perm.QUOTE_EDIT)
        wo = _accident_order(uow, number)
        quote = _quote(uow, wo)
        line = uow.session.get(QuoteLine, line_id, with_for_update=True)
        if line is None or line.quote_id != quote.id:
            raise NotFound("报价单上没有这一行。", "That line is not on the quote.")
        if line_signed(line.revision, quote.signed_revision):
            raise RuleViolation("这一行已签字，不能删除。", "That line is signed and cannot be removed.")
        uow.session.delete(line)
        uow.audit(actor, "quote.line_remove", "quote", quote.id, number=wo.number, line_id=line_id,
                  description=line.description)
        info = _view(uow.session, quote, wo.number)
        uow.commit()
    return info


def _put_on_work_order(uow: UnitOfWork, wo: WorkOrder, line: QuoteLine) -> None:
    """A newly signed quote line becomes the work order's line: what is worked, issued and billed."""
    if line.is_labor:
        op = uow.session.get(LaborOperation, line.operation_id) if line.operation_id else None
        ll = LaborLine(work_order_id=wo.id, operation_id=line.operation_id, description=line.description,
                       hours=line.hours, rate=line.unit_price, team=op.team if op else wo.team, done=False)
        uow.session.add(ll)
        uow.session.flush()
        line.labor_line_id = ll.id
    else:
        assert line.part_id is not None
        pl = PartLine(work_order_id=wo.id, part_id=line.part_id, quantity=line.quantity, unit_price=line.unit_price,
                      issued_qty=Decimal(0), returned_qty=Decimal(0), issued_cost=Decimal(0), fitted=False,
                      old_part_received=Decimal(0))
        uow.session.add(pl)
        uow.session.flush()
        line.part_line_id = pl.id


def sign_quote(uow: UnitOfWork, actor: Actor, number: str, *, note: str = "") -> QuoteInfo:
    """P3, A4: the responsible person signs the quote's current revision. The one place a quote signature is
    recorded: an Approval row (kind quote_signature: who asked, who signed, the figures signed, when)."""
    with uow:
        signer = uow.authorize(actor, Perm.QUOTE_SIGN)
        wo = _accident_order(uow, number)
        check_lines_editable(wo)
        quote = _quote(uow, wo)
        comment = clean_text(note, "签字备注", "Note", max_len=300, required=False)
        view = _view(uow.session, quote, wo.number)
        if not view.lines:
            raise RuleViolation("报价单上还没有项目，不能签字。", "The quote has no lines yet: nothing to sign.")
        if not view.needs_signature:
            raise RuleViolation(f"报价单第 {quote.revision} 版已签字。", f"Revision {quote.revision} is signed already.")
        if not quote.insurer:
            raise InvalidInput("请先填写保险公司。", "Fill in the insurer first.")
        now = uow.now
        new_lines = list(uow.session.scalars(select(QuoteLine).where(
            QuoteLine.quote_id == quote.id, QuoteLine.revision > quote.signed_revision).order_by(QuoteLine.id)))
        for line in new_lines:
            _put_on_work_order(uow, wo, line)
        details = QuoteSignatureDetails(
            quote_id=quote.id, revision=quote.revision, total=view.split.total, quote_no=wo.number,
            insurer=quote.insurer, insurer_pays=view.split.insurer, customer_pays=view.split.customer,
            lines=tuple((ln.code, ln.description, str(ln.quantity), str(ln.unit_price), ln.revision)
                        for ln in view.lines))
        approval = sign_now(uow, signer, actor, ApprovalKind.QUOTE_SIGNATURE, details,
                            reason=f"事故车报价单第 {quote.revision} 版签字 / accident quote revision {quote.revision}",
                            requested_by=wo.advisor_id, requested_at=now, work_order_id=wo.id,
                            comment=comment or "签字 / signed")
        quote.signed_revision, quote.signed_by, quote.signed_at = quote.revision, signer.id, now
        touch(uow, actor, wo)
        uow.session.flush()
        uow.audit(actor, "quote.sign", "quote", quote.id, number=wo.number, revision=quote.revision,
                  approval=approval.id, total=str(view.split.total), insurer_pays=str(view.split.insurer),
                  customer_pays=str(view.split.customer), new_lines=len(new_lines))
        info = _view(uow.session, quote, wo.number)
        uow.commit()
    return info


def quote_of(db: Database, number: str) -> QuoteInfo | None:
    """The work order's quote as plain data, or None when it has none yet."""
    with db.read() as s:
        wo = s.scalar(select(WorkOrder).where(WorkOrder.number == clean_number(number)))
        if wo is None:
            raise NotFound(f"找不到工单 {number}。", f"No work order {number}.")
        quote = s.scalar(select(Quote).where(Quote.work_order_id == wo.id))
        return None if quote is None else _view(s, quote, wo.number)
