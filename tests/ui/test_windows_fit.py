"""Issue 19, windows fit: every screen of the registry and the main dialogs at 1366×768 with no control off
the window; the main window opens within the available screen; geometry and column widths per user."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog, QHeaderView

from tests.helpers.dialogs import desk_dialogs, record_dialogs
from tests.helpers.fit import SMALL_AVAILABLE, cut_columns, outside, show_at
from tests.helpers.front_desk_data import add_shop, open_order
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens import SCREENS
from workshop.domain.roles import Actor, Role

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # windows are shown offscreen


def _viewer(people: dict[Role, Actor], key: str) -> Role:
    spec = next(s for s in SCREENS if s.key == key)
    return next(r for r in Role if spec.visible_to(people[r]))


def test_desk_every_screen_fits_1366x768(qtbot, make_ctx: Callable[[Role], AppContext],
                                        people: dict[Role, Actor]) -> None:
    ctx = make_ctx(Role.ADVISOR)
    open_order(ctx.db, people, add_shop(ctx.db, people))  # rows in the tables: a customer, a car, a work order
    problems: dict[str, list[str]] = {}
    windows: dict[Role, MainWindow] = {}
    for spec in SCREENS:
        role = _viewer(people, spec.key)
        if role not in windows:
            windows[role] = MainWindow(make_ctx(role))
            qtbot.addWidget(windows[role])
            show_at(windows[role])
        window = windows[role]
        window.show_screen(spec.key)
        assert window.ctx.ops.wait()
        show_at(window)
        assert window.width() <= SMALL_AVAILABLE[0] and window.height() <= SMALL_AVAILABLE[1], spec.key
        if bad := outside(window) + cut_columns(window):
            problems[spec.key] = bad
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def _dialogs(ctx: AppContext, number: str, people: dict[Role, Actor]) -> list[QDialog]:
    from ui.front_desk.work_order_view import WorkOrderWindow

    return [*desk_dialogs(ctx), WorkOrderWindow(ctx, number), *record_dialogs(ctx, people)]


def test_desk_main_dialogs_fit_1366x768(qtbot, make_ctx: Callable[[Role], AppContext],
                                       people: dict[Role, Actor]) -> None:
    ctx = make_ctx(Role.ADVISOR)
    number = open_order(ctx.db, people, add_shop(ctx.db, people)).number
    problems: dict[str, list[str]] = {}
    for dialog in _dialogs(ctx, number, people):
        qtbot.addWidget(dialog)
        if dialog.width() > SMALL_AVAILABLE[0] or dialog.height() > SMALL_AVAILABLE[1]:  # the screen offers less
            dialog.resize(min(dialog.width(), SMALL_AVAILABLE[0]), min(dialog.height(), SMALL_AVAILABLE[1]))
        dialog.show()
        assert ctx.ops.wait()
        size = dialog.size()
        assert size.width() <= SMALL_AVAILABLE[0] and size.height() <= SMALL_AVAILABLE[1], type(dialog).__name__
        if bad := outside(dialog) + cut_columns(dialog):
            problems[type(dialog).__name__] = bad
        dialog.close()
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_desk_login_demo_table_shows_its_last_row_above_the_buttons(qtbot, make_ctx: Callable[[Role], AppContext]
                                                                    ) -> None:
    from ui.login import LoginDialog

    ctx = make_ctx(Role.ADVISOR)
    demo = [(f"user{i}", f"用户{i}", "advisor") for i in range(11)]
    dialog = LoginDialog(ctx.db, "zh", demo, "demo1234")
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.demo_table
    last = table.visualRect(table.model().index(10, 0))
    assert last.isValid() and last.bottom() <= table.viewport().height()  # the whole last row is visible
    bottom = table.viewport().mapTo(dialog, last.bottomLeft()).y()
    assert bottom < dialog.buttons.mapTo(dialog, dialog.buttons.rect().topLeft()).y()
    assert dialog.height() <= SMALL_AVAILABLE[1]


def test_desk_main_window_opens_within_the_available_screen(qtbot, make_ctx: Callable[[Role], AppContext]) -> None:
    window = MainWindow(make_ctx(Role.ADVISOR))
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()
    assert available.contains(window.frameGeometry().topLeft())


def _interactive(window: MainWindow) -> tuple[int, int]:
    """(memory index, section) of a column the user may drag."""
    for i, memory in enumerate(window.columns):
        for section in range(memory.header.count()):
            if memory.header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive:
                return i, section
    raise AssertionError("no column the user can size")


def test_desk_geometry_and_column_widths_are_remembered_per_user(qtbot,
                                                                 make_ctx: Callable[[Role], AppContext]) -> None:
    window = MainWindow(make_ctx(Role.ADVISOR))
    qtbot.addWidget(window)
    window.resize(700, 500)
    i, section = _interactive(window)
    header = window.columns[i].header
    window.columns[i].remember(section, 177)
    header.resizeSection(section, 40)  # the screen sizes its columns again after a load: the user's width wins
    assert header.sectionSize(section) == 177
    window.close()
    again = MainWindow(make_ctx(Role.ADVISOR))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)
    assert again.columns[i].header.sectionSize(section) == 177
    other = MainWindow(make_ctx(Role.FRONT_DESK_LEAD))  # another user keeps their own layout
    qtbot.addWidget(other)
    assert (other.width(), other.height()) != (700, 500)
    assert other.columns[i].header.sectionSize(section) != 177


def test_desk_discount_dialog_shows_its_margin_and_whole_verdict(qtbot, make_ctx: Callable[[Role], AppContext],
                                                                 people: dict[Role, Actor]) -> None:
    from ui.approvals.discount_dialog import DiscountDialog

    ctx = make_ctx(Role.ADVISOR)
    wo = open_order(ctx.db, people, add_shop(ctx.db, people))
    dialog = DiscountDialog(ctx, wo.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.value.setText("5")  # 5折: far above an advisor's limit, so a long verdict with the rule
    dialog.reason.setText("老客户")
    dialog.update_preview()
    assert "毛利率" in dialog.figures.text()
    line = dialog.figures.fontMetrics().height()
    assert dialog.figures.height() < 2 * line  # the amounts and the margin on one line
    assert dialog.verdict.height() >= dialog.verdict.heightForWidth(dialog.verdict.width())  # nothing cut
    assert not outside(dialog)


def test_desk_an_amount_column_whose_first_rows_are_empty_is_still_sized_as_a_number(qtbot) -> None:
    """The work order list opens on the newest orders, still open, with no total yet: the amounts further down
    are shown whole ("¥1,984.00"), not squeezed like a name column to "¥1,9…"."""
    from ui.front_desk.common import RowsModel, make_table
    from ui.widgets.columns import fit_columns

    model = RowsModel(["工单号", "开单时间", "类型", "客户", "服务顾问", "金额"])
    rows = [(f"RO2612-{i:04d}", "2026-12-03 22:20", "一般维修", "广州粤通汽车服务有限公司", "张顾问",
             "" if i < 35 else "¥1,984.00") for i in range(50)]
    model.set_rows(rows, rows)
    view = make_table(model)
    qtbot.addWidget(view)
    view.resize(420, 400)  # narrower than the columns want: the names give up room, the amounts do not
    view.show()
    fit_columns(view)
    assert view.horizontalHeader().sectionSize(5) >= view.sizeHintForColumn(5) > 0
