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
