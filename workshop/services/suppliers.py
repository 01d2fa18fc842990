"""S1: suppliers (name, contact, phone, terms; the manufacturer's channel or another) and bins (库位) as master
data, each added and edited through here and audited. Held by the parts clerk (and the administrator at set-up)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from workshop.db.models import Bin, Part, Supplier
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.errors import NotFound, RuleViolation
from workshop.domain.master_data import refuse_unknown_fields, yes_no
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text, halfwidth


@dataclass(frozen=True)
class SupplierInfo:
    id: int
    name: str
    contact: str
    phone: str
    terms: str
    is_manufacturer: bool
    is_active: bool


@dataclass(frozen=True)
class BinInfo:
    id: int
    code: str
    description: str
    parts: int


def _supplier_info(s: Supplier) -> SupplierInfo:
    return SupplierInfo(s.id, s.name, s.contact, s.phone, s.terms, s.is_manufacturer, s.is_active)


_SUPPLIER_FIELDS: dict[str, Any] = {
    "contact": lambda v: clean_text(v, "联系人", "Contact", max_len=60, required=False),
    "phone": lambda v: halfwidth(clean_text(v, "电话", "Phone", max_len=30, required=False)).strip(),
    "terms": lambda v: clean_text(v, "付款与交货条件", "Terms", max_len=200, required=False),
    "is_manufacturer": lambda v: yes_no(v, "厂家渠道", "Manufacturer's channel"),
    "is_active": lambda v: yes_no(v, "在用", "Active"),
}


def _authorize(uow: UnitOfWork, actor: Actor | None) -> None:
    if actor is not None:
        uow.authorize(actor, Perm.PART_CATALOG_EDIT)


def supplier_values(*, name: object, contact: object = "", phone: object = "", terms: object = "",
                    is_manufacturer: object = False) -> dict[str, Any]:
    """One supplier checked: what add_supplier writes, and what the demo's bulk path writes too."""
    values: dict[str, Any] = {"name": clean_text(name, "供应商名称", "Supplier name", max_len=100)}
    values.update({k: _SUPPLIER_FIELDS[k](v) for k, v in
                   (("contact", contact), ("phone", phone), ("terms", terms), ("is_manufacturer", is_manufacturer))})
    values["is_active"] = True
    return values


def bin_values(*, code: object, description: object = "") -> dict[str, str]:
    return {"code": clean_code(code, "库位", "Bin", max_len=20),
            "description": clean_text(description, "库位说明", "Bin description", max_len=100, required=False)}


def add_supplier(uow: UnitOfWork, actor: Actor | None, *, name: str, contact: str = "", phone: str = "",
                 terms: str = "", is_manufacturer: bool = False) -> SupplierInfo:
    with uow:
        _authorize(uow, actor)
        values = supplier_values(name=name, contact=contact, phone=phone, terms=terms,
                                 is_manufacturer=is_manufacturer)
        clean = values["name"]
        if uow.session.scalar(select(Supplier.id).where(Supplier.name == clean)) is not None:
            raise RuleViolation(f"供应商「{clean}」已存在。", f"The supplier '{clean}' exists already.")
        row = Supplier(**values)
        uow.session.add(row)
        uow.session.flush()
        uow.audit(actor, "supplier.add", "supplier", row.id, **{k: str(v) for k, v in values.items()})
        info = _supplier_info(row)
        uow.commit()
    return info


def edit_supplier(uow: UnitOfWork, actor: Actor | None, supplier_id: int, **changes: object) -> SupplierInfo:
    """Contact, phone, terms, the manufacturer flag, in use or not. The name names the purchase orders: fixed."""
    refuse_unknown_fields(changes, _SUPPLIER_FIELDS)
    with uow:
        _authorize(uow, actor)
        row = uow.session.get(Supplier, supplier_id, with_for_update=True)
        if row is None:
            raise NotFound("找不到这个供应商。", "No such supplier.")
        new = {k: _SUPPLIER_FIELDS[k](v) for k, v in changes.items()}
        before = {k: str(getattr(row, k)) for k in new}
        for k, v in new.items():
            setattr(row, k, v)
        uow.session.flush()
        uow.audit(actor, "supplier.edit", "supplier", row.id, name=row.name, before=before,
                  after={k: str(v) for k, v in new.items()})
        info = _supplier_info(row)
        uow.commit()
    return info


def list_suppliers(db: Database, *, active_only: bool = False) -> list[SupplierInfo]:
    with db.read() as s:
        stmt = select(Supplier).order_by(Supplier.is_manufacturer.desc(), Supplier.name)
        if active_only:
            stmt = stmt.where(Supplier.is_active.is_(True))
        return [_supplier_info(r) for r in s.scalars(stmt)]


# --- bins ------------------------------------------------------------------------------------------------------

def add_bin(uow: UnitOfWork, actor: Actor | None, *, code: str, description: str = "") -> BinInfo:
    with uow:
        _authorize(uow, actor)
        values = bin_values(code=code, description=description)
        key, text = values["code"], values["description"]
        if uow.session.scalar(select(Bin.id).where(Bin.code == key)) is not None:
            raise RuleViolation(f"库位 {key} 已存在。", f"The bin {key} exists already.")
        row = Bin(code=key, description=text)
        uow.session.add(row)
        uow.session.flush()
        uow.audit(actor, "bin.add", "bin", row.id, code=key, description=text)
        info = BinInfo(row.id, row.code, row.description, 0)
        uow.commit()
    return info


def edit_bin(uow: UnitOfWork, actor: Actor | None, bin_id: int, *, description: str) -> BinInfo:
    with uow:
        _authorize(uow, actor)
        row = uow.session.get(Bin, bin_id, with_for_update=True)
        if row is None:
            raise NotFound("找不到这个库位。", "No such bin.")
        text = clean_text(description, "库位说明", "Bin description", max_len=100, required=False)
        uow.audit(actor, "bin.edit", "bin", row.id, code=row.code, before=row.description, after=text)
        row.description = text
        count = uow.session.scalar(select(func.count()).select_from(Part).where(Part.bin_id == row.id)) or 0
        info = BinInfo(row.id, row.code, row.description, count)
        uow.commit()
    return info


def list_bins(db: Database, *, search: str = "", limit: int = 500) -> list[BinInfo]:
    with db.read() as s:
        counts = (select(Part.bin_id, func.count().label("n")).where(Part.bin_id.is_not(None))
                  .group_by(Part.bin_id).subquery())
        stmt = (select(Bin, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.bin_id == Bin.id)
                .order_by(Bin.code).limit(limit))
        key = halfwidth(search or "").strip().upper()
        if key:
            stmt = stmt.where(Bin.code.startswith(key, autoescape=True))
        return [BinInfo(b.id, b.code, b.description, int(n)) for b, n in s.execute(stmt)]
