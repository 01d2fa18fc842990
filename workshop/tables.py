"""Reading a table from the previous system, streamed: Excel (.xlsx/.xls/.ods, python-calamine) or CSV saved by
Excel or an old program — UTF-8 (BOM or not), GBK/GB18030, UTF-16 (Excel's "Unicode text", tab separated),
comma, semicolon or tab, Windows, Unix or old-Mac (CR) line endings, full-width digits from input methods."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from workshop.domain.errors import InvalidInput
from workshop.domain.text import halfwidth
from workshop.services.bulk_import import as_text

EXCEL = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number in the file, cells as text)
    size: int  # rows (Excel) or bytes (CSV) in all, for the progress
    position: Callable[[], int]  # rows or bytes read so far
    close: Callable[[], None]


def detect_encoding(path: Path) -> str:
    """The encoding of a CSV, reading the file once in 1 MB pieces (constant memory)."""
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        if head.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        f.seek(0)
        decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for piece in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(piece)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        f.seek(0)
        decoder = codecs.getincrementaldecoder("gb18030")()
        try:
            for piece in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(piece)
            return "gb18030"
        except UnicodeDecodeError:
            raise InvalidInput("文件编码无法识别（应为 UTF-8、GBK 或 UTF-16 的 CSV）。",
                               "The file's encoding is not recognised (expected a UTF-8, GBK or UTF-16 CSV).") \
                from None


def _csv(path: Path) -> Table:
    encoding = detect_encoding(path)
    raw = path.open("rb")
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")  # newline="": \r, \n and \r\n all end a line
    first = text.readline()
    counts = {d: first.count(d) for d in ("\t", ",", ";")}
    delimiter = max(counts, key=lambda d: counts[d])
    reader = csv.reader(io.StringIO(first), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        text.close()
        raise InvalidInput("文件是空的。", "The file is empty.")
    size = path.stat().st_size

    def rows() -> Iterator[tuple[int, list[str]]]:
        body = csv.reader(text, delimiter=delimiter)
        for line_no, row in enumerate(body, 2):
            yield line_no, [c if c.isascii() else halfwidth(c) for c in row]

    return Table(header, rows(), size, raw.tell, text.close)


def _excel(path: Path) -> Table:
    try:
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except Exception as exc:  # a damaged or foreign file: calamine says why
        raise InvalidInput(f"打不开 Excel 文件 {path.name}：{exc}", f"Cannot read the Excel file {path.name}: {exc}") \
            from None
    it = iter(sheet.iter_rows())
    header_cells = next(it, None)
    if not header_cells:
        raise InvalidInput("文件是空的。", "The file is empty.")
    done = [0]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for line_no, cells in enumerate(it, 2):
            done[0] = line_no
            yield line_no, [as_text(c) for c in cells]

    return Table([as_text(c) for c in header_cells], rows(), int(sheet.total_height or 0), lambda: done[0],
                 lambda: None)


def open_table(path: Path) -> Table:
    if not path.is_file():
        raise InvalidInput(f"找不到文件：{path}。", f"No such file: {path}.")
    return _excel(path) if path.suffix.lower() in EXCEL else _csv(path)
