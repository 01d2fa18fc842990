"""The parts counter screen with keys sent as the devices send them (tests/helpers/keys.py): a scanner's Shift
before capitals, CapsLock on, a Tab suffix, keypad digits, the focus on the side bar, a Chinese input method
composing; a person typing the same code slowly is never a scan and never loses or doubles a character."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.helpers import parts_data as pd
from tests.helpers.keys import ime_commit, ime_preedit, press, scan, type_like_person
from tests.helpers.numbers import numbered
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.parts_counter.counter_screen import PartsCounterScreen
from ui.parts_counter.lines_model import CounterLinesModel
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries.stock import work_order_parts

EAN = pd.ean13("690123456789")
TOYOTA = "90915-0T860"    # Shift before the T
NISSAN = "08823-YZZT3"   # four capitals in a row
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # shown offscreen: it cannot size windows


@pytest.fixture
def counter(qtbot, db: Database, people: dict[Role, Actor],
            make_ctx: Callable[[Role], AppContext]) -> tuple[PartsCounterScreen, pd.WO, int]:
    clerk = people[Role.PARTS_CLERK]
    part_id = pd.make_part(db, clerk, TOYOTA, stock="10", barcode=EAN, bin_code="A-01-02")
    wo = numbered(db, pd.make_work_order(db, people[Role.ADVISOR], [(part_id, "3")]))
    screen = PartsCounterScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    screen.show()  # the scan path listens while its screen is shown
    return screen, wo, part_id


def issued(db: Database, wo: pd.WO, line: int = 0) -> Decimal:
    return pd.line(db, wo.lines[line]).issued_qty


def wait_result(qtbot, screen: PartsCounterScreen) -> None:
    qtbot.waitUntil(lambda: screen.last_result is not None, timeout=10_000)


def test_p1_scan_with_capitals_opens_the_work_order_and_issues_at_once(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    assert wo.number.startswith("RO")
    scan(qtbot, screen.part_edit, wo.number)  # Shift before R and O, as a scanner sends them
    assert screen.current is not None and screen.current.number == wo.number
    assert screen.head_labels["advisor"].text() == "advisor" and screen.model.rowCount() == 1
    scan(qtbot, screen.part_edit, TOYOTA)
    wait_result(qtbot, screen)
    assert issued(db, wo) == 1
    assert screen.part_edit.text() == ""  # no scanned character leaked into the field
    assert screen.model.line(0).issued == 1 and screen.model.line(0).remaining == 2
    # green; it softens 0.7 s after the scan, which a loaded machine can pass before this line
    assert TOYOTA in screen.banner.text() and screen.banner.ok is True
    assert any(c in screen.banner.styleSheet() for c in ("#1e8c3a", "#d9f2df"))
    assert screen.banner.sounds == ["ok", "ok"]  # the work order opened, the part issued
    assert screen.log.count() == 2 and "✔" in screen.log.item(0).text()
    assert TOYOTA in screen.where.text()


def test_p1_part_number_with_capitals_in_a_row_issues(qtbot, db: Database, people, counter) -> None:
    screen, _, _ = counter
    other = pd.make_part(db, people[Role.PARTS_CLERK], NISSAN, stock="4")
    wo = numbered(db, pd.make_work_order(db, people[Role.ADVISOR], [(other, "2")]))
    scan(qtbot, screen.table, wo.number, gap_ms=2)
    scan(qtbot, screen.table, NISSAN, gap_ms=30)
    wait_result(qtbot, screen)
    assert issued(db, wo) == 1 and NISSAN in screen.banner.text()


def test_p1_caps_lock_on_the_scan_arrives_in_lower_case_and_still_issues(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    scan(qtbot, screen.part_edit, wo.number, caps_lock=True)  # arrives as ro27..: matched whatever the case
    assert screen.current is not None and screen.current.number == wo.number
    scan(qtbot, screen.part_edit, TOYOTA, caps_lock=True)
    wait_result(qtbot, screen)
    assert issued(db, wo) == 1 and screen.part_edit.text() == ""


def test_p1_tab_enter_tab_and_line_feed_suffixes_are_the_end_of_a_scan(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    screen.part_edit.setFocus()
    scan(qtbot, screen.part_edit, wo.number, suffix="\t")
    assert screen.current is not None and screen.current.number == wo.number
    scan(qtbot, screen.part_edit, TOYOTA, suffix="\r\t")
    wait_result(qtbot, screen)
    assert issued(db, wo) == 1 and screen.part_edit.text() == "" and screen.wo_edit.text() == wo.number
    scan(qtbot, screen.part_edit, EAN, suffix="\t", keypad=True)  # keypad digits, Tab suffix
    qtbot.waitUntil(lambda: issued(db, wo) == 2, timeout=10_000)
    scan(qtbot, screen.part_edit, TOYOTA, suffix="\n")  # a line feed, as X11 gives it (xdotool type '\n')
    qtbot.waitUntil(lambda: issued(db, wo) == 3, timeout=10_000)


def test_p1_scan_is_taken_wherever_the_focus_is_on_the_screen(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    scan(qtbot, screen.table, wo.number)
    scan(qtbot, screen.qty, EAN)
    wait_result(qtbot, screen)
    assert issued(db, wo) == 1
    assert screen.qty.value() == 1  # the scan did not type into the quantity box


def test_p1_scan_with_the_focus_on_the_side_bar_goes_to_the_counter(
    qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    part_id = pd.make_part(db, people[Role.PARTS_CLERK], TOYOTA, stock="5")
    wo = numbered(db, pd.make_work_order(db, people[Role.ADVISOR], [(part_id, "2")]))
    window = MainWindow(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    row = next(i for i in range(window.nav.count())
               if window.nav.item(i).data(Qt.ItemDataRole.UserRole) == "parts_counter")
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # 备件发料 clicked
    screen = window.screens["parts_counter"]
    assert isinstance(screen, PartsCounterScreen) and screen.isVisible()
    scan(qtbot, window.nav, wo.number)  # the focus still on the side bar
    assert screen.current is not None and screen.current.number == wo.number
    assert "焦点不在本页" in screen.where.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (screen.part_edit, None), timeout=2000)
    scan(qtbot, window.nav, TOYOTA)
    wait_result(qtbot, screen)
    assert issued(db, wo) == 1


def test_p1_scan_while_an_input_method_is_composing_is_read_whole(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    for field in (screen.part_edit, screen.wo_edit):  # Pinyin cannot compose in a scan field
        assert not field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        assert field.inputMethodHints() & Qt.InputMethodHint.ImhLatinOnly
    scan(qtbot, screen.part_edit, wo.number)
    ime_preedit(screen.part_edit, "ni")  # the IME was composing when the scan came
    scan(qtbot, screen.part_edit, TOYOTA)
    wait_result(qtbot, screen)
    assert issued(db, wo) == 1 and screen.part_edit.text() == ""
    screen.last_result = None
    ime_commit(screen.part_edit, TOYOTA.lower())  # the IME committed the scanned letters at once
    scan(qtbot, screen.part_edit, "", suffix="\r")
    wait_result(qtbot, screen)
    assert issued(db, wo) == 2 and screen.part_edit.text() == ""


def test_p1_a_person_typing_the_same_code_slowly_is_never_a_scan(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    screen.open_work_order(wo.number)
    type_like_person(qtbot, screen.part_edit, TOYOTA, enter=True)
    qtbot.wait(200)
    screen.ctx.ops.wait()
    assert screen.part_edit.text() == TOYOTA  # typed by hand: every character, once, in order
    assert issued(db, wo) == 0 and screen.last_result is None
    assert "发料" in screen.banner.text()  # the hint: press Issue for a typed part number
    screen.action_btn.click()  # a typed part number issues with the button
    wait_result(qtbot, screen)
    assert issued(db, wo) == 1


def test_p1_person_typing_a_work_order_number_slowly_keeps_every_character(qtbot, counter) -> None:
    screen, wo, _ = counter
    type_like_person(qtbot, screen.wo_edit, wo.number[:4])
    scan(qtbot, screen.wo_edit, "26", suffix="")  # two quick keys, no suffix: typing after all
    qtbot.wait(300)
    type_like_person(qtbot, screen.wo_edit, "12")
    qtbot.waitUntil(lambda: screen.wo_edit.text() == wo.number[:4] + "2612", timeout=2000)
    qtbot.wait(300)
    assert screen.current is None


def test_p1_quantity_typed_before_the_scan(qtbot, db: Database, counter) -> None:
    screen, wo, _ = counter
    screen.open_work_order(wo.number)
    type_like_person(qtbot, screen.part_edit, "3*")
    scan(qtbot, screen.part_edit, EAN)
    wait_result(qtbot, screen)
    assert issued(db, wo) == 3 and screen.part_edit.text() == ""


def test_p1_whole_pieces_show_as_1_and_litres_keep_their_decimals(qtbot, db: Database, people, counter) -> None:
    screen, _, _ = counter
    assert screen.qty.text() == "1"
    screen.qty.setValue(1.5)
    assert screen.qty.text() == "1.5" and screen.qty.quantity() == Decimal("1.5")
    oil = pd.make_part(db, people[Role.PARTS_CLERK], "08880-83322", name="机油 5W-30", stock="20")
    wo = numbered(db, pd.make_work_order(db, people[Role.ADVISOR], [(oil, "4.5")]))
    screen.open_work_order(wo.number)
    assert [screen.model.data(screen.model.index(0, c)) for c in (3, 4, 7)] == ["4.50", "0", "20"]


def test_p2_refusal_is_the_same_banner_red_with_the_refused_sound_and_writes_nothing(
    qtbot, db: Database, counter
) -> None:
    screen, wo, part_id = counter
    screen.open_work_order(wo.number)
    screen.qty.setValue(5)
    scan(qtbot, screen.part_edit, EAN)
    qtbot.waitUntil(lambda: screen.last_error is not None, timeout=10_000)
    assert "还差 3" in screen.banner.text() and screen.banner.ok is False
    assert screen.banner.sounds[-1] == "refused" and "✘" in screen.log.item(0).text()
    assert issued(db, wo) == 0 and pd.part(db, part_id).on_hand == 10
    scan(qtbot, screen.part_edit, pd.ean13("690000000001"))
    qtbot.waitUntil(lambda: "不认识" in (screen.last_error or ""), timeout=10_000)


def test_p1_scanning_a_part_before_the_work_order_is_refused(qtbot, counter) -> None:
    screen, _, _ = counter
    scan(qtbot, screen.part_edit, TOYOTA)
    assert screen.last_error is not None and "工单" in screen.last_error
    assert screen.banner.sounds == ["refused"]


def test_p4_p7_mode_switches_by_function_key_and_by_the_counter_card(qtbot, counter) -> None:
    screen, _, _ = counter
    assert screen.mode == "issue" and screen.mode_bar.label.text() == "发料"
    press(screen.table, Qt.Key.Key_F3)
    assert screen.mode == "return" and screen.mode_bar.label.text() == "退料"
    assert "退料" in screen.banner.text() and "退料" in screen.part_edit.placeholderText()
    assert screen.action_btn.text() == "退料"
    scan(qtbot, screen.part_edit, "#MODE-OLD-PART")  # the counter card's barcode
    assert screen.mode == "old_part" and "收旧件" in screen.banner.text()
    assert screen.banner.sounds == ["ok"] and screen.part_edit.text() == ""
    scan(qtbot, screen.part_edit, "#MODE-ISSUE", caps_lock=True)
    assert screen.mode == "issue"
    press(screen.part_edit, Qt.Key.Key_F4)
    assert screen.mode == "old_part"


def test_p4_return_mode_takes_the_part_back(qtbot, db: Database, counter) -> None:
    screen, wo, part_id = counter
    scan(qtbot, screen.part_edit, wo.number)
    scan(qtbot, screen.part_edit, EAN)
    wait_result(qtbot, screen)
    press(screen.part_edit, Qt.Key.Key_F3)
    screen.last_result = None
    scan(qtbot, screen.part_edit, TOYOTA)
    wait_result(qtbot, screen)
    assert screen.last_result is not None and screen.last_result.kind == "return"
    assert pd.line(db, wo.lines[0]).returned_qty == 1 and pd.part(db, part_id).on_hand == 10


def test_p7_old_part_handed_in_by_scan_then_the_new_one_issues(qtbot, db: Database, people, counter) -> None:
    screen, _, _ = counter
    pump = pd.make_part(db, people[Role.PARTS_CLERK], "16100-YZZ03", name="水泵", stock="2", old_for_new=True)
    wo = numbered(db, pd.make_work_order(db, people[Role.ADVISOR], [(pump, "1")]))
    scan(qtbot, screen.part_edit, wo.number)
    scan(qtbot, screen.part_edit, "16100-YZZ03")
    qtbot.waitUntil(lambda: screen.last_error is not None, timeout=10_000)  # no old part handed in yet
    press(screen.part_edit, Qt.Key.Key_F4)
    scan(qtbot, screen.part_edit, "16100-YZZ03")
    qtbot.waitUntil(lambda: pd.line(db, wo.lines[0]).old_part_received == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "已收旧件" in screen.banner.text(), timeout=10_000)
    assert "本行共 1）" in screen.banner.text()  # whole pieces as an integer, not 1.00
    press(screen.part_edit, Qt.Key.Key_F2)
    scan(qtbot, screen.part_edit, "16100-YZZ03")
    wait_result(qtbot, screen)
    assert issued(db, wo) == 1


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
    screen.ctx.ops.wait()  # the list is read on a worker
    assert [screen.waiting_model.row_values(r)[0] for r in range(screen.waiting_model.rowCount())] == [wo.number]
    assert screen.waiting_model.row_values(0)[4] == 1
    qtmodeltester.check(screen.waiting_model)
    screen.waiting_view.doubleClicked.emit(screen.waiting_model.index(0, 0))
    assert screen.current is not None and screen.current.number == wo.number
