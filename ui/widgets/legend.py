"""The small legend under a table whose rows are coloured: every colour that means something is explained once
on its screen. Red always means late (past its time) or refused, never anything else (ui/widgets/legend.py
holds the colours: RED, AMBER for short of stock / below minimum, BLUE for waiting on the customer, GREEN,
GREY)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

RED = QColor(200, 30, 30)
AMBER = QColor(176, 96, 0)
BLUE = QColor(21, 101, 192)
GREEN = QColor(46, 125, 50)
GREY = QColor(130, 130, 130)

Entry = tuple[QColor, str, str]  # colour, what it means in Chinese, in English


def legend(tr: Callable[[str, str], str], entries: Sequence[Entry]) -> QLabel:
    """A one-line legend: ■ 红色 = 超过承诺交车时间   ■ …"""
    parts = [f'<span style="color:{c.name()}">■ {tr(zh, en)}</span>' for c, zh, en in entries]
    label = QLabel(tr("颜色：", "Colours: ") + "&nbsp;&nbsp;&nbsp;".join(parts))
    label.setObjectName("legend")
    label.setProperty("legend_colours", [c.name() for c, _zh, _en in entries])
    label.setWordWrap(True)
    return label
