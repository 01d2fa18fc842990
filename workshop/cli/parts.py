"""`workshop import-parts FILE.csv`: a manufacturer's parts price list as dealers receive it, saved from Excel.

Encodings: UTF-8 with or without BOM, GBK/GB18030 (Excel on Chinese Windows, "CSV (逗号分隔)"), UTF-16 (Excel's
"Unicode text", tab separated). Headers in Chinese (零件号,名称,单价,条码,库位) or English
(part_no,name,price,barcode,bin); barcode and bin are optional. Each refused row is reported with its part
number and why; a rerun updates by part number and never duplicates."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workshop.cli._common import open_db
from workshop.domain.errors import InvalidInput
from workshop.domain.text import halfwidth
from workshop.services.parts_catalog import ImportReport, ImportRow, import_parts

HEADERS = {
    "part_no": ("零件号", "零件编号", "配件号", "part_no", "part no", "partno", "part number"),
    "name": ("名称", "零件名称", "name", "description"),
    "price": ("单价", "价格", "销售价", "price", "unit price"),
    "barcode": ("条码", "条形码", "barcode", "ean", "ean13"),
    "bin": ("库位", "货位", "bin", "location"),
}
REQUIRED = ("part_no", "name", "price")


def register(sub: Any) -> None:
    p = sub.add_parser("import-parts", help="load a parts price list (CSV from Excel; 零件号,名称,单价,条码,库位)")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_import_parts)


def decode(raw: bytes) -> str:
    """The text of a CSV saved by Excel, whatever it chose: UTF-16, UTF-8 (BOM or not) or GBK."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise InvalidInput("文件编码无法识别（应为 UTF-8 或 GBK 的 CSV）。",
                           "The file's encoding is not recognised (expected a UTF-8 or GBK CSV).") from None


def _column_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = halfwidth(raw).strip().strip("\ufeff").lower()
        for key, names in HEADERS.items():
            if name in names and key not in found:
                found[key] = i
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        zh = "、".join(HEADERS[k][0] for k in missing)
        raise InvalidInput(
            f"表头缺少：{zh}（应为 零件号,名称,单价,条码,库位 或 part_no,name,price,barcode,bin）。",
            f"The header lacks: {', '.join(missing)} (expected part_no,name,price,barcode,bin).",
        )
    return found


def read_rows(text: str) -> Iterator[ImportRow]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows, and old Mac (CR only) line endings
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise InvalidInput("文件是空的。", "The file is empty.")
    cols = _column_map(header)

    def cell(row: list[str], key: str) -> str:
        i = cols.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    for row in reader:
        if not any(c.strip() for c in row):
            continue
        yield ImportRow(line_no=reader.line_num, part_no=cell(row, "part_no"), name=cell(row, "name"),
                        price=cell(row, "price"), barcode=cell(row, "barcode"), bin=cell(row, "bin"))


def print_report(report: ImportReport, lang: str) -> None:
    en = lang == "en"
    out, err = sys.stdout, sys.stderr
    for r in report.refused:
        who = r.part_no or ("(no part number)" if en else "（无零件号）")
        print(f"line {r.line_no} {who}: {r.reason_en}" if en else f"第 {r.line_no} 行 {who}：{r.reason_zh}", file=err)
    if en:
        print(f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
              f"refused {len(report.refused)}", file=out)
    else:
        print(f"新增 {report.added}，更新 {report.updated}，未变 {report.unchanged}，拒绝 {len(report.refused)}", file=out)


def cmd_import_parts(args: argparse.Namespace) -> int:
    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"打不开文件：{args.file}（{exc.strerror}）。", f"Cannot open {args.file} ({exc.strerror}).") \
            from None
    rows = list(read_rows(decode(raw)))
    db = open_db(args)
    try:
        report = import_parts(db.uow(), None, rows)
    finally:
        db.dispose()
    print_report(report, args.lang)
    return 1 if report.refused else 0
