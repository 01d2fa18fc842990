"""A user at the keyboard, for the start-up probe and tests: key presses and releases sent to the fields of a
window as a keyboard sends them (through the application's event filters), spread over a given time, then
Enter. Letters, digits and the characters of a user name or password."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def send_key(target: QWidget, key: Qt.Key, text: str = "") -> None:
    """One key stroke to target: its press and its release."""
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def _key_of(ch: str) -> Qt.Key:
    code = ord(ch.upper())
    return Qt.Key(code) if code < 0x80 else Qt.Key.Key_unknown


def type_char(field: QWidget, ch: str) -> None:
    send_key(field, _key_of(ch), ch)


def press_enter(window: QWidget) -> None:
    """Enter where the keyboard focus is (the last field typed into), as the user presses it."""
    focus = QApplication.focusWidget()
    send_key(focus if focus is not None and window.isAncestorOf(focus) else window, Qt.Key.Key_Return, "\r")


def type_into(window: QWidget, fields: Sequence[tuple[QWidget, str]], *, seconds: float,
              before_enter: Callable[[], object] | None = None) -> None:
    """From now on (the event loop running): each character of each field's text, evenly spread over `seconds`,
    then Enter at `seconds` (before_enter called just before it)."""
    strokes = [(field, ch) for field, text in fields for ch in text]
    step = seconds / (len(strokes) + 1)
    for i, (field, ch) in enumerate(strokes, start=1):
        _after(window, step * i, partial(type_char, field, ch))

    def enter() -> None:
        if before_enter is not None:
            before_enter()
        press_enter(window)

    _after(window, seconds, enter)


def _after(owner: QWidget, seconds: float, fn: Callable[[], object]) -> None:
    """fn once, `seconds` from now, to the millisecond (a precise timer: a coarse one may be 5 % late)."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(fn)
    timer.timeout.connect(timer.deleteLater)
    timer.start(round(seconds * 1000))
