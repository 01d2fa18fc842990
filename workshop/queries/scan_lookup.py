"""A work order barcode scanned on any screen: which work order it is, and whether this user may look at it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from workshop.db.models import WorkOrder
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import halfwidth

# the permissions of the people whose work touches work orders (not an administrator looking after users)
SEES_WORK_ORDERS = (Perm.WORK_ORDER_OPEN, Perm.JOB_TAKE, Perm.JOB_ASSIGN, Perm.QC_DECIDE, Perm.PART_ISSUE,
                    Perm.PAYMENT_TAKE, Perm.GATE_PASS, Perm.APPROVAL_DECIDE, Perm.RETURN_VISIT, Perm.DASHBOARD)


@dataclass(frozen=True)
class ScannedWorkOrder:
    number: str | None  # the work order to open; None: nothing to open, say `zh` / `en`
    read_only: bool
    zh: str = ""
    en: str = ""


def work_order_by_scan(db: Database, actor: Actor, code: str) -> ScannedWorkOrder:
    """The scanned code as a work order number (CapsLock at the PC sends it in lower case)."""
    typed = halfwidth(code).strip().upper()
    with db.read() as s:
        number = s.scalar(select(WorkOrder.number).where(WorkOrder.number == typed)) if typed else None
    if number is None:
        return ScannedWorkOrder(None, True, f"扫描到的「{typed}」不是本店的工单号。",
                                f"The scanned code '{typed}' is not a work order number of this shop.")
    if not any(actor.has(p) for p in SEES_WORK_ORDERS):
        return ScannedWorkOrder(None, True, f"您的角色不查看工单，不能打开工单 {number}。",
                                f"Your role does not work with work orders: work order {number} cannot be opened.")
    return ScannedWorkOrder(number, not actor.has(Perm.WORK_ORDER_EDIT))
