"""A table model that holds only what was fetched: pages load as the user scrolls (canFetchMore/fetchMore)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

FetchPage = Callable[[int, int], Sequence[Sequence[Any]]]
Index = QModelIndex | QPersistentModelIndex


class LazyTableModel(QAbstractTableModel):
    """columns: header labels; fetch_page(offset, limit) -> rows (sequences of display values).
    row_color(row) -> QColor | None highlights a row (e.g. late work orders in red)."""

    def __init__(self, columns: Sequence[str], fetch_page: FetchPage, *, page_size: int = 200,
                 row_color: Callable[[Sequence[Any]], QColor | None] | None = None,
                 hidden_tail: int = 0) -> None:
        super().__init__()
        self._columns = list(columns)
        self._fetch_page = fetch_page
        self._page_size = page_size
        self._row_color = row_color
        self._hidden_tail = hidden_tail  # trailing values of each row kept for the program, not shown
        self._rows: list[Sequence[Any]] = []
        self._exhausted = False
        self._fetching = False

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row[index.column()]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and self._row_color is not None:
            color = self._row_color(row)
            return QBrush(color) if color is not None else None
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._fetching:
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
        """Start again from the first page (after a filter changed or data changed)."""
        if fetch_page is not None:
            self._fetch_page = fetch_page
        first = list(self._fetch_page(0, self._page_size))  # fetched before the reset: no change in flight
        self.beginResetModel()
        self._rows = first
        self._exhausted = len(first) < self._page_size
        self.endResetModel()

    def row_values(self, row: int) -> Sequence[Any]:
        return self._rows[row]

    @property
    def loaded(self) -> int:
        return len(self._rows)


RED = QColor(200, 30, 30)
