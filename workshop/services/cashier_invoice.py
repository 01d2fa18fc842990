"""M7: invoice requests (title, tax number, 普票 / 专票, amount) and the invoice number once issued; a work order
shows whether it has been invoiced."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from workshop.db.models import InvoiceRequest, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.codes import InvoiceKind
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation
from workshop.domain.money import fmt_money, money, parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text
from workshop.services.cashier import PAYABLE_STATES
from workshop.services.totals import payer_split
from workshop.services.work_order_common import load_work_order

KINDS = tuple(InvoiceKind)
_TAX_NO = re.compile(r"^[0-9A-Z]{15,20}$")


@dataclass(frozen=True)
class InvoiceInfo:
    id: int
    work_order_no: str
    title: str
    tax_number: str
    kind: str
    amount: Decimal
    invoice_number: str | None
    issued_at: datetime | None


def _info(r: InvoiceRequest, number: str) -> InvoiceInfo:
    return InvoiceInfo(r.id, number, r.title, r.tax_number, r.kind, r.amount, r.invoice_number, r.issued_at)


def request_invoice(uow: UnitOfWork, actor: Actor, number: str, *, title: str, kind: str, amount: object,
                    tax_number: str = "") -> InvoiceInfo:
    """M7: what the customer asks to be invoiced; never more than the bill, 专票 only with the tax number."""
    with uow:
        uow.authorize(actor, Perm.INVOICE)
        head = clean_text(title, "发票抬头", "Invoice title", max_len=100)
        if not isinstance(kind, str) or kind not in KINDS:
            raise InvalidInput("发票类型只能是普票或专票。", "The invoice type is normal (普票) or special (专票).")
        value = parse_amount(amount, "开票金额", "Invoice amount", allow_zero=False)
        tax = clean_code(tax_number, "税号", "Tax number", max_len=20) if tax_number else ""
        if tax and not _TAX_NO.match(tax):
            raise InvalidInput("税号应为 15 到 20 位数字或大写字母（统一社会信用代码 18 位）。",
                               "The tax number is 15 to 20 digits or capital letters (the credit code has 18).")
        if kind == "special" and not tax:
            raise InvalidInput("开专票必须填写税号。", "A special VAT invoice (专票) needs the tax number.")
        wo = load_work_order(uow, number)
        if wo.state not in PAYABLE_STATES:
            raise RuleViolation(f"工单 {wo.number} 还没有结算，不能开票。",
                                f"Work order {wo.number} is not settled yet; no invoice.")
        asked = money(uow.session.scalar(select(func.coalesce(func.sum(InvoiceRequest.amount), 0))
                                         .where(InvoiceRequest.work_order_id == wo.id)) or 0)
        total = payer_split(uow.session, wo).total
        if asked + value > total:
            raise RuleViolation(
                f"开票金额 {fmt_money(value)} 加上已申请的 {fmt_money(asked)} 超过了结算金额 {fmt_money(total)}。",
                f"The invoice {fmt_money(value)} plus {fmt_money(asked)} already asked is more than the bill "
                f"{fmt_money(total)}.")
        row = InvoiceRequest(work_order_id=wo.id, title=head, tax_number=tax, kind=kind, amount=value,
                             requested_at=uow.now, requested_by=actor.user_id)
        uow.session.add(row)
        uow.session.flush()
        uow.audit(actor, "invoice.request", "work_order", wo.id, number=wo.number, title=head, tax_number=tax,
                  kind=kind, amount=str(value))
        info = _info(row, wo.number)
        uow.commit()
    return info


def record_invoice_number(uow: UnitOfWork, actor: Actor, request_id: int, invoice_number: str) -> InvoiceInfo:
    """M7: the invoice was issued: its number, once."""
    with uow:
        uow.authorize(actor, Perm.INVOICE)
        code = clean_code(invoice_number, "发票号码", "Invoice number", max_len=30)
        valid_id = isinstance(request_id, int) and not isinstance(request_id, bool) and 0 < request_id < 2**31
        row = uow.session.get(InvoiceRequest, request_id, with_for_update=True) if valid_id else None
        if row is None:
            raise NotFound("找不到这张开票申请。", "No such invoice request.")
        if row.invoice_number is not None:
            raise RuleViolation(f"这张申请已开票（{row.invoice_number}）。",
                                f"This request is already invoiced ({row.invoice_number}).")
        if uow.session.scalar(select(InvoiceRequest.id).where(InvoiceRequest.invoice_number == code)) is not None:
            raise RuleViolation(f"发票号码 {code} 已登记在另一张申请上。", f"Invoice number {code} is already recorded.")
        row.invoice_number, row.issued_at, row.issued_by = code, uow.now, actor.user_id
        number = uow.session.scalar(select(WorkOrder.number).where(WorkOrder.id == row.work_order_id))
        uow.audit(actor, "invoice.issue", "work_order", row.work_order_id, number=number, request=row.id,
                  invoice_number=code)
        info = _info(row, str(number))
        uow.commit()
    return info
