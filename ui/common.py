"""Small shared widgets: the honest 'coming' page and a title bar for screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import AppContext


def screen_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSize(font.pointSize() + 5)
    font.setBold(True)
    label.setFont(font)
    return label


class ComingSoon(QWidget):
    """Shown for a screen whose capability is not built yet — says so plainly."""

    def __init__(self, ctx: AppContext, title: str = "") -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(title))
        note = QLabel(ctx.tr("此功能正在开发中，尚未提供。", "This screen is not built yet."))
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(note, 1)
