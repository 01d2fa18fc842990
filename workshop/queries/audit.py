"""The audit log, filtered by person, action kind, date and record; paged newest first (indexes on at,
user_id+at, entity); each row read as a sentence (workshop.domain.audit_text) with its raw record one click away."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from workshop.db import audit_chain
from workshop.db.audit_chain import ChainReport
from workshop.db.models import AuditEntry, User, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.audit_actions import (
    ACTIONS,
    ENTITIES,
    GROUPS,
    action_name,
    entity_name,
    field_name,
    group_of,
)
from workshop.domain.audit_text import details, parse_summary, sentence
from workshop.domain.clock import fmt_shop, shop_day_bounds
from workshop.domain.lang import tr
from workshop.domain.text import halfwidth

SYSTEM = ("系统", "System")


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    day_from: date | None = None
    day_to: date | None = None
    record: str = ""  # a work order number, a plate, a user name, or a record kind and id ("工单 12", "user 3")
    action: str = ""  # an action code ("work_order.start") or a kind of action ("work_order.")


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: str
    summary: str
    record: str  # the record as people name it: the work order number, the user's name
    lang: str = "zh"

    @property
    def fields(self) -> dict[str, Any]:
        return parse_summary(self.summary)

    def sentence(self) -> str:
        return sentence(self.action, self.user, self.record, self.fields, self.lang)

    def details(self) -> list[tuple[str, str]]:
        return details(self.entity, self.entity_id, self.fields, self.lang)

    def display(self) -> tuple[str, str, str, str, str]:
        return (fmt_shop(self.at, True), self.user, action_name(self.action, self.lang),
                f"{entity_name(self.entity, self.lang)} {self.record}", self.sentence())


@dataclass(frozen=True)
class ActionChoice:
    value: str  # "" all, "work_order." a kind, "work_order.start" one action
    label: str


def action_choices(lang: str) -> list[ActionChoice]:
    """The filter's choices: every kind of action, each followed by its actions, by their names."""
    en = lang == "en"
    out = [ActionChoice("", "All actions" if en else "全部操作")]
    for group, (zh, english) in GROUPS.items():
        out.append(ActionChoice(f"{group}.", english if en else zh))
        out += [ActionChoice(code, f"    {action_name(code, lang)}") for code in ACTIONS if group_of(code) == group]
    return out


def _action_condition(action: str) -> ColumnElement[bool]:
    if action.endswith("."):
        return AuditEntry.action.startswith(action, autoescape=True)
    return AuditEntry.action == action


def _entity_code(word: str) -> str:
    for code, (zh, en) in ENTITIES.items():
        if word in (code, zh) or word.lower() == en.lower():
            return code
    return word


def _record_condition(s: Session, typed: str) -> ColumnElement[bool]:
    text = halfwidth(typed).strip()
    parts = text.split()
    if len(parts) == 2:
        return and_(AuditEntry.entity == _entity_code(parts[0]), AuditEntry.entity_id == parts[1])
    upper = text.upper()
    ors: list[ColumnElement[bool]] = [AuditEntry.entity == _entity_code(text), AuditEntry.entity_id == text]
    wo = s.scalar(select(WorkOrder.id).where(WorkOrder.number == upper))
    if wo is not None:
        ors.append(and_(AuditEntry.entity == "work_order", AuditEntry.entity_id == str(wo)))
    veh = s.scalar(select(Vehicle.id).where(Vehicle.plate == upper))
    if veh is not None:
        ors.append(and_(AuditEntry.entity == "vehicle", AuditEntry.entity_id == str(veh)))
    user = s.scalar(select(User.id).where(or_(User.username == text, User.display_name == text)))
    if user is not None:
        ors.append(and_(AuditEntry.entity == "user", AuditEntry.entity_id == str(user)))
    return or_(*ors) if ors else false()


def _record_names(s: Session, rows: list[Any], lang: str) -> dict[tuple[str, str], str]:
    """Users named by their names, work orders and others by the number their summary carries."""
    ids = {int(r.entity_id) for r in rows if r.entity == "user" and r.entity_id.isdigit()}
    names = {uid: name for uid, name in s.execute(select(User.id, User.display_name).where(User.id.in_(ids)))} if ids else {}
    out: dict[tuple[str, str], str] = {}
    for r in rows:
        key = (r.entity, r.entity_id)
        if r.entity == "user" and r.entity_id.isdigit() and int(r.entity_id) in names:
            out[key] = names[int(r.entity_id)]
        elif r.entity == "setting":
            out[key] = field_name(r.entity_id, lang)
        elif r.entity != "user":
            number = parse_summary(r.summary).get("number")
            out[key] = str(number) if isinstance(number, str) and number and r.entity in (
                "work_order", "claim_order", "complaint", "purchase_order") else r.entity_id
    return out


def audit_page(db: Database, flt: AuditFilter, offset: int, limit: int, lang: str = "zh") -> list[AuditRow]:
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
    if flt.action:
        stmt = stmt.where(_action_condition(flt.action))
    if flt.day_from is not None:
        stmt = stmt.where(AuditEntry.at >= shop_day_bounds(flt.day_from)[0])
    if flt.day_to is not None:
        stmt = stmt.where(AuditEntry.at < shop_day_bounds(flt.day_to)[1])
    system = tr(lang, SYSTEM[0], SYSTEM[1])
    with db.read() as s:
        if flt.record.strip():
            stmt = stmt.where(_record_condition(s, flt.record))
        rows = list(s.execute(stmt))
        names = _record_names(s, rows, lang)
    return [AuditRow(r.id, r.at, r.display_name or system, r.action, r.entity, r.entity_id, r.summary,
                     names.get((r.entity, r.entity_id), r.entity_id), lang) for r in rows]


def verify_chain(db: Database) -> ChainReport:
    """Walk the whole audit chain (the administration screen runs it in the background)."""
    with db.engine.connect() as conn:
        return audit_chain.verify(conn)
