"""F4: the work order's way through the life-cycle at the front desk — start (开工), settlement (结算) with
the charged-is-fitted and approvals checks, delivery with the gate pass (交车), cancellation."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from workshop.db.added_items_store import confirmed_added_items
from workshop.db.models import (
    AddedItem,
    LaborLine,
    Part,
    PartLine,
    WorkOrder,
)
from workshop.db.uow import UnitOfWork
from workshop.domain.added_items import AddedItemState, line_counts
from workshop.domain.errors import RuleViolation
from workshop.domain.kind_policy import policy_of
from workshop.domain.roles import Actor
from workshop.domain.text import clean_text
from workshop.domain.work_order import BEFORE_QC, transition_for
from workshop.services import quality
from workshop.services.stock import fmt_qty
from workshop.services.work_order_common import (
    apply_transition,
    check_version,
    load_work_order,
    perm_of,
    work_order_info,
)
from workshop.services.work_order_dto import (
    WorkOrderInfo,
)


def start_work_order(uow: UnitOfWork, actor: Actor, number: str, *,
                     expected_version: int | None = None) -> WorkOrderInfo:
    """开工: needs a team or technician (internal work orders excepted) and, out of warranty on a general or
    maintenance job, the customer's agreement to the charges (F3)."""
    with uow:
        uow.authorize(actor, perm_of("start"))
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        policy = policy_of(wo.kind)
        if policy.needs_team_to_start:
            line_team = uow.session.scalar(
                select(LaborLine.team).where(LaborLine.work_order_id == wo.id, LaborLine.team.is_not(None)).limit(1)
            )
            line_tech = uow.session.scalar(
                select(LaborLine.technician_id)
                .where(LaborLine.work_order_id == wo.id, LaborLine.technician_id.is_not(None)).limit(1)
            )
            if wo.team is None and wo.technician_id is None and line_team is None and line_tech is None:
                raise RuleViolation("还没有指派班组或技工，不能开工。", "No team or technician is assigned; the job cannot start.")
            wo.team = wo.team or line_team
        if policy.agree_out_of_warranty and not wo.in_warranty and not wo.out_of_warranty_agreed:
            raise RuleViolation(
                "这辆车已出保修，开工前请先与客户确认费用（在工单上勾选“客户已同意保外费用”）。",
                "The vehicle is out of warranty: agree the charges with the customer before the job starts.",
            )
        apply_transition(uow, actor, wo, "start")
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def _check_charged_is_fitted(uow: UnitOfWork, wo: WorkOrder) -> None:
    """W3: what is charged is what was fitted — every approved part line is issued in full, net of returns."""
    confirmed = confirmed_added_items(uow.session, wo.id)
    rows = uow.session.execute(
        select(PartLine.quantity, PartLine.issued_qty - PartLine.returned_qty, PartLine.added_item_id, Part.part_no,
               Part.name)
        .join(Part, Part.id == PartLine.part_id).where(PartLine.work_order_id == wo.id).order_by(PartLine.id)
    ).all()
    for asked, net, added, part_no, name in rows:
        charged, fitted = Decimal(asked), Decimal(net or 0)
        if line_counts(added, confirmed) and fitted != charged:
            raise RuleViolation(
                f"{name}（{part_no}）工单上收 {fmt_qty(charged)}，实际发料 {fmt_qty(fitted)}：收费必须与装车一致，"
                "请先发料或退料，或修改数量。",
                f"{part_no} ({name}) is charged {fmt_qty(charged)} but {fmt_qty(fitted)} were issued: what is "
                "charged must be what was fitted; issue, return or change the quantity first.",
            )


def settle_work_order(uow: UnitOfWork, actor: Actor, number: str, *,
                      expected_version: int | None = None) -> WorkOrderInfo:
    """结算: after the QC pass, with every added item decided; totals and the approvals check (A1-A3)."""
    from workshop.services import approvals, receivables, totals

    with uow:
        uow.authorize(actor, perm_of("settle"))
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        pending = uow.session.scalar(
            select(AddedItem.description).where(AddedItem.work_order_id == wo.id, AddedItem.state == AddedItemState.PROPOSED)
            .limit(1)
        )
        if pending is not None:
            raise RuleViolation(
                f"还有未经客户确认的增项（{pending}），不能结算：请先确认或取消。",
                f"An added item is not confirmed by the customer yet ({pending}); confirm or decline it first.",
            )
        transition_for("settle", wo.state)  # refuse before computing anything
        _check_charged_is_fitted(uow, wo)
        approvals.check_before_settlement(uow, actor, wo)
        t = totals.compute_totals(uow.session, wo)
        wo.labor_total, wo.parts_total, wo.total, wo.cost_total = t.labor_total, t.parts_total, t.total, t.cost_total
        apply_transition(uow, actor, wo, "settle", labor_total=str(t.labor_total), parts_total=str(t.parts_total),
                         total=str(t.total), cost_total=str(t.cost_total))
        receivables.bill_at_settlement(uow, actor, wo, totals.payer_split(uow.session, wo))  # M5
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def deliver_work_order(uow: UnitOfWork, actor: Actor, number: str, *,
                       expected_version: int | None = None) -> WorkOrderInfo:
    """交车: only after settlement (which needs the QC pass) and with the gate pass (M4); the return visit (Q1)
    falls due."""
    from workshop.services.cashier_gate import take_gate_pass

    with uow:
        uow.authorize(actor, perm_of("deliver"))
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        if wo.state in BEFORE_QC:
            raise RuleViolation("还没有质检通过，不能交车。", "The work order has not passed QC; the car cannot be delivered.")
        transition_for("deliver", wo.state)  # refuse a wrong state before asking for the pass
        take_gate_pass(uow, actor, wo)
        apply_transition(uow, actor, wo, "deliver")
        quality.after_delivery(uow, actor, wo)  # Q1: the return visit, or an internal order closes
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info


def cancel_work_order(uow: UnitOfWork, actor: Actor, number: str, *, reason: str,
                      expected_version: int | None = None) -> WorkOrderInfo:
    """Only while no part is out on it (F4)."""
    with uow:
        uow.authorize(actor, perm_of("cancel"))
        why = clean_text(reason, "取消原因", "Reason for cancelling")
        wo = load_work_order(uow, number)
        check_version(uow.session, wo, expected_version)
        out = uow.session.scalar(
            select(PartLine.id).where(PartLine.work_order_id == wo.id,
                                      PartLine.issued_qty - PartLine.returned_qty > 0).limit(1)
        )
        if out is not None:
            raise RuleViolation("此工单已发料，不能取消：请先把配件退回仓库。",
                                "Parts are issued on this work order; return them to the store before cancelling.")
        apply_transition(uow, actor, wo, "cancel", note=why)
        info = work_order_info(uow.session, wo)
        uow.commit()
    return info
