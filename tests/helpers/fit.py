"""Does a window fit a small desk monitor? Every visible child lies inside the window, none cut off."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

SMALL = (1366, 768)
SMALL_AVAILABLE = (1366 - 16, 768 - 40 - 32)  # a taskbar, the window frame and its title bar


def _clipped_by_a_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent is not None:
            return True  # a scroll area's viewport (or its content): scrolled into view, not cut off
        parent = parent.parentWidget()
    return False


def outside(window: QWidget) -> list[str]:
    """The visible children of `window` that do not lie fully inside it."""
    QApplication.processEvents()
    frame = window.rect()
    out = []
    for child in window.findChildren(QWidget):
        if not child.isVisibleTo(window) or child.isWindow() or _clipped_by_a_scroll_area(child, window):
            continue
        top_left = child.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, child.size())
        if rect.width() > 0 and rect.height() > 0 and not frame.contains(rect):
            out.append(f"{type(child).__name__}({child.objectName() or getattr(child, 'text', lambda: '')()}) "
                       f"at {rect.getRect()} outside {frame.getRect()}")
    return out


def show_at(window: QWidget, size: tuple[int, int] = SMALL_AVAILABLE) -> None:
    window.resize(*size)
    window.show()
    QApplication.processEvents()


def cut_columns(window: QWidget) -> list[str]:
    """The visible tables' columns that are cut: a header label that does not fit its column, a number that
    does not fit, a text cell elided without its whole text in a tooltip, or a column lying beyond the table's
    right edge."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from ui.widgets.columns import is_number_text

    QApplication.processEvents()
    out = []
    for view in window.findChildren(QTableView):
        if not view.isVisibleTo(window) or view.model() is None or view.width() < 60:
            continue
        model, header = view.model(), view.horizontalHeader()
        name = view.objectName() or type(view.parentWidget()).__name__
        shown = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
        for c in shown:
            title = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            size = header.sectionSize(c)
            if header.sectionSizeFromContents(c).width() > size + 2:
                out.append(f"{name}: header {title!r} cut ({size} px)")
            if header.sectionViewportPosition(c) + size > view.viewport().width() + 2 and \
                    view.horizontalScrollBar().maximum() > 0:
                out.append(f"{name}: column {title!r} beyond the right edge")
            for r in range(min(model.rowCount(), 20)):
                index = model.index(r, c)
                text = str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
                need = view.fontMetrics().horizontalAdvance(text) + 4
                if text and need > size:
                    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                    if is_number_text(text) or not tip:
                        out.append(f"{name}: {title!r} row {r} {text!r} cut ({size} < {need} px)")
    return out
