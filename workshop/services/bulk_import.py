"""S3: data from the previous system — parts (every field), labor operations, customers with their vehicles —
as rows already read from a file (see workshop/tables.py: Excel or CSV, any encoding, Chinese or English
headers). Every refused row is reported with its line and why; a rerun updates instead of duplicating (parts
by part number, operations by code, vehicles by VIN, customers by phone). One transaction per file: a cancel
(KeyboardInterrupt or ImportCancelled from the progress callback) writes nothing.

Parts go through a bulk path (chunks: one SELECT of the chunk's part numbers and barcodes, one executemany
INSERT of the new parts, one executemany UPDATE of the changed ones), for OEM price lists of 100k-300k rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, select, update

from workshop.db.models import Bin, Customer, LaborOperation, Part, Vehicle
from workshop.db.uow import UnitOfWork
from workshop.domain.barcodes import normalise_ean13
from workshop.domain.calendar import parse_dates
from workshop.domain.errors import InvalidInput, RuleViolation, WorkshopError
from workshop.domain.money import parse_amount
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_code, clean_phone, clean_text, halfwidth
from workshop.domain.vehicle import normalise_vin, plate_search_key, reception_plate

Row = dict[str, str]  # field -> cell text (already half-width); absent field: not in the file
Progress = Callable[[int], None]  # rows done so far; may raise ImportCancelled

CHUNK = 5000
ZERO = Decimal(0)
TEAMS = ("机修", "钣喷")

# header names the old systems use, per field (compared half-width, lower case, without spaces)
PART_FIELDS: dict[str, tuple[str, ...]] = {
    "part_no": ("零件号", "零件编号", "配件号", "配件编号", "备件号", "part_no", "partno", "partnumber", "part"),
    "name": ("名称", "零件名称", "配件名称", "备件名称", "name", "description", "partname"),
    "price": ("单价", "价格", "销售价", "零售价", "price", "unitprice", "retailprice"),
    "barcode": ("条码", "条形码", "barcode", "ean", "ean13"),
    "bin": ("库位", "货位", "bin", "location"),
    "unit": ("单位", "计量单位", "unit", "uom"),
    "min_stock": ("最低库存", "安全库存", "最小库存", "minstock", "min_stock", "minimumstock"),
    "old_for_new": ("以旧换新", "以坏换新", "交旧领新", "oldfornew", "old_for_new", "core"),
    "consumable": ("消耗品", "易耗品", "辅料", "consumable", "is_consumable"),
}
LABOR_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("工时代码", "项目代码", "代码", "编码", "code", "operationcode", "opcode"),
    "name": ("工时名称", "项目名称", "名称", "name", "description"),
    "hours": ("标准工时", "工时", "hours", "standardhours"),
    "rate": ("工时单价", "单价", "rate", "hourlyrate"),
    "team": ("班组", "team"),
}
CUSTOMER_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("客户姓名", "客户名称", "姓名", "客户", "name", "customer", "customername"),
    "phone": ("电话", "手机", "手机号", "联系电话", "phone", "mobile", "tel"),
    "address": ("地址", "联系地址", "address"),
    "plate": ("车牌", "车牌号", "plate", "licenseplate", "plateno"),
    "vin": ("车架号", "vin", "vin码", "车辆识别代号"),
    "brand": ("品牌", "brand", "make"),
    "model": ("车型", "model"),
    "purchase_date": ("购车日期", "购买日期", "purchasedate", "purchase_date", "solddate"),
    "mileage": ("里程", "上次里程", "最后里程", "进厂里程", "mileage", "lastmileage", "odometer"),
}
REQUIRED = {"parts": ("part_no", "name", "price"), "labor": ("code", "name", "hours", "rate"),
            "customers": ("name", "phone", "vin")}
FIELDS = {"parts": PART_FIELDS, "labor": LABOR_FIELDS, "customers": CUSTOMER_FIELDS}

_YES = {"是", "Y", "YES", "1", "TRUE", "√", "✓", "T"}
_NO = {"否", "N", "NO", "0", "FALSE", "", "F", "×"}


class ImportCancelled(WorkshopError):
    def __init__(self) -> None:
        super().__init__("导入已取消，没有写入任何数据。", "The import was cancelled; nothing was written.")


@dataclass(frozen=True)
class RefusedRow:
    line_no: int
    key: str  # the row's part number, code or VIN as typed
    reason_zh: str
    reason_en: str


@dataclass
class BulkReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0  # customers import: plates kept unrecognised, to be checked
    refused: list[RefusedRow] = field(default_factory=list)

    def summary(self, language: str = "zh") -> str:
        if language.startswith("en"):
            return (f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
                    f"refused {len(self.refused)}")
        return f"新增 {self.added}，更新 {self.updated}，未变 {self.unchanged}，拒绝 {len(self.refused)}"


def guess_mapping(kind: str, header: list[str]) -> dict[str, int]:
    """Which column holds which field, by the header's names (what the screen proposes, and may change)."""
    fields = FIELDS[kind]
    found: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = "".join(halfwidth(str(raw or "")).strip().strip("\ufeff").lower().split())
        for key, names in fields.items():
            if name in names and key not in found:
                found[key] = i
                break
    return found


def check_mapping(kind: str, found: dict[str, int]) -> dict[str, int]:
    """InvalidInput naming the required fields no column is given for."""
    fields = FIELDS[kind]
    missing = [k for k in REQUIRED[kind] if k not in found]
    if missing:
        zh = "、".join(fields[k][0] for k in missing)
        raise InvalidInput(f"表头缺少：{zh}。", f"The header lacks: {', '.join(missing)}.")
    return found


def map_header(kind: str, header: list[str]) -> dict[str, int]:
    return check_mapping(kind, guess_mapping(kind, header))


# ---------------------------------------------------------------- cells


def _text(value: str, zh: str, en: str, max_len: int, required: bool = True) -> str:
    text = value.strip()
    if text.isprintable() and (text or not required) and len(text) <= max_len:
        return text  # the common case, checked in C
    return clean_text(value, zh, en, max_len=max_len, required=required)


def _code(value: str, zh: str, en: str, max_len: int) -> str:
    text = value.strip().upper()
    if text and len(text) <= max_len and text.isascii() and text.isprintable() and " " not in text:
        return text
    return clean_code(value, zh, en, max_len=max_len)


_PLAIN_AMOUNT = {2: re.compile(r"\d{1,8}(?:\.\d{1,2})?"), 0: re.compile(r"\d{1,8}")}


def _amount(value: str, zh: str, en: str, places: int = 2) -> Decimal:
    """A plain number (the common case, matched in C) as it is; anything else through parse_amount."""
    text = value.strip()
    if _PLAIN_AMOUNT[places].fullmatch(text):
        return Decimal(text)
    return parse_amount(value, zh, en, places=places)


def _barcode(value: str) -> str:
    """An EAN-13 with its check digit verified (the common case computed inline; otherwise the domain's
    normalise_ean13 says what is wrong)."""
    if len(value) == 13 and value.isdigit() and value.isascii():
        e = value.encode()
        odd, even = sum(e[0:12:2]) - 6 * 48, sum(e[1:12:2]) - 6 * 48  # 48: the code of "0"
        if (10 - (odd + 3 * even) % 10) % 10 == e[12] - 48:
            return value
    return normalise_ean13(value)


def _flag(value: str, zh: str, en: str) -> bool:
    text = value.strip().upper()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidInput(f"{zh}应填 是 或 否。", f"{en} is yes or no.")


def parse_day(value: str) -> date:
    text = value.strip()
    if len(text) >= 10 and text[4] == "-" and text[10:11] in ("", " ", "T"):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    days = parse_dates(text)
    if len(days) != 1:
        raise InvalidInput("购车日期请写成 2024-03-01。", "Write the purchase date as 2024-03-01.")
    return next(iter(days))


# ---------------------------------------------------------------- parts (the bulk path)


_PART_COLUMNS = ("name", "price", "barcode", "bin_id", "unit", "min_stock", "old_for_new", "is_consumable")


def _part_values(row: Row, bins: dict[str, int | None]) -> dict[str, Any]:
    """The row's fields as parts columns; absent or blank optional cells are left out (kept on update)."""
    out: dict[str, Any] = {
        "part_no": _code(row.get("part_no", ""), "零件号", "Part number", 40),
        "name": _text(row.get("name", ""), "名称", "Name", 100),
        "price": _amount(row.get("price", ""), "单价", "Price"),
    }
    barcode = row.get("barcode", "").strip()
    if barcode:
        if "E+" in barcode.upper():
            raise InvalidInput(f"条码 {barcode} 被 Excel 变成了科学计数法：请把条码列设为文本后重新导出。",
                               f"Excel turned the barcode into {barcode}: format the column as text and export again.")
        out["barcode"] = _barcode(barcode)
    bin_code = row.get("bin", "").strip()
    if bin_code:
        key = _code(bin_code, "库位", "Bin", 20)
        bins.setdefault(key, None)
        out["bin"] = key
    unit = row.get("unit", "").strip()
    if unit:
        out["unit"] = _text(unit, "单位", "Unit", 10)
    if row.get("min_stock", "").strip():
        out["min_stock"] = _amount(row["min_stock"], "最低库存", "Minimum stock")
    if row.get("old_for_new", "").strip():
        out["old_for_new"] = _flag(row["old_for_new"], "以旧换新", "Old for new")
    if row.get("consumable", "").strip():
        out["is_consumable"] = _flag(row["consumable"], "消耗品", "Consumable")
    return out


def _bin_ids(uow: UnitOfWork, bins: dict[str, int | None]) -> None:
    wanted = [code for code, bid in bins.items() if bid is None]
    if not wanted:
        return
    conn = uow.session.connection()
    have = dict(conn.execute(select(Bin.code, Bin.id).where(Bin.code.in_(wanted))).all())
    new = [c for c in wanted if c not in have]
    if new:
        conn.execute(insert(Bin), [{"code": c, "description": ""} for c in new])
        have.update(conn.execute(select(Bin.code, Bin.id).where(Bin.code.in_(new))).all())
    bins.update(have)


_PARTS = Table("parts", Part.metadata)  # the mapped table, as Core sees it (no ORM bulk semantics)
_UPDATE_PART = (
    update(_PARTS).where(_PARTS.c.id == bindparam("b_id"))
    .values({c: bindparam(f"b_{c}") for c in (*_PART_COLUMNS, "version")})
)


_INSERT_COLUMNS = ("part_no", "name", "price", "barcode", "bin_id", "unit", "min_stock", "old_for_new",
                   "is_consumable", "on_hand", "avg_cost", "version")


def _placeholders(conn: Connection, n: int) -> str:
    return ", ".join(["?" if conn.dialect.paramstyle == "qmark" else "%s"] * n)


def _money(value: Decimal) -> float:
    """What SQLAlchemy binds for Numeric on both drivers (to_float): the raw path stores the very same."""
    return float(value)


def _existing(conn: Connection, numbers: list[str]) -> dict[str, Any]:
    sql = (f"SELECT id, part_no, {', '.join(_PART_COLUMNS)}, version FROM parts "
           f"WHERE part_no IN ({_placeholders(conn, len(numbers))})")
    out: dict[str, Any] = {}
    for r in conn.exec_driver_sql(sql, tuple(numbers)):
        out[r[1]] = _Old(r[0], r[1], r[2], Decimal(str(r[3])), r[4], r[5], r[6], Decimal(str(r[7])), bool(r[8]),
                         bool(r[9]), r[10])
    return out


@dataclass(frozen=True)
class _Old:
    id: int
    part_no: str
    name: str
    price: Decimal
    barcode: str | None
    bin_id: int | None
    unit: str
    min_stock: Decimal
    old_for_new: bool
    is_consumable: bool
    version: int


def _insert_parts(conn: Connection, rows: list[tuple[Any, ...]]) -> None:
    """SQLite: executemany (a loop in C over one prepared statement). PostgreSQL: multi-row VALUES of 1,000
    rows per statement (one round trip each; executemany would be one per row)."""
    head = f"INSERT INTO parts ({', '.join(_INSERT_COLUMNS)}) VALUES "
    one = f"({_placeholders(conn, len(_INSERT_COLUMNS))})"
    if conn.dialect.paramstyle == "qmark":
        conn.exec_driver_sql(head + one, rows)
        return
    for i in range(0, len(rows), 1000):
        batch = rows[i:i + 1000]
        conn.exec_driver_sql(head + ", ".join([one] * len(batch)), tuple(v for row in batch for v in row))


def _flush_parts(uow: UnitOfWork, chunk: list[tuple[int, dict[str, Any]]], bins: dict[str, int | None],
                 report: BulkReport) -> None:
    conn = uow.session.connection()
    _bin_ids(uow, bins)
    numbers = [v["part_no"] for _, v in chunk]
    existing = _existing(conn, numbers)
    barcodes = [v["barcode"] for _, v in chunk if "barcode" in v]
    owner: dict[str, str] = dict(conn.exec_driver_sql(
        f"SELECT barcode, part_no FROM parts WHERE barcode IN ({_placeholders(conn, len(barcodes))})",
        tuple(barcodes)).all()) if barcodes else {}
    new_rows: list[tuple[Any, ...]] = []
    changed: list[dict[str, Any]] = []
    for line_no, v in chunk:
        number = v["part_no"]
        code = v.get("barcode")
        if code is not None and owner.get(code, number) != number:
            report.refused.append(RefusedRow(line_no, number, f"条码 {code} 已属于零件 {owner[code]}。",
                                             f"The barcode {code} already belongs to part {owner[code]}."))
            continue
        if code is not None:
            owner[code] = number
        if "bin" in v:
            v["bin_id"] = bins[v.pop("bin")]
        old = existing.get(number)
        if old is None:
            new_rows.append((number, v["name"], _money(v["price"]), code, v.get("bin_id"), v.get("unit", "件"),
                             _money(v.get("min_stock", ZERO)), v.get("old_for_new", False),
                             v.get("is_consumable", False), 0.0, 0.0, 1))
            continue
        after = {c: v.get(c, getattr(old, c)) for c in _PART_COLUMNS}
        if all(after[c] == getattr(old, c) for c in _PART_COLUMNS):
            report.unchanged += 1
            continue
        changed.append({"b_id": old.id, "b_version": old.version + 1, **{f"b_{c}": after[c] for c in _PART_COLUMNS}})
    if new_rows:
        _insert_parts(conn, new_rows)
    if changed:
        conn.execute(_UPDATE_PART, changed)
    report.added += len(new_rows)
    report.updated += len(changed)


def import_parts(uow: UnitOfWork, actor: Actor | None, rows: Iterable[tuple[int, Row]],
                 progress: Progress | None = None) -> BulkReport:
    """Parts with every field (unit, min stock, old-for-new, consumable, barcode, bin); by part number.
    actor None: the `workshop import-parts` command, run by whoever holds the database."""
    report = BulkReport()
    seen: set[str] = set()
    bins: dict[str, int | None] = {}
    done = 0
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.PART_CATALOG_EDIT)
        chunk: list[tuple[int, dict[str, Any]]] = []
        for line_no, row in rows:
            done += 1
            try:
                values = _part_values(row, bins)
                if values["part_no"] in seen:
                    raise InvalidInput("文件中零件号重复（以第一次出现的为准）。",
                                       "The part number repeats in the file (the first one counts).")
            except WorkshopError as exc:
                report.refused.append(RefusedRow(line_no, row.get("part_no", "").strip(), exc.zh, exc.en))
                continue
            seen.add(values["part_no"])
            chunk.append((line_no, values))
            if len(chunk) >= CHUNK:
                _flush_parts(uow, chunk, bins, report)
                chunk = []
                if progress is not None:
                    progress(done)
        if chunk:
            _flush_parts(uow, chunk, bins, report)
        if progress is not None:
            progress(done)
        uow.audit(actor, "part.import", "part", "*", added=report.added, updated=report.updated,
                  refused=len(report.refused))
        uow.commit()
    return report


# ---------------------------------------------------------------- labor operations and customers (by row)


def _each(uow: UnitOfWork, rows: Iterable[tuple[int, Row]], key: str, report: BulkReport,
          progress: Progress | None, one: Callable[[Row], str]) -> None:
    s = uow.session
    for done, (line_no, row) in enumerate(rows, 1):
        try:
            with s.begin_nested():
                outcome = one(row)
        except WorkshopError as exc:
            report.refused.append(RefusedRow(line_no, row.get(key, "").strip(), exc.zh, exc.en))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
        if progress is not None and done % 500 == 0:
            progress(done)


def import_labor_operations(uow: UnitOfWork, actor: Actor | None, rows: Iterable[tuple[int, Row]],
                            progress: Progress | None = None) -> BulkReport:
    """The labor catalog (the table the labor lines use): code, name, standard hours, rate, team; by code."""
    report = BulkReport()
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.PART_CATALOG_EDIT)
        s = uow.session

        def one(row: Row) -> str:
            code = _code(row.get("code", ""), "工时代码", "Operation code", 20)
            values = {"name": _text(row.get("name", ""), "名称", "Name", 100),
                      "standard_hours": parse_amount(row.get("hours", ""), "标准工时", "Standard hours",
                                                     allow_zero=False),
                      "rate": parse_amount(row.get("rate", ""), "工时单价", "Labor rate")}
            team = row.get("team", "").strip()
            if team and team not in TEAMS:
                raise InvalidInput("班组只能是 机修 或 钣喷。", "The team is 机修 (mechanical) or 钣喷 (body and paint).")
            op = s.scalar(select(LaborOperation).where(LaborOperation.code == code))
            if op is None:
                s.add(LaborOperation(code=code, team=team or TEAMS[0], **values))
                s.flush()
                return "added"
            if team:
                values["team"] = team
            if all(getattr(op, k) == v for k, v in values.items()):
                return "unchanged"
            for k, v in values.items():
                setattr(op, k, v)
            s.flush()
            return "updated"

        _each(uow, rows, "code", report, progress, one)
        uow.audit(actor, "labor.import", "labor_operation", "*", added=report.added, updated=report.updated,
                  refused=len(report.refused))
        uow.commit()
    return report


def _customer_for(uow: UnitOfWork, row: Row) -> Customer:
    s = uow.session
    name = _text(row.get("name", ""), "客户姓名", "Customer name", 100)
    phone = clean_phone(row.get("phone", ""))
    address = _text(row.get("address", ""), "地址", "Address", 200, required=False)
    c = s.scalar(select(Customer).where(Customer.phone == phone, Customer.name == name).limit(1))
    if c is None:
        c = Customer(name=name, phone=phone, address=address, created_at=uow.now, version=1)
        s.add(c)
        s.flush()
    elif address and c.address != address:
        c.address, c.version = address, c.version + 1
    return c


def import_customers(uow: UnitOfWork, actor: Actor | None, rows: Iterable[tuple[int, Row]],
                     progress: Progress | None = None, today: date | None = None) -> BulkReport:
    """Customers and their vehicles: name, phone, address, plate (blank: 未上牌; a plate of no GA 36 form is
    kept and flagged), VIN (check digit), brand, model, purchase date, last mileage. By VIN, then by the
    customer's phone and name."""
    report = BulkReport()
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.CUSTOMER_EDIT)
        s = uow.session
        until = today or uow.now.date()

        def one(row: Row) -> str:
            vin = normalise_vin(row.get("vin", ""))
            plate_text = row.get("plate", "").strip()
            reading = reception_plate(plate_text or None, confirm_unrecognised=True)
            plate = reading.plate if reading else None
            bought = parse_day(row["purchase_date"]) if row.get("purchase_date", "").strip() else None
            if bought is not None and bought > until:
                raise InvalidInput("购车日期不能晚于今天。", "The purchase date cannot be in the future.")
            km = int(_amount(row.get("mileage", "") or "0", "里程", "Mileage", places=0))
            customer = _customer_for(uow, row)
            if plate is not None:
                other = s.scalar(select(Vehicle.vin).where(Vehicle.plate == plate, Vehicle.vin != vin))
                if other is not None:
                    raise RuleViolation(f"车牌 {plate} 已登记在车架号 {other} 上。",
                                        f"The plate {plate} is already on the vehicle {other}.")
            values: dict[str, object] = {"customer_id": customer.id, "plate": plate, "plate_key": plate_search_key(plate or ""),
                      "plate_unrecognised": bool(reading and not reading.recognised),
                      "brand": _text(row.get("brand", ""), "品牌", "Brand", 40, required=False),
                      "model": _text(row.get("model", ""), "车型", "Model", 60, required=False)}
            veh = s.scalar(select(Vehicle).where(Vehicle.vin == vin))
            if values["plate_unrecognised"]:
                report.flagged += 1
            if veh is None:
                s.add(Vehicle(vin=vin, purchase_date=bought or until, last_mileage=km, created_at=uow.now,
                              version=1, **values))
                s.flush()
                return "added"
            if bought is not None:
                values["purchase_date"] = bought
            values["last_mileage"] = max(km, veh.last_mileage)
            if all(getattr(veh, k) == v for k, v in values.items()):
                return "unchanged"
            for k, v in values.items():
                setattr(veh, k, v)
            veh.version += 1
            s.flush()
            return "updated"

        _each(uow, rows, "vin", report, progress, one)
        uow.audit(actor, "customer.import", "customer", "*", added=report.added, updated=report.updated,
                  refused=len(report.refused), plates_flagged=report.flagged)
        uow.commit()
    return report


IMPORTERS: dict[str, Callable[..., BulkReport]] = {
    "parts": import_parts, "labor": import_labor_operations, "customers": import_customers,
}


def rows_of(kind: str, header: list[str], cells: Iterable[tuple[int, list[str]]],
            mapping: dict[str, int] | None = None) -> Iterator[tuple[int, Row]]:
    """(line, cells) from a file -> (line, {field: text}) by the header's mapping (or the one given, from the
    screen); blank lines skipped."""
    cols = map_header(kind, header) if mapping is None else check_mapping(kind, mapping)  # refused before

    def mapped() -> Iterator[tuple[int, Row]]:
        for line_no, row in cells:
            if any(c.strip() for c in row):
                yield line_no, {k: (row[i] if i < len(row) else "") for k, i in cols.items()}

    return mapped()


def as_text(value: object) -> str:
    """A cell read from Excel as the text a CSV would hold: 68.0 -> 68, a date -> 2024-03-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return halfwidth(str(value))
