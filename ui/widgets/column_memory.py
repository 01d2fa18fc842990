"""Column widths the user set by dragging a header edge, remembered per user and screen.

Screens size their columns to the content after every load; the widths a person chose win over that: a
resize the program makes to a column the user sized is put back at once."""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView

from ui import prefs


class ColumnMemory(QObject):
    def __init__(self, header: QHeaderView, username: str, name: str) -> None:
        super().__init__(header)
        self.header = header
        self.username = username
        self.name = name
        self.widths: dict[int, int] = self._load()
        self._dragging = False
        self._applying = False
        header.viewport().installEventFilter(self)
        header.sectionResized.connect(self._resized)
        self.apply()

    def _load(self) -> dict[int, int]:
        raw = prefs.load_text(self.username, self.name)
        try:
            data = json.loads(raw) if raw else {}
            return {int(k): int(v) for k, v in data.items() if int(v) > 0}
        except (ValueError, TypeError, AttributeError):
            return {}

    def save(self) -> None:
        if self.widths:
            prefs.save_text(self.username, self.name, json.dumps(self.widths))

    def apply(self) -> None:
        self._applying = True
        try:
            for section, width in self.widths.items():
                if section < self.header.count() and self.header.sectionSize(section) != width:
                    self.header.resizeSection(section, width)
        finally:
            self._applying = False

    def _resized(self, section: int, _old: int, new: int) -> None:
        if self._applying:
            return
        if self._dragging:
            self.widths[section] = new
        elif section in self.widths and new != self.widths[section]:
            self.apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self._dragging = True
        elif event.type() == QEvent.Type.MouseButtonRelease:
            self._dragging = False
        return False

    def remember(self, section: int, width: int) -> None:
        """As if the user dragged the column to this width."""
        self._dragging = True
        try:
            self.header.resizeSection(section, width)
            self.widths[section] = width
        finally:
            self._dragging = False
