"""R4: the car seen from above (the outline of workshop.domain.walkaround, the same drawing the work order
prints). A left click adds a mark of the chosen kind (划痕 / 凹陷 / 裂纹 …) where the damage is; a right click
on a mark removes it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from workshop.domain.walkaround import (
    MAX_MARKS,
    OUTLINE_H,
    OUTLINE_LINES,
    OUTLINE_POLYGONS,
    OUTLINE_W,
    DamageMark,
)

MARK_COLOR = QColor("#c81e1e")
HIT_RADIUS = 12.0


class CarOutline(QWidget):
    marks_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.marks: list[DamageMark] = []
        self.kind = "scratch"
        self.read_only = read_only
        self.setMinimumSize(170, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor if not read_only else Qt.CursorShape.ArrowCursor)
        self.setToolTip("左键：标记损伤；右键：删除标记 / Left click: mark damage; right click: remove a mark")

    def sizeHint(self) -> QSize:
        return QSize(220, 420)

    def car_rect(self) -> QRectF:
        """Where the 100 × 200 outline is drawn: as large as fits, centred, aspect kept."""
        margin, head = 10.0, 18.0  # the words 车头 above the nose
        w, h = self.width() - 2 * margin, self.height() - 2 * margin - head
        scale = max(0.1, min(w / OUTLINE_W, h / OUTLINE_H))
        cw, ch = OUTLINE_W * scale, OUTLINE_H * scale
        return QRectF((self.width() - cw) / 2, head + (self.height() - head - ch) / 2, cw, ch)

    def to_widget(self, fx: float, fy: float) -> QPointF:
        r = self.car_rect()
        return QPointF(r.left() + fx * r.width(), r.top() + fy * r.height())

    def set_marks(self, marks: tuple[DamageMark, ...] | list[DamageMark]) -> None:
        self.marks = list(marks)
        self.update()
        self.marks_changed.emit()

    def undo_last(self) -> None:
        if self.marks:
            self.marks.pop()
            self.update()
            self.marks_changed.emit()

    def _mark_at(self, pos: QPointF) -> int | None:
        for i in range(len(self.marks) - 1, -1, -1):
            p = self.to_widget(self.marks[i].x, self.marks[i].y)
            if (p.x() - pos.x()) ** 2 + (p.y() - pos.y()) ** 2 <= HIT_RADIUS ** 2:
                return i
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.read_only:
            return
        pos = event.position()
        if event.button() == Qt.MouseButton.RightButton:
            hit = self._mark_at(pos)
            if hit is not None:
                del self.marks[hit]
                self.update()
                self.marks_changed.emit()
            return
        if event.button() != Qt.MouseButton.LeftButton or len(self.marks) >= MAX_MARKS:
            return
        r = self.car_rect()
        if not r.contains(pos):
            return
        fx, fy = (pos.x() - r.left()) / r.width(), (pos.y() - r.top()) / r.height()
        self.marks.append(DamageMark(round(fx, 4), round(fy, 4), self.kind))
        self.update()
        self.marks_changed.emit()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        r = self.car_rect()
        sx, sy = r.width() / OUTLINE_W, r.height() / OUTLINE_H

        def pt(x: float, y: float) -> QPointF:
            return QPointF(r.left() + x * sx, r.top() + y * sy)

        p.setPen(QPen(QColor("#333333"), 1.6))
        for poly in OUTLINE_POLYGONS:
            p.drawPolygon(QPolygonF([pt(x, y) for x, y in poly]))
        for a, b in OUTLINE_LINES:
            p.drawLine(pt(*a), pt(*b))
        p.setPen(QColor("#777777"))
        p.drawText(QRectF(r.left(), r.top() - 18, r.width(), 16), Qt.AlignmentFlag.AlignHCenter, "▲ 车头 front")
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        for i, m in enumerate(self.marks, 1):
            c = self.to_widget(m.x, m.y)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(MARK_COLOR)
            p.drawEllipse(c, 10, 10)
            p.setPen(QColor("#ffffff"))
            p.drawText(QRectF(c.x() - 10, c.y() - 10, 20, 20), Qt.AlignmentFlag.AlignCenter, str(i))
            p.setPen(MARK_COLOR)
            p.drawText(QPointF(c.x() + 12, c.y() + 5), m.label())
        p.end()
