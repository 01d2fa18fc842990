"""The parts counter screen: scans at scanner speed issue at once wherever the focus is on the screen; slow
typing never issues and never loses or doubles a character; refusals flash red; the lines update."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.helpers import parts_data as pd
from ui.context import AppContext
from ui.parts_counter.counter_screen import PartsCounterScreen
from ui.parts_counter.lines_model import CounterLinesModel
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries.stock import work_order_parts

EAN = pd.ean13("690123456789")


@pytest.fixture
def counter(qtbot, db: Database, people: dict[Role, Actor],
            make_ctx: Callable[[Role], AppContext]) -> tuple[PartsCounterScreen, pd.WO, int]:
    clerk = people[Role.PARTS_CLERK]
    part_id = pd.make_part(db, clerk, "06L115562B", stock="10", barcode=EAN, bin_code="A-01-02")
    wo = pd.make_work_order(db, people[Role.ADVISOR], [(part_id, "3")])
    screen = PartsCounterScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    return screen, wo, part_id


def scan(qtbot, widget: QWidget, code: str) -> None:
    """A keyboard-wedge scanner: the whole code as back-to-back keystrokes (well under 50 ms apart), then Enter."""
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def type_slowly(qtbot, widget: QWidget, text: str, gap_ms: int = 90) -> None:
    for ch in text:
        qtbot.keyClicks(widget, ch)
        qtbot.wait(gap_ms)


def issued(db: Database, wo: pd.WO) -> Decimal:
    return pd.line(db, wo.lines[0]).issued_qty


def test_p1_scan_at_scanner_speed_opens_the_work_order_and_issues_at_once(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    scan(qtbot, screen.part_edit, wo.number)  # the work order's barcode, scanned into whatever has focus
    assert screen.current is not None and screen.current.number == wo.number
    assert screen.head_labels["advisor"].text() == "advisor" and screen.model.rowCount() == 1
    scan(qtbot, screen.part_edit, EAN)
    qtbot.waitUntil(lambda: screen.last_result is not None, timeout=10_000)
    assert issued(db, wo) == 1
    assert screen.part_edit.text() == ""  # no scanned character leaked into the field
    assert screen.model.line(0).issued == 1 and screen.model.line(0).remaining == 2
    assert "06L115562B" in screen.banner.text() and "#1e8c3a" in screen.banner.styleSheet()
    assert screen.log.count() == 1


def test_p1_slow_typing_and_enter_issues_nothing_and_keeps_every_character(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    screen.open_work_order(wo.number)
    type_slowly(qtbot, screen.part_edit, "06L115562B")
    qtbot.keyClick(screen.part_edit, Qt.Key.Key_Return)
    qtbot.wait(200)
    screen.ctx.ops.wait()
    assert screen.part_edit.text() == "06L115562B"  # typed by hand: every character, once, in order
    assert issued(db, wo) == 0 and screen.last_result is None
    assert "发料" in screen.banner.text()  # the hint: press Issue for a typed part number
    screen.action_btn.click()  # a typed part number issues with the button
    qtbot.waitUntil(lambda: screen.last_result is not None, timeout=10_000)
    assert issued(db, wo) == 1


def test_p1_scan_is_taken_wherever_the_focus_is_on_the_screen(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    scan(qtbot, screen.table, wo.number)
    scan(qtbot, screen.qty, EAN)
    qtbot.waitUntil(lambda: screen.last_result is not None, timeout=10_000)
    assert issued(db, wo) == 1
    assert screen.qty.value() == 1  # the scan did not type into the quantity box


def test_p1_fast_burst_without_enter_is_delivered_to_the_field_unchanged(qtbot, counter) -> None:
    screen, _, _ = counter
    type_slowly(qtbot, screen.wo_edit, "RO")
    qtbot.keyClicks(screen.wo_edit, "26")  # two quick keys, no Enter: typing after all
    qtbot.wait(300)
    type_slowly(qtbot, screen.wo_edit, "12")
    qtbot.waitUntil(lambda: screen.wo_edit.text() == "RO2612", timeout=2000)  # a held key shows within 120 ms
    qtbot.wait(300)
    assert screen.wo_edit.text() == "RO2612" and screen.current is None


def test_p1_quantity_typed_before_the_scan(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    screen.open_work_order(wo.number)
    type_slowly(qtbot, screen.part_edit, "3*")
    scan(qtbot, screen.part_edit, EAN)
    qtbot.waitUntil(lambda: screen.last_result is not None, timeout=10_000)
    assert issued(db, wo) == 3 and screen.part_edit.text() == ""


def test_p2_refusal_flashes_red_with_the_sentence_and_writes_nothing(qtbot, db: Database, counter) -> None:
    screen, wo, part_id = counter
    screen.open_work_order(wo.number)
    screen.qty.setValue(5)
    scan(qtbot, screen.part_edit, EAN)
    qtbot.waitUntil(lambda: screen.last_error is not None, timeout=10_000)
    assert "还差 3" in screen.banner.text() and "#c62828" in screen.banner.styleSheet()
    assert issued(db, wo) == 0 and pd.part(db, part_id).on_hand == 10
    scan(qtbot, screen.part_edit, pd.ean13("690000000001"))
    qtbot.waitUntil(lambda: "不认识" in (screen.last_error or ""), timeout=10_000)


def test_p1_scanning_a_part_before_the_work_order_is_refused(qtbot, counter) -> None:
    screen, _, _ = counter
    scan(qtbot, screen.part_edit, EAN)
    assert screen.last_error is not None and "工单" in screen.last_error


def test_p4_return_mode_takes_the_part_back(qtbot, db: Database, counter) -> None:
    screen, wo, part_id = counter
    scan(qtbot, screen.part_edit, wo.number)
    scan(qtbot, screen.part_edit, EAN)
    qtbot.waitUntil(lambda: screen.last_result is not None, timeout=10_000)
    screen.set_mode("return")
    screen.last_result = None
    scan(qtbot, screen.part_edit, EAN)
    qtbot.waitUntil(lambda: screen.last_result is not None, timeout=10_000)
    assert screen.last_result is not None and screen.last_result.kind == "return"
    assert pd.line(db, wo.lines[0]).returned_qty == 1 and pd.part(db, part_id).on_hand == 10


def test_counter_lines_model_passes_the_model_tester(qtmodeltester, db: Database, counter) -> None:
    _, wo, _ = counter
    view = work_order_parts(db, wo.number)
    assert view is not None
    model = CounterLinesModel("zh")
    model.set_lines(view.lines, view.lines[0].line_id)
    qtmodeltester.check(model)


def test_p1_work_orders_waiting_for_parts_are_listed_and_open_on_double_click(
    qtbot, qtmodeltester, db: Database, people: dict[Role, Actor], counter
) -> None:
    screen, wo, part_id = counter
    pd.make_work_order(db, people[Role.ADVISOR], [(part_id, "1")], state="draft")  # not started: not listed
    screen.waiting_model.reload()
    assert [screen.waiting_model.row_values(r)[0] for r in range(screen.waiting_model.rowCount())] == [wo.number]
    assert screen.waiting_model.row_values(0)[4] == 1
    qtmodeltester.check(screen.waiting_model)
    screen.waiting_view.doubleClicked.emit(screen.waiting_model.index(0, 0))
    assert screen.current is not None and screen.current.number == wo.number
