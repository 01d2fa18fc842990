"""Issue 22 (services return what changed): the runner broadcasts the ChangeSet a service committed; every main
screen refreshes after a change of what it shows and not after unrelated changes; an open work order window
refreshes after an issue of parts to that very order at the counter, and not after an issue to another one."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.helpers import parts_data as pd
from tests.helpers.keys import scan
from tests.helpers.numbers import numbered
from ui.context import AppContext
from ui.front_desk.work_order_view import WorkOrderWindow
from ui.operations import Operations
from ui.parts_counter.counter_screen import PartsCounterScreen
from ui.parts_counter.stock_screen import StockScreen
from ui.screens import SCREENS
from workshop.db.uow import Database
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.roles import Actor, Role
from workshop.services import parts_counter, settings

K = RecordKind
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
TOYOTA = "90915-0T860"


def _issued_cell(window: WorkOrderWindow) -> str:
    return str(window.parts.data(window.parts.index(0, 5)))


def test_changes_open_work_order_window_refreshes_after_an_issue_at_the_counter(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]) -> None:
    clerk, advisor = people[Role.PARTS_CLERK], people[Role.ADVISOR]
    part_id = pd.make_part(db, clerk, TOYOTA, stock="10")
    wo = numbered(db, pd.make_work_order(db, advisor, [(part_id, "3")]))
    other = numbered(db, pd.make_work_order(db, advisor, [(part_id, "2")]))
    ctx = make_ctx(Role.PARTS_CLERK)  # one desk: the counter screen and the work order window opened from it
    window = WorkOrderWindow(ctx, wo.number)
    window.ctx.ops.wait()  # the window reads the order on a worker
    qtbot.addWidget(window)
    window.show()
    counter = PartsCounterScreen(ctx)
    qtbot.addWidget(counter)
    counter.show()
    assert _issued_cell(window) == "0"
    refreshes: list[int] = []
    original = window.refresh
    window.refresh = lambda: (refreshes.append(1), original())[-1]  # type: ignore[method-assign]

    scan(qtbot, counter.part_edit, wo.number)
    scan(qtbot, counter.part_edit, TOYOTA)
    qtbot.waitUntil(lambda: counter.last_result is not None, timeout=10_000)
    assert ctx.ops.wait()
    assert pd.line(db, wo.lines[0]).issued_qty == 1
    assert _issued_cell(window) == "1" and refreshes == [1]  # nobody pressed refresh

    # an issue to another order of a part this window does not show: the window stays as it is
    other_part = pd.make_part(db, clerk, "08823-YZZT3", stock="4")
    third = numbered(db, pd.make_work_order(db, advisor, [(other_part, "1")]))
    ctx.ops.run_service(parts_counter.issue_part, third.number, "08823-YZZT3")
    assert ctx.ops.wait() and ctx.ops.last_error is None
    assert refreshes == [1]
    # the same part issued to another order: its free stock changed, so the window's shortage check reloads
    ctx.ops.run_service(parts_counter.issue_part, other.number, TOYOTA)
    assert ctx.ops.wait() and ctx.ops.last_error is None
    assert refreshes == [1, 1]


def test_changes_stock_screen_shows_the_new_on_hand_after_an_issue(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]) -> None:
    clerk = people[Role.PARTS_CLERK]
    part_id = pd.make_part(db, clerk, TOYOTA, stock="10")
    wo = numbered(db, pd.make_work_order(db, people[Role.ADVISOR], [(part_id, "3")]))
    ctx = make_ctx(Role.PARTS_CLERK)
    screen = StockScreen(ctx)
    qtbot.addWidget(screen)
    assert ctx.ops.wait()
    heard: list[ChangeSet] = []
    ctx.ops.records_changed.connect(heard.append)
    ctx.ops.run_service(parts_counter.issue_part, wo.number, TOYOTA, Decimal(2))
    assert ctx.ops.wait() and ctx.ops.last_error is None
    assert heard[-1].ids_of(K.STOCK) == {part_id} and heard[-1].ids_of(K.WORK_ORDERS) == {wo.id}
    qtbot.waitUntil(lambda: any(str(screen.model.data(screen.model.index(0, c))) == "8"
                                for c in range(screen.model.columnCount())), timeout=5_000)


def test_changes_a_settings_save_is_broadcast_as_settings_only(
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADMIN)
    heard: list[ChangeSet] = []
    ctx.ops.records_changed.connect(heard.append)
    ctx.ops.run_service(settings.set_setting, "shop_name", "测试店")
    assert ctx.ops.wait() and ctx.ops.last_error is None
    assert [c.kinds for c in heard] == [{K.SETTINGS}]


# (screen key, role, what it shows, an unrelated change, the method its refresh goes through)
MAIN_SCREENS = [
    ("front_desk", Role.ADVISOR, K.WORK_ORDERS, K.TOOLS, "_show_history"),
    ("workshop_board", Role.WORKSHOP_MANAGER, K.WORK_ORDERS, K.USERS, "refresh"),
    ("floor_board", Role.WORKSHOP_MANAGER, K.CLOCKS, K.TOOLS, "refresh"),
    ("piece_rate", Role.SERVICE_DIRECTOR, K.PIECE_RATE, K.TOOLS, "refresh"),
    ("qc", Role.QC_INSPECTOR, K.WORK_ORDERS, K.STOCK, "refresh"),
    ("parts_counter", Role.PARTS_CLERK, K.STOCK, K.TOOLS, "refresh"),
    ("stock", Role.PARTS_CLERK, K.STOCK, K.WORK_ORDERS, "reload"),
    ("purchase_orders", Role.PARTS_CLERK, K.PURCHASE_ORDERS, K.TOOLS, "refresh"),
    ("cashier", Role.CASHIER, K.PAYMENTS, K.STOCK, "reload_waiting"),
    ("receivables", Role.CASHIER, K.RECEIVABLES, K.STOCK, "reload"),
    ("claims", Role.PARTS_CLERK, K.CLAIMS, K.TOOLS, "reload"),
    ("tools", Role.PARTS_CLERK, K.TOOLS, K.CLAIMS, "refresh"),
    ("appointments", Role.ADVISOR, K.APPOINTMENTS, K.STOCK, "refresh"),
    ("reminders", Role.CUSTOMER_SERVICE, K.APPOINTMENTS, K.STOCK, "refresh"),
    ("declined_work", Role.ADVISOR, K.DECLINED_WORK, K.STOCK, "refresh"),
    ("customer_service", Role.CUSTOMER_SERVICE, K.COMPLAINTS, K.STOCK, "refresh"),
    ("dashboard", Role.SERVICE_DIRECTOR, K.WORK_ORDERS, K.USERS, "_schedule"),
    ("admin_users", Role.ADMIN, K.USERS, K.STOCK, "refresh"),
    ("admin_labor", Role.ADMIN, K.MASTER_DATA, K.STOCK, "refresh"),
    ("admin_parts", Role.ADMIN, K.STOCK, K.USERS, "refresh"),
]


@pytest.mark.parametrize(("key", "role", "shown", "unrelated", "method"), MAIN_SCREENS,
                         ids=[s[0] for s in MAIN_SCREENS])
def test_changes_main_screen_refreshes_on_what_it_shows_only(
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext], key: str, role: Role, shown: RecordKind,
        unrelated: RecordKind, method: str) -> None:
    spec = next(s for s in SCREENS if s.key == key)
    module, name = spec.factory.split(":")
    ctx = make_ctx(role)
    screen = getattr(importlib.import_module(module), name)(ctx)
    qtbot.addWidget(screen)
    screen.show()
    assert ctx.ops.wait()
    calls: list[int] = []
    setattr(screen, method, lambda *a, **k: calls.append(1))
    ctx.ops.broadcast(ChangeSet.of(unrelated, 1))
    assert calls == [], f"{key} refreshed after a change of {unrelated}"
    ctx.ops.broadcast(ChangeSet.of(shown, 1))
    assert calls, f"{key} did not refresh after a change of {shown}"


def test_changes_a_closed_screen_hears_nothing(qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    ops: Operations = make_ctx(Role.PARTS_CLERK).ops
    ctx = AppContext(db=db, actor=make_ctx(Role.PARTS_CLERK).actor, ops=ops)
    screen = StockScreen(ctx)
    assert ops.wait()
    screen.deleteLater()
    qtbot.wait(10)
    ops.broadcast(ChangeSet.of(K.STOCK, 1))  # no call into the deleted widget
