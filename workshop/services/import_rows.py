"""S3: the rows of an import as read from a file — the fields each kind has and the header names old systems
give them, the mapping of columns to fields (guessed from the headers, or chosen on the screen), the cells as the
shop's data (fast paths for the common case, the domain's checks for the rest), and the report of refused rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from workshop.domain.barcodes import normalise_ean13
from workshop.domain.calendar import parse_dates
from workshop.domain.errors import InvalidInput, WorkshopError
from workshop.domain.money import parse_amount
from workshop.domain.text import clean_code, clean_text, halfwidth

Row = dict[str, str]  # field -> cell text (already half-width); absent field: not in the file
NumberedRow = tuple[int, Row]  # (line in the file, the row)
Progress = Callable[[int], None]  # rows done so far; may raise ImportCancelled

CHUNK = 5000
ZERO = Decimal(0)

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


def cell_text(value: str, zh: str, en: str, max_len: int, required: bool = True) -> str:
    text = value.strip()
    if text.isprintable() and (text or not required) and len(text) <= max_len:
        return text  # the common case, checked in C
    return clean_text(value, zh, en, max_len=max_len, required=required)


def cell_code(value: str, zh: str, en: str, max_len: int) -> str:
    text = value.strip().upper()
    if text and len(text) <= max_len and text.isascii() and text.isprintable() and " " not in text:
        return text
    return clean_code(value, zh, en, max_len=max_len)


_PLAIN_AMOUNT = {2: re.compile(r"\d{1,8}(?:\.\d{1,2})?"), 0: re.compile(r"\d{1,8}")}


def cell_amount(value: str, zh: str, en: str, places: int = 2) -> Decimal:
    """A plain number (the common case, matched in C) as it is; anything else through parse_amount."""
    text = value.strip()
    if _PLAIN_AMOUNT[places].fullmatch(text):
        return Decimal(text)
    return parse_amount(value, zh, en, places=places)


def cell_barcode(value: str) -> str:
    """An EAN-13 with its check digit verified (the common case computed inline; otherwise the domain's
    normalise_ean13 says what is wrong)."""
    if len(value) == 13 and value.isdigit() and value.isascii():
        e = value.encode()
        odd, even = sum(e[0:12:2]) - 6 * 48, sum(e[1:12:2]) - 6 * 48  # 48: the code of "0"
        if (10 - (odd + 3 * even) % 10) % 10 == e[12] - 48:
            return value
    return normalise_ean13(value)


def cell_flag(value: str, zh: str, en: str) -> bool:
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


def rows_of(kind: str, header: list[str], cells: Iterable[tuple[int, list[str]]],
            mapping: dict[str, int] | None = None) -> Iterator[NumberedRow]:
    """(line, cells) from a file -> (line, {field: text}) by the header's mapping (or the one given, from the
    screen); blank lines skipped."""
    cols = map_header(kind, header) if mapping is None else check_mapping(kind, mapping)  # refused before

    def mapped() -> Iterator[NumberedRow]:
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
