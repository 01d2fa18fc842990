"""A table model that holds only what was fetched: pages load as the user scrolls (canFetchMore/fetchMore).

reload() keeps the user's place: the rows already loaded are fetched again and matched by id (row_id, by
default the first column), so rows that left are removed, new ones inserted and the rest updated in place;
the views keep their selection and scroll position. Numbers are right-aligned; long texts carry a tooltip.

With `reads_off_thread(ops)` a reload fetches on a worker (ui/widgets/query_op.py) and merges on the GUI
thread when the rows arrive - only the latest reload's rows - so a slow filter never freezes the screen; the
fetch_page given to reload() must then not touch widgets (take the filter's values before). Pages fetched
while scrolling stay on the GUI thread (one page is quick) and wait while a reload is in flight."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

if TYPE_CHECKING:
    from ui.operations import Operations
    from ui.widgets.query_op import QueryOp

FetchPage = Callable[[int, int], Sequence[Sequence[Any]]]
Index = QModelIndex | QPersistentModelIndex
RowId = Callable[[Sequence[Any]], Hashable]

# an amount or a count as shown ("1,042.38", "-1", "12.5 %", "¥440.00"); not a phone, a date or a part number
_NUMBER = re.compile(r"^[-+]?[¥$]?(\d{1,3}(,\d{3})+|\d{1,7})(\.\d+)?( ?%)?$")
TOOLTIP_FROM = 16  # a text this long may be elided by its column: its tooltip shows it whole
KEEP_AT_MOST = 1000  # a reload fetches again at most this many rows to keep the user's place


_DISPLAY, _FOREGROUND, _ALIGN, _TOOLTIP = (int(r.value) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ToolTipRole))
_ANSWERED = frozenset((_DISPLAY, _FOREGROUND, _ALIGN, _TOOLTIP))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    return isinstance(value, str) and bool(_NUMBER.match(value.strip()))


class LazyTableModel(QAbstractTableModel):
    """columns: header labels; fetch_page(offset, limit) -> rows (sequences of display values).
    row_color(row) -> QColor | None highlights a row (e.g. late work orders in red)."""

    def __init__(self, columns: Sequence[str], fetch_page: FetchPage, *, page_size: int = 200,
                 row_color: Callable[[Sequence[Any]], QColor | None] | None = None,
                 hidden_tail: int = 0, row_id: RowId | None = None) -> None:
        super().__init__()
        self._row_id: RowId = row_id or (lambda row: row[0] if row else None)
        self._columns = list(columns)
        self._fetch_page = fetch_page
        self._page_size = page_size
        self._row_color = row_color
        self._hidden_tail = hidden_tail  # trailing values of each row kept for the program, not shown
        self._rows: list[Sequence[Any]] = []
        self._exhausted = False
        self._fetching = False
        self._query: QueryOp[tuple[list[Sequence[Any]], bool]] | None = None
        self.on_reloaded: Callable[[], object] | None = None  # called after each reload's rows are in

    def reads_off_thread(self, ops: Operations) -> None:
        """From now on reload() fetches on a worker thread (see the module's note)."""
        from ui.widgets.query_op import QueryOp

        self._query = QueryOp(self, ops, self._apply_reload)

    @property
    def reloading(self) -> bool:
        return self._query is not None and self._query.pending

    # --- the model -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._columns):
            return self._columns[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # called for every role of every cell whenever a view measures its columns (ResizeToContents): the
        # roles this model never answers leave first, and the role constants are plain ints (issue 22)
        if role not in _ANSWERED:
            return None
        r, c = index.row(), index.column()
        if not index.isValid() or r >= len(self._rows) or c >= len(self._columns):
            return None
        row = self._rows[r]
        if role == _DISPLAY:
            value = row[c]
            return "" if value is None else str(value)
        if role == _FOREGROUND:
            if self._row_color is None:
                return None
            color = self._row_color(row)
            return QBrush(color) if color is not None else None
        if role == _ALIGN:
            return _RIGHT if is_number(row[c]) else None
        value = row[c]  # the tooltip
        text = "" if value is None else str(value)
        return text if len(text) >= TOOLTIP_FROM else None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self.reloading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._fetching or self.reloading:
            return
        if self._query is not None and not self._rows:
            self.reload()  # the first page too comes from the worker
            return
        self._fetching = True  # views may ask again while rows are being inserted: never load a page twice
        try:
            page = list(self._fetch_page(len(self._rows), self._page_size))
            if len(page) < self._page_size:
                self._exhausted = True
            if not page:
                return
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._fetching = False

    # --- for the screens -------------------------------------------------------------
    def reload(self, fetch_page: FetchPage | None = None) -> None:
        """Fetch again (after a filter changed or data changed) as many rows as were loaded, and merge them
        by id: the views keep their selection and scroll position."""
        if fetch_page is not None:
            self._fetch_page = fetch_page
        want = min(max(len(self._rows), self._page_size), max(KEEP_AT_MOST, self._page_size))
        fetch, size = self._fetch_page, self._page_size
        if self._query is not None:
            self._query.run(lambda: _fetch_rows(fetch, want, size))
        else:
            self._apply_reload(_fetch_rows(fetch, want, size))

    def restart(self, fetch_page: FetchPage) -> None:
        """Show other rows altogether (another car picked): the first page of fetch_page, not as many as were
        loaded of the rows before."""
        self.beginResetModel()
        self._rows, self._exhausted = [], False
        self.endResetModel()
        self.reload(fetch_page)

    def _apply_reload(self, fetched: tuple[list[Sequence[Any]], bool]) -> None:
        new, exhausted = fetched
        old_ids = [self._row_id(r) for r in self._rows]
        new_ids = [self._row_id(r) for r in new]
        self._fetching = True  # a view asking for more while rows move must wait for the merge
        try:
            if len(set(old_ids)) != len(old_ids) or len(set(new_ids)) != len(new_ids):
                self.beginResetModel()  # rows without a unique id: start again
                self._rows = new
                self.endResetModel()
            else:
                self._merge(new, new_ids)
            self._exhausted = exhausted
        finally:
            self._fetching = False
        if self.on_reloaded is not None:
            self.on_reloaded()

    def _merge(self, new: list[Sequence[Any]], new_ids: list[Hashable]) -> None:
        keep = set(new_ids)
        # 1. remove the rows that left, bottom up, in runs
        row = len(self._rows) - 1
        while row >= 0:
            if self._row_id(self._rows[row]) in keep:
                row -= 1
                continue
            last = row
            while row >= 0 and self._row_id(self._rows[row]) not in keep:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row + 1, last)
            del self._rows[row + 1:last + 1]
            self.endRemoveRows()
        # 2. put the remaining rows in the new order (persistent indexes, i.e. the selection, follow them)
        position = {rid: i for i, rid in enumerate(new_ids)}
        order = sorted(range(len(self._rows)), key=lambda i: position[self._row_id(self._rows[i])])
        if order != list(range(len(self._rows))):
            self.layoutAboutToBeChanged.emit()
            moved = {old: new_row for new_row, old in enumerate(order)}
            self._rows = [self._rows[i] for i in order]
            olds = self.persistentIndexList()
            self.changePersistentIndexList(olds, [self.index(moved[i.row()], i.column()) for i in olds])
            self.layoutChanged.emit()
        # 3. insert the new rows where they belong, in runs
        present = {self._row_id(r) for r in self._rows}
        i = 0
        while i < len(new):
            if new_ids[i] in present:
                i += 1
                continue
            first = i
            while i < len(new) and new_ids[i] not in present:
                i += 1
            self.beginInsertRows(QModelIndex(), first, i - 1)
            self._rows[first:first] = new[first:i]
            self.endInsertRows()
        # 4. the values of every kept row may have changed
        self._rows = new
        if new:
            self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, len(self._columns) - 1))

    def row_values(self, row: int) -> Sequence[Any]:
        return self._rows[row]

    @property
    def loaded(self) -> int:
        return len(self._rows)


def _fetch_rows(fetch_page: FetchPage, want: int, page_size: int) -> tuple[list[Sequence[Any]], bool]:
    """As many rows as the user had loaded (at least a page): the rows, and whether that was all of them."""
    new: list[Sequence[Any]] = []
    while len(new) < want:  # fetched before any change to the model: no change in flight
        page = list(fetch_page(len(new), page_size))
        new.extend(page)
        if len(page) < page_size:
            return new, True
    return new, False


RED = QColor(200, 30, 30)
