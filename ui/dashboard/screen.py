"""The dashboard screen: a role selector (the actor's main role first), the date range and kind filters, and
a card per figure. The figures are computed off the GUI thread and redrawn when data changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

import ui.dashboard  # noqa: F401  (binds pyqtgraph to PySide6, installs the refcount fix)
from ui.common import screen_title
from ui.context import AppContext
from ui.dashboard.card import FigureCard
from ui.widgets import save_pdf
from ui.widgets.fresh import Freshness
from workshop.domain.changes import RecordKind
from workshop.domain.clock import to_shop, utcnow
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Role
from workshop.domain.work_order import Kind
from workshop.queries.dashboards import Dashboard, dashboard, dashboards_for, default_dashboard, figure
from workshop.queries.dashboards_base import FigureData, Params, label

MY_ROLES = (Role.ADVISOR, Role.FRONT_DESK_LEAD)


class DashboardScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cards: dict[str, FigureCard] = {}
        self._generation = 0
        self._shown = 0  # the refresh whose figures are shown
        self.loaded = False
        # pyqtgraph is imported on a worker once the figures are shown (FigureCard.show_data): imported while the
        # window and the figures were built, it held the interpreter from them (first open 500-565 -> 310-370 ms)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(screen_title(ctx.tr("统计看板", "Dashboard")))
        head.addStretch(1)
        self.role = QComboBox()
        mine = dashboards_for(ctx.actor) or (default_dashboard(ctx.actor),)
        for d in mine:
            self.role.addItem(d.title(ctx.lang), d.key)
        self.role.setCurrentIndex(self.role.findData(default_dashboard(ctx.actor).key))
        head.addWidget(QLabel(ctx.tr("看板：", "Dashboard:")))
        head.addWidget(self.role)
        layout.addLayout(head)

        filters = QHBoxLayout()
        today = to_shop(utcnow()).date()
        self.date_from = self._date_edit(today - timedelta(days=29))
        self.date_to = self._date_edit(today)
        self.kind = QComboBox()
        self.kind.addItem(ctx.tr("全部类型", "All kinds"), None)
        for k in Kind:
            self.kind.addItem(label(k.value, ctx.lang), k.value)
        self.refresh_button = QPushButton(ctx.tr("刷新", "Refresh"))
        self.pdf_button = QPushButton(ctx.tr("导出周报 PDF…", "Weekly PDF…"))
        self.pdf_button.setToolTip(ctx.tr("上周的一页汇总，供周例会使用", "Last week on one page, for the weekly meeting"))
        for w in (QLabel(ctx.tr("日期：", "From:")), self.date_from, QLabel(ctx.tr("至", "to")), self.date_to,
                  QLabel(ctx.tr("工单类型：", "Kind:")), self.kind, self.refresh_button):
            filters.addWidget(w)
        filters.addStretch(1)
        self.status = QLabel()
        self.status.setStyleSheet("color: #666;")
        filters.addWidget(self.status)
        filters.addWidget(self.pdf_button)
        layout.addLayout(filters)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setStyleSheet("QScrollArea { background: #f3f5f8; border: none; }")
        layout.addWidget(self.scroll_area, 1)

        self.role.currentIndexChanged.connect(self._build_cards)
        for signal in (self.date_from.dateChanged, self.date_to.dateChanged, self.kind.currentIndexChanged):
            signal.connect(self._schedule)
        self.refresh_button.clicked.connect(self.refresh)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self.refresh)
        # a change reloads the figures (debounced) if the dashboard is on screen, else when it is shown again;
        # "as of" figures (work in progress, stock) age too: shown after five minutes, they are computed again
        self.fresh = Freshness(self, ctx.ops, set(RecordKind) - {RecordKind.USERS, RecordKind.SETTINGS},
                               lambda: self._schedule(),
                               max_age_s=300)
        self._build_cards()

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # --- state -------------------------------------------------------------------------------------------
    @property
    def current(self) -> Dashboard:
        return dashboard(str(self.role.currentData()))

    def set_dashboard(self, key: str) -> None:
        self.role.setCurrentIndex(self.role.findData(key))

    def screenshot_variants(self) -> list[tuple[str, Callable[[], None]]]:
        """For `workshop-gui --screenshot`: every dashboard this user may open, one picture each."""
        keys = [str(self.role.itemData(i)) for i in range(self.role.count())]
        return [(key, lambda k=key: self.set_dashboard(k)) for key in keys]  # type: ignore[misc]

    def set_range(self, date_from: date, date_to: date) -> None:
        for edit, d in ((self.date_from, date_from), (self.date_to, date_to)):
            edit.blockSignals(True)
            edit.setDate(QDate(d.year, d.month, d.day))
            edit.blockSignals(False)
        self.refresh()

    def params(self) -> Params:
        mine = any(self.ctx.actor.has_role(r) for r in MY_ROLES)
        return Params(self.date_from.date().toPython(), self.date_to.date().toPython(),  # type: ignore[arg-type]
                      kind=self.kind.currentData(), user_id=self.ctx.actor.user_id if mine else None)

    # --- building and loading ---------------------------------------------------------------------------
    def _build_cards(self) -> None:
        board = self.current
        container = QWidget()
        row = QHBoxLayout(container)
        row.setSpacing(10)
        columns = 3 if len(board.figures) >= 5 else 2
        # the cards in columns, in the board's order across them (the n-th card in column n mod 3), each card at
        # its own height and the next right under it: in a grid a card with a line per technician (1,300 px in
        # a large shop) stretched the standing bar charts of its row with it, their baseline two screens down
        # at 1366x768, or (each at its own height) left a screen of blank beside it
        stacks = [QVBoxLayout() for _ in range(columns)]
        self.cards = {}
        for i, name in enumerate(board.figures):
            card = FigureCard(self.ctx, figure(name))
            stacks[i % columns].addWidget(card)
            self.cards[name] = card
        for stack in stacks:
            stack.setSpacing(10)
            stack.addStretch(1)
            row.addLayout(stack, 1)
        self.scroll_area.setWidget(container)
        self.refresh()

    def _schedule(self) -> None:
        self._timer.start()

    @property
    def loading(self) -> bool:
        """The figures asked for last are not shown yet (their charts may still be drawing: `drawing`)."""
        return self._shown != self._generation or self._timer.isActive()

    @property
    def drawing(self) -> bool:
        return any(card.drawing for card in self.cards.values())

    def refresh(self) -> None:
        self._timer.stop()
        try:
            params = self.params()
        except WorkshopError as exc:
            self.status.setText(exc.message(self.ctx.lang))
            return
        self._generation += 1
        generation, db, names = self._generation, self.ctx.db, list(self.cards)
        self.status.setText(self.ctx.tr("正在计算…", "Computing…"))

        def compute() -> dict[str, FigureData]:
            return {name: figure(name).run(db, params) for name in names}

        def done(results: dict[str, FigureData]) -> None:
            if generation != self._generation:
                return  # a newer filter was chosen meanwhile
            self._shown = generation
            self.fresh.mark_loaded()
            for name, data in results.items():
                if name in self.cards:
                    self.cards[name].show_data(data, params)
            self.loaded = True
            self.status.setText(self.ctx.tr(f"截至 {to_shop(utcnow()):%H:%M}", f"as of {to_shop(utcnow()):%H:%M}"))

        self.ctx.ops.run(compute, on_done=done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._shown = self._generation  # the answer is the refusal
        text = exc.message(self.ctx.lang) if isinstance(exc, WorkshopError) else str(exc)
        self.status.setText(self.ctx.tr("无法计算：", "Could not compute: ") + text)

    # --- the weekly PDF --------------------------------------------------------------------------------
    def _ask_pdf(self) -> None:
        from workshop.printing.summary import last_week

        monday = last_week().isoformat()
        path = save_pdf.ask_save_path(self, self.ctx, self.ctx.tr("导出周报 PDF", "Weekly PDF"),
                                      self.ctx.tr(f"售后服务部周报-{monday}.pdf", f"weekly-{monday}.pdf"))
        if path is not None:
            self.export_pdf(str(path))

    def export_pdf(self, path: str) -> None:
        from pathlib import Path

        from workshop.printing.summary import last_week, weekly_summary_pdf

        db = self.ctx.db

        def done(result: Any) -> None:
            self.status.setText(self.ctx.tr(f"周报已保存：{result}", f"Weekly PDF saved: {result}"))
            save_pdf.show_written(self, self.ctx, Path(result), self.ctx.tr("周报", "The weekly PDF"))

        self.ctx.ops.run(lambda: weekly_summary_pdf(db, Path(path), last_week()), on_done=done)
