"""The charts: bars per category (click a bar for the list behind it; many categories lie sideways so their
names can be read), a histogram, a time series whose values show on hover. Values arrive as plain numbers;
labels are already in the user's language."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QWidget

BAR = QColor(74, 116, 192)
BAR_HOVER = QColor(240, 150, 40)
LINE = QColor(40, 110, 180)
REF = QColor(200, 40, 40)
TEXT = QColor(40, 40, 40)


def nice_step(top: float, ticks: int = 5, integer: bool = False) -> float:
    """A tick step of 1, 2 or 5 x 10^k giving about `ticks` ticks up to `top`."""
    raw = max(top, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return max(step, 1.0) if integer else step


def short_number(value: float, lang: str) -> str:
    """Axis text: 250万 / 2.5M rather than 2.5e+06."""
    v = abs(value)
    if lang != "en" and v >= 10_000:
        return f"{value / 10_000:,.4g}万"
    if lang == "en" and v >= 1_000_000:
        return f"{value / 1_000_000:,.4g}M"
    if lang == "en" and v >= 10_000:
        return f"{value / 1_000:,.4g}k"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.4g}"


class ValueAxis(pg.AxisItem):
    def __init__(self, orientation: str, lang: str) -> None:
        super().__init__(orientation)
        self.lang = lang

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [short_number(v * scale, self.lang) for v in values]


class _Chart(pg.PlotWidget):
    """A quiet plot: white, no mouse panning or zooming, no context menu."""

    clicked = Signal(int)  # the index of the bar or point clicked

    def __init__(self, lang: str = "zh", horizontal: bool = False, parent: QWidget | None = None) -> None:
        self.horizontal = horizontal
        value_side = "bottom" if horizontal else "left"
        # enableMenu=False at construction: the view box's context menu (two axis panels of widgets, ~a quarter of
        # a chart's construction) is never built, instead of built and then switched off
        super().__init__(parent, background="w", enableMenu=False, axisItems={value_side: ValueAxis(value_side, lang)})
        item = self.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showGrid(x=horizontal, y=not horizontal, alpha=0.15)
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(pg.mkPen(TEXT))
            axis.setTextPen(pg.mkPen(TEXT))
        self.setMinimumHeight(190)
        self._tip = pg.TextItem("", color=TEXT, fill=pg.mkBrush(255, 255, 230, 235), border=pg.mkPen(150, 150, 150),
                                anchor=(-0.05, 0.5) if horizontal else (0.5, 1.1))
        self._tip.setZValue(10)
        self._tip.hide()
        self.addItem(self._tip, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._moved)
        self.scene().sigMouseClicked.connect(self._clicked)

    def _value_range(self, top: float, integer: bool, head: float = 1.18) -> None:
        """The value axis from 0 with head room for the notes; counts get whole-number ticks."""
        top = max(top, 1.0)
        step = nice_step(top, integer=integer)
        if self.horizontal:
            self.setXRange(0, top * head, padding=0)
            self.getAxis("bottom").setTickSpacing(step, step)
        else:
            self.setYRange(0, top * head, padding=0)
            self.getAxis("left").setTickSpacing(step, step)

    def _view_pos(self, scene_pos: QPointF) -> QPointF:
        return self.getPlotItem().vb.mapSceneToView(scene_pos)

    def index_at(self, view_pos: QPointF) -> int | None:  # pragma: no cover - overridden
        return None

    def tip_for(self, index: int) -> tuple[str, float, float]:  # pragma: no cover - overridden
        return "", 0.0, 0.0

    def _moved(self, scene_pos: QPointF) -> None:
        if not self.getPlotItem().vb.sceneBoundingRect().contains(scene_pos):
            self.hover(None)
            self._tip.hide()
            return
        index = self.index_at(self._view_pos(scene_pos))
        self.hover(index)
        if index is None:
            self._tip.hide()
            return
        text, x, y = self.tip_for(index)
        self._tip.setText(text)
        self._tip.setPos(x, y)
        self._tip.show()

    def hover(self, index: int | None) -> None:
        pass

    def mousePressEvent(self, ev: Any) -> None:
        super().mousePressEvent(ev)
        ev.accept()  # the chart is the click's target (bars open their lists)

    def mouseReleaseEvent(self, ev: Any) -> None:
        super().mouseReleaseEvent(ev)
        ev.accept()

    def _clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.index_at(self._view_pos(event.scenePos()))
        if index is not None:
            self.clicked.emit(index)

    def point_of(self, index: int) -> QPointF:
        """Where bar/point `index` is on the widget (for tests and keyboard users)."""
        _, x, y = self.tip_for(index)
        view = QPointF(max(x, 0.0) / 2, y) if self.horizontal else QPointF(x, y / 2 if y > 0 else 0)
        return self.mapFromScene(self.getPlotItem().vb.mapViewToScene(view)).toPointF()


def _shown(value: float, unit: str) -> str:
    return (f"{value:,.0f}" if value == int(value) else f"{value:,.2f}") + unit


class BarChart(_Chart):
    """One bar per category; optional text at each bar's end and a dashed reference line (e.g. the quota).
    With more categories than fit under the bars, the bars lie sideways with their names on the left."""

    def __init__(self, labels: Sequence[str], values: Sequence[float], *, notes: Sequence[str] | None = None,
                 reference: float | None = None, reference_label: str = "", histogram: bool = False,
                 unit: str = "", integer: bool = False, horizontal: bool = False, lang: str = "zh",
                 parent: QWidget | None = None) -> None:
        super().__init__(lang, horizontal, parent)
        self.labels, self.values, self.unit = list(labels), [float(v) for v in values], unit
        self.width = 0.96 if histogram else 0.62
        pos = list(range(len(self.values)))
        brush, pen = pg.mkBrush(BAR), pg.mkPen(BAR.darker(130))
        if horizontal:
            self.bars = pg.BarGraphItem(x0=0, y=pos, height=self.width, width=self.values, brush=brush, pen=pen)
            self._hl = pg.BarGraphItem(x0=0, y=[0], height=self.width, width=[0], brush=pg.mkBrush(BAR_HOVER),
                                       pen=None)
        else:
            self.bars = pg.BarGraphItem(x=pos, height=self.values, width=self.width, brush=brush, pen=pen)
            self._hl = pg.BarGraphItem(x=[0], height=[0], width=self.width, brush=pg.mkBrush(BAR_HOVER), pen=None)
        self.addItem(self.bars)
        self._hl.hide()
        self.addItem(self._hl)
        category_axis = self.getAxis("left" if horizontal else "bottom")
        category_axis.setTicks([list(enumerate(self.labels))])
        if horizontal:  # a line per name (and its note): the card grows, the dashboard scrolls
            self.setMinimumHeight(max(190, len(self.labels) * (QFontMetrics(self.font()).height() + 6) + 50))
        self._fit_names()
        if notes:
            small = QFont()
            small.setPointSize(8)
            for i, note in enumerate(notes):
                if note:
                    text = pg.TextItem(note, color=TEXT, anchor=(-0.05, 0.5) if horizontal else (0.5, 1.0))
                    text.setFont(small)
                    text.setPos(*((self.values[i], i) if horizontal else (i, self.values[i])))
                    self.addItem(text)
        if reference is not None:
            line = pg.InfiniteLine(pos=reference, angle=90 if horizontal else 0,
                                   pen=pg.mkPen(REF, width=2, style=Qt.PenStyle.DashLine), label=reference_label,
                                   labelOpts={"color": REF, "position": 0.06 if horizontal else 0.88,
                                              "anchors": [(0, 0), (0, 0)] if horizontal else [(1, 1), (1, 1)]})
            line.setZValue(5)
            self.addItem(line)
        span = (-0.6, max(len(self.values), 1) - 0.4)
        if horizontal:
            self.getPlotItem().vb.invertY(True)  # the first category on top
            self.setYRange(*span, padding=0)
        else:
            self.setXRange(*span, padding=0)
        self._value_range(max([*self.values, reference or 0]), integer, head=1.3 if horizontal and notes else 1.18)

    def resizeEvent(self, ev: QResizeEvent) -> None:
        super().resizeEvent(ev)
        self._fit_names()

    def _fit_names(self) -> None:
        """Bars standing: each name fits its slot under the bar. Sideways bars: as many names on the left as fit one above the other, never overlapping (15
        technicians in a card 150 px high wrote over each other); each bar still names itself under the mouse."""
        labels: list[str] = getattr(self, "labels", [])  # a resize may come while the base class is set up
        if not labels:
            return
        if not self.horizontal:  # under the bars: a name wider than its bar's slot is shortened (…), never run into
            metrics = QFontMetrics(self.font())  # its neighbour ("MaintenanceAccident" at 1366×768 in English)
            slot = int((self.getPlotItem().vb.width() or self.size().width() * 0.85) / len(labels)) - 6
            self.getAxis("bottom").setTicks([[(i, metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(slot, 12)))
                                              for i, name in enumerate(labels)]])
            return
        line = QFontMetrics(self.font()).height() + 1
        room = self.getPlotItem().vb.height() or self.height() * 0.75
        step = max(1, math.ceil(len(labels) * line / max(room, 1.0)))
        self.getAxis("left").setTicks([[(i, name) for i, name in enumerate(labels) if i % step == 0]])

    def index_at(self, view_pos: QPointF) -> int | None:
        """A bar's whole row or column is its target (a bar of 0 can still be clicked for its empty list)."""
        along, across = (view_pos.y(), view_pos.x()) if self.horizontal else (view_pos.x(), view_pos.y())
        i = round(along)
        if 0 <= i < len(self.values) and abs(along - i) <= self.width / 2 and across >= 0:
            return i
        return None

    def tip_for(self, index: int) -> tuple[str, float, float]:
        value = self.values[index]
        text = f"{self.labels[index]}：{_shown(value, self.unit)}"
        return (text, value, float(index)) if self.horizontal else (text, float(index), value)

    def hover(self, index: int | None) -> None:
        if index is None:
            self._hl.hide()
            self.setCursor(Qt.CursorShape.ArrowCursor)
            return
        if self.horizontal:
            self._hl.setOpts(x0=0, y=[index], height=self.width, width=[self.values[index]])
        else:
            self._hl.setOpts(x=[index], height=[self.values[index]], width=self.width)
        self._hl.show()
        self.setCursor(Qt.CursorShape.PointingHandCursor)


class LineChart(_Chart):
    """A time series: a point per day, its value shown on hover, clicking a point opens that day's list."""

    def __init__(self, labels: Sequence[str], values: Sequence[float], *, ticks: Sequence[str] | None = None,
                 unit: str = "", integer: bool = False, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(lang, False, parent)
        self.labels, self.values, self.unit = list(labels), [float(v) for v in values], unit
        x = list(range(len(self.values)))
        self.curve = self.plot(x, self.values, pen=pg.mkPen(LINE, width=2), symbol="o", symbolSize=6,
                               symbolBrush=pg.mkBrush(LINE), symbolPen=None)
        self._cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen(150, 150, 150, style=Qt.PenStyle.DotLine))
        self._cursor.hide()
        self.addItem(self._cursor, ignoreBounds=True)
        ticks = list(ticks or self.labels)
        step = max(1, (len(ticks) + 5) // 6)
        self.getAxis("bottom").setTicks([[(i, ticks[i]) for i in range(0, len(ticks), step)]])
        self.setXRange(-0.5, max(len(self.values), 1) - 0.5, padding=0)
        self._value_range(max(self.values, default=0.0), integer)

    def index_at(self, view_pos: QPointF) -> int | None:
        i = round(view_pos.x())
        return i if 0 <= i < len(self.values) else None

    def tip_for(self, index: int) -> tuple[str, float, float]:
        value = self.values[index]
        return f"{self.labels[index]}：{_shown(value, self.unit)}", float(index), value

    def hover(self, index: int | None) -> None:
        if index is None:
            self._cursor.hide()
            return
        self._cursor.setPos(index)
        self._cursor.show()
