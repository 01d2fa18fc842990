"""Small shared widgets: the title of a screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def screen_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSize(font.pointSize() + 5)
    font.setBold(True)
    label.setFont(font)
    return label
