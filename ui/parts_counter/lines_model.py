"""The part lines of the work order at the counter: asked, issued, returned, still to issue, on hand, status."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from workshop.queries.stock import CounterLine
from workshop.services.stock import fmt_qty

Index = QModelIndex | QPersistentModelIndex
GREY = QColor(140, 140, 140)
DONE = QColor(20, 120, 40)
SHORT = QColor(200, 30, 30)
HIGHLIGHT = QColor(255, 243, 170)
_NUMERIC = (3, 4, 5, 6, 7)


def line_status(line: CounterLine, lang: str) -> str:
    en = lang == "en"
    if line.added_item_state is not None and not line.approved:
        return ("added item not confirmed" if en else "增项待客户确认") if line.added_item_state == "proposed" \
            else ("added item declined" if en else "增项客户未同意")
    if line.fitted:
        return "fitted" if en else "已装车"
    notes = []
    if line.remaining <= 0:
        notes.append("complete" if en else "已发齐")
    elif line.on_hand < line.remaining:
        notes.append("stock short" if en else "库存不足")
    if line.old_for_new:
        notes.append(f"old for new (old in: {fmt_qty(line.old_part_received)})" if en
                      else f"以坏换新（已交旧件 {fmt_qty(line.old_part_received)}）")
    return "，".join(notes) if not en else ", ".join(notes)


class CounterLinesModel(QAbstractTableModel):
    def __init__(self, lang: str = "zh") -> None:
        super().__init__()
        self.lang = lang
        en = lang == "en"
        self._columns = (["Part no", "Name", "Bin", "Asked", "Issued", "Returned", "To issue", "On hand", "Status"]
                         if en else ["零件号", "名称", "库位", "需求", "已发", "已退", "待发", "库存", "状态"])
        self._lines: list[CounterLine] = []
        self._highlight: int | None = None  # the line just touched by a scan

    def set_lines(self, lines: Sequence[CounterLine], highlight_line_id: int | None = None) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._highlight = highlight_line_id
        self.endResetModel()

    @property
    def highlighted(self) -> int | None:
        return self._highlight

    def line(self, row: int) -> CounterLine:
        return self._lines[row]

    def row_of(self, line_id: int) -> int | None:
        return next((i for i, ln in enumerate(self._lines) if ln.line_id == line_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._columns):
            return self._columns[section]
        return None

    def _values(self, ln: CounterLine) -> tuple[str, ...]:
        q = fmt_qty
        return (ln.part_no, ln.part_name, ln.bin_code or "", q(ln.quantity), q(ln.issued), q(ln.returned),
                q(max(ln.remaining, Decimal(0))), q(ln.on_hand), line_status(ln, self.lang))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._lines)) \
                or not (0 <= index.column() < len(self._columns)):
            return None
        ln = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._values(ln)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not ln.approved:
                return QBrush(GREY)
            if ln.remaining <= 0:
                return QBrush(DONE)
            if ln.on_hand < ln.remaining:
                return QBrush(SHORT)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and ln.line_id == self._highlight:
            return QBrush(HIGHLIGHT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{ln.part_no} {ln.part_name}" + (f"\nEAN {ln.barcode}" if ln.barcode else "")
        return None
