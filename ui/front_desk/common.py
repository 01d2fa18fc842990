"""Shared by the front desk, workshop floor and quality screens: a plain rows table model, names of states,
kinds and priorities in the user's language (from the label registry, workshop.domain.labels), and formatting
of times and durations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.context import AppContext
from ui.widgets.columns import fit_columns, is_number_text
from workshop.domain.clock import fmt_shop
from workshop.domain.codes import AddedState, ConsentMethod
from workshop.domain.labels import label_of
from workshop.domain.money import fmt_money
from workshop.domain.work_order import ChargingMode, Kind, Priority, State

Index = QModelIndex | QPersistentModelIndex
RED = QColor(200, 30, 30)
ORANGE = QColor(190, 110, 0)

def state_name(ctx: AppContext, state: str | None) -> str:
    return label_of(State, state, ctx.lang)


def kind_name(ctx: AppContext, kind: str | None) -> str:
    return label_of(Kind, kind, ctx.lang)


def priority_name(ctx: AppContext, priority: str | None) -> str:
    return label_of(Priority, priority, ctx.lang)


def charging_name(ctx: AppContext, mode: str | None) -> str:
    return label_of(ChargingMode, mode, ctx.lang)


def consent_name(ctx: AppContext, method: str | None) -> str:
    return label_of(ConsentMethod, method, ctx.lang)


def added_state_name(ctx: AppContext, state: str | None) -> str:
    return label_of(AddedState, state, ctx.lang)


def when(value: datetime | None) -> str:
    return fmt_shop(value)


def duration(ctx: AppContext, span: timedelta) -> str:
    """2天3小时 / 3小时15分 / 40分 (2d 3h / 3h 15m / 40m); negative spans get a minus sign."""
    sign = "-" if span < timedelta(0) else ""
    minutes = int(abs(span).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if ctx.lang == "en":
        text = f"{days}d {hours}h" if days else (f"{hours}h {mins:02d}m" if hours else f"{mins}m")
    else:
        text = f"{days}天{hours}小时" if days else (f"{hours}小时{mins:02d}分" if hours else f"{mins}分")
    return sign + text


def money(value: Decimal | None) -> str:
    return fmt_money(value)


def qty(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class RowsModel(QAbstractTableModel):
    """A read-only table of display tuples, each with the plain row behind it (payload) for the actions.
    row_color(payload) gives a foreground colour (late work orders in red)."""

    def __init__(self, headers: Sequence[str], row_color: Callable[[Any], QColor | None] | None = None,
                 align_right: Sequence[int] = ()) -> None:
        super().__init__()
        self._headers = list(headers)
        self._rows: list[tuple[str, ...]] = []
        self._payloads: list[Any] = []
        self._row_color = row_color
        self._right = set(align_right)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
        if horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(self._headers)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and self._row_color is not None:
            color = self._row_color(self._payloads[index.row()])
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and (
                index.column() in self._right or is_number_text(self._rows[index.row()][index.column()])):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:  # a long name elided in its column: the whole text
            text = self._rows[index.row()][index.column()]
            return text if len(text) > 6 else None
        return None

    def set_rows(self, rows: Sequence[Sequence[Any]], payloads: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = [tuple("" if v is None else str(v) for v in r) for r in rows]
        self._payloads = list(payloads)
        self.endResetModel()

    def payload(self, row: int) -> Any:
        return self._payloads[row] if 0 <= row < len(self._payloads) else None

    def display_row(self, row: int) -> tuple[str, ...]:
        return self._rows[row]


def make_table(model: QAbstractTableModel, stretch: int | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(60)  # fit columns to the first rows, not to thousands of them
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    fit_columns(view, stretch)  # and again whenever the table changes width
    return view


def selected_payload(view: QTableView, model: RowsModel) -> Any:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return model.payload(rows[0].row()) if rows else None


def confirm(parent: Any, ctx: AppContext, text: str) -> bool:
    """Ask yes/no (tests replace this function: `monkeypatch.setattr(common, "confirm", ...)`)."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, ctx.tr("请确认", "Please confirm"), text)
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: Any, ctx: AppContext, text: str) -> None:
    """A plain notice (tests replace this function too)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, ctx.tr("提示", "Note"), text)


def name_buttons(ctx: AppContext, box: Any) -> Any:
    """The OK / Save / Cancel buttons of a QDialogButtonBox in the user's language (whatever Qt's own
    translations are installed)."""
    from PySide6.QtWidgets import QDialogButtonBox

    sb = QDialogButtonBox.StandardButton
    for which, zh, en in ((sb.Ok, "确定", "OK"), (sb.Save, "保存", "Save"), (sb.Cancel, "取消", "Cancel")):
        button = box.button(which)
        if button is not None:
            button.setText(ctx.tr(zh, en))
    return box
