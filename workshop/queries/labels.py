"""The rows to print labels for: parts, bins, special tools, work orders and users' badges.

Chosen by ids (from a screen) or by a text filter (`--where`: a piece of the code or the name), in code
order. A request that would print more than MAX_LABELS labels is refused instead of loading a big table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select

from workshop.db.models import Bin, Part, Tool, User, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput
from workshop.domain.roles import Actor, Perm, check_permission

MAX_LABELS = 5000
KINDS = ("parts", "bins", "tools", "work-orders", "badges")
KIND_NAMES = {
    "parts": ("备件", "parts"),
    "bins": ("货位", "bins"),
    "tools": ("专用工具", "special tools"),
    "work-orders": ("工单", "work orders"),
    "badges": ("工牌", "badges"),
}


@dataclass(frozen=True)
class PartLabelRow:
    id: int
    part_no: str
    name: str
    ean: str | None  # the manufacturer EAN-13 when the part carries one
    bin_code: str | None
    price: Decimal


@dataclass(frozen=True)
class BinLabelRow:
    id: int
    code: str
    description: str


@dataclass(frozen=True)
class ToolLabelRow:
    id: int
    code: str
    name: str
    model: str
    location: str


@dataclass(frozen=True)
class WorkOrderLabelRow:
    id: int
    number: str
    plate: str
    model: str


@dataclass(frozen=True)
class BadgeLabelRow:
    id: int
    badge_code: str
    display_name: str
    team: str | None


LabelRow = PartLabelRow | BinLabelRow | ToolLabelRow | WorkOrderLabelRow | BadgeLabelRow


def label_rows(db: Database, kind: str, *, where: str | None = None, ids: Sequence[int] | None = None,
               actor: Actor | None = None) -> list[LabelRow]:
    """The rows for `kind`, by ids (in that order; an id given n times gives n labels) and/or a text
    fragment. With an actor, its permission is
    checked: badges need user administration (a badge identifies its holder), the rest label printing."""
    if kind not in KINDS:
        raise InvalidInput(f"未知的标签种类：{kind}", f"Unknown kind of label: {kind}")
    if actor is not None:
        perm = Perm.USER_ADMIN if kind == "badges" else Perm.LABEL_PRINT
        check_permission(actor.roles, perm, actor.display_name)
    source = _QUERIES[kind]()
    stmt, build = source.stmt, source.build
    text = (where or "").strip()
    if text:
        stmt = stmt.where(or_(*(c.icontains(text, autoescape=True) for c in source.columns)))
    id_column = stmt.selected_columns[0]
    with db.read() as s:
        if ids is not None:
            if len(ids) > MAX_LABELS:
                _refuse_too_many(kind, len(ids))
            unique = list(dict.fromkeys(ids))
            found: dict[int, LabelRow] = {}
            for start in range(0, len(unique), 500):  # stay under the bound-parameter limits
                chunk = unique[start : start + 500]
                found.update((row.id, row) for row in map(build, s.execute(stmt.where(id_column.in_(chunk)))))
            return [found[i] for i in ids if i in found]  # in the order asked, an id twice = two labels
        if source.usual is not None:  # without ids: only tools in use and active users
            stmt = stmt.where(source.usual)
        count = s.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
        if count > MAX_LABELS:
            _refuse_too_many(kind, count)
        return [build(r) for r in s.execute(stmt)]


def _refuse_too_many(kind: str, count: int) -> None:
    zh, en = KIND_NAMES[kind]
    raise InvalidInput(
        f"共有 {count} 张{zh}标签，一次最多打印 {MAX_LABELS} 张，请用筛选条件缩小范围。",
        f"That is {count} {en} labels; at most {MAX_LABELS} print at once — narrow it with a filter.",
    )


@dataclass(frozen=True)
class _Source:
    stmt: Any  # Select: id first
    columns: tuple[Any, ...]  # searched by the text filter
    build: Callable[[Any], LabelRow]
    usual: Any = None  # the filter applied when no ids are given


def _parts() -> _Source:
    stmt = (
        select(Part.id, Part.part_no, Part.name, Part.barcode, Bin.code, Part.price)
        .outerjoin(Bin, Bin.id == Part.bin_id)
        .order_by(Part.part_no)
    )
    return _Source(stmt, (Part.part_no, Part.name, Bin.code, Part.barcode), lambda r: PartLabelRow(*r))


def _bins() -> _Source:
    stmt = select(Bin.id, Bin.code, Bin.description).order_by(Bin.code)
    return _Source(stmt, (Bin.code, Bin.description), lambda r: BinLabelRow(*r))


def _tools() -> _Source:
    stmt = select(Tool.id, Tool.code, Tool.name, Tool.model, Tool.location).order_by(Tool.code)
    return _Source(stmt, (Tool.code, Tool.name, Tool.model, Tool.location), lambda r: ToolLabelRow(*r),
                   Tool.state.in_(["in", "out"]))


def _work_orders() -> _Source:
    stmt = (
        select(WorkOrder.id, WorkOrder.number, Vehicle.shown_plate, Vehicle.model)
        .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
        .order_by(WorkOrder.number)
    )
    return _Source(stmt, (WorkOrder.number, Vehicle.shown_plate, Vehicle.plate_key), lambda r: WorkOrderLabelRow(*r))


def _badges() -> _Source:
    stmt = select(User.id, User.badge_code, User.display_name, User.team).order_by(User.badge_code)
    return _Source(stmt, (User.badge_code, User.username, User.display_name), lambda r: BadgeLabelRow(*r),
                   User.is_active.is_(True))


_QUERIES: dict[str, Callable[[], _Source]] = {
    "parts": _parts, "bins": _bins, "tools": _tools, "work-orders": _work_orders, "badges": _badges,
}
