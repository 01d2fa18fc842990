"""Issue 19 / Q3: a drill-down row of a dashboard opens its work order (double-click or Enter)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.helpers.dashboard_data import Shop, build
from tests.ui.test_dashboard import open_screen
from ui.context import AppContext
from ui.front_desk.work_order_view import WorkOrderWindow
from workshop.db.uow import Database
from workshop.domain.roles import Role

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support"), pytest.mark.clock]


@pytest.fixture
def shop(db: Database) -> Shop:
    return build(db)


def test_q3_a_drill_down_row_opens_its_work_order(qtbot: QtBot, make_ctx: Callable[[Role], AppContext],
                                                   shop: Shop) -> None:
    screen = open_screen(qtbot, make_ctx(Role.SERVICE_DIRECTOR))
    card = screen.cards["revenue_margin_by_kind"]
    assert card.chart is not None
    qtbot.mouseClick(card.chart.viewport(), Qt.MouseButton.LeftButton, pos=card.chart.point_of(0).toPoint())
    dialog = card.dialogs[-1]
    assert dialog.work_order_column == 0
    view = dialog.table
    rect = view.visualRect(dialog.model.index(0, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    window = dialog.windows.get("RO2603-WO1")
    assert isinstance(window, WorkOrderWindow) and window.isVisible()
    assert window.read_only  # the director looks; the front desk edits
    view.setFocus()
    view.setCurrentIndex(dialog.model.index(1, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert "RO2603-WO12" in dialog.windows
    dialog.close()


def test_q3_every_chart_colour_is_explained_and_quantities_are_whole(
        qtbot: QtBot, make_ctx: Callable[[Role], AppContext], shop: Shop) -> None:
    from PySide6.QtWidgets import QLabel

    from workshop.queries.dashboards_base import csv_value, fmt_value

    screen = open_screen(qtbot, make_ctx(Role.SERVICE_DIRECTOR))
    for key, card in screen.cards.items():
        if card.chart is None:
            continue
        legends = card.findChildren(QLabel, "chart_legend")
        assert len(legends) == 1, key
        assert card.data is not None and card.fig.value is not None
        assert card.data.columns[card.data.column(card.fig.value)].title("zh") in legends[0].text(), key
    quota = screen.cards["discounts_by_advisor"].findChildren(QLabel, "chart_legend")[0].text()
    assert "每周限额" in quota and "本周折扣单数" in quota  # the bars are this week's, against the weekly quota
    assert "柱上文字" in screen.cards["revenue_margin_by_kind"].findChildren(QLabel, "chart_legend")[0].text()
    assert [fmt_value(v, "qty") for v in ("10.00", "2.50", "1234")] == ["10", "2.5", "1,234"]
    assert csv_value("1234.000", "qty") == "1234"
