"""The parts catalog: adding and editing parts, EAN-13 barcodes, bins, the manufacturer's price-list import,
and finding a part by whatever the clerk scans or types (EAN-13, part number as Code128 or typed, bin label)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from workshop.db.models import Bin, Part, Supplier
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.barcodes import is_valid_ean13, normalise_ean13
from workshop.domain.errors import InvalidInput, NotFound, RuleViolation, WorkshopError
from workshop.domain.master_data import refuse_unknown_fields, yes_no
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_text, halfwidth


@dataclass(frozen=True)
class PartInfo:
    id: int
    part_no: str
    name: str
    barcode: str | None
    bin_code: str | None
    unit: str
    price: Decimal
    on_hand: Decimal
    avg_cost: Decimal
    min_stock: Decimal
    old_for_new: bool
    is_consumable: bool
    supplier: str | None = None   # the usual supplier (S1)


@dataclass(frozen=True)
class ImportRow:
    """One row of a price list, as read from the file (all text)."""

    line_no: int
    part_no: str
    name: str
    price: str
    barcode: str = ""
    bin: str = ""


@dataclass(frozen=True)
class RefusedRow:
    line_no: int
    part_no: str
    reason_zh: str
    reason_en: str


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    unchanged: int
    refused: tuple[RefusedRow, ...]


# --- codes ---------------------------------------------------------------------------------------

def ean13_valid(code: str) -> bool:
    return is_valid_ean13(code)


def normalise_scan(text: str) -> str:
    """What a scanner or a hand typed: full-width to half-width, spaces gone, upper case."""
    return "".join(halfwidth(text or "").split()).upper()


def clean_barcode(value: object) -> str | None:
    """A manufacturer EAN-13 (check digit verified, as the labels do); blank means none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and "E+" in halfwidth(value).upper():
        raise InvalidInput(f"条码 {value.strip()} 被 Excel 变成了科学计数法：请把条码列设为文本后重新导出。",
                           f"Excel turned the barcode into {value.strip()}: format the column as text and export again.")
    return normalise_ean13(value)


def clean_part_no(value: object) -> str:
    return clean_code(value, "零件号", "Part number", max_len=40)


# built once: every scan at the counter runs it (building a select() costs as much as running it)
_PART_BY_CODE = select(Part).where(or_(Part.barcode == bindparam("key"), Part.part_no == bindparam("key"))).limit(2)
_PART_BY_CODE_LOCKED = _PART_BY_CODE.with_for_update()


def find_part(session: Session, code: str, *, among: Iterable[int] | None = None, for_update: bool = False) -> Part:
    """The part a scan or a typed code names: EAN-13 barcode, part number (Code128 label or typed), or a bin label
    whose bin holds exactly one part (of `among`, when given: the parts of the work order being served).
    for_update: a part found by its code is read locked (one round trip instead of a read and stock.lock_part's
    locked re-read) and noted as locked for lock_part."""
    key = normalise_scan(clean_text(code, "条码", "Barcode", max_len=60, required=False))
    if not key:
        raise InvalidInput("请扫描或输入零件条码。", "Scan or type a part barcode.")
    found = list(session.scalars(_PART_BY_CODE_LOCKED if for_update else _PART_BY_CODE, {"key": key}))
    if found:  # a manufacturer barcode wins over a part number that happens to be the same digits
        part = next((p for p in found if p.barcode == key), found[0])
        if for_update:
            session.info.setdefault("locked_parts", set()).add(part.id)
        return part
    bin_ = session.scalar(select(Bin).where(Bin.code == key))
    if bin_ is not None:
        query = select(Part).where(Part.bin_id == bin_.id)
        wanted = list(among) if among is not None else None
        if wanted is not None:
            query = query.where(Part.id.in_(wanted))
        parts = list(session.scalars(query.limit(2)))
        if len(parts) == 1:
            return parts[0]
        if not parts:
            raise NotFound(f"库位 {key} 上没有要发的零件。", f"Bin {key} holds no part that is asked for here.")
        raise InvalidInput(
            f"库位 {key} 上有多个零件，请扫零件本身的条码。",
            f"Bin {key} holds several parts; scan the part's own barcode.",
        )
    if len(key) == 13 and key.isdigit() and not ean13_valid(key):
        raise InvalidInput(f"条码 {key} 校验位不对，可能没扫好，请重扫。",
                           f"The barcode {key} has a wrong check digit (a misread?); scan again.")
    raise NotFound(f"不认识的条码或零件号：{key}。", f"Unknown barcode or part number: {key}.")


def part_info(session: Session, part: Part) -> PartInfo:
    bin_code = session.scalar(select(Bin.code).where(Bin.id == part.bin_id)) if part.bin_id else None
    supplier = session.scalar(select(Supplier.name).where(Supplier.id == part.supplier_id)) if part.supplier_id else None
    return PartInfo(
        id=part.id, part_no=part.part_no, name=part.name, barcode=part.barcode, bin_code=bin_code,
        unit=part.unit, price=part.price, on_hand=part.on_hand, avg_cost=part.avg_cost,
        min_stock=part.min_stock, old_for_new=part.old_for_new, is_consumable=part.is_consumable,
        supplier=supplier,
    )


def part_details(db: Database, part_id: int) -> PartInfo:
    """Every catalog field of one part, for the part dialog."""
    with db.read() as s:
        part = s.get(Part, part_id)
        if part is None:
            raise NotFound("找不到这个零件。", "No such part.")
        return part_info(s, part)


def _supplier_id(session: Session, name: object) -> int | None:
    """The usual supplier, chosen from the supplier list (S1); blank means none."""
    if name is None or (isinstance(name, str) and not name.strip()):
        return None
    key = clean_text(name, "供应商", "Supplier", max_len=100)
    found = session.scalar(select(Supplier.id).where(Supplier.name == key))
    if found is None:
        raise NotFound(f"供应商名单里没有「{key}」：请先在供应商里添加。",
                       f"No supplier '{key}' in the list: add it under Suppliers first.")
    return found


def _bin_id(session: Session, code: object) -> int | None:
    if code is None or (isinstance(code, str) and not code.strip()):
        return None
    key = clean_code(code, "库位", "Bin", max_len=20)
    bin_ = session.scalar(select(Bin).where(Bin.code == key))
    if bin_ is None:
        bin_ = Bin(code=key, description="")
        session.add(bin_)
        session.flush()
    return bin_.id


def _barcode_free(session: Session, barcode: str | None, part_id: int | None) -> None:
    if barcode is None:
        return
    other = session.scalar(select(Part).where(Part.barcode == barcode))
    if other is not None and other.id != part_id:
        raise RuleViolation(
            f"条码 {barcode} 已属于零件 {other.part_no}。", f"The barcode {barcode} already belongs to part {other.part_no}."
        )


# --- add and edit ------------------------------------------------------------------------------

def part_values(*, part_no: object, name: object, price: object, barcode: object = None, unit: object = "件",
                min_stock: object = 0, old_for_new: object = False, is_consumable: object = False) -> dict[str, object]:
    """One part's own catalog fields checked: what add_part writes, and what the demo's bulk path writes too."""
    return {
        "part_no": clean_part_no(part_no), "name": clean_text(name, "名称", "Name", max_len=100),
        "barcode": clean_barcode(barcode), "unit": clean_text(unit, "单位", "Unit", max_len=10),
        "price": parse_amount(price, "单价", "Price"),
        "min_stock": parse_amount(min_stock, "最低库存", "Minimum stock"),
        "old_for_new": yes_no(old_for_new, "以坏换新", "Old for new"),
        "is_consumable": yes_no(is_consumable, "消耗品", "Consumable"),
    }


def add_part(uow: UnitOfWork, actor: Actor | None, *, part_no: str, name: str, price: object, barcode: str | None = None,
             bin_code: str | None = None, unit: str = "件", min_stock: object = 0, old_for_new: bool = False,
             is_consumable: bool = False, supplier: str | None = None) -> PartInfo:
    """actor None: the `workshop part add` command, run by whoever holds the database."""
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.PART_CATALOG_EDIT)
        s = uow.session
        values = part_values(part_no=part_no, name=name, price=price, barcode=barcode, unit=unit,
                             min_stock=min_stock, old_for_new=old_for_new, is_consumable=is_consumable)
        number = values["part_no"]
        if s.scalar(select(Part.id).where(Part.part_no == number)) is not None:
            raise RuleViolation(f"零件号 {number} 已存在。", f"The part number {number} already exists.")
        _barcode_free(s, values["barcode"], None)  # type: ignore[arg-type]
        part = Part(**values, bin_id=_bin_id(s, bin_code), on_hand=Decimal("0"), avg_cost=Decimal("0"),
                    supplier_id=_supplier_id(s, supplier), version=1)
        s.add(part)
        s.flush()
        uow.audit(actor, "part.add", "part", part.id, part_no=number, price=str(part.price))
        info = part_info(s, part)
        uow.commit()
    return info


_EDITABLE = ("name", "price", "barcode", "bin_code", "unit", "min_stock", "old_for_new", "is_consumable",
             "supplier")


def edit_part(uow: UnitOfWork, actor: Actor | None, part_id: int, **changes: object) -> PartInfo:
    """Change catalog fields (never stock or cost: those move through the ledger only)."""
    refuse_unknown_fields(changes, _EDITABLE)
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.PART_CATALOG_EDIT)
        s = uow.session
        part = s.get(Part, part_id, with_for_update=True)
        if part is None:
            raise NotFound("找不到这个零件。", "No such part.")
        before = {k: str(getattr(part, k, "")) for k in _EDITABLE if k in changes}
        if "name" in changes:
            part.name = clean_text(changes["name"], "名称", "Name", max_len=100)
        if "price" in changes:
            part.price = parse_amount(changes["price"], "单价", "Price")
        if "barcode" in changes:
            code = clean_barcode(changes["barcode"])
            _barcode_free(s, code, part.id)
            part.barcode = code
        if "bin_code" in changes:
            part.bin_id = _bin_id(s, changes["bin_code"])
        if "unit" in changes:
            part.unit = clean_text(changes["unit"], "单位", "Unit", max_len=10)
        if "min_stock" in changes:
            part.min_stock = parse_amount(changes["min_stock"], "最低库存", "Minimum stock")
        if "old_for_new" in changes:
            part.old_for_new = yes_no(changes["old_for_new"], "以坏换新", "Old for new")
        if "is_consumable" in changes:
            part.is_consumable = yes_no(changes["is_consumable"], "消耗品", "Consumable")
        if "supplier" in changes:
            part.supplier_id = _supplier_id(s, changes["supplier"])
        part.version += 1
        uow.audit(actor, "part.edit", "part", part.id, before=before, after={k: str(v) for k, v in changes.items()})
        s.flush()
        info = part_info(s, part)
        uow.commit()
    return info


# --- the price-list import --------------------------------------------------------------------------

def _import_one(s: Session, row: ImportRow, seen: set[str]) -> str:
    """'added', 'updated' or 'unchanged'; raises WorkshopError for a refused row."""
    number = clean_part_no(row.part_no)
    if number in seen:
        raise InvalidInput("文件中零件号重复（以第一次出现的为准）。", "The part number repeats in the file (the first one counts).")
    name = clean_text(row.name, "名称", "Name", max_len=100)
    price = parse_amount(row.price, "单价", "Price")
    barcode = clean_barcode(row.barcode)
    part = s.scalar(select(Part).where(Part.part_no == number))
    _barcode_free(s, barcode, part.id if part else None)
    bin_id = _bin_id(s, row.bin) if row.bin.strip() else (part.bin_id if part else None)
    seen.add(number)
    if part is None:
        s.add(Part(part_no=number, name=name, barcode=barcode, bin_id=bin_id, unit="件", price=price,
                   on_hand=Decimal("0"), avg_cost=Decimal("0"), min_stock=Decimal("0"), old_for_new=False,
                   is_consumable=False, version=1))
        s.flush()
        return "added"
    new_barcode = barcode if barcode is not None else part.barcode
    if (part.name, part.price, part.barcode, part.bin_id) == (name, price, new_barcode, bin_id):
        return "unchanged"
    part.name, part.price, part.barcode, part.bin_id = name, price, new_barcode, bin_id
    part.version += 1
    s.flush()
    return "updated"


def import_parts(uow: UnitOfWork, actor: Actor | None, rows: Iterable[ImportRow]) -> ImportReport:
    """Load a manufacturer's price list. A rerun updates by part number, never duplicates. Each refused row is
    reported with its part number and why; the good rows are loaded (one transaction for the whole file).
    actor None: the `workshop import-parts` command, run by whoever holds the database."""
    added = updated = unchanged = 0
    refused: list[RefusedRow] = []
    seen: set[str] = set()
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.PART_CATALOG_EDIT)
        s = uow.session
        for row in rows:
            try:
                with s.begin_nested():
                    outcome = _import_one(s, row, seen)
            except WorkshopError as exc:
                refused.append(RefusedRow(row.line_no, normalise_scan(row.part_no), exc.zh, exc.en))
                continue
            if outcome == "added":
                added += 1
            elif outcome == "updated":
                updated += 1
            else:
                unchanged += 1
        uow.audit(actor, "part.import", "part", "*", added=added, updated=updated, refused=len(refused))
        report = ImportReport(added, updated, unchanged, tuple(refused))
        uow.commit()
    return report
