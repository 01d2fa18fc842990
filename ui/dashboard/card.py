"""One figure on the dashboard: its title (the definition is the tooltip), the headline numbers, the chart
or the short table, a CSV export, and the list behind each bar."""

from __future__ import annotations

import importlib
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.context import AppContext
from ui.dashboard.drill import DrillDialog
from ui.widgets import save_pdf
from ui.widgets.lazy_table import LazyTableModel
from workshop.domain.lang import tr
from workshop.queries.dashboards import Figure, write_csv
from workshop.queries.dashboards_base import FigureData, Params, fmt_value

if TYPE_CHECKING:
    from ui.dashboard.charts import BarChart, LineChart

WEEKDAYS_ZH = "一二三四五六日"
UNITS = {"money": ("元", " yuan"), "pct": ("%", "%"), "hours": (" 小时", " h")}
SIDEWAYS_FROM = 7  # more bars than this lie sideways, so their names can be read
PERIODS = (("all", "所选期间", "The range"), ("day", "按日", "Per day"), ("week", "按周", "Per week"),
           ("month", "按月", "Per month"))  # W6: the efficiency panels per period
CHARTS = "ui.dashboard.charts"  # pyqtgraph (+ numpy): ~0.5 s to import, so on a worker, after the figures show
CARD_FRAME_PX = 190  # a card around its chart: title, headline and legend (each may wrap to two lines), note, margins


class FigureCard(QFrame):
    def __init__(self, ctx: AppContext, fig: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.fig = ctx, fig
        self.data: FigureData | None = None
        self.params: Params | None = None
        self.chart: BarChart | LineChart | None = None
        self._drawn = 0  # the show_data whose chart is drawn (a newer answer's chart replaces an older one)
        self._shown = 0
        self.table: QTableView | None = None
        self.dialogs: list[DrillDialog] = []
        self.setObjectName("figureCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#figureCard { background: white; border: 1px solid #d5d9e0; border-radius: 6px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        top = QHBoxLayout()
        self.title = QLabel(f"<b>{fig.title(ctx.lang)}</b> <span style='color:#888'>ⓘ</span>")
        self.title.setWordWrap(True)
        self.title.setToolTip(self._tooltip())
        top.addWidget(self.title, 1)
        self.period = "all"
        self._loading = 0
        self.period_switch: QComboBox | None = None
        if fig.periods:  # W6: the range as one figure, or per day / week / month
            self.period_switch = QComboBox()
            self.period_switch.setObjectName("period_switch")
            for value, zh, en in PERIODS:
                self.period_switch.addItem(ctx.tr(zh, en), value)
            self.period_switch.setToolTip(ctx.tr("按日、周、月分开看每位技工或班组；双击一行看其完工项目",
                                                 "Per day, week or month; double-click a row for its jobs"))
            self.period_switch.currentIndexChanged.connect(self._period_chosen)
            top.addWidget(self.period_switch)
        self.csv_button = QPushButton("CSV")
        self.csv_button.setToolTip(ctx.tr("把这张图的数据导出为 CSV", "Export this figure as CSV"))
        self.csv_button.setFlat(True)
        self.csv_button.clicked.connect(self._ask_csv)
        top.addWidget(self.csv_button)
        layout.addLayout(top)
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)  # long English headlines wrap instead of widening the card (1366×768)
        layout.addWidget(self.headline)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)
        self.body.addWidget(self._waiting(ctx.tr("正在计算…", "Computing…")))  # until the first answer
        note = self._scope_note()
        self.note = QLabel(note)
        self.note.setStyleSheet("color: #888; font-size: 8pt;")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        self.setToolTip(self._tooltip())
        self.setMinimumHeight(300)

    def _tooltip(self) -> str:
        return f"<p style='max-width: 420px'>{self.fig.definition(self.ctx.lang)}</p>"

    def _scope_note(self) -> str:
        parts = []
        if not self.fig.uses_dates:
            parts.append(self.ctx.tr("当前数据，不受日期范围影响", "as of now; the date range does not apply"))
        if not self.fig.uses_kind:
            parts.append(self.ctx.tr("不分工单类型", "all kinds"))
        return tr(self.ctx.lang, "；", "; ").join(parts)

    # --- the period switch (W6) ----------------------------------------------------------------------------
    def _period_chosen(self) -> None:
        assert self.period_switch is not None
        self.period = str(self.period_switch.currentData())
        if self.params is not None:
            self._load(replace(self.params, period=self.period))

    def _load(self, params: Params) -> None:
        """This figure alone, for the chosen period, off the GUI thread; an older answer never overwrites."""
        self._loading += 1
        mine, db, fig = self._loading, self.ctx.db, self.fig

        def done(data: FigureData) -> None:
            if mine == self._loading:
                self.show_data(data, params)

        self.ctx.ops.run(lambda: fig.run(db, params), on_done=done)

    # --- showing the answer ----------------------------------------------------------------------------
    def show_data(self, data: FigureData, params: Params) -> None:
        if self.fig.periods and params.period != self.period:  # the screen's refresh: keep the chosen period
            self._load(replace(params, period=self.period))
            if self.data is not None:
                return
        self.data, self.params = data, params
        lang = self.ctx.lang
        title = shown_title(self.fig.title(lang), lang, everyone=self.fig.personal and params.user_id is None)
        self.title.setText(f"<b>{title}</b> <span style='color:#888'>ⓘ</span>")
        heads = [f"<span style='font-size:15pt; font-weight:600; color:#1d3f75'>{fmt_value(h.value, h.fmt, lang)}"
                 f"</span>&nbsp;<span style='color:#555'>{h.title(lang)}</span>" for h in data.headline]
        self.headline.setText(" &nbsp;&nbsp;".join(heads))  # a plain space: the line may break between figures
        while self.body.count():
            item = self.body.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        self.chart, self.table = None, None
        self._shown += 1
        if self.fig.chart == "table" or params.period != "all":  # per period: a row per technician and period
            self._drawn = self._shown
            self.body.addWidget(self._make_table(data))
        else:  # the headline shows now; the chart once pyqtgraph is in (imported on a worker), a card a turn
            self.body.addWidget(self._waiting(self.ctx.tr("图表绘制中…", "Drawing the chart…")))
            mine = self._shown
            self.ctx.ops.run(load_charts, on_done=lambda _module: self._draw(mine, data))
        self._grow()

    @staticmethod
    def _waiting(text: str) -> QLabel:
        waiting = QLabel(text)
        waiting.setObjectName("chart_waiting")
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        waiting.setStyleSheet("color: #888;")
        waiting.setMinimumHeight(190)
        return waiting

    @property
    def drawing(self) -> bool:
        """The latest answer's chart is not drawn yet (its headline already shows)."""
        return self._drawn != self._shown

    def _draw(self, mine: int, data: FigureData) -> None:
        if mine != self._shown or not isValid(self):
            return  # a newer answer came meanwhile: its own chart is on its way
        self._drawn = mine
        while self.body.count():
            item = self.body.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        self.chart = self._make_chart(data)
        self.chart.clicked.connect(self.open_drill)
        self.body.addWidget(self.chart)
        self.body.addWidget(self._legend(data))
        self._grow()

    def minimumSizeHint(self) -> QSize:
        """Narrow enough for three cards beside each other at 1366×768 (the wrapped headline and legend do not
        widen it), and as tall as its chart needs - not the height the wrapped labels would take at their
        narrowest, which a scroll area's grid would otherwise give every card."""
        return QSize(240, self.minimumHeight())

    def sizeHint(self) -> QSize:
        """As tall as its minimum (see _grow): the grid shows each card at its own height, not its row's."""
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def hasHeightForWidth(self) -> bool:
        return False

    def _grow(self) -> None:
        """An explicit minimum outranks the layout's, so the card grows by hand with a tall chart (sideways
        bars, a line per name): the chart's own minimum and the title, headline, legend and note around it.
        (The layout's minimum would assume the narrowest width for the wrapped labels: far too tall.)"""
        chart = self.chart.minimumHeight() if self.chart is not None else 0
        self.setMinimumHeight(max(300, chart + CARD_FRAME_PX))

    def _legend(self, data: FigureData) -> QLabel:
        """Every colour of the chart, once: the bars (or line) are the value, the dashed line the quota, orange
        the bar under the mouse."""
        from ui.dashboard.charts import BAR, BAR_HOVER, LINE, REF

        tr, series = self.ctx.tr, data.columns[data.column(self.fig.value)].title(self.ctx.lang)
        mark = "━" if self.fig.chart == "line" else "■"
        parts = [f"<span style='color:{(LINE if self.fig.chart == 'line' else BAR).name()}'>{mark}</span> {series}"]
        if self.fig.note:
            parts.append(tr("柱上文字：", "on the bars: ") + data.columns[data.column(self.fig.note)].title(self.ctx.lang))
        if data.reference is not None:
            parts.append(f"<span style='color:{REF.name()}'>┅</span> "
                         + tr(f"每周限额 {data.reference}", f"weekly quota {data.reference}"))
        if self.fig.chart != "line":
            parts.append(f"<span style='color:{BAR_HOVER.name()}'>■</span> "
                         + tr("鼠标所指（单击看明细）", "under the mouse (click for the list)"))
        legend = QLabel("&nbsp;&nbsp;".join(parts))
        legend.setObjectName("chart_legend")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setStyleSheet("color: #555; font-size: 8pt;")
        legend.setWordWrap(True)
        return legend

    def _labels(self, data: FigureData) -> list[str]:
        col = data.columns[0]
        return [fmt_value(r[0], col.fmt, self.ctx.lang) for r in data.rows]

    def _make_chart(self, data: FigureData) -> BarChart | LineChart:
        from ui.dashboard.charts import BarChart, LineChart

        vi = data.column(self.fig.value)
        values = [float(r[vi]) if r[vi] is not None else 0.0 for r in data.rows]
        zh_unit, en_unit = UNITS.get(data.columns[vi].fmt, ("", ""))
        unit = tr(self.ctx.lang, zh_unit, en_unit)
        if self.fig.chart == "line":
            days: list[date] = [r[0] for r in data.rows]
            labels = [tr(self.ctx.lang, f"{d.month}月{d.day}日 周{WEEKDAYS_ZH[d.weekday()]}", d.isoformat())
                      for d in days]
            return LineChart(labels, values, ticks=[f"{d.month}/{d.day}" for d in days], unit=unit,
                             integer=data.columns[vi].fmt == "int", lang=self.ctx.lang)
        notes = None
        if self.fig.note:
            ni = data.column(self.fig.note)
            nfmt = data.columns[ni].fmt
            notes = ["" if r[ni] is None or (nfmt == "int" and not r[ni])
                     else self.fig.note_text(fmt_value(r[ni], nfmt, self.ctx.lang), self.ctx.lang) for r in data.rows]
        ref_label = ""
        if data.reference is not None:
            ref_label = self.ctx.tr(f"每周限额 {data.reference}", f"weekly quota {data.reference}")
        return BarChart(self._labels(data), values, notes=notes, histogram=self.fig.chart == "hist", unit=unit,
                        reference=float(data.reference) if data.reference is not None else None,
                        reference_label=ref_label, integer=data.columns[vi].fmt == "int", lang=self.ctx.lang,
                        horizontal=self.fig.chart == "bar" and len(data.rows) > SIDEWAYS_FROM)

    def _make_table(self, data: FigureData) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        hidden = {"min_stock", "last_move_at", "avg_cost", "key"} | ({"period"} if self.params is None or self.params.period == "all" else set())
        keep = [i for i, c in enumerate(data.columns) if c.key not in hidden]
        rows = [[fmt_value(r[i], data.columns[i].fmt, self.ctx.lang) for i in keep] for r in data.rows]
        model = LazyTableModel([data.columns[i].title(self.ctx.lang) for i in keep],
                               lambda offset, limit: rows[offset:offset + limit])
        self.table = QTableView()
        self.table.setModel(model)
        model.setParent(self.table)
        model.fetchMore()
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        name = next((n for n, i in enumerate(keep) if data.columns[i].key == "name"), None)
        if name is not None:  # the name takes what is left and elides; the numbers are never cut
            header.setSectionResizeMode(name, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(name is None)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        if self.fig.drill is not None:  # a row's own list: a technician's jobs of that day, week or month
            self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            self.table.doubleClicked.connect(lambda index: self.open_drill(index.row()))
        layout.addWidget(self.table, 1)
        everything = QPushButton(self.ctx.tr("查看全部…", "Show all…"))
        everything.clicked.connect(lambda: self.open_drill(None))
        layout.addWidget(everything, 0, Qt.AlignmentFlag.AlignRight)
        return box

    # --- the list behind a bar, and CSV -------------------------------------------------------------------
    def open_drill(self, row: int | None) -> DrillDialog | None:
        if self.data is None or self.params is None or self.fig.drill is None:
            return None
        key: Any = None
        what = self.ctx.tr("全部", "all")
        if row is not None:
            key = self.fig.drill_key(self.data, row)
            what = fmt_value(self.data.rows[row][0], self.data.columns[0].fmt, self.ctx.lang)
            period = next((self.data.rows[row][i] for i, c in enumerate(self.data.columns) if c.key == "period"), "")
            what = f"{what} {period}".strip()
        dialog = DrillDialog(self.ctx, self.fig, self.params, key, what, self)
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog

    def _ask_csv(self) -> None:
        path = save_pdf.ask_save_path(self, self.ctx, self.ctx.tr("导出 CSV", "Export CSV"),
                                      f"{self.fig.title(self.ctx.lang)}.csv", "CSV (*.csv)")
        if path is not None:
            self.export_csv(str(path))
            save_pdf.show_written(self, self.ctx, path, self.fig.title(self.ctx.lang))

    def export_csv(self, path: str) -> None:
        if self.data is None:
            return
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            write_csv(self.fig, self.data, fh, self.ctx.lang)


def load_charts() -> object:
    """The chart module (pyqtgraph, numpy): imported on a runner worker, so the GUI paints the figures meanwhile."""
    return importlib.import_module(CHARTS)


def shown_title(title: str, lang: str, *, everyone: bool) -> str:
    """A personal figure shown for every advisor says so, without the "my" that would contradict it."""
    if not everyone:
        return title
    if lang == "en":
        rest = title.removeprefix("My ")
        return f"{rest[:1].upper()}{rest[1:]} (all advisors)"
    return f"{title.removeprefix('我的')}（全部顾问）"
