"""R4, the read side: a work order's walk-around and its photos (the dialog, the printed work order)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.db.models import User, Walkaround, WalkaroundPhoto, WorkOrder
from workshop.db.uow import Database
from workshop.domain.walkaround import DamageMark


@dataclass(frozen=True)
class PhotoMeta:
    id: int
    caption: str
    source: str
    width: int
    height: int
    size: int


@dataclass(frozen=True)
class WalkaroundView:
    number: str
    fuel_eighths: int
    mileage: int
    valuables: str
    warning_lamps: tuple[str, ...]
    tyres: dict[str, str]
    marks: tuple[DamageMark, ...]
    note: str
    recorded_by: str
    recorded_at: datetime
    version: int


def walkaround_in(session: Session, work_order_id: int) -> WalkaroundView | None:
    row = session.execute(select(Walkaround, User.display_name, WorkOrder.number)
                          .join(User, User.id == Walkaround.recorded_by)
                          .join(WorkOrder, WorkOrder.id == Walkaround.work_order_id)
                          .where(Walkaround.work_order_id == work_order_id)).first()
    if row is None:
        return None
    w, who, number = row
    return WalkaroundView(number, w.fuel_eighths, w.mileage, w.valuables,
                          tuple(k for k in w.warning_lamps.split(",") if k), dict(json.loads(w.tyres or "{}")),
                          tuple(DamageMark(float(x), float(y), str(k)) for x, y, k in json.loads(w.damage_marks or "[]")),
                          w.note, who, w.recorded_at, w.version)


def _wo_id(session: Session, number: str) -> int | None:
    return session.scalar(select(WorkOrder.id).where(WorkOrder.number == number))


def walkaround_of(db: Database, number: str) -> WalkaroundView | None:
    with db.read() as s:
        wo_id = _wo_id(s, number)
        return walkaround_in(s, wo_id) if wo_id is not None else None


def photos_of(db: Database, number: str) -> list[PhotoMeta]:
    with db.read() as s:
        rows = s.execute(
            select(WalkaroundPhoto.id, WalkaroundPhoto.caption, WalkaroundPhoto.source, WalkaroundPhoto.width,
                   WalkaroundPhoto.height, func.length(WalkaroundPhoto.data))
            .join(WorkOrder, WorkOrder.id == WalkaroundPhoto.work_order_id)
            .where(WorkOrder.number == number).order_by(WalkaroundPhoto.id)).all()
    return [PhotoMeta(i, c, src, w, h, int(n or 0)) for i, c, src, w, h, n in rows]


def thumbs_in(session: Session, work_order_id: int) -> list[tuple[int, str, bytes]]:
    """(id, caption, thumbnail bytes) in the order they were taken: what the printed work order shows."""
    return [(i, c, bytes(t)) for i, c, t in session.execute(
        select(WalkaroundPhoto.id, WalkaroundPhoto.caption, WalkaroundPhoto.thumb)
        .where(WalkaroundPhoto.work_order_id == work_order_id).order_by(WalkaroundPhoto.id))]


def thumbs_of(db: Database, number: str) -> list[tuple[int, str, bytes]]:
    with db.read() as s:
        wo_id = _wo_id(s, number)
        return thumbs_in(s, wo_id) if wo_id is not None else []


def photo_data(db: Database, photo_id: int) -> bytes | None:
    with db.read() as s:
        data = s.scalar(select(WalkaroundPhoto.data).where(WalkaroundPhoto.id == photo_id))
        return bytes(data) if data is not None else None
