"""R4: the walk-around at reception — the checklist saved in one transaction, each photo in its own (the desk
sends photos one by one off the GUI thread, after the checklist: saving never waits on a photo). Photos arrive
resized by the desk and are kept in the database, so a backup carries them and a restore brings them back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from workshop.db.models import Walkaround, WalkaroundPhoto, WorkOrder
from workshop.db.uow import UnitOfWork
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation, StaleEdit
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text
from workshop.domain.walkaround import (
    FUEL_LEVELS,
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    MAX_THUMB_BYTES,
    TYRE_POSITIONS,
    TYRE_STATES,
    WARNING_LAMPS,
    clean_marks,
    image_facts,
)
from workshop.domain.work_order import BEFORE_SETTLEMENT
from workshop.services.work_order_common import load_work_order

OPEN_STATES = BEFORE_SETTLEMENT
PHOTO_SOURCES = ("file", "folder", "camera")
MAX_MILEAGE = 2_000_000


@dataclass(frozen=True)
class WalkaroundSaved:
    work_order_id: int
    number: str
    version: int
    marks: int
    recorded_at: datetime


@dataclass(frozen=True)
class PhotoSaved:
    id: int
    number: str
    width: int
    height: int
    size: int


def _open_order(uow: UnitOfWork, actor: Actor, number: str) -> WorkOrder:
    uow.authorize(actor, Perm.WORK_ORDER_EDIT)
    wo = load_work_order(uow, number)
    if wo.state not in OPEN_STATES:
        raise RuleViolation(f"工单 {wo.number} 已结算或已结束，环车检查不能再改。",
                            f"Work order {wo.number} is settled or closed; its walk-around can no longer change.")
    return wo


def _lamps(raw: object) -> str:
    keys = list(raw) if isinstance(raw, list | tuple | set | frozenset) else None
    if keys is None or any(k not in WARNING_LAMPS for k in keys):
        raise InvalidInput("仪表故障灯的选择无效。", "The warning lamps chosen are not valid.")
    return ",".join(k for k in WARNING_LAMPS if k in keys)


def _tyres(raw: object) -> str:
    if not isinstance(raw, dict) or any(k not in TYRE_POSITIONS or v not in TYRE_STATES for k, v in raw.items()):
        raise InvalidInput("轮胎状况无效。", "The tyre conditions are not valid.")
    return json.dumps({k: raw[k] for k in TYRE_POSITIONS if k in raw})


def save_walkaround(uow: UnitOfWork, actor: Actor, number: str, *, fuel_eighths: int, mileage: int,
                    valuables: str = "", warning_lamps: object = (), tyres: object = None, marks: object = (),
                    note: str = "", expected_version: int | None = None) -> WalkaroundSaved:
    """The checklist as agreed with the customer (fuel, mileage, valuables, warning lamps, tyres, damage on the
    outline); saved again, it replaces the earlier one (expected_version: the one the desk saw)."""
    with uow:
        wo = _open_order(uow, actor, number)
        if not isinstance(fuel_eighths, int) or isinstance(fuel_eighths, bool) or fuel_eighths not in FUEL_LEVELS:
            raise InvalidInput("油量请选 0–8 格（空到满）。", "Fuel is 0 to 8 eighths (empty to full).")
        if not isinstance(mileage, int) or isinstance(mileage, bool) or not 0 <= mileage <= MAX_MILEAGE:
            raise InvalidInput("里程数无效。", "The mileage is not valid.")
        values = {
            "fuel_eighths": fuel_eighths, "mileage": mileage,
            "valuables": clean_text(valuables, "车内贵重物品", "Valuables", max_len=300, required=False),
            "warning_lamps": _lamps(warning_lamps), "tyres": _tyres(tyres or {}),
            "damage_marks": json.dumps([[m.x, m.y, m.kind] for m in clean_marks(marks or ())]),
            "note": clean_text(note, "备注", "Note", max_len=300, required=False),
        }
        row = uow.session.scalar(select(Walkaround).where(Walkaround.work_order_id == wo.id).with_for_update())
        if row is not None and expected_version is not None and row.version != expected_version:
            raise StaleEdit("环车检查已被他人修改，请重新打开后再保存。",
                            "Someone else changed the walk-around; open it again before saving.")
        if row is None:
            row = Walkaround(work_order_id=wo.id, recorded_by=actor.user_id, recorded_at=uow.now, version=1, **values)
            uow.session.add(row)
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.recorded_by, row.recorded_at, row.version = actor.user_id, uow.now, row.version + 1
        uow.audit(actor, "walkaround.save", "work_order", wo.id, number=wo.number, fuel=fuel_eighths,
                  mileage=mileage, lamps=values["warning_lamps"], marks=len(json.loads(str(values["damage_marks"]))))
        uow.session.flush()
        saved = WalkaroundSaved(wo.id, wo.number, row.version, len(json.loads(row.damage_marks)), row.recorded_at)
        uow.commit()
    return saved


def add_walkaround_photo(uow: UnitOfWork, actor: Actor, number: str, *, data: bytes, thumb: bytes,
                         source: str = "file", caption: str = "") -> PhotoSaved:
    """One photo (already resized by the desk) and its thumbnail; refused whole, with a sentence, when it is
    not a JPEG/PNG, too big, or one too many."""
    with uow:
        wo = _open_order(uow, actor, number)
        if source not in PHOTO_SOURCES:
            raise InvalidInput(f"未知的照片来源：{source}", f"Unknown photo source: {source}")
        facts = image_facts(data, limit=MAX_PHOTO_BYTES)
        image_facts(thumb, limit=MAX_THUMB_BYTES, what_zh="缩略图", what_en="thumbnail")
        text = clean_text(caption, "照片说明", "Caption", max_len=100, required=False)
        count = uow.session.scalar(select(func.count()).select_from(WalkaroundPhoto)
                                   .where(WalkaroundPhoto.work_order_id == wo.id)) or 0
        if count >= MAX_PHOTOS:
            raise RuleViolation(f"每张工单最多 {MAX_PHOTOS} 张环车照片。", f"At most {MAX_PHOTOS} walk-around photos per work order.")
        photo = WalkaroundPhoto(work_order_id=wo.id, caption=text, source=source, mime=facts.mime, width=facts.width,
                                height=facts.height, data=bytes(data), thumb=bytes(thumb),
                                sha256=hashlib.sha256(data).hexdigest(), added_by=actor.user_id, added_at=uow.now)
        uow.session.add(photo)
        uow.session.flush()
        uow.audit(actor, "walkaround.photo_add", "work_order", wo.id, number=wo.number, photo_id=photo.id,
                  source=source, size=len(data), sha256=photo.sha256)
        saved = PhotoSaved(photo.id, wo.number, facts.width, facts.height, len(data))
        uow.commit()
    return saved


def remove_walkaround_photo(uow: UnitOfWork, actor: Actor, number: str, photo_id: int) -> None:
    with uow:
        wo = _open_order(uow, actor, number)
        photo = uow.session.get(WalkaroundPhoto, photo_id)
        if photo is None or photo.work_order_id != wo.id:
            raise NotFound("这张照片不在此工单上。", "This photo is not on this work order.")
        uow.audit(actor, "walkaround.photo_remove", "work_order", wo.id, number=wo.number, photo_id=photo.id,
                  sha256=photo.sha256)
        uow.session.delete(photo)
        uow.commit()
