"""M5: what insurers and the manufacturer owe, per work order: the states a receivable moves through and the
aging buckets. Pure rules; workshop.services.receivables writes, workshop.queries.receivables reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from workshop.domain.errors import RuleViolation
from workshop.domain.money import ZERO, money


class RecState(StrEnum):
    BILLED = "billed"            # sent to the payer
    APPROVED = "approved"        # the payer accepted an amount
    PAID = "paid"                # the approved amount came in
    REJECTED = "rejected"        # the payer refused (with its reason)
    REBILLED = "rebilled"        # the refused part billed to the customer
    WRITTEN_OFF = "written_off"  # the refused part written off, with the director's approval


OPEN_STATES = (RecState.BILLED, RecState.APPROVED, RecState.REJECTED)  # still owed to the shop by someone

MOVES: dict[str, tuple[RecState, ...]] = {  # action: the states it may start from
    "approve": (RecState.BILLED,),
    "pay": (RecState.APPROVED,),
    "reject": (RecState.BILLED, RecState.APPROVED),
    "rebill": (RecState.REJECTED,),
    "write_off": (RecState.REJECTED,),
}
ACTION_ZH = {"approve": "核准", "pay": "回款", "reject": "拒付", "rebill": "转客户", "write_off": "核销"}

# aging (days since billed): the bucket keys and their labels
AGING = (("age0_30", "0–30 天", "0–30 d", 0), ("age31_60", "31–60 天", "31–60 d", 31),
         ("age61_90", "61–90 天", "61–90 d", 61), ("age90", ">90 天", ">90 d", 91))


def check_move(action: str, state: str, what: str) -> None:
    from workshop.domain.labels import label  # the labels import this module

    if RecState(state) not in MOVES[action]:
        zh = label(RecState(state))
        raise RuleViolation(f"{what} 现在是“{zh}”，不能{ACTION_ZH[action]}。",
                            f"{what} is {label(RecState(state), 'en').lower()}; it cannot be {action}d now."
                            .replace("payd", "paid").replace("rebilld", "rebilled")
                            .replace("write_offd", "written off"))


@dataclass(frozen=True)
class ReceivableInfo:
    id: int
    work_order_no: str
    payer: str
    payer_name: str
    amount: Decimal
    approved_amount: Decimal | None
    paid_amount: Decimal
    rebilled_amount: Decimal
    state: str
    reason: str
    billed_at: datetime

    @property
    def outstanding(self) -> Decimal:
        if self.state not in OPEN_STATES:
            return ZERO
        base = self.approved_amount if self.approved_amount is not None else self.amount
        return money(base - self.paid_amount)
