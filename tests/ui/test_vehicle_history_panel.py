"""R3 / issue 19: picking a customer at the front desk shows the vehicle's history in one panel — its work
orders, mileage over time, declined added items, open claims; double-click or Enter opens a work order."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from tests.helpers.history_data import vehicle_with_a_past
from ui.context import AppContext
from ui.front_desk.screen import FrontDeskScreen
from ui.front_desk.work_order_view import WorkOrderWindow
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # the work order window is shown offscreen


def test_r3_picking_a_customer_shows_the_vehicle_history_and_opens_its_orders(
        qtbot, qtmodeltester, db: Database, people: dict[Role, Actor],
        make_ctx: Callable[[Role], AppContext]) -> None:
    past = vehicle_with_a_past(db, people)
    screen = FrontDeskScreen(make_ctx(Role.ADVISOR))
    qtbot.addWidget(screen)
    screen.show()
    screen.search_box.setText("2345")
    screen.run_search()
    assert screen.ctx.ops.wait()
    panel = screen.vehicle_history
    assert screen.tabs.currentWidget() is panel
    qtmodeltester.check(panel.orders)
    assert [panel.orders.row_values(r)[0] for r in range(panel.orders.rowCount())] == [past.newer, past.older]
    newer = panel.orders.row_values(0)
    assert newer[2] == "一般维修" and newer[3] == "维修中" and newer[4] == "32,000"
    assert "2 张工单" in panel.title.text()
    assert [p.km for p in panel.mileage.points] == [31000, 32000] and "2 次进厂" in panel.mileage_text.text()
    assert panel.declined.display_row(0)[:2] == ("换前刹车片", past.newer)
    assert "（1）" in panel.declined_box.title() and "（0）" in panel.claims_box.title()
    # double-click opens the work order
    rect = panel.orders_view.visualRect(panel.orders.index(1, 0))
    qtbot.mouseClick(panel.orders_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.orders_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert past.older in screen.windows and screen.windows[past.older].isVisible()
    assert isinstance(screen.windows[past.older], WorkOrderWindow)
    # Enter on a selected row opens it too
    panel.orders_view.setFocus()
    panel.orders_view.setCurrentIndex(panel.orders.index(0, 0))
    qtbot.keyClick(panel.orders_view, Qt.Key.Key_Return)
    assert past.newer in screen.windows


def test_r3_history_panel_is_empty_before_a_pick(qtbot, make_ctx: Callable[[Role], AppContext]) -> None:
    screen = FrontDeskScreen(make_ctx(Role.ADVISOR))
    qtbot.addWidget(screen)
    assert screen.vehicle_history.orders.rowCount() == 0
    assert "请先选择" in screen.vehicle_history.title.text()


def test_r3_history_tab_opened_before_a_pick_shows_the_empty_panel(
        qtbot, make_ctx: Callable[[Role], AppContext]) -> None:
    """The panel is built when first needed (issue 22: not for the desk's first paint): the tab clicked first."""
    screen = FrontDeskScreen(make_ctx(Role.ADVISOR))
    qtbot.addWidget(screen)
    screen.show()
    assert screen._vehicle_history is None and screen.tabs.count() == 3
    screen.tabs.setCurrentIndex(2)
    panel = screen.tabs.currentWidget()
    assert panel is screen.vehicle_history and screen.tabs.count() == 3 and screen.tabs.currentIndex() == 2
    assert screen.tabs.tabText(2) == "车辆档案" and "请先选择" in panel.title.text()
    assert screen.ctx.ops.wait()


def test_r3_the_cashier_opens_the_vehicle_history_of_the_bill(qtbot, db: Database, people: dict[Role, Actor],
                                                               make_ctx: Callable[[Role], AppContext]) -> None:
    from ui.cashier.screen import CashierScreen

    past = vehicle_with_a_past(db, people)
    screen = CashierScreen(make_ctx(Role.CASHIER))
    qtbot.addWidget(screen)
    assert screen.ctx.ops.wait()  # the waiting list is read off the GUI thread
    assert not screen.history_button.isEnabled()
    screen.open_bill(past.older)
    assert screen.current is not None and screen.history_button.isEnabled()
    dialog = screen.show_vehicle_history()
    assert dialog is not None
    panel = dialog.panel  # type: ignore[attr-defined]
    assert [panel.orders.row_values(r)[0] for r in range(panel.orders.rowCount())] == [past.newer, past.older]
    assert panel.declined.rowCount() == 1
    panel.orders_view.selectRow(0)
    panel.open_selected()
    window = dialog.windows[past.newer]  # type: ignore[attr-defined]
    assert isinstance(window, WorkOrderWindow) and window.read_only  # the cashier looks, the desk edits
    dialog.close()


def test_r3_history_panel_says_how_many_orders_there_are_when_it_lists_only_the_newest(
        qtbot, monkeypatch: pytest.MonkeyPatch, db: Database, people: dict[Role, Actor],
        make_ctx: Callable[[Role], AppContext]) -> None:
    from functools import partial

    from ui.front_desk import vehicle_history as panel_module
    from workshop.queries.vehicle_history import vehicle_history

    past = vehicle_with_a_past(db, people)
    monkeypatch.setattr(panel_module, "vehicle_history", partial(vehicle_history, limit=1))
    monkeypatch.setattr(panel_module, "PAGE", 1)
    screen = FrontDeskScreen(make_ctx(Role.ADVISOR))
    qtbot.addWidget(screen)
    screen.search_box.setText("2345")
    screen.run_search()
    assert screen.ctx.ops.wait()
    panel = screen.vehicle_history
    assert "2 张工单" in panel.title.text()
    # the first page (one row) leaves the list's room empty: the view asks for the next page at once, as it does
    # when the clerk scrolls to the end, and the older order is read then
    while panel.orders.canFetchMore():
        panel.orders.fetchMore()
    assert [panel.orders.row_values(r)[0] for r in range(panel.orders.rowCount())] == [past.newer, past.older]
    assert panel.orders.rowCount() == 2 and not panel.orders.canFetchMore()
    assert panel.title.text().endswith("：2 张工单")  # every order listed: nothing more to scroll down to
    # the older visit scrolled in: the chart goes back to it, and the sentence counts both
    assert [p.km for p in panel.mileage.points] == [31000, 32000] and "2 次进厂，约" in panel.mileage_text.text()
    panel.orders.reload()  # a refresh fetches the listed rows again: no visit twice
    assert [p.km for p in panel.mileage.points] == [31000, 32000]


def test_r3_history_chart_says_it_shows_the_latest_visits_while_older_orders_are_unlisted(
        qtbot, monkeypatch: pytest.MonkeyPatch, db: Database, people: dict[Role, Actor],
        make_ctx: Callable[[Role], AppContext]) -> None:
    from functools import partial

    from ui.front_desk import vehicle_history as panel_module
    from workshop.queries.vehicle_history import vehicle_history

    past = vehicle_with_a_past(db, people)
    monkeypatch.setattr(panel_module, "vehicle_history", partial(vehicle_history, limit=1))
    monkeypatch.setattr(panel_module, "PAGE", 1)
    panel = panel_module.VehicleHistoryPanel(make_ctx(Role.ADVISOR), lambda _n: None)
    qtbot.addWidget(panel)
    panel.show_history(vehicle_id=past.shop.vehicle.id, name=past.shop.vehicle.plate or "")
    # one of two orders listed: not "one visit only" of a car with two, but the latest visit of two orders
    assert [p.km for p in panel.mileage.points] == [32000]
    assert "最近 1 次进厂（共 2 张工单）" in panel.mileage_text.text()
    assert panel.title.text().endswith("：2 张工单，最近的在前（向下滚动看更早的）")


def test_r3_history_panel_shows_the_declined_items_order_number_and_date_whole_at_1366x768(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]) -> None:
    """The declined items' box is narrow at 1366×768: the item's words give up room (elided, the whole text in
    the tooltip), the work order number and the date do not (they were cut to "RO…" and "2…")."""
    past = vehicle_with_a_past(db, people)
    screen = FrontDeskScreen(make_ctx(Role.ADVISOR))
    qtbot.addWidget(screen)
    screen.resize(1180, 700)  # the main window's screen area at 1366×768, beside the side bar
    screen.show()
    qtbot.waitExposed(screen)
    screen.search_box.setText("2345")
    screen.run_search()
    assert screen.ctx.ops.wait()
    panel = screen.vehicle_history
    view = panel.declined_view
    assert panel.declined.display_row(0)[1] == past.newer
    header = view.horizontalHeader()
    for column in (1, 2):
        assert header.sectionSize(column) >= view.sizeHintForColumn(column), column
