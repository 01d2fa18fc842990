"""F2, F3, F8, P3, P6, C1, A1, A2, M1: what each work-order kind means for who pays, how it is charged, which
approvals apply and which documents print — one row per kind, in the style of the F4 TRANSITIONS table.

Services, queries and printing look the kind up here instead of comparing `kind == "accident"`; a new kind is
a new Kind member, its label and a new row in POLICIES (and its tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.domain.approval_kinds import ApprovalKind
from workshop.domain.errors import InvalidInput
from workshop.domain.payers import Payer, Split, bills_customer
from workshop.domain.work_order import ChargingMode, Kind


@dataclass(frozen=True)
class KindPolicy:
    kind: Kind
    payer: Payer                     # F2: the payer follows the kind
    split: Split                     # M1
    approvals: frozenset[ApprovalKind]  # the approvals that apply to the kind's work orders
    documents: tuple[str, ...]       # what prints (workshop.queries.document_data.DOCUMENTS)
    charging: ChargingMode = ChargingMode.PAID  # F2: the charging mode the reception form proposes
    agree_out_of_warranty: bool = False  # F3: out of warranty, the customer agrees to the charges before start
    needs_warranty: bool = False     # C1: only a vehicle in warranty may have one
    names_department: bool = False   # P6: the internal department that takes the parts
    needs_team_to_start: bool = True  # a team or technician must be assigned before 开工
    priced_by_quote: bool = False    # P3: priced by a quote; parts are ordered against the signed quote
    claim_orders: bool = False       # C1: the kind whose parts may be ordered by claim (索赔订货)
    stock_move: str = "issue"        # P6/P8: what an issue to the work order is booked as
    customer_work: bool = True       # a customer's: the customer-facing figures (comebacks, appointment
    # turn-up), the return visit after delivery (Q1; the shop's own work closes at delivery), the R3 report
    service_visit: bool = False      # R2: a visit that resets the vehicle's service interval

    @property
    def discountable(self) -> bool:
        """A1, F8: an advisor's discount applies to customer-paid work only."""
        return ApprovalKind.DISCOUNT in self.approvals

    @property
    def insurer_assessment(self) -> bool:
        """M1, P3: the insurer's assessed amount and deductible are recorded for the kind's work orders."""
        return self.split is Split.INSURER

    @property
    def margin_approval(self) -> bool:
        """A2: the job's gross margin is approved before settlement."""
        return ApprovalKind.ACCIDENT_MARGIN in self.approvals


_CUSTOMER_DOCS = ("work-order", "settlement")

POLICIES: dict[Kind, KindPolicy] = {p.kind: p for p in (
    KindPolicy(Kind.GENERAL, Payer.CUSTOMER, Split.CUSTOMER, frozenset({ApprovalKind.DISCOUNT}), _CUSTOMER_DOCS,
               agree_out_of_warranty=True),
    KindPolicy(Kind.MAINTENANCE, Payer.CUSTOMER, Split.CUSTOMER, frozenset({ApprovalKind.DISCOUNT}),
               _CUSTOMER_DOCS, agree_out_of_warranty=True, service_visit=True),
    KindPolicy(Kind.ACCIDENT, Payer.INSURER, Split.INSURER,
               frozenset({ApprovalKind.ACCIDENT_MARGIN, ApprovalKind.QUOTE_SIGNATURE}),
               ("work-order", "quote", "settlement"), priced_by_quote=True),
    KindPolicy(Kind.WARRANTY, Payer.MANUFACTURER, Split.COVERAGE,
               frozenset({ApprovalKind.CLAIM_SIGNATURE_MANAGER, ApprovalKind.CLAIM_SIGNATURE_DIRECTOR}),
               _CUSTOMER_DOCS, ChargingMode.FREE, needs_warranty=True, claim_orders=True),
    KindPolicy(Kind.INTERNAL, Payer.INTERNAL, Split.INTERNAL, frozenset(), _CUSTOMER_DOCS, ChargingMode.FREE,
               names_department=True, needs_team_to_start=False, stock_move="internal", customer_work=False),
)}


def policy_of(kind: str | Kind) -> KindPolicy:
    """The row of the table for this kind; an unknown kind is refused."""
    try:
        return POLICIES[Kind(kind)]
    except ValueError:
        raise InvalidInput(f"未知的工单类型：{kind}", f"Unknown work order kind: {kind}") from None


def kinds_where(flag: str) -> tuple[Kind, ...]:
    """The kinds whose policy has `flag` set (a named set for a SQL `IN`), in the enum's order."""
    return tuple(k for k in Kind if getattr(POLICIES[k], flag))


# F2: the payer a work order of each kind is opened with
PAYER_OF_KIND = {k: p.payer.value for k, p in POLICIES.items()}
# A1, F8: the kinds an advisor may discount (customer-paid work)
DISCOUNT_KINDS = tuple(k for k in Kind if POLICIES[k].discountable)
# P6: the kinds whose parts are booked as internal use (after-sales cost per department)
INTERNAL_USE_KINDS = tuple(k for k in Kind if POLICIES[k].stock_move == "internal")
# the kinds counted in customer-facing figures (internal work orders are not)
CUSTOMER_KINDS = kinds_where("customer_work")


def kinds_billing_customer(charging_mode: str) -> tuple[Kind, ...]:
    """M1: the kinds whose work orders charged this way can bill the customer (a named set for a SQL `IN`)."""
    return tuple(k for k in Kind if bills_customer(POLICIES[k].split, charging_mode))
