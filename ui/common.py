"""Small shared widgets: the title of a screen; a window sized to fit the screen it opens on."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QTableWidget, QWidget


def screen_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSize(font.pointSize() + 5)
    font.setBold(True)
    label.setFont(font)
    return label


def fit_to_screen(window: QWidget, width: int, height: int) -> bool:
    """The preferred size where the screen has room, else what the screen offers (1366x768 at most counters), so
    nothing at the window's bottom falls off the screen. True when the screen is smaller than preferred."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    avail = screen.availableGeometry()
    window.resize(min(width, avail.width()), min(height, avail.height()))
    small = avail.width() < width or avail.height() < height
    if small:
        window.move(avail.topLeft())
    return small


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """The text of a table cell, "" where the cell holds no item."""
    item = table.item(row, column)
    return item.text() if item is not None else ""
