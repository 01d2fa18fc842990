"""Figures for the service director: work orders per day, revenue and gross margin per kind, effective labor
rate, discounts per advisor against the weekly quota, approvals pending, complaints open."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import Session, aliased

from workshop.db.limits_store import limit_in_force
from workshop.db.models import (
    Approval,
    Complaint,
    Customer,
    DiscountGrant,
    LaborLine,
    User,
    WorkOrder,
)
from workshop.db.uow import Database
from workshop.domain.clock import week_start
from workshop.domain.margin import gross_margin
from workshop.domain.roles import Role
from workshop.domain.work_order import PAYABLE_STATES, Kind, State
from workshop.queries.dashboards_base import (
    ONE_DP,
    Column,
    FigureData,
    Headline,
    Params,
    at_param,
    dec,
    local_day,
    ratio,
)
from workshop.queries.dashboards_lists import WO_COLUMNS, Row, kind_filter, work_order_page

SETTLED_STATES = PAYABLE_STATES


# --- work orders per day ------------------------------------------------------------------------------------
def work_orders_per_day(db: Database, p: Params) -> FigureData:
    day = local_day(db.dialect, WorkOrder.opened_at).label("day")
    stmt = (
        select(day, func.count())
        .where(WorkOrder.opened_at >= p.start, WorkOrder.opened_at < p.end,
               WorkOrder.state != State.CANCELLED, *kind_filter(p))
        .group_by(day)
    )
    with db.read() as s:
        counts = {str(d): int(n) for d, n in s.execute(stmt)}
    days = [p.date_from + timedelta(days=i) for i in range((p.date_to - p.date_from).days + 1)]
    total = sum(counts.values())
    return FigureData(
        columns=(Column("day", "日期", "Day", "date"), Column("count", "开单数", "Work orders", "int")),
        rows=tuple((d, counts.get(d.isoformat(), 0)) for d in days),
        headline=(
            Headline("开单合计", "Opened", total),
            Headline("日均", "Per day", (Decimal(total) / len(days)).quantize(ONE_DP), "text"),
        ),
    )


def opened_on_day(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    day = key if isinstance(key, date) else date.fromisoformat(str(key))
    one = Params(day, day, kind=p.kind)
    return work_order_page(
        db, [WorkOrder.opened_at >= one.start, WorkOrder.opened_at < one.end,
             WorkOrder.state != State.CANCELLED, *kind_filter(p)],
        [WorkOrder.opened_at], offset, limit)


# --- revenue, gross margin and labor per kind (settled work orders) ----------------------------------------
def _settled(p: Params) -> list[Any]:
    # naming every kind lets both databases range-scan ix_work_orders_kind_settled (kind, settled_at)
    return [WorkOrder.kind.in_(_kinds(p)), WorkOrder.settled_at >= p.start, WorkOrder.settled_at < p.end,
            WorkOrder.state.in_(SETTLED_STATES)]


def _kinds(p: Params) -> list[str]:
    return [p.kind] if p.kind else [k.value for k in Kind]


def revenue_margin_by_kind(db: Database, p: Params) -> FigureData:
    stmt = (
        select(WorkOrder.kind, func.count(), func.sum(WorkOrder.total), func.sum(WorkOrder.cost_total))
        .where(*_settled(p))
        .group_by(WorkOrder.kind)
    )
    with db.read() as s:
        got = {k: (int(n), dec(rev), dec(cost)) for k, n, rev, cost in s.execute(stmt)}
    rows = []
    for kind in _kinds(p):
        n, rev, cost = got.get(kind, (0, Decimal(0), Decimal(0)))
        m = gross_margin(rev, cost, Decimal(0))
        rows.append((kind, n, m.revenue, m.parts_cost, m.gross_profit, m.margin_pct))
    all_n = sum(r[1] for r in rows)
    overall = gross_margin(sum((r[2] for r in rows), Decimal(0)), sum((r[3] for r in rows), Decimal(0)), Decimal(0))
    return FigureData(
        columns=(Column("kind", "类型", "Kind", "label"), Column("count", "结算单数", "Settled", "int"),
                 Column("revenue", "营业额", "Revenue", "money"), Column("cost", "成本", "Cost", "money"),
                 Column("profit", "毛利", "Gross profit", "money"),
                 Column("margin_pct", "毛利率", "Gross margin", "pct")),
        rows=tuple(rows),
        headline=(Headline("结算单数", "Settled", all_n),
                  Headline("营业额", "Revenue", overall.revenue, "money"),
                  Headline("毛利率", "Gross margin", overall.margin_pct, "pct")),
    )


def labor_by_kind(db: Database, p: Params) -> FigureData:
    orders = (
        select(WorkOrder.kind, func.count(), func.sum(WorkOrder.labor_total))
        .where(*_settled(p)).group_by(WorkOrder.kind)
    )
    hours = (
        select(WorkOrder.kind, func.sum(LaborLine.hours))
        .join(LaborLine, LaborLine.work_order_id == WorkOrder.id)
        .where(*_settled(p)).group_by(WorkOrder.kind)
    )
    if db.dialect == "postgresql":
        # as dashboards_parts.fill_rate: per settled work order by the lines' work-order index, not the planner's
        # hash join over a sequential scan of every labor line ever written (large demo: 101 -> 60 ms)
        lines = (select(func.sum(LaborLine.hours).label("h")).where(LaborLine.work_order_id == WorkOrder.id)
                 .lateral())
        hours = select(WorkOrder.kind, func.sum(lines.c.h)).join(lines, true()).where(*_settled(p)).group_by(
            WorkOrder.kind)
    with db.read() as s:
        got = {k: (int(n), dec(rev)) for k, n, rev in s.execute(orders)}
        hrs = {k: dec(h) for k, h in s.execute(hours)}
    rows = []
    for kind in _kinds(p):
        n, rev = got.get(kind, (0, Decimal(0)))
        h = hrs.get(kind, Decimal(0))
        rows.append((kind, n, h, rev, ratio(rev, h), ratio(h, Decimal(n))))
    all_n, all_h = sum(r[1] for r in rows), sum((r[2] for r in rows), Decimal(0))
    all_rev = sum((r[3] for r in rows), Decimal(0))
    return FigureData(
        columns=(Column("kind", "类型", "Kind", "label"), Column("count", "结算单数", "Settled", "int"),
                 Column("hours", "计费工时", "Billed hours", "text"),
                 Column("labor_revenue", "工时收入", "Labor revenue", "money"),
                 Column("rate", "有效工时单价", "Effective labor rate", "money"),
                 Column("hours_per_wo", "单均工时", "Hours per work order", "text")),
        rows=tuple(rows),
        headline=(Headline("有效工时单价", "Effective labor rate", ratio(all_rev, all_h), "money"),
                  Headline("单均工时", "Hours per work order", ratio(all_h, Decimal(all_n)), "text")),
    )


def settled_of_kind(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    cond = [*_settled(p), WorkOrder.kind == str(key)]
    return work_order_page(db, cond, [WorkOrder.settled_at], offset, limit,
                           extra=[WorkOrder.cost_total, WorkOrder.labor_total, WorkOrder.settled_at])


SETTLED_COLUMNS = (*WO_COLUMNS, Column("cost", "成本", "Cost", "money"),
                   Column("labor_total", "工时收入", "Labor revenue", "money"),
                   Column("settled_at", "结算时间", "Settled", "datetime"))


# --- discounts per advisor against the weekly quota (A1) ------------------------------------------------
def discount_quota(s: Session, p: Params, week_end: datetime) -> int:
    """A1/A3: the front-desk lead's weekly quota in force in the week shown (never a later setting)."""
    at = min(p.at, week_end - timedelta(microseconds=1))
    return int(limit_in_force(s, Role.FRONT_DESK_LEAD, "discounts_per_week", at))


def discounts_by_advisor(db: Database, p: Params) -> FigureData:
    """Discounted work orders (distinct, discounts in force) per advisor, counted as the A1 check counts them:
    the week of the end date against the quota, of them how many went through an approval, and the range."""
    wk_start = week_start(p.end - timedelta(microseconds=1))
    wk_end = wk_start + timedelta(days=7)
    in_week = and_(DiscountGrant.at >= wk_start, DiscountGrant.at < wk_end)
    in_range = and_(DiscountGrant.at >= p.start, DiscountGrant.at < p.end)
    stmt = (
        select(User.display_name,
               func.count(func.distinct(case((in_week, DiscountGrant.work_order_id)))),
               func.sum(case((in_week, DiscountGrant.amount), else_=0)),
               func.sum(case((and_(in_week, DiscountGrant.approval_id.is_not(None)), 1), else_=0)),
               func.count(func.distinct(case((in_range, DiscountGrant.work_order_id)))),
               func.sum(case((in_range, DiscountGrant.amount), else_=0)),
               User.id)
        .join(User, User.id == DiscountGrant.advisor_id)
        .where(DiscountGrant.active.is_(True), DiscountGrant.at >= min(p.start, wk_start),
               DiscountGrant.at < max(p.end, wk_end))
        .group_by(User.id, User.display_name)
        .order_by(User.display_name)
    )
    with db.read() as s:
        quota = discount_quota(s, p, wk_end)
        rows = tuple((name, int(wn or 0), dec(wa), int(wap or 0), int(rn or 0), dec(ra), uid)
                     for name, wn, wa, wap, rn, ra, uid in s.execute(stmt))
    return FigureData(
        columns=(Column("advisor", "服务顾问", "Advisor"),
                 Column("week_count", "本周折扣单数", "Discounted this week", "int"),
                 Column("week_amount", "本周折扣金额", "Amount this week", "money"),
                 Column("week_approved", "其中经审批", "Of them approved", "int"),
                 Column("range_count", "期间折扣单数", "Discounted in range", "int"),
                 Column("range_amount", "期间折扣金额", "Amount in range", "money"),
                 Column("advisor_id", "编号", "Id", "int")),
        rows=rows,
        headline=(Headline("每周限额", "Weekly quota", quota),
                  Headline("本周超限额人数", "Over quota this week", sum(1 for r in rows if r[1] > quota)),
                  Headline("期间折扣金额", "Discounts in range", sum((r[5] for r in rows), Decimal(0)), "money")),
        reference=Decimal(quota),
    )


DISCOUNT_COLUMNS = (Column("number", "工单号", "Work order"), Column("at", "时间", "Given", "datetime"),
                    Column("pct", "折扣%", "Discount %", "text"), Column("amount", "金额", "Amount", "money"),
                    Column("reason", "原因", "Reason"), Column("approved", "审批单", "Approval", "text"))


def discounts_of_advisor(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    """key: the advisor's user id; the grants in the range and in the week shown."""
    wk_start = week_start(p.end - timedelta(microseconds=1))
    stmt = (
        select(WorkOrder.number, DiscountGrant.at, DiscountGrant.pct, DiscountGrant.amount, DiscountGrant.reason,
               DiscountGrant.approval_id)
        .join(WorkOrder, WorkOrder.id == DiscountGrant.work_order_id)
        .where(DiscountGrant.advisor_id == int(key), DiscountGrant.active.is_(True),
               DiscountGrant.at >= min(p.start, wk_start), DiscountGrant.at < max(p.end, wk_start + timedelta(7)))
        .order_by(DiscountGrant.at.desc(), DiscountGrant.id)
        .offset(offset).limit(limit)
    )
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]


# --- approvals pending, complaints open -------------------------------------------------------------------
def approvals_pending(db: Database, p: Params) -> FigureData:
    stmt = (select(Approval.kind, func.count(), func.min(Approval.requested_at))
            .where(Approval.state == "pending").group_by(Approval.kind).order_by(Approval.kind))
    with db.read() as s:
        rows = tuple((k, int(n), oldest) for k, n, oldest in s.execute(stmt))
    return FigureData(
        columns=(Column("kind", "审批类型", "Approval", "label"), Column("count", "待审批", "Pending", "int"),
                 Column("oldest", "最早提交", "Oldest request", "datetime")),
        rows=rows,
        headline=(Headline("待审批合计", "Pending", sum(r[1] for r in rows)),),
    )


APPROVAL_COLUMNS = (Column("kind", "审批类型", "Approval", "label"), Column("number", "工单号", "Work order"),
                    Column("required_role", "审批角色", "Approver role"),
                    Column("requested_by", "申请人", "Requested by"),
                    Column("requested_at", "申请时间", "Requested", "datetime"), Column("reason", "原因", "Reason"))


def pending_of_kind(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    stmt = (
        select(Approval.kind, WorkOrder.number, Approval.required_role, User.display_name, Approval.requested_at,
               Approval.reason)
        .join(User, User.id == Approval.requested_by)
        .outerjoin(WorkOrder, WorkOrder.id == Approval.work_order_id)
        .where(Approval.state == "pending", Approval.kind == str(key))
        .order_by(Approval.requested_at, Approval.id).offset(offset).limit(limit)
    )
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]


COMPLAINT_STATES = ("accepted", "handled", "verified", "fed_back")


def complaints_open(db: Database, p: Params) -> FigureData:
    now = at_param("now", p.at)
    answer_late = and_(Complaint.answered_at.is_(None), Complaint.answer_due < now)
    verify_late = and_(Complaint.verified_at.is_(None), Complaint.verify_due < now)
    stmt = (select(Complaint.state, func.count(), func.sum(case((answer_late, 1), else_=0)),
                   func.sum(case((verify_late, 1), else_=0)))
            .where(Complaint.state.in_(COMPLAINT_STATES)).group_by(Complaint.state))
    with db.read() as s:
        got = {st: (int(n), int(a or 0), int(v or 0)) for st, n, a, v in s.execute(stmt)}
    rows = tuple((st, *got.get(st, (0, 0, 0))) for st in COMPLAINT_STATES)
    return FigureData(
        columns=(Column("state", "投诉状态", "State", "label"), Column("count", "未结投诉", "Open", "int"),
                 Column("answer_late", "超 24 小时未答复", "Answer overdue", "int"),
                 Column("verify_late", "超期未验证", "Verification overdue", "int")),
        rows=rows,
        headline=(Headline("未结投诉", "Complaints open", sum(r[1] for r in rows)),
                  Headline("答复超期", "Answer overdue", sum(r[2] for r in rows))),
    )


COMPLAINT_COLUMNS = (Column("number", "投诉编号", "Complaint"), Column("customer", "客户", "Customer"),
                     Column("phone", "电话", "Phone"), Column("wo", "工单号", "Work order"),
                     Column("received_at", "受理时间", "Received", "datetime"),
                     Column("answer_due", "答复期限", "Answer due", "datetime"), Column("content", "内容", "Content"))


def complaints_in_state(db: Database, p: Params, key: Any, offset: int, limit: int) -> list[Row]:
    wo = aliased(WorkOrder)
    stmt = (
        select(Complaint.number, Customer.name, Customer.phone, wo.number, Complaint.received_at,
               Complaint.answer_due, func.substr(Complaint.content, 1, 60))
        .join(Customer, Customer.id == Complaint.customer_id)
        .outerjoin(wo, wo.id == Complaint.work_order_id)
        .where(Complaint.state == str(key))
        .order_by(Complaint.received_at, Complaint.id).offset(offset).limit(limit)
    )
    with db.read() as s:
        return [tuple(r) for r in s.execute(stmt)]

