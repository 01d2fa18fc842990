"""Columns sized to their content: numbers right-aligned and never squeezed, long text elided (…) with the
whole text in its tooltip, the name column taking what is left, nothing running off the right edge.

`fit_columns(view)` after the rows are loaded (a user's own width, kept by ColumnMemory, still wins)."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QTableWidget

NUMBER = re.compile(r"^[-+¥￥]?\s*[\d,]+(\.\d+)?\s*%?$")
TEXT_CAP = 260  # a text column wider than this is elided (with a tooltip) unless the table has room


def is_number_text(text: str) -> bool:
    """A quantity or an amount (12, 1,280.00, ¥68.00, 15 %); a long run of digits is an identifier (a phone)."""
    text = text.strip()
    return bool(text) and bool(NUMBER.match(text)) and not (text.isdigit() and len(text) >= 7)


DATE = re.compile(r"^[\d\-/: .]+$")
CODE = re.compile(r"^(?=.*\d)\S+$")  # a work order or part number, a plate, a VIN: elided last


def _column_is(view: QTableView, column: int, rows: int, test: re.Pattern[str]) -> bool:
    model = view.model()
    texts = [str(model.data(model.index(r, column), Qt.ItemDataRole.DisplayRole) or "") for r in range(min(rows, 30))]
    return any(texts) and all(test.match(t) for t in texts if t)


def _number_column(view: QTableView, column: int, rows: int) -> bool:
    """Its first 30 filled cells are numbers. Empty cells are passed over, up to 200 rows: the newest work orders,
    still open, have no total yet - judged on the first 30 rows, the amount column was a name, squeezed to
    "¥1,9…" on the work order list."""
    model = view.model()
    seen = 0
    for r in range(min(rows, 200)):
        value = model.data(model.index(r, column), Qt.ItemDataRole.DisplayRole)
        text = "" if value is None else str(value)
        if text:
            if not is_number_text(text):
                return False
            seen += 1
            if seen == 30:
                break
    return seen > 0


def _mark_widget_items(table: QTableWidget, numbers: set[int]) -> None:
    """A QTableWidget's cells: numbers right-aligned, every text cell with its whole text as tooltip."""
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is None or not item.text():
                continue
            if c in numbers:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            elif not item.toolTip():
                item.setToolTip(item.text())


class _Refit(QObject):
    """Fits the columns again when the table changes width (a window shown, a splitter dragged)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.width = -1
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.view.viewport().width() != self.width:
            self.width = self.view.viewport().width()
            fit_columns(self.view, self.view.property("fit_stretch"), self.view.property("fit_cap") or TEXT_CAP)
        return False


def fit_columns(view: QTableView, stretch: int | None = None, cap: int = TEXT_CAP) -> None:
    """Size every visible column to its content and header; text columns at most `cap` wide (elided with a
    tooltip), numbers never narrower than their content; `stretch` (default: the widest text column) gets the
    room left, or gives up room (down to its header's width) so that no column lies beyond the right edge."""
    model: QAbstractItemModel | None = view.model()  # None before a model is set
    if model is None:
        return
    if view.property("fit_refit") is None:
        view.setProperty("fit_refit", True)
        view.setProperty("fit_stretch", stretch)
        view.setProperty("fit_cap", cap)
        _Refit(view)
    header = view.horizontalHeader()
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setWordWrap(False)
    columns = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    rows = model.rowCount()
    numbers = {c for c in columns if _number_column(view, c, rows)}
    if isinstance(view, QTableWidget):
        _mark_widget_items(view, numbers)
    for c in columns:
        if header.sectionResizeMode(c) != QHeaderView.ResizeMode.Interactive:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    want: dict[int, int] = {}
    floor: dict[int, int] = {}
    for c in columns:
        head = header.sectionSizeFromContents(c).width()
        content = max(view.sizeHintForColumn(c), 0)
        want[c] = max(head, content)
        floor[c] = want[c] if c in numbers else max(head, min(want[c], 48))
        if c not in numbers:
            want[c] = max(head, min(want[c], cap))
    texts = [c for c in columns if c not in numbers]
    # names give up room first, then times and dates, numbers and codes (a plate, a work order number) last
    rank = {c: 2 if _column_is(view, c, rows, CODE) else 1 if _column_is(view, c, rows, DATE) else 0 for c in texts}
    if stretch is None or stretch not in want:  # the widest name column takes what is left
        stretch = max(texts, key=lambda c: (rank[c] == 0, want[c])) if texts else (columns[-1] if columns else None)
    others = [c for c in columns if c != stretch]
    room = view.viewport().width() if view.isVisible() else 0
    total = sum(want[c] for c in others)
    if stretch is not None and stretch in floor:
        room -= max(header.sectionSizeFromContents(stretch).width(), min(want[stretch], 80))
    if room > 0 and total > room:  # give up room, widest name column first, never below its floor
        for c in sorted((c for c in texts if c != stretch), key=lambda c: (rank[c], -want[c])):
            give = min(total - room, want[c] - floor[c])
            want[c] -= give
            total -= give
            if total <= room:
                break
    for c in others:
        header.resizeSection(c, want[c])
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
