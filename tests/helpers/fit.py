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
