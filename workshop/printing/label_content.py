"""What goes on a label: the symbol (EAN-13 or Code 128), the title and the footer of a part, a bin, a tool, a
work order or a badge. Where it goes (in printer dots) is workshop.printing.labels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workshop.domain.barcodes import Symbol, code128_symbol, ean13_symbol
from workshop.domain.errors import InvalidInput
from workshop.domain.money import fmt_money
from workshop.queries.labels import (
    BadgeLabelRow,
    BinLabelRow,
    LabelRow,
    PartLabelRow,
    ToolLabelRow,
    WorkOrderLabelRow,
)


@dataclass(frozen=True)
class LabelContent:
    symbol: Symbol
    title: str  # wraps on up to title_lines lines, then ends with an ellipsis
    footer: str = ""  # one line, ends with an ellipsis when too long
    title_scale: float = 1.0  # a plate or a bin code is printed large
    title_lines: int = 2


def part_label(row: PartLabelRow, show_price: bool = False) -> LabelContent:
    bits = [f"货位 {row.bin_code}" if row.bin_code else ""]
    if show_price:
        bits.append(fmt_money(row.price))
    if row.ean:
        try:
            symbol = ean13_symbol(row.ean)
        except InvalidInput as exc:
            raise InvalidInput(f"备件 {row.part_no}：{exc.zh}", f"Part {row.part_no}: {exc.en}") from None
        bits.insert(0, row.part_no)
    else:
        symbol = code128_symbol(row.part_no)
    return LabelContent(symbol, row.name, "  ".join(b for b in bits if b))


def bin_label(row: BinLabelRow) -> LabelContent:
    return LabelContent(code128_symbol(row.code), row.code, row.description, title_scale=1.5, title_lines=1)


def tool_label(row: ToolLabelRow) -> LabelContent:
    footer = "  ".join(b for b in (row.model, row.location) if b)
    return LabelContent(code128_symbol(row.code), row.name, footer)


def work_order_label(row: WorkOrderLabelRow) -> LabelContent:
    return LabelContent(code128_symbol(row.number), row.plate, row.model, title_scale=1.5, title_lines=1)


def badge_label(row: BadgeLabelRow) -> LabelContent:
    return LabelContent(code128_symbol(row.badge_code), row.display_name, row.team or "", title_scale=1.3,
                        title_lines=1)


def contents_for(rows: Iterable[LabelRow], *, show_price: bool = False) -> list[LabelContent]:
    out: list[LabelContent] = []
    for row in rows:
        if isinstance(row, PartLabelRow):
            out.append(part_label(row, show_price))
        elif isinstance(row, BinLabelRow):
            out.append(bin_label(row))
        elif isinstance(row, ToolLabelRow):
            out.append(tool_label(row))
        elif isinstance(row, WorkOrderLabelRow):
            out.append(work_order_label(row))
        else:
            out.append(badge_label(row))
    return out
