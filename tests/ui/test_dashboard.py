"""Q3 on screen: each role's dashboard builds with the fixed shop's data, the definition is the tooltip,
hovering shows a value, clicking a bar opens the list behind it, and a figure exports to CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.dashboard_data import DATE_FROM, DATE_TO, Shop, build
from ui.context import AppContext
from ui.dashboard.charts import BarChart, LineChart
from ui.dashboard.screen import DashboardScreen
from workshop.db.uow import Database
from workshop.domain.roles import Role

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support"), pytest.mark.clock]


@pytest.fixture
def shop(db: Database) -> Shop:
    return build(db)


def open_screen(qtbot: QtBot, ctx: AppContext, board: str | None = None) -> DashboardScreen:
    screen = DashboardScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1300, 900)
    screen.show()
    if board:
        screen.set_dashboard(board)
    screen.set_range(DATE_FROM, DATE_TO)
    ctx.ops.wait()
    QApplication.processEvents()
    ctx.ops.wait()
    assert screen.loaded and ctx.ops.last_error is None
    return screen


def test_q3_director_dashboard_bar_click_opens_the_list(qtbot: QtBot, make_ctx: Callable[[Role], AppContext],
                                                         shop: Shop, qtmodeltester: object) -> None:
    ctx = make_ctx(Role.SERVICE_DIRECTOR)
    screen = open_screen(qtbot, ctx)
    assert screen.current.key == "director"
    card = screen.cards["revenue_margin_by_kind"]
    assert "折后结算金额" in card.title.toolTip()  # the definition from the registry
    assert "9,640.00" in card.headline.text()
    chart = card.chart
    assert isinstance(chart, BarChart)
    assert chart.values == [890.0, 600.0, 8000.0, 0.0, 150.0]  # general, maintenance, accident, warranty, internal
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.point_of(0).toPoint())
    assert card.dialogs, "clicking the 一般维修 bar opens its list"
    dialog = card.dialogs[-1]
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    numbers = [dialog.model.row_values(r)[0] for r in range(dialog.model.rowCount())]
    assert numbers == ["RO2603-WO1", "RO2603-WO12"]
    dialog.close()


def test_q3_time_series_shows_values_on_hover(qtbot: QtBot, make_ctx: Callable[[Role], AppContext],
                                              shop: Shop) -> None:
    ctx = make_ctx(Role.SERVICE_DIRECTOR)
    screen = open_screen(qtbot, ctx)
    chart = screen.cards["work_orders_per_day"].chart
    assert isinstance(chart, LineChart)
    assert chart.values[:3] == [2.0, 2.0, 2.0]
    scene_pos = chart.getPlotItem().vb.mapViewToScene(QPointF(3, 0.5))
    chart.scene().sigMouseMoved.emit(scene_pos)
    assert chart._tip.isVisible()
    assert chart._tip.textItem.toPlainText() == "3月5日 周四：1"


def test_q3_dashboard_defaults_to_the_main_role(qtbot: QtBot, make_ctx: Callable[[Role], AppContext],
                                                shop: Shop) -> None:
    for role, key in ((Role.WORKSHOP_MANAGER, "workshop"), (Role.PARTS_CLERK, "parts"),
                      (Role.ADVISOR, "front_desk"), (Role.TEAM_LEADER, "workshop")):
        screen = DashboardScreen(make_ctx(role))
        qtbot.addWidget(screen)
        assert screen.current.key == key
        screen.ctx.ops.wait()


def test_q3_workshop_histogram_and_parts_table(qtbot: QtBot, make_ctx: Callable[[Role], AppContext],
                                               shop: Shop, qtmodeltester: object, tmp_path: Path) -> None:
    ctx = make_ctx(Role.SERVICE_DIRECTOR)
    screen = open_screen(qtbot, ctx, "workshop")
    hist = screen.cards["time_in_workshop"].chart
    assert isinstance(hist, BarChart)
    assert hist.values == [1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0]
    qtbot.mouseClick(hist.viewport(), Qt.MouseButton.LeftButton, pos=hist.point_of(5).toPoint())
    dialog = screen.cards["time_in_workshop"].dialogs[-1]
    assert dialog.model.row_values(0)[0] == "RO2603-WO3"
    dialog.close()

    screen.set_dashboard("parts")
    ctx.ops.wait()
    QApplication.processEvents()
    card = screen.cards["dead_stock"]
    assert card.table is not None
    qtmodeltester.check(card.table.model())  # type: ignore[attr-defined]
    out = tmp_path / "stock.csv"
    screen.cards["stock_value"].export_csv(str(out))
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == "最近出入库,品种数,库存金额"


def test_q3_front_desk_shows_my_work_orders(qtbot: QtBot, make_ctx: Callable[[Role], AppContext],
                                            shop: Shop, db: Database) -> None:
    from ui.operations import Operations

    ops = Operations("zh")
    ops.show_errors = False
    ctx = AppContext(db=db, actor=shop.wang, ops=ops, lang="zh")
    screen = open_screen(qtbot, ctx)
    assert screen.current.key == "front_desk"
    card = screen.cards["my_open_work_orders"]
    assert card.chart is not None and sum(card.chart.values) == 4  # wang's WO5, WO6, WO12, WO15
    assert "全部顾问" not in card.title.text()


def test_q3_many_bars_lie_sideways_and_still_open_their_list(qtbot: QtBot) -> None:
    names = [f"技工{i}" for i in range(12)]
    chart = BarChart(names, [float(i) for i in range(12)], horizontal=True, integer=True)
    qtbot.addWidget(chart)
    chart.resize(420, 320)
    with qtbot.waitExposed(chart):
        chart.show()
    with qtbot.waitSignal(chart.clicked) as blocker:
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.point_of(7).toPoint())
    assert blocker.args == [7]
    assert chart.tip_for(7)[0] == "技工7：7"


def test_q3_sideways_names_each_get_a_line_and_never_overlap(qtbot: QtBot) -> None:
    """Issue 19: 15 technicians in a 150 px card wrote their names over each other. Sideways bars ask for a
    line per name (the card grows, the dashboard scrolls); squeezed anyway, only every k-th name is written."""
    from PySide6.QtGui import QFontMetrics

    names = [f"技工{i}" for i in range(15)]
    chart = BarChart(names, [float(i) for i in range(15)], horizontal=True)
    qtbot.addWidget(chart)
    line = QFontMetrics(chart.font()).height()
    assert chart.minimumHeight() >= 15 * line
    chart.setMinimumHeight(0)
    chart.resize(420, 200)
    with qtbot.waitExposed(chart):
        chart.show()
    chart.resize(420, 160)
    ticks = chart.getAxis("left")._tickLevels[0]
    assert 0 < len(ticks) < 15 and len(ticks) * line <= 160


def test_q3_names_under_standing_bars_fit_their_slot(qtbot: QtBot) -> None:
    """Issue 22 (1366×768, English): "Maintenance" and "Accident" under neighbouring bars ran into each other.
    A name wider than its bar's slot is shortened with …; one that fits is written whole."""
    from PySide6.QtGui import QFontMetrics

    names = ["General repair", "Maintenance", "Accident", "Warranty", "Internal"]
    chart = BarChart(names, [5.0, 4.0, 3.0, 2.0, 1.0])
    qtbot.addWidget(chart)
    with qtbot.waitExposed(chart):
        chart.show()
    chart.resize(330, 220)
    qtbot.wait(10)
    metrics = QFontMetrics(chart.font())
    slot = chart.getPlotItem().vb.width() / len(names)
    shown = [text for _i, text in chart.getAxis("bottom")._tickLevels[0]]
    assert all(metrics.horizontalAdvance(text) <= slot for text in shown)
    assert "Accident" in shown and any(text.endswith("…") for text in shown)
    chart.resize(900, 220)
    qtbot.wait(10)
    assert [text for _i, text in chart.getAxis("bottom")._tickLevels[0]] == names


def test_q3_standing_bars_keep_their_height_beside_a_tall_card(qtbot: QtBot, make_ctx: Callable[[Role], AppContext],
                                                              shop: Shop) -> None:
    """A card with a line per technician grows to 1,300 px in a large shop; the standing bar charts of its row
    keep their own height (their baseline in view at 1366×768), not the row's, and the next card of their column
    sits right under them, not under the tall one."""
    screen = open_screen(qtbot, make_ctx(Role.WORKSHOP_MANAGER), "workshop")
    tall, beside = screen.cards["technician_load"], screen.cards["cars_in_workshop"]
    tall.setMinimumHeight(1300)  # as _grow sets it for 50 technicians
    grid = screen.scroll_area.widget()
    qtbot.waitUntil(lambda: tall.height() >= 1300 and grid.height() >= tall.y() + 1300)
    QApplication.processEvents()
    assert beside.y() == tall.y() and beside.height() == beside.minimumHeight() < 500
    assert beside.chart is not None and beside.chart.height() < 450
    below = screen.cards["late_work_orders"]  # the fourth card: the first column's second
    assert below.x() == beside.x() and beside.y() + beside.height() < below.y() < beside.y() + beside.height() + 30
