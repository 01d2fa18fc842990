"""W6 on screen: the efficiency panels of the workshop dashboard switch between the range and per day / week /
month (per technician and per team); a row double-clicked opens the jobs of that technician in that period; the
screen's own refresh keeps the chosen period."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from tests.helpers.efficiency_data import END, START, two_days
from ui.context import AppContext
from ui.dashboard.card import FigureCard
from ui.dashboard.screen import DashboardScreen
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support"), pytest.mark.clock]


def _settle(ctx: AppContext) -> None:
    for _ in range(3):
        ctx.ops.wait()
        QApplication.processEvents()


def _choose(card: FigureCard, period: str) -> None:
    assert card.period_switch is not None
    card.period_switch.setCurrentIndex(card.period_switch.findData(period))
    _settle(card.ctx)


def _rows(card: FigureCard) -> list[list[str]]:
    table = card.table
    assert isinstance(table, QTableView)
    model = table.model()
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def _double_click(qtbot: QtBot, card: FigureCard, row: int) -> list[str]:
    table = card.table
    assert table is not None
    index = table.model().index(row, 0)
    table.scrollTo(index)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert card.dialogs, "a double-clicked row opens its jobs"
    dialog = card.dialogs[-1]
    jobs = [str(dialog.model.row_values(r)[2]) for r in range(dialog.model.rowCount())]
    dialog.close()
    return jobs


def test_w6_efficiency_panels_switch_day_week_month_with_drill_down_to_the_jobs(
        qtbot: QtBot, make_ctx: Callable[[Role], AppContext], db: Database, people: dict[Role, Actor]) -> None:
    two_days(db, people)
    ctx = make_ctx(Role.WORKSHOP_MANAGER)
    screen = DashboardScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1366, 900)
    screen.show()
    screen.set_dashboard("workshop")
    screen.set_range(START.date(), END.date())
    _settle(ctx)
    card = screen.cards["technician_efficiency"]
    assert card.chart is not None and card.table is None  # the range: one bar per technician
    _choose(card, "day")
    assert card.params is not None and card.params.period == "day" and ctx.ops.last_error is None
    rows = _rows(card)
    head = [str(card.table.model().headerData(c, Qt.Orientation.Horizontal)) for c in range(len(rows[0]))]
    assert head[:3] == ["技工", "班组", "期间"] and "编号" not in head
    assert [(r[0], r[2], r[5]) for r in rows] == [("technician", "2026-11-11", "50.0%"),  # the latest first
                                                 ("team_leader", "2026-11-10", "50.0%"),
                                                 ("technician", "2026-11-10", "100.0%")]
    assert _double_click(qtbot, card, 2) == ["更换机油机滤", "更换前刹车片"]  # finished on 11-10 (shop time)
    assert _double_click(qtbot, card, 0) == ["检查异响"]                   # 03:00 on 11-11
    _choose(card, "week")
    assert [(r[0], r[2]) for r in _rows(card)] == [("team_leader", "2026-11-09 – 11-15"),
                                                  ("technician", "2026-11-09 – 11-15")]
    assert _double_click(qtbot, card, 1) == ["更换机油机滤", "更换前刹车片", "检查异响"]
    _choose(card, "month")
    assert [(r[0], r[2], r[5], r[8]) for r in _rows(card)][1] == ("technician", "2026-11", "77.8%", "75.0%")
    screen.refresh()  # the screen's refresh (a filter, a change elsewhere) keeps the card's period
    _settle(ctx)
    assert card.params.period == "month" and card.table is not None
    team = screen.cards["team_efficiency"]
    _choose(team, "week")
    assert [(r[0], r[2]) for r in _rows(team)] == [("机修", "2026-11-09 – 11-15")]
    assert len(_double_click(qtbot, team, 0)) == 4
    _choose(card, "all")
    assert card.chart is not None and card.table is None
