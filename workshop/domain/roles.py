"""Roles of SPEC.md and the permissions each one holds. Checked in the core, not only by hiding buttons."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workshop.domain.errors import PermissionDenied


class Role(StrEnum):
    ADVISOR = "advisor"
    FRONT_DESK_LEAD = "front_desk_lead"
    TECHNICIAN = "technician"
    TEAM_LEADER = "team_leader"
    QC_INSPECTOR = "qc_inspector"
    PARTS_CLERK = "parts_clerk"
    WORKSHOP_MANAGER = "workshop_manager"
    SERVICE_DIRECTOR = "service_director"
    CUSTOMER_SERVICE = "customer_service"
    ADMIN = "admin"
    CASHIER = "cashier"


class Perm(StrEnum):
    # front desk
    CUSTOMER_EDIT = "customer.edit"
    WORK_ORDER_OPEN = "work_order.open"
    WORK_ORDER_EDIT = "work_order.edit"
    WORK_ORDER_START = "work_order.start"
    WORK_ORDER_CANCEL = "work_order.cancel"
    ADDED_ITEM_CONFIRM = "added_item.confirm"
    DISCOUNT_GIVE = "discount.give"
    WORK_ORDER_SETTLE = "work_order.settle"
    WORK_ORDER_DELIVER = "work_order.deliver"
    QUOTE_EDIT = "quote.edit"
    QUOTE_SIGN = "quote.sign"
    # workshop floor
    JOB_ASSIGN = "job.assign"
    JOB_TAKE = "job.take"
    ADDED_ITEM_PROPOSE = "added_item.propose"
    JOB_COMPLETE = "job.complete"
    CLOCK_CORRECT = "clock.correct"  # W5: correct a clock entry (the workshop manager)
    PIECE_RATE_CLOSE = "piece_rate.close"   # W7: close a piece-rate month, enter a dated correction
    QC_DECIDE = "qc.decide"
    # parts counter
    PART_ISSUE = "part.issue"
    PART_RETURN = "part.return"
    STOCK_RECEIVE = "stock.receive"
    STOCK_ADJUST = "stock.adjust"
    PART_CATALOG_EDIT = "part.catalog_edit"
    PURCHASE = "purchase.edit"
    LABEL_PRINT = "label.print"
    # claims
    CLAIM_EDIT = "claim.edit"
    CLAIM_SIGN_MANAGER = "claim.sign_manager"
    CLAIM_SIGN_DIRECTOR = "claim.sign_director"
    CLAIM_RECEIVE = "claim.receive"
    DEPOSIT_RECORD = "deposit.record"
    # tools
    TOOL_EDIT = "tool.edit"
    TOOL_LEND = "tool.lend"
    TOOL_DECLARE_LOST = "tool.declare_lost"
    # approvals
    APPROVAL_DECIDE = "approval.decide"
    LIMITS_SET = "limits.set"
    DISCOUNT_REPORT = "discount.report"
    # quality
    RETURN_VISIT = "return_visit.record"
    COMPLAINT_HANDLE = "complaint.handle"
    # bringing customers back (R)
    APPOINTMENT_BOOK = "appointment.book"           # R1: book, confirm, cancel, record arrival or no-show
    APPOINTMENT_OVERBOOK = "appointment.overbook"   # R1: book a full slot (front-desk lead and above)
    REMINDER_CALL = "reminder.call"                 # R2: call the maintenance/insurance/inspection list
    # money at the counter (M)
    PAYMENT_TAKE = "payment.take"            # M2: take payments, apply deposits, same-day voids, receipts
    PAYMENT_VOID_LATE = "payment.void_late"  # M2: approve a void after the payment's day
    PAYER_TERMS_EDIT = "payer_terms.edit"    # M1: the insurer's assessed amount and deductible
    GATE_PASS = "gate_pass.issue"            # M4: print the gate pass, scan it at the exit
    DAY_CLOSE = "day.close"                  # M6: the cashier's shift report and day close
    INVOICE = "invoice.record"               # M7: invoice requests and the invoice number issued
    ACCOUNT_LIMIT_SET = "account.limit_set"  # M3: make a customer an account and set its credit limit
    RECEIVABLE_EDIT = "receivable.edit"      # M5: move insurer / manufacturer receivables through their states
    WRITE_OFF_APPROVE = "receivable.write_off"  # M5: approve writing a rejected receivable off
    # reading and figures
    VIEW = "view"
    DASHBOARD = "dashboard.view"
    # administration
    USER_ADMIN = "user.admin"
    MASTER_DATA = "master_data.edit"  # S1: shop profile, teams and rates, labor catalog, suppliers, bins
    AUDIT_VIEW = "audit.view"
    BACKUP = "backup.run"


_ADVISOR = {
    Perm.VIEW, Perm.CUSTOMER_EDIT, Perm.WORK_ORDER_OPEN, Perm.WORK_ORDER_EDIT, Perm.WORK_ORDER_START,
    Perm.WORK_ORDER_CANCEL, Perm.ADDED_ITEM_CONFIRM, Perm.DISCOUNT_GIVE, Perm.WORK_ORDER_SETTLE,
    Perm.WORK_ORDER_DELIVER, Perm.QUOTE_EDIT, Perm.CLAIM_EDIT, Perm.DEPOSIT_RECORD, Perm.DASHBOARD,
    Perm.LABEL_PRINT, Perm.PAYER_TERMS_EDIT, Perm.APPOINTMENT_BOOK,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.ADVISOR: frozenset(_ADVISOR),
    Role.FRONT_DESK_LEAD: frozenset(_ADVISOR | {Perm.QUOTE_SIGN, Perm.APPROVAL_DECIDE, Perm.DISCOUNT_REPORT,
                                                       Perm.APPOINTMENT_OVERBOOK}),
    Role.TECHNICIAN: frozenset({Perm.VIEW, Perm.JOB_TAKE, Perm.ADDED_ITEM_PROPOSE, Perm.JOB_COMPLETE}),
    Role.TEAM_LEADER: frozenset(
        {Perm.VIEW, Perm.JOB_ASSIGN, Perm.JOB_TAKE, Perm.ADDED_ITEM_PROPOSE, Perm.JOB_COMPLETE, Perm.DASHBOARD}
    ),
    Role.QC_INSPECTOR: frozenset({Perm.VIEW, Perm.QC_DECIDE}),
    Role.PARTS_CLERK: frozenset(
        {
            Perm.VIEW, Perm.PART_ISSUE, Perm.PART_RETURN, Perm.STOCK_RECEIVE, Perm.STOCK_ADJUST,
            Perm.PART_CATALOG_EDIT, Perm.PURCHASE, Perm.LABEL_PRINT, Perm.CLAIM_RECEIVE, Perm.TOOL_EDIT,
            Perm.TOOL_LEND, Perm.TOOL_DECLARE_LOST, Perm.DASHBOARD,
        }
    ),
    Role.WORKSHOP_MANAGER: frozenset(
        {
            Perm.VIEW, Perm.JOB_ASSIGN, Perm.JOB_TAKE, Perm.JOB_COMPLETE, Perm.ADDED_ITEM_PROPOSE,
            Perm.CLOCK_CORRECT, Perm.QC_DECIDE, Perm.CLAIM_SIGN_MANAGER, Perm.APPROVAL_DECIDE, Perm.QUOTE_SIGN,
            Perm.DASHBOARD, Perm.TOOL_EDIT, Perm.PIECE_RATE_CLOSE,
        }
    ),
    Role.SERVICE_DIRECTOR: frozenset(
        {
            Perm.VIEW, Perm.APPROVAL_DECIDE, Perm.LIMITS_SET, Perm.DISCOUNT_REPORT, Perm.CLAIM_SIGN_MANAGER,
            Perm.CLAIM_SIGN_DIRECTOR, Perm.QUOTE_SIGN, Perm.DASHBOARD, Perm.AUDIT_VIEW, Perm.MASTER_DATA,
            Perm.PAYMENT_VOID_LATE, Perm.PIECE_RATE_CLOSE, Perm.APPOINTMENT_BOOK, Perm.APPOINTMENT_OVERBOOK,
            Perm.ACCOUNT_LIMIT_SET, Perm.RECEIVABLE_EDIT, Perm.WRITE_OFF_APPROVE,
        }
    ),
    Role.CUSTOMER_SERVICE: frozenset({Perm.VIEW, Perm.RETURN_VISIT, Perm.COMPLAINT_HANDLE, Perm.DASHBOARD,
                                      Perm.APPOINTMENT_BOOK, Perm.REMINDER_CALL}),
    Role.ADMIN: frozenset({Perm.VIEW, Perm.USER_ADMIN, Perm.AUDIT_VIEW, Perm.BACKUP, Perm.LIMITS_SET,
                           Perm.MASTER_DATA, Perm.PART_CATALOG_EDIT}),
    Role.CASHIER: frozenset({Perm.VIEW, Perm.PAYMENT_TAKE, Perm.GATE_PASS, Perm.DAY_CLOSE, Perm.INVOICE,
                           Perm.RECEIVABLE_EDIT}),
}


def permissions_of(roles: frozenset[Role] | set[Role]) -> frozenset[Perm]:
    out: set[Perm] = set()
    for r in roles:
        out |= ROLE_PERMISSIONS[r]
    return frozenset(out)


@dataclass(frozen=True)
class Actor:
    """The user acting, as the services see them. Roles are re-read from the database on every call."""

    user_id: int
    username: str
    display_name: str
    roles: frozenset[Role]

    def has(self, perm: Perm) -> bool:
        return perm in permissions_of(self.roles)

    def has_role(self, role: Role) -> bool:
        return role in self.roles


def check_permission(roles: frozenset[Role], perm: Perm, who: str) -> None:
    if perm not in permissions_of(roles):
        raise PermissionDenied(
            f"{who} 没有此操作的权限（需要：{perm.value}）。",
            f"{who} is not allowed to do this (needs: {perm.value}).",
        )
