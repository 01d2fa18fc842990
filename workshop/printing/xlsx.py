"""The Excel side of the cashier's papers (M3 statement, M6 shift report): one sheet, a bold and a money format,
amounts written as numbers so that the sheet sums them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Sheet:
    sheet: Any
    bold: Any
    money: Any


@contextmanager
def one_sheet(out: Path, name: str) -> Iterator[Sheet]:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(out))
    try:
        yield Sheet(book.add_worksheet(name), book.add_format({"bold": True}),
                    book.add_format({"num_format": "#,##0.00"}))
    finally:
        book.close()
