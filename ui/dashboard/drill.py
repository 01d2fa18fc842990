"""The list behind a bar: a dialog with the rows that make up the figure, loaded page by page; a row that names a
work order opens it (double-click or Enter)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets import save_pdf
from ui.widgets.lazy_table import LazyTableModel
from ui.widgets.work_order_windows import show_work_order
from workshop.queries.dashboards import Figure
from workshop.queries.dashboards_base import Params, csv_value, fmt_value

PAGE = 200


class DrillDialog(QDialog):
    def __init__(self, ctx: AppContext, fig: Figure, params: Params, key: Any, what: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.fig, self.params, self.key = ctx, fig, params, key
        self.setWindowTitle(f"{fig.title(ctx.lang)} — {what}")
        self.resize(980, 520)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{fig.title(ctx.lang)}</b>：{what}")
        head.setToolTip(fig.definition(ctx.lang))
        layout.addWidget(head)
        self.model = LazyTableModel([c.title(ctx.lang) for c in fig.drill_columns], self._page, page_size=PAGE)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.work_order_column = next((i for i, c in enumerate(fig.drill_columns)
                                       if c.key in ("number", "wo") and "工单" in c.zh), None)
        self.windows: dict[str, QWidget] = {}
        if self.work_order_column is not None:
            self.table.setToolTip(ctx.tr("双击或回车打开工单", "Double-click or Enter opens the work order"))
            self.table.doubleClicked.connect(lambda index: self.open_work_order(index.row()))
            self.table.activated.connect(lambda index: self.open_work_order(index.row()))
        layout.addWidget(self.table, 1)
        self.model.fetchMore()
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        export = QPushButton(ctx.tr("导出 CSV…", "Export CSV…"))
        export.clicked.connect(self._ask_export)
        buttons.addButton(export, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_count()
        self.model.rowsInserted.connect(self._update_count)

    def open_work_order(self, row: int) -> QWidget | None:
        """The work order of the row, in its window (read-only for those who may not edit work orders)."""
        if self.work_order_column is None or not (0 <= row < self.model.rowCount()):
            return None
        number = str(self.model.row_values(row)[self.work_order_column] or "")
        if not number:
            return None
        return show_work_order(self.ctx, number, self, self.windows)

    def _raw_page(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        return self.fig.drill_page(self.ctx.db, self.params, self.key, offset, limit)

    def _page(self, offset: int, limit: int) -> Sequence[Sequence[Any]]:
        cols = self.fig.drill_columns
        return [[fmt_value(v, c.fmt, self.ctx.lang) for v, c in zip(row, cols, strict=False)]
                for row in self._raw_page(offset, limit)]

    def _update_count(self) -> None:
        more = self.ctx.tr("（向下滚动加载更多）", " (scroll for more)") if self.model.canFetchMore() else ""
        self.count_label.setText(self.ctx.tr(f"已显示 {self.model.rowCount()} 行", f"{self.model.rowCount()} rows shown")
                                 + more)

    def _ask_export(self) -> None:
        path = save_pdf.ask_save_path(self, self.ctx, self.ctx.tr("导出 CSV", "Export CSV"),
                                      f"{self.fig.title(self.ctx.lang)}-{self.windowTitle()}.csv", "CSV (*.csv)")
        if path is not None:
            self.export_csv(str(path))
            save_pdf.show_written(self, self.ctx, path, self.ctx.tr("明细", "The list"))

    def export_csv(self, path: str) -> int:
        """Every row of the list (not only those loaded), UTF-8 with BOM for Excel. Returns the row count."""
        import csv

        cols = self.fig.drill_columns
        count = 0
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([c.title(self.ctx.lang) for c in cols])
            offset = 0
            while True:
                page = self._raw_page(offset, 1000)
                for row in page:
                    writer.writerow([csv_value(v, c.fmt, self.ctx.lang) for v, c in zip(row, cols, strict=False)])
                count += len(page)
                if len(page) < 1000:
                    break
                offset += 1000
        return count
