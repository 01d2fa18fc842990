"""导出 Excel / Export to Excel under a screen's list: the rows the screen's filters select, written by the same
code as `workshop list WHAT --format xlsx` (workshop.exports.export_list) on a worker thread, after the save
dialog of ui/widgets/save_pdf.py (Qt's own, in the app's language, proposing a Chinese file name)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from ui.context import AppContext
from ui.widgets import save_pdf
from workshop.domain.clock import shop_today
from workshop.exports import SHEET_ZH, export_list

XLSX_FILTER = "Excel (*.xlsx)"


def export_now(parent: QWidget | None, ctx: AppContext, what: str, filters: dict[str, Any],
               on_saved: Callable[[Path], None] | None = None) -> None:
    """Ask where, then write the list with these filters (taken now, on the GUI thread) off the GUI thread."""
    name = f"{SHEET_ZH.get(what, what)}-{shop_today():%Y%m%d}.xlsx"
    save_pdf.save_file(parent, ctx, ctx.tr("导出 Excel", "Export to Excel"), name,
                       lambda path: export_list(ctx.db, what, path, **filters),
                       what=ctx.tr("Excel 文件", "The Excel file"), name_filter=XLSX_FILTER, on_saved=on_saved)


def export_button(parent: QWidget, ctx: AppContext, what: str,
                  filters: Callable[[], dict[str, Any]] = dict) -> QPushButton:
    """The button; `filters()` gives the screen's filters at the moment it is pressed."""
    button = QPushButton(ctx.tr("导出 Excel", "Export to Excel"))
    button.setObjectName(f"export_{what}")
    button.setToolTip(ctx.tr("把列表中（按当前筛选）的全部行保存为 Excel 文件",
                             "Save every row of the list (as filtered now) as an Excel file"))
    button.clicked.connect(lambda: export_now(parent, ctx, what, filters()))
    return button
