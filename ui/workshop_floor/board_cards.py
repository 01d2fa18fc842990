"""W8: the floor board's cards and columns. A card is one car (plate, model, state, bay, technicians and their
clock status, what it waits for and since when, promised time; late ones red). The canvas updates the cards
in place on every refresh — a card is moved between columns only when its column changed, never rebuilt —
so the TV does not flicker. Cards can be dragged onto a bay column or onto a technician to dispatch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QDrag, QDragEnterEvent, QDropEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.clock import fmt_shop
from workshop.domain.codes import BoardClock
from workshop.domain.job_clock import PauseReason
from workshop.domain.labels import label_of
from workshop.domain.lang import tr
from workshop.queries.floor_board import BoardCard, BoardPicture

MIME = "application/x-workshop-work-order"
COLORS = {"late": "#c81e1e", "on": "#1a7f37", "paused": "#d97706", "off": "#6b7280"}
LEGEND = (("late", "超时（过了预计完工）", "Late (past the expected finish)"), ("on", "计时中", "Clocked on"),
          ("paused", "暂停", "Paused"), ("off", "未上工", "Not clocked on"))


# one style sheet for every card (on the canvas), not one per card: hundreds of style sheets made the board slow
# to show and to hide; a late card is told by its "late" property
CARD_STYLE = (f'QFrame#card {{ border: 2px solid #d0d5dd; border-radius: 6px; background: white; }}'
              f'QFrame#card[late="true"] {{ border: 2px solid {COLORS["late"]}; background: #fdecec; }}'
              f'QFrame#card[late="true"] QLabel {{ color: {COLORS["late"]}; }}'
              'QPushButton#more { color: #1d4ed8; text-decoration: underline; border: none; padding: 4px; }')


def span_text(lang: str, seconds: float) -> str:
    minutes = max(int(seconds // 60), 0)
    hours, mins = divmod(minutes, 60)
    if lang == "en":
        return f"{hours}h {mins:02d}m" if hours else f"{mins}m"
    return f"{hours}小时{mins:02d}分" if hours else f"{mins}分"


class _Line:
    """One line of a card (its text for the program and the tests; the card draws all lines in one label)."""

    def __init__(self) -> None:
        self._text, self._visible = "", True

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # as QLabel
        self._text = text

    def isVisible(self) -> bool:
        return self._visible

    def setVisible(self, visible: bool) -> None:
        self._visible = visible


class CardWidget(QFrame):
    """One car. Its text is set again on each refresh; the widget itself stays. The lines are one rich-text
    label, not a label each: the board holds hundreds of cards, and every widget of them takes a show and a hide
    event each time the screen is switched to and from (issue 22: the switch back took 90-130 ms)."""

    def __init__(self, card: BoardCard, lang: str, scale: float, state_name: Callable[[str], str]) -> None:
        super().__init__()
        self.lang, self.state_name = lang, state_name
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(int(230 * scale))
        self.setMaximumWidth(int(300 * scale))
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        font = self.label.font()
        self.points = font.pointSizeF() * scale
        font.setPointSizeF(self.points)
        self.label.setFont(font)
        box.addWidget(self.label)
        self.plate, self.model, self.state, self.crew, self.waiting, self.promised = (_Line() for _ in range(6))
        self.crew_html = ""
        self.card = card
        self._press: QPoint | None = None
        self.show_card(card, card.state_since)

    def show_card(self, card: BoardCard, now: datetime) -> None:
        self.card = card
        en = self.lang == "en"
        self.plate.setText(card.plate)
        self.model.setText(f"{card.model}　{card.number}")
        where = card.bay or ("no bay" if en else "未上工位")
        self.state.setText(f"{self.state_name(card.state)} · {where}" + (f" · {card.team}" if card.team else ""))
        crew = [(m, f"{m.name} {label_of(BoardClock, m.clock, self.lang)}"
                 + (f"（{label_of(PauseReason, m.pause_reason, self.lang)}）" if m.clock == "paused" and m.pause_reason
                    else "")) for m in card.crew]
        none = "no technician yet" if en else "未派工"
        self.crew.setText("\n".join(f"● {text}" for _m, text in crew) or none)
        self.crew_html = "<br>".join(f'<span style="color:{COLORS[m.clock]}">●</span> {escape(text)}'
                                     for m, text in crew) or none
        if card.waiting_for:
            waited = span_text(self.lang, card.waited(now).total_seconds())
            self.waiting.setText(f"{'waiting' if en else '等待'}: {label_of(PauseReason, card.waiting_for, self.lang)} {waited}")
            self.waiting.setVisible(True)
        else:
            self.waiting.setVisible(False)
        late = (" LATE" if en else "　超时") if card.late else ""
        self.promised.setText(f"{'promised' if en else '承诺'} {fmt_shop(card.promised_at or card.expected_finish)}"
                              + late)
        lines = [f'<span style="font-size:{self.points * 1.5:.1f}pt; font-weight:bold">{escape(self.plate.text())}'
                 "</span>", escape(self.model.text()), escape(self.state.text()), self.crew_html]
        if self.waiting.isVisible():
            lines.append(escape(self.waiting.text()))
        lines.append(escape(self.promised.text()))
        self.label.setText("<br>".join(lines))
        if self.property("late") != card.late:  # the canvas's one style sheet colours late cards (CARD_STYLE)
            self.setProperty("late", card.late)
            for widget in (self, self.label):
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or (event.position().toPoint() - self._press).manhattanLength() < 8:
            return
        self._press = None
        drag = QDrag(self)
        mime = QMimeData()
        mime.setData(MIME, self.card.number.encode())
        drag.setMimeData(mime)
        drag.setPixmap(self.grab().scaledToWidth(160))
        drag.exec(Qt.DropAction.MoveAction)


class DropTarget(QFrame):
    """A column (a bay, a state) or a technician's chip that takes a dragged card when `accepts`."""

    dropped = Signal(str, object)   # the work order number, the target's key

    def __init__(self, key: object, accepts: bool) -> None:
        super().__init__()
        self.key = key
        self.setAcceptDrops(accepts)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        number = bytes(event.mimeData().data(MIME).data()).decode()
        event.acceptProposedAction()
        self.dropped.emit(number, self.key)


class Column(DropTarget):
    more_wanted = Signal(object)    # the column's key: build its next cards

    def __init__(self, key: object, title: str, accepts: bool, scale: float) -> None:
        super().__init__(key, accepts)
        self.setObjectName("column")
        self.setStyleSheet("QFrame#column { background: #f2f4f7; border-radius: 6px; }")
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel(title)
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.2 * scale)
        self.title.setFont(f)
        box.addWidget(self.title)
        self.cards = QVBoxLayout()
        self.cards.setSpacing(6)
        box.addLayout(self.cards)
        self.more = QPushButton()
        self.more.setObjectName("more")
        self.more.setFlat(True)
        self.more.setVisible(False)
        self.more.clicked.connect(lambda: self.more_wanted.emit(self.key))
        box.addWidget(self.more)
        box.addStretch(1)
        box.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.base_title = title

    def place(self, card: CardWidget, index: int) -> None:
        if self.cards.indexOf(card) != index:
            self.cards.insertWidget(index, card)  # moves it when it is already here

    def count_shown(self, n: int, unbuilt: int = 0, lang: str = "zh") -> None:
        """n cars in the column, `unbuilt` of them below its last card, not built yet (the button builds them)."""
        self.title.setText(f"{self.base_title}（{n}）")
        self.more.setText(tr(lang, f"还有 {unbuilt} 辆 · 显示更多", f"{unbuilt} more · show them"))
        self.more.setVisible(unbuilt > 0)


BATCH = 12  # cards built per column at first, and again each time the board is scrolled to its end


class BoardCanvas(QScrollArea):
    """The columns and their cards, updated in place from each new picture. A column builds its first BATCH
    cards (the late ones and the urgent ones come first); the next ones are built when the board is scrolled
    to its end, the column's "显示更多" is pressed, or the TV pages past the last card built: a widget per car
    of hundreds in the workshop made the board take a second to settle (issue 22: first open 326 ms)."""

    dropped_on_column = Signal(str, object)

    def __init__(self, lang: str, state_name: Callable[[str], str], scale: float = 1.0) -> None:
        super().__init__()
        self.lang, self.state_name, self.scale = lang, state_name, scale
        self.setWidgetResizable(True)
        self.inner = QWidget()
        self.inner.setStyleSheet(CARD_STYLE)
        self.grid = QGridLayout(self.inner)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self.inner)
        self.columns: dict[object, Column] = {}
        self.column_keys: list[object] = []
        self.cards: dict[int, CardWidget] = {}
        self.wrap = False   # by bay: the bays wrap onto rows as the width allows; by state: one row
        self.per_row = 0
        self.accepts = False
        self.budget: dict[object, int] = {}     # how many cards each column builds
        self.unbuilt: dict[object, int] = {}    # how many cards of each column are not built
        self._last: tuple[BoardPicture, Callable[[BoardCard], object]] | None = None
        self._grown_at = -1    # the scroll bar's end when the board last built more cards on reaching it
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def show_picture(self, picture: BoardPicture, columns: list[tuple[object, str]],
                     column_of: Callable[[BoardCard], object], accepts: bool, *, wrap: bool = False) -> None:
        self._last = (picture, column_of)
        self.setUpdatesEnabled(False)
        try:
            keys = [k for k, _ in columns]
            if keys != self.column_keys or wrap != self.wrap:
                self.wrap = wrap
                self._columns(columns, accepts)
            in_column: dict[object, list[BoardCard]] = {k: [] for k in keys}
            for card in picture.cards:
                in_column.get(column_of(card), []).append(card)
            seen: set[int] = set()
            for key, cards in in_column.items():
                column, built = self.columns[key], cards[:self.budget[key]]
                for index, card in enumerate(built):
                    seen.add(card.id)
                    widget = self.cards.get(card.id)
                    if widget is None:
                        widget = CardWidget(card, self.lang, self.scale, self.state_name)
                        self.cards[card.id] = widget
                    widget.show_card(card, picture.taken_at)
                    column.place(widget, index)
                self.unbuilt[key] = len(cards) - len(built)
                column.count_shown(len(cards), self.unbuilt[key], self.lang)
            for cid in [c for c in self.cards if c not in seen]:
                gone = self.cards.pop(cid)
                gone.hide()
                gone.deleteLater()
        finally:
            self.setUpdatesEnabled(True)

    def build_more(self, keys: list[object] | None = None) -> bool:
        """Build the next BATCH cards of these columns (None: of every column with cards not built)."""
        wanted = [k for k in (self.columns if keys is None else keys) if self.unbuilt.get(k, 0) > 0]
        if not wanted or self._last is None:
            return False
        for key in wanted:
            self.budget[key] += BATCH
        self._show_again()
        return True

    def _show_again(self) -> None:
        """The last picture again, in the same columns, with the cards each column builds now."""
        assert self._last is not None
        picture, column_of = self._last
        columns = [(k, self.columns[k].base_title) for k in self.column_keys]
        self.show_picture(picture, columns, column_of, self.accepts, wrap=self.wrap)

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        # once per end reached: the cards built are laid out (and the end moves down) after this returns
        if bar.maximum() > 0 and value >= bar.maximum() - bar.pageStep() // 4 and bar.maximum() != self._grown_at:
            self._grown_at = bar.maximum()
            self.build_more()

    def page_on(self) -> None:
        """The TV's slow page (a wall screen has no mouse): one screenful further down, less a card's height so
        that the last row shown stays in view, and back to the top after the bottom."""
        bar = self.verticalScrollBar()
        if bar.maximum() <= 0:
            self.build_more()  # every card built fits: build the next ones, if any
            return
        if bar.value() >= bar.maximum() and self._reset_budget():
            bar.setValue(0)  # round again from the top: the cards built beyond the first BATCH go
            return
        step = max(bar.pageStep() - int(120 * self.scale), bar.pageStep() // 2)
        bar.setValue(0 if bar.value() >= bar.maximum() else min(bar.maximum(), bar.value() + step))

    def _reset_budget(self) -> bool:
        grown = [k for k, n in self.budget.items() if n > BATCH]
        if not grown or self._last is None:
            return False
        self.budget = dict.fromkeys(self.budget, BATCH)
        self._show_again()
        return True

    def _columns(self, columns: list[tuple[object, str]], accepts: bool) -> None:
        for card in self.cards.values():
            card.setParent(None)
            card.deleteLater()
        self.cards.clear()
        for column in self.columns.values():
            column.deleteLater()
        self.columns.clear()
        for key, title in columns:
            column = Column(key, title, accepts, self.scale)
            column.setMinimumWidth(int(250 * self.scale))
            if self.wrap:
                column.setMaximumWidth(int(250 * self.scale))
            column.dropped.connect(self.dropped_on_column)
            column.more_wanted.connect(lambda k: self.build_more([k]))
            self.columns[key] = column
        self.column_keys = [k for k, _ in columns]
        self.budget = dict.fromkeys(self.column_keys, BATCH)
        self.unbuilt = dict.fromkeys(self.column_keys, 0)
        self.accepts = accepts
        self.per_row = 0
        self._arrange()

    def _arrange(self) -> None:
        """Place the columns on the grid: one row by state; by bay as many per row as the width holds."""
        per_row = len(self.columns) or 1
        if self.wrap:
            per_row = max(1, (self.viewport().width() - 10) // (int(250 * self.scale) + self.grid.spacing()))
        if per_row == self.per_row:
            return
        self.per_row = per_row
        for i, column in enumerate(self.columns.values()):
            self.grid.addWidget(column, i // per_row, i % per_row)
        for i in range(max(per_row, self.grid.columnCount())):  # by state: the columns share the width
            self.grid.setColumnStretch(i, 0 if self.wrap or i >= per_row else 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.wrap:
            self._arrange()


def legend(lang: str, scale: float = 1.0) -> QWidget:
    """The colours of the cards; on the TV (scale 1.5) as large as the cards' own text, readable from afar."""
    w = QWidget()
    row = QHBoxLayout(w)
    row.setContentsMargins(0, 0, 0, 0)
    for key, zh, en in LEGEND:
        label = QLabel(f'<span style="color:{COLORS[key]}">■</span> {tr(lang, zh, en)}')
        if scale != 1.0:
            f = label.font()
            f.setPointSizeF(f.pointSizeF() * scale)
            label.setFont(f)
        row.addWidget(label)
        row.addSpacing(int(12 * scale))
    row.addStretch(1)
    return w
