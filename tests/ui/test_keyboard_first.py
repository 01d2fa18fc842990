"""Issue 19, keyboard first: one registry of shortcuts (ui/shortcuts.py) put on every screen's frequent
buttons and shown on their tooltips and in F1; no two actions of one screen share a key; Enter presses the
dialog's default button, Esc cancels but asks before typed text is lost; Tab walks a dialog in reading order."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLineEdit,
    QWidget,
)

from tests.helpers.dialogs import desk_dialogs, record_dialogs
from ui import shortcuts
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens import SCREENS
from ui.widgets import dialog_keys
from workshop.domain.roles import Actor, Role

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # windows are shown offscreen


def _keys_of(screen: QWidget) -> list[str]:
    return [k for k, _what in shortcuts.screen_shortcuts(screen)]


def test_desk_registry_gives_each_key_one_action_per_screen() -> None:
    for key, entries in [*shortcuts.SCREEN_KEYS.items(), ("work_order", shortcuts.WORK_ORDER_KEYS)]:
        keys = [QKeySequence(e.keys).toString() for e in entries]
        assert len(keys) == len(set(keys)), key
        taken = {*shortcuts.WINDOW_KEYS, *shortcuts.SCREEN_OWN_KEYS.get(key, ())}
        assert not set(keys) & taken, key
    assert set(shortcuts.SCREEN_KEYS) <= {s.key for s in SCREENS}


def test_desk_every_screen_has_its_keys_on_its_buttons_and_in_f1(qtbot, make_ctx: Callable[[Role], AppContext],
                                                                 people: dict[Role, Actor]) -> None:
    windows: dict[Role, MainWindow] = {}

    def window_of(role: Role) -> MainWindow:
        if role not in windows:
            windows[role] = MainWindow(make_ctx(role))
            qtbot.addWidget(windows[role])
        return windows[role]

    for spec in SCREENS:
        complete = []  # the roles that see every button of the screen's registry entries
        for role in (r for r in Role if spec.visible_to(people[r])):
            window = window_of(role)
            screen = window.show_screen(spec.key)
            found = [shortcuts.find_button(screen, e) for e in shortcuts.SCREEN_KEYS.get(spec.key, ())]
            for entry, button in zip(shortcuts.SCREEN_KEYS.get(spec.key, ()), found, strict=True):
                if button is not None:
                    assert button.shortcut() == QKeySequence(entry.keys), (spec.key, entry)
                    assert QKeySequence(entry.keys).toString(QKeySequence.SequenceFormat.NativeText) in button.toolTip()
            if all(b is not None for b in found):
                complete.append(role)
            keys = _keys_of(screen)
            clashes = [k for k, n in Counter(keys).items() if n > 1 or k in shortcuts.WINDOW_KEYS]
            assert not clashes, (spec.key, role, clashes)
            assert set(keys) <= {k for k, _ in window.help_rows()}, spec.key
            window.ctx.ops.wait()
        assert complete, f"no role sees every button the registry names on {spec.key}"


def test_desk_f5_refreshes_a_screen_without_a_refresh_button(qtbot, make_ctx: Callable[[Role], AppContext],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(make_ctx(Role.WORKSHOP_MANAGER))
    qtbot.addWidget(window)
    window.show()
    board = window.show_screen("workshop_board")
    action = next(a for a in board.actions() if a.objectName() == "refresh_action")
    assert action.shortcut().toString() == "F5" and ("F5", "刷新") in window.help_rows()
    calls: list[int] = []
    monkeypatch.setattr(board, "refresh", lambda *a: calls.append(1))
    action.trigger()
    assert calls == [1]
    window.ctx.ops.wait()


def test_desk_work_order_window_has_its_keys(qtbot, make_ctx: Callable[[Role], AppContext],
                                            people: dict[Role, Actor]) -> None:
    from tests.helpers.front_desk_data import add_shop, open_order
    from ui.front_desk.work_order_view import WorkOrderWindow

    ctx = make_ctx(Role.ADVISOR)
    number = open_order(ctx.db, people, add_shop(ctx.db, people)).number
    window = WorkOrderWindow(ctx, number)
    qtbot.addWidget(window)
    assert ctx.ops.wait()
    assert window.buttons["print_work_order"].shortcut().toString() == "Ctrl+P"
    assert "F8" in window.buttons["start"].toolTip()
    keys = _keys_of(window)
    assert len(keys) == len(set(keys))


def test_desk_enter_presses_each_dialogs_default_button(qtbot, make_ctx: Callable[[Role], AppContext],
                                                       people: dict[Role, Actor],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    for name in ("information", "warning", "critical"):  # an empty form's save answers with a notice
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    ctx = make_ctx(Role.ADMIN)
    for dialog in desk_dialogs(ctx) + record_dialogs(make_ctx(Role.SERVICE_DIRECTOR), people):
        qtbot.addWidget(dialog)
        dialog.show()
        assert ctx.ops.wait()
        button = dialog_keys.default_button(dialog)
        name = type(dialog).__name__
        assert button is not None, name
        assert button.text().replace("&", "") not in {"取消", "Cancel", "关闭", "Close"}, name
        pressed: list[bool] = []
        button.pressed.connect(lambda p=pressed: p.append(True))
        if button.isEnabled():
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
            assert pressed or not dialog.isVisible(), name
        dialog.close()


def test_desk_esc_cancels_but_asks_before_typed_text_is_lost(qtbot, make_ctx: Callable[[Role], AppContext],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.front_desk.customer_dialog import CustomerDialog

    dialog_keys.install()
    answers: list[bool] = []
    asked: list[QDialog] = []

    def ask(dialog: QDialog) -> bool:
        asked.append(dialog)
        return answers.pop(0)

    monkeypatch.setattr(dialog_keys, "ask_discard", ask)
    ctx = make_ctx(Role.ADVISOR)
    empty = CustomerDialog(ctx)
    qtbot.addWidget(empty)
    empty.show()
    qtbot.keyClick(empty, Qt.Key.Key_Escape)  # nothing typed: Esc simply cancels
    assert not empty.isVisible() and empty.result() == QDialog.DialogCode.Rejected and not asked

    typed = CustomerDialog(ctx)
    qtbot.addWidget(typed)
    typed.show()
    edit = next(e for e in typed.findChildren(QLineEdit) if e.isVisible() and not e.isReadOnly())
    edit.setFocus()
    qtbot.keyClicks(edit, "Zhang San")
    answers.append(False)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert typed.isVisible() and edit.text() == "Zhang San" and asked == [typed]  # "no": the typed name stays
    answers.append(True)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not typed.isVisible() and len(asked) == 2


def _reading_order_breaks(dialog: QDialog) -> tuple[int, list[str]]:
    """Tab from the first field through the dialog; each next field lies below, or on the same line to the
    right, or at the top of the next column (a group box to the right); a field back up or to the left on its
    line is out of order."""
    first = dialog.focusWidget() or dialog
    seen: list[QWidget] = []
    w: QWidget | None = first
    for _ in range(80):
        if w is None or w in seen:
            break
        seen.append(w)
        w = w.nextInFocusChain()
        while w is not None and w not in seen and not (
                w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible() and w.isEnabled() and w.window() is dialog):
            w = w.nextInFocusChain()
    # a combo box's or spin box's own line edit is part of it; a button box orders its buttons the platform's way
    fields = [x for x in seen if x is not dialog and not isinstance(x.parentWidget(), (QComboBox, QAbstractSpinBox))
              and not isinstance(x.parentWidget(), QDialogButtonBox)]
    def box_of(w: QWidget) -> QGroupBox | None:  # the outermost group box: a column of a many-column dialog
        box, p = None, w.parentWidget()
        while p is not None and p is not dialog:
            if isinstance(p, QGroupBox):
                box = p
            p = p.parentWidget()
        return box

    def next_column(a: QWidget, b: QWidget) -> bool:  # from one group box to the one beside it on the right
        ba, bb = box_of(a), box_of(b)
        return (ba is not None and bb is not None and ba is not bb
                and bb.mapTo(dialog, bb.rect().topLeft()).x() >= ba.mapTo(dialog, ba.rect().topRight()).x())

    breaks = []
    for a, b in itertools.pairwise(fields):
        pa, pb = a.mapTo(dialog, a.rect().center()), b.mapTo(dialog, b.rect().center())
        same_line = abs(pa.y() - pb.y()) <= max(a.height(), b.height()) // 2
        if next_column(a, b):
            continue
        if (same_line and pb.x() < pa.x()) or (not same_line and pb.y() < pa.y()):
            breaks.append(f"{type(a).__name__}@{pa.toTuple()} → {type(b).__name__}@{pb.toTuple()}")
    return len(seen) - 1, breaks


def test_desk_tab_walks_each_dialog_top_to_bottom_left_to_right(qtbot, make_ctx: Callable[[Role], AppContext],
                                                                 people: dict[Role, Actor]) -> None:
    ctx = make_ctx(Role.ADMIN)
    problems: dict[str, list[str]] = {}
    for dialog in desk_dialogs(ctx) + record_dialogs(make_ctx(Role.SERVICE_DIRECTOR), people):
        qtbot.addWidget(dialog)
        dialog.show()
        assert ctx.ops.wait()
        QApplication.processEvents()
        first = next((w for w in dialog.findChildren(QWidget)
                      if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible() and w.isEnabled()), None)
        if first is not None and dialog.focusWidget() is None:
            first.setFocus()
        walked, bad = _reading_order_breaks(dialog)
        assert walked >= 2, type(dialog).__name__  # Tab went somewhere
        if bad:
            problems[type(dialog).__name__] = bad
        dialog.close()
    assert not problems, '\n'.join(f'{k}: {v}' for k, v in problems.items())
