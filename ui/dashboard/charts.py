"""The charts: bars per category (click a bar for the list behind it), a histogram, a time series whose
values show on hover. Values arrive as plain numbers; labels are already in the user's language."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

BAR = QColor(74, 116, 192)
BAR_HOVER = QColor(240, 150, 40)
LINE = QColor(40, 110, 180)
REF = QColor(200, 40, 40)
TEXT = QColor(40, 40, 40)


class _Chart(pg.PlotWidget):
    """A quiet plot: white, no mouse panning or zooming, no context menu."""

    clicked = Signal(int)  # the index of the bar or point clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        item = self.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showGrid(x=False, y=True, alpha=0.15)
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(pg.mkPen(TEXT))
            axis.setTextPen(pg.mkPen(TEXT))
        self.setMinimumHeight(190)
        self._tip = pg.TextItem("", color=TEXT, fill=pg.mkBrush(255, 255, 230, 235), border=pg.mkPen(150, 150, 150),
                                anchor=(0.5, 1.1))
        self._tip.setZValue(10)
        self._tip.hide()
        self.addItem(self._tip, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._moved)
        self.scene().sigMouseClicked.connect(self._clicked)

    def _axis_range(self, top: float, integer: bool) -> None:
        """y from 0 with head room; counts get whole-number ticks."""
        top = max(top, 1.0)
        self.setYRange(0, top * 1.18, padding=0)
        if integer:
            step = max(1, math.ceil(top / 5))
            self.getAxis("left").setTickSpacing(step, step)

    def _view_pos(self, scene_pos: QPointF) -> QPointF:
        return self.getPlotItem().vb.mapSceneToView(scene_pos)

    def index_at(self, view_pos: QPointF) -> int | None:  # pragma: no cover - overridden
        return None

    def tip_for(self, index: int) -> tuple[str, float, float]:  # pragma: no cover - overridden
        return "", 0.0, 0.0

    def _moved(self, scene_pos: QPointF) -> None:
        if not self.getPlotItem().vb.sceneBoundingRect().contains(scene_pos):
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

    def _clicked(self, event: object) -> None:
        button = getattr(event, "button", lambda: None)()
        if button != Qt.MouseButton.LeftButton:
            return
        index = self.index_at(self._view_pos(event.scenePos()))  # type: ignore[attr-defined]
        if index is not None:
            self.clicked.emit(index)

    def point_of(self, index: int) -> QPointF:
        """Where bar/point `index` is on the widget (for tests and keyboard users)."""
        _, x, y = self.tip_for(index)
        scene = self.getPlotItem().vb.mapViewToScene(QPointF(x, y / 2 if y > 0 else 0))
        return self.mapFromScene(scene).toPointF()


class BarChart(_Chart):
    """One bar per category; optional text above each bar and a dashed reference line (e.g. the quota)."""

    def __init__(self, labels: Sequence[str], values: Sequence[float], *, notes: Sequence[str] | None = None,
                 reference: float | None = None, reference_label: str = "", histogram: bool = False,
                 unit: str = "", integer: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels, self.values, self.unit = list(labels), [float(v) for v in values], unit
        self.width = 0.96 if histogram else 0.62
        x = list(range(len(self.values)))
        self.bars = pg.BarGraphItem(x=x, height=self.values, width=self.width, brush=pg.mkBrush(BAR),
                                    pen=pg.mkPen(BAR.darker(130)))
        self.addItem(self.bars)
        self._hl = pg.BarGraphItem(x=[0], height=[0], width=self.width, brush=pg.mkBrush(BAR_HOVER), pen=None)
        self._hl.hide()
        self.addItem(self._hl)
        self.getAxis("bottom").setTicks([list(enumerate(self.labels))])
        if notes:
            small = QFont()
            small.setPointSize(8)
            for i, note in enumerate(notes):
                if note:
                    text = pg.TextItem(note, color=TEXT, anchor=(0.5, 1.0))
                    text.setFont(small)
                    text.setPos(i, self.values[i])
                    self.addItem(text)
        if reference is not None:
            line = pg.InfiniteLine(pos=reference, angle=0, pen=pg.mkPen(REF, width=2, style=Qt.PenStyle.DashLine),
                                   label=reference_label, labelOpts={"color": REF, "position": 0.88,
                                                                     "anchors": [(1, 1), (1, 1)]})
            line.setZValue(5)
            self.addItem(line)
        self.setXRange(-0.6, max(len(self.values), 1) - 0.4, padding=0)
        self._axis_range(max([*self.values, reference or 0]), integer)

    def index_at(self, view_pos: QPointF) -> int | None:
        """A bar's whole column is its target (a bar of 0 can still be clicked for its empty list)."""
        i = round(view_pos.x())
        if 0 <= i < len(self.values) and abs(view_pos.x() - i) <= self.width / 2 and view_pos.y() >= 0:
            return i
        return None

    def tip_for(self, index: int) -> tuple[str, float, float]:
        value = self.values[index]
        shown = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
        return f"{self.labels[index]}：{shown}{self.unit}", float(index), value

    def hover(self, index: int | None) -> None:
        if index is None:
            self._hl.hide()
            self.setCursor(Qt.CursorShape.ArrowCursor)
            return
        self._hl.setOpts(x=[index], height=[self.values[index]], width=self.width)
        self._hl.show()
        self.setCursor(Qt.CursorShape.PointingHandCursor)


class LineChart(_Chart):
    """A time series: a point per day, its value shown on hover, clicking a point opens that day's list."""

    def __init__(self, labels: Sequence[str], values: Sequence[float], *, ticks: Sequence[str] | None = None,
                 unit: str = "", integer: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self._axis_range(max(self.values, default=0.0), integer)

    def index_at(self, view_pos: QPointF) -> int | None:
        i = round(view_pos.x())
        return i if 0 <= i < len(self.values) else None

    def tip_for(self, index: int) -> tuple[str, float, float]:
        value = self.values[index]
        shown = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
        return f"{self.labels[index]}：{shown}{self.unit}", float(index), value

    def hover(self, index: int | None) -> None:
        if index is None:
            self._cursor.hide()
            return
        self._cursor.setPos(index)
        self._cursor.show()
