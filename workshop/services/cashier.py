"""The cashier's desk (收银台): the insurer's terms (M1), payments and receipts, deposits applied, voids (M2).

The payments table is a ledger: rows are only ever added. A receipt is one or several tenders sharing a
receipt number (SK…); a void is a new row per tender carrying the negative amount and pointing at it.
Taking a payment locks the work order row, so two cashiers paying one order at once never overpay it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from workshop.db.models import Approval, ClaimOrder, DayClose, Deposit, PayerTerms, Payment, User, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.approval_kinds import ApprovalKind, PaymentVoidDetails
from workshop.domain.clock import to_shop
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.kind_policy import policy_of
from workshop.domain.money import ZERO, fmt_money, money, parse_amount
from workshop.domain.payments import (
    EntryKind,
    Method,
    cash_change,
    check_not_overpaid,
    tender_method,
    void_needs_director,
)
from workshop.domain.roles import Actor, Perm, Role, permissions_of
from workshop.domain.text import clean_code, clean_text, halfwidth
from workshop.domain.work_order import PAYABLE_STATES as PAYABLE_STATES
from workshop.services.numbering import next_number
from workshop.services.totals import customer_balance
from workshop.services.work_order_common import FIELDS_EDITABLE, load_work_order, touch


@dataclass(frozen=True)
class Tender:
    method: str
    amount: object
    reference: str = ""
    tendered: object = None  # cash handed over, for the change


@dataclass(frozen=True)
class TenderInfo:
    method: str
    amount: Decimal
    tendered: Decimal | None
    change: Decimal
    reference: str


@dataclass(frozen=True)
class ReceiptInfo:
    receipt_no: str
    work_order_no: str
    tenders: tuple[TenderInfo, ...]
    amount: Decimal
    change: Decimal
    owed_after: Decimal


@dataclass(frozen=True)
class VoidInfo:
    receipt_no: str
    work_order_no: str
    amount: Decimal
    reason: str
    approved_by: str | None
    owed_after: Decimal


@dataclass(frozen=True)
class TermsInfo:
    work_order_no: str
    insurer: str
    assessed_amount: Decimal
    deductible: Decimal


def set_payer_terms(uow: UnitOfWork, actor: Actor, number: str, *, insurer: str, assessed_amount: object,
                    deductible: object = "0") -> TermsInfo:
    """M1: the accident order's insurer, its assessed amount (定损金额) and the deductible, before settlement."""
    with uow:
        uow.authorize(actor, Perm.PAYER_TERMS_EDIT)
        name = clean_text(insurer, "保险公司", "Insurer", max_len=60)
        assessed = parse_amount(assessed_amount, "定损金额", "Assessed amount")
        ded = parse_amount(deductible, "免赔额", "Deductible")
        if ded > assessed:
            raise InvalidInput("免赔额不能大于定损金额。", "The deductible cannot be more than the assessed amount.")
        wo = load_work_order(uow, number)
        if not policy_of(wo.kind).insurer_assessment:
            raise RuleViolation(f"工单 {wo.number} 不是事故车，没有保险定损。",
                                f"Work order {wo.number} is not an accident job; it has no insurer assessment.")
        if wo.state not in FIELDS_EDITABLE:
            raise RuleViolation(f"工单 {wo.number} 已结算，定损金额不能再改。",
                                f"Work order {wo.number} is settled; the assessment can no longer change.")
        row = uow.session.get(PayerTerms, wo.id)
        before = None if row is None else (row.insurer, str(row.assessed_amount), str(row.deductible))
        if row is None:
            row = PayerTerms(work_order_id=wo.id, insurer=name, assessed_amount=assessed, deductible=ded,
                             set_by=actor.user_id, set_at=uow.now)
            uow.session.add(row)
        else:
            row.insurer, row.assessed_amount, row.deductible = name, assessed, ded
            row.set_by, row.set_at = actor.user_id, uow.now
        touch(uow, actor, wo)
        uow.audit(actor, "payer_terms.set", "work_order", wo.id, number=wo.number, before=before,
                  after=(name, str(assessed), str(ded)))
        info = TermsInfo(wo.number, name, assessed, ded)
        uow.commit()
    return info


def check_day_open(uow: UnitOfWork, day: date) -> None:
    """M6: a closed day's payments never change; nothing is booked into it."""
    if uow.session.scalar(select(DayClose.id).where(DayClose.business_day == day)) is not None:
        raise RuleViolation(f"{day:%Y-%m-%d} 已日结，不能再收款或作废：更正请在下一个营业日做一笔新的记录。",
                            f"{day:%Y-%m-%d} is closed: no payment or void can be booked into it; a correction "
                            "is a new entry on the next day.")


def _payable(uow: UnitOfWork, number: str) -> WorkOrder:
    wo = load_work_order(uow, number)  # FOR UPDATE: concurrent payments on one order queue here
    if wo.state not in PAYABLE_STATES:
        raise RuleViolation(f"工单 {wo.number} 还没有结算，不能收款。",
                            f"Work order {wo.number} is not settled yet; no payment can be taken.")
    return wo


def _business_day(uow: UnitOfWork) -> date:
    day = to_shop(uow.now).date()
    check_day_open(uow, day)
    return day


def _clean_tender(t: Tender) -> tuple[Method, Decimal, Decimal | None, Decimal, str]:
    method = tender_method(t.method)
    amount = parse_amount(t.amount, "收款金额", "Payment amount", allow_zero=False)
    given = None
    if method is Method.CASH and t.tendered not in (None, ""):
        given = parse_amount(t.tendered, "实收现金", "Cash handed over")
    change = cash_change(amount, given)
    ref = halfwidth(clean_text(t.reference or "", "支付凭证号", "Payment reference", max_len=60, required=False))
    return method, amount, given, change, ref.strip()


def take_payment(uow: UnitOfWork, actor: Actor, number: str, tenders: Sequence[Tender]) -> ReceiptInfo:
    """M2: one or several tenders on one receipt; the sum may not exceed what the customer still owes."""
    with uow:
        uow.authorize(actor, Perm.PAYMENT_TAKE)
        if not tenders:
            raise InvalidInput("请至少输入一笔收款。", "Enter at least one payment.")
        cleaned = [_clean_tender(t) for t in tenders]
        wo = _payable(uow, number)
        day = _business_day(uow)
        total = money(sum((a for _, a, _, _, _ in cleaned), ZERO))
        owed = customer_balance(uow.session, wo).owed
        check_not_overpaid(owed, total)
        receipt_no = next_number(uow, "receipt")
        now = uow.now
        for method, amount, given, change, ref in cleaned:
            uow.session.add(Payment(receipt_no=receipt_no, work_order_id=wo.id, kind=EntryKind.PAYMENT,
                                    method=method, amount=amount, tendered=given, change=change, reference=ref,
                                    business_day=day, at=now, cashier_id=actor.user_id))
        uow.audit(actor, "payment.take", "work_order", wo.id, number=wo.number, receipt=receipt_no,
                  amount=str(total), tenders=[(m.value, str(a), r) for m, a, _, _, r in cleaned])
        info = ReceiptInfo(receipt_no, wo.number,
                           tuple(TenderInfo(m.value, a, g, c, r) for m, a, g, c, r in cleaned), total,
                           money(sum((c for _, _, _, c, _ in cleaned), ZERO)), money(owed - total))
        uow.commit()
    return info


def apply_deposit(uow: UnitOfWork, actor: Actor, number: str, claim_no: str) -> ReceiptInfo:
    """M2/C1: the claim deposit held for this work order pays the bill instead of being refunded."""
    with uow:
        uow.authorize(actor, Perm.PAYMENT_TAKE)
        wo = _payable(uow, number)
        day = _business_day(uow)
        code = clean_code(claim_no, "索赔订货单号", "Claim order number")
        claim = uow.session.scalar(select(ClaimOrder).where(ClaimOrder.number == code))
        if claim is None or claim.work_order_id != wo.id:
            raise NotFound(f"工单 {wo.number} 没有索赔订货单 {code}。",
                           f"Work order {wo.number} has no claim order {code}.")
        deposit = uow.session.scalar(select(Deposit).where(Deposit.claim_order_id == claim.id).with_for_update())
        if deposit is None or deposit.refunded_at is not None:
            raise RuleViolation(f"索赔订货单 {code} 没有未退的订金。", f"Claim order {code} holds no deposit.")
        owed = customer_balance(uow.session, wo).owed
        check_not_overpaid(owed, deposit.amount)
        receipt_no = next_number(uow, "receipt")
        now = uow.now
        uow.session.add(Payment(receipt_no=receipt_no, work_order_id=wo.id, kind=EntryKind.PAYMENT,
                                method=Method.DEPOSIT, amount=deposit.amount, tendered=None, change=ZERO,
                                reference=deposit.receipt_no, deposit_id=deposit.id, business_day=day, at=now,
                                cashier_id=actor.user_id))
        # the deposit leaves the "held" list: it went to the bill, not back to the customer
        deposit.refunded_amount, deposit.refunded_at = deposit.amount, now
        deposit.refund_method, deposit.refunded_by = "applied", actor.user_id
        claim.version += 1
        uow.audit(actor, "deposit.apply", "work_order", wo.id, number=wo.number, receipt=receipt_no,
                  claim=claim.number, deposit_receipt=deposit.receipt_no, amount=str(deposit.amount))
        info = ReceiptInfo(receipt_no, wo.number,
                           (TenderInfo(Method.DEPOSIT.value, deposit.amount, None, ZERO, deposit.receipt_no),),
                           deposit.amount, ZERO, money(owed - deposit.amount))
        uow.commit()
    return info


def _void_rows(uow: UnitOfWork, code: str) -> tuple[WorkOrder, list[Payment]]:
    wo_ids = sorted(set(uow.session.scalars(select(Payment.work_order_id).where(Payment.receipt_no == code))))
    if not wo_ids:
        raise NotFound(f"找不到收据 {code}。", f"No receipt {code}.")
    orders = list(uow.session.scalars(select(WorkOrder).where(WorkOrder.id.in_(wo_ids)).order_by(WorkOrder.id)
                                      .with_for_update()))
    rows = list(uow.session.scalars(
        select(Payment).where(Payment.receipt_no == code, Payment.kind == EntryKind.PAYMENT)
        .order_by(Payment.id)))
    voided = uow.session.scalar(select(Payment.id).where(Payment.voids_id.in_([r.id for r in rows])).limit(1))
    if voided is not None:
        raise RuleViolation(f"收据 {code} 已经作废过，不能再作废。", f"Receipt {code} is already void.")
    first = next(wo for wo in orders if wo.id == rows[0].work_order_id)
    return first, rows


def _write_void(uow: UnitOfWork, actor: Actor, wo: WorkOrder, code: str, rows: list[Payment], why: str,
                approver: int | None, day: date, booked_by: int | None = None) -> VoidInfo:
    """The void: a new row per tender carrying the negative amount (the payments ledger is append-only)."""
    amount = money(sum((r.amount for r in rows), ZERO))
    for r in rows:
        uow.session.add(Payment(receipt_no=code, work_order_id=r.work_order_id, kind=EntryKind.VOID,
                                method=r.method, amount=-r.amount, tendered=None, change=ZERO,
                                reference=r.reference, deposit_id=None, voids_id=r.id, business_day=day,
                                at=uow.now, cashier_id=booked_by or actor.user_id, reason=why, approved_by=approver))
        if r.deposit_id is not None:  # the deposit is held again, to apply or refund
            deposit = uow.session.get(Deposit, r.deposit_id)
            assert deposit is not None
            deposit.refunded_amount = deposit.refunded_at = deposit.refund_method = deposit.refunded_by = None
    uow.session.flush()
    owed = customer_balance(uow.session, wo).owed
    approver_name = uow.session.scalar(select(User.display_name).where(User.id == approver)) if approver else None
    uow.audit(actor, "payment.void", "work_order", wo.id, number=wo.number, receipt=code, amount=str(amount),
              reason=why, approved_by=approver)
    return VoidInfo(code, wo.number, amount, why, approver_name, owed)


def _late_void_details(wo: WorkOrder, code: str, rows: list[Payment]) -> PaymentVoidDetails:
    return PaymentVoidDetails(code, money(sum((r.amount for r in rows), ZERO)),
                              rows[0].business_day.isoformat(), wo.number)


def void_receipt(uow: UnitOfWork, actor: Actor, receipt_no: str, *, reason: str) -> VoidInfo:
    """M2: the same day by the cashier with a reason; later only with the service director's approval (A4):
    the director voiding it themselves signs the registry's late-void request at once; the cashier files one
    (request_late_void) and the void is written when the director approves it in the inbox."""
    from workshop.services.approval_requests import sign_now

    with uow:
        try:
            user = uow.authorize(actor, Perm.PAYMENT_TAKE)
        except PermissionDenied:
            user = uow.authorize(actor, Perm.PAYMENT_VOID_LATE)
        may_approve = Perm.PAYMENT_VOID_LATE in permissions_of(frozenset(Role(r.role) for r in user.roles))
        why = clean_text(reason, "作废原因", "Reason for the void", max_len=200)
        code = clean_code(receipt_no, "收据号", "Receipt number")
        wo, rows = _void_rows(uow, code)
        day = _business_day(uow)
        approver = None
        if void_needs_director(rows[0].business_day, day):
            details = _late_void_details(wo, code, rows)
            if not may_approve:
                raise RuleViolation(
                    f"收据 {code}（{fmt_money(details.amount)}）不是今天收的：作废需要服务总监审批，请提交作废申请。",
                    f"Receipt {code} ({fmt_money(details.amount)}) was not taken today: voiding it needs the "
                    "service director's approval; file a void request.")
            sign_now(uow, user, actor, ApprovalKind.PAYMENT_VOID, details, reason=why, requested_by=user.id,
                     requested_at=uow.now, work_order_id=wo.id)
            approver = actor.user_id
        info = _write_void(uow, actor, wo, code, rows, why, approver, day)
        uow.commit()
    return info


def request_late_void(uow: UnitOfWork, actor: Actor, receipt_no: str, *, reason: str) -> int:
    """M2/A4: the cashier asks the service director to void a receipt of an earlier day; returns the request id.
    Nothing is voided while it is pending; approving it writes the void (late_void_effect)."""
    from workshop.services.approval_requests import file_request, refuse_if_pending

    with uow:
        user = uow.authorize(actor, Perm.PAYMENT_TAKE)
        why = clean_text(reason, "作废原因", "Reason for the void", max_len=200)
        code = clean_code(receipt_no, "收据号", "Receipt number")
        wo, rows = _void_rows(uow, code)
        day = _business_day(uow)
        if not void_needs_director(rows[0].business_day, day):
            raise RuleViolation(f"收据 {code} 是今天收的，收银员可以直接作废。",
                                f"Receipt {code} was taken today; the cashier voids it directly.")
        refuse_if_pending(uow.session, wo)
        approval = file_request(uow, actor, user, ApprovalKind.PAYMENT_VOID, _late_void_details(wo, code, rows),
                                reason=why, required_role=Role.SERVICE_DIRECTOR, work_order_id=wo.id)
        approval_id = approval.id
        uow.commit()
    return approval_id


def late_void_effect(uow: UnitOfWork, decider: User, approval: Approval, details: PaymentVoidDetails) -> None:
    """On the director's approval, inside the deciding transaction: the void, booked by the one who asked."""
    wo, rows = _void_rows(uow, details.receipt_no)
    day = _business_day(uow)
    if money(sum((r.amount for r in rows), ZERO)) != details.amount:
        raise RuleViolation("收据金额与申请时不同，请重新申请。", "The receipt's amount changed; ask again.")
    actor = Actor(decider.id, decider.username, decider.display_name, frozenset())
    _write_void(uow, actor, wo, details.receipt_no, rows, approval.reason, decider.id, day,
                booked_by=approval.requested_by)
