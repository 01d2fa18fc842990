"""The audit log, filtered by user, date and record; paged newest first (indexes on at, user_id+at, entity)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select

from workshop.db import audit_chain
from workshop.db.audit_chain import ChainReport
from workshop.db.models import AuditEntry, User
from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop, shop_day_bounds


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    day_from: date | None = None
    day_to: date | None = None
    record: str = ""  # entity name or id, e.g. "work_order" or "RO2611-0042" or "user 3"


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: str
    summary: str

    def display(self) -> tuple[str, str, str, str, str, str]:
        entity = f"{ENTITY_ZH[self.entity]} {self.entity}" if self.entity in ENTITY_ZH else self.entity
        return (fmt_shop(self.at, True), self.user, self.action, entity, self.entity_id, self.summary)


ENTITY_ZH = {
    "user": "用户", "work_order": "工单", "part_line": "备件行", "labor_line": "工时行", "part": "零件",
    "customer": "客户", "vehicle": "车辆", "added_item": "增项", "tool": "工具", "tool_loan": "工具借用",
    "claim_order": "索赔单", "deposit": "订金", "approval": "审批", "setting": "设置", "limit": "限额",
    "complaint": "投诉", "return_visit": "回访", "quote": "报价单", "purchase_order": "采购单",
    "stocktake": "盘点", "database": "数据库", "self_purchase": "自采",
}


def audit_page(db: Database, flt: AuditFilter, offset: int, limit: int) -> list[AuditRow]:
    stmt = (
        select(AuditEntry.id, AuditEntry.at, User.display_name, AuditEntry.action, AuditEntry.entity,
               AuditEntry.entity_id, AuditEntry.summary)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(offset)
        .limit(limit)
    )
    if flt.user_id is not None:
        stmt = stmt.where(AuditEntry.user_id == flt.user_id)
    if flt.day_from is not None:
        stmt = stmt.where(AuditEntry.at >= shop_day_bounds(flt.day_from)[0])
    if flt.day_to is not None:
        stmt = stmt.where(AuditEntry.at < shop_day_bounds(flt.day_to)[1])
    text = flt.record.strip()
    if text:
        parts = text.split()
        if len(parts) == 2:
            stmt = stmt.where(AuditEntry.entity == parts[0], AuditEntry.entity_id == parts[1])
        else:
            stmt = stmt.where(or_(AuditEntry.entity == text, AuditEntry.entity_id == text))
    with db.read() as s:
        return [
            AuditRow(r.id, r.at, r.display_name or "系统 / system", r.action, r.entity, r.entity_id, r.summary)
            for r in s.execute(stmt)
        ]


def verify_chain(db: Database) -> ChainReport:
    """Walk the whole audit chain (the administration screen runs it in the background)."""
    with db.engine.connect() as conn:
        return audit_chain.verify(conn)
