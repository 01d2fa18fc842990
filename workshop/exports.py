"""S3 exports: a list to Excel (.xlsx, xlsxwriter in constant memory) with Chinese headers and real cells —
numbers as numbers (money with two decimals), times as Excel date-times in the shop's time zone, dates as
dates, yes/no as 是/否 — so that the sheet sorts, sums and filters like one the shop made itself."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from workshop.db.files import check_output_path
from workshop.db.uow import Database
from workshop.domain.clock import to_shop
from workshop.services.bulk_import import RefusedRow

REPORT_HEADER = ("行号 Line", "编号 Key", "原因", "Reason")


def write_xlsx(target: str | IO[bytes], sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
               widths: Sequence[int] | None = None) -> int:
    """Write the rows; returns how many. target: a file name or a binary stream."""
    import xlsxwriter

    book = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": not isinstance(target, str)})
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, list(header), bold)
    sheet.freeze_panes(1, 0)
    for col, width in enumerate(widths or [max(10, min(40, 2 * len(h) + 4)) for h in header]):
        sheet.set_column(col, col, width)
    n = 0
    for n, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_string(n, col, "是" if value else "否")
            elif isinstance(value, Decimal):
                sheet.write_number(n, col, float(value), money)
            elif isinstance(value, int | float):
                sheet.write_number(n, col, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(n, col, to_shop(value).replace(tzinfo=None), moment)
            elif isinstance(value, date):
                sheet.write_datetime(n, col, datetime(value.year, value.month, value.day), day)
            else:
                sheet.write_string(n, col, str(value))
    sheet.autofilter(0, 0, max(n, 1), max(len(header) - 1, 0))
    book.close()
    return n


# the sheet's name per list (Excel shows it on the tab)
SHEET_ZH = {"work-orders": "工单", "parts": "配件库存", "tools": "专用工具", "users": "用户", "customers": "客户车辆"}


def export_list(db: Database, what: str, target: Path | IO[bytes], *, limit: int | None = None,
                **filters: Any) -> int:
    """One list (`workshop list WHAT --format xlsx` and every screen's 导出 Excel) to Excel: the rows the
    filters select (queries.lists.iter_list), Chinese headers, real number and date cells. A file name is
    checked first (never the live database's own file). Returns the number of rows."""
    from workshop.queries.lists import HEADERS_ZH, iter_list

    out: str | IO[bytes] = str(check_output_path(target, db.url)) if isinstance(target, Path) else target
    return write_xlsx(out, SHEET_ZH.get(what, what), HEADERS_ZH[what],
                      iter_list(db, what, limit, typed=True, **filters))


def write_report(path: Path, refused: list[RefusedRow]) -> None:
    """S3: the refused rows of an import with their reasons, as Excel (.xlsx) or CSV (with a BOM for Excel)."""
    rows = [(r.line_no, r.key, r.reason_zh, r.reason_en) for r in refused]
    if path.suffix.lower() == ".xlsx":
        write_xlsx(str(path), "拒绝的行", REPORT_HEADER, rows, widths=(8, 20, 50, 50))
        return
    with path.open("w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel on Chinese Windows opens it right
        writer = csv.writer(f)
        writer.writerow(REPORT_HEADER)
        writer.writerows(rows)
