"""Issue 19: a work order barcode scanned on any screen opens that work order (F9: the work order travels with
the car, its barcode on it). Keys as a scanner sends them (Shift before capitals, Enter); typing into a text
field stays the field's; an unknown code, or a role without work orders, gets a sentence."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QAbstractItemView, QWidget

from tests.helpers.front_desk_data import add_shop, open_order
from tests.helpers.keys import scan, type_like_person
from ui.context import AppContext
from ui.front_desk.work_order_view import WorkOrderWindow
from ui.main_window import MainWindow
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # windows are shown offscreen


@pytest.fixture
def number(db: Database, people: dict[Role, Actor]) -> str:
    return open_order(db, people, add_shop(db, people)).number


def _window(qtbot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def _a_table_of(window: MainWindow) -> QWidget:
    screen = window.stack.currentWidget()
    views = [v for v in screen.findChildren(QAbstractItemView) if v.isVisibleTo(window)]
    return views[0] if views else window.nav


def _open_windows(window: MainWindow) -> list[WorkOrderWindow]:
    return [w for w in window.findChildren(WorkOrderWindow) if w.isVisible()]


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.WORKSHOP_MANAGER, Role.SERVICE_DIRECTOR, Role.CASHIER,
                                  Role.CUSTOMER_SERVICE, Role.TECHNICIAN])
def test_f9_a_work_order_barcode_scanned_on_any_screen_opens_it(
        qtbot, make_ctx: Callable[[Role], AppContext], number: str, role: Role) -> None:
    window = _window(qtbot, make_ctx(role))
    target = _a_table_of(window)
    target.setFocus()
    scan(qtbot, target, number)
    opened = _open_windows(window)
    assert [w.number for w in opened] == [number], window.current_key
    assert opened[0].read_only == (role not in (Role.ADVISOR,))
    scan(qtbot, window.nav, number.lower(), caps_lock=False)  # CapsLock at the PC: the same order, once
    assert len(_open_windows(window)) == 1


def test_f9_scanning_with_capslock_and_from_the_side_bar(qtbot, make_ctx: Callable[[Role], AppContext],
                                                          number: str) -> None:
    window = _window(qtbot, make_ctx(Role.WORKSHOP_MANAGER))
    scan(qtbot, window.nav, number, caps_lock=True)
    assert [w.number for w in _open_windows(window)] == [number]


def test_f9_scan_does_not_take_typing_in_a_text_field(qtbot, make_ctx: Callable[[Role], AppContext],
                                                       number: str) -> None:
    window = _window(qtbot, make_ctx(Role.ADVISOR))
    field = window.focus_search()
    assert field is not None
    field.clear()
    scan(qtbot, field, number)  # a number scanned into the search box searches for it
    assert field.text() == number and not _open_windows(window)
    field.clear()
    type_like_person(qtbot, field, "zs12")
    assert field.text() == "zs12" and not _open_windows(window)


def test_f9_a_person_typing_on_a_table_is_not_a_scan(qtbot, make_ctx: Callable[[Role], AppContext],
                                                      number: str) -> None:
    window = _window(qtbot, make_ctx(Role.WORKSHOP_MANAGER))
    type_like_person(qtbot, _a_table_of(window), number[-4:], enter=True)
    assert not _open_windows(window) and window.work_order_scan.message == ""


def test_f9_unknown_code_and_a_role_without_work_orders_get_a_sentence(
        qtbot, make_ctx: Callable[[Role], AppContext], number: str) -> None:
    window = _window(qtbot, make_ctx(Role.WORKSHOP_MANAGER))
    scan(qtbot, window.nav, "TEST-0404")
    assert not _open_windows(window)
    assert window.work_order_scan.message == "扫描到的「TEST-0404」不是本店的工单号。"
    assert window.statusBar().currentMessage() == window.work_order_scan.message
    admin = _window(qtbot, make_ctx(Role.ADMIN))
    scan(qtbot, admin.nav, number)
    assert not _open_windows(admin)
    assert admin.work_order_scan.message == f"您的角色不查看工单，不能打开工单 {number}。"
