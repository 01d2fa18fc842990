"""Keys sent the way the devices send them, for every scan test.

`scan()` types like a USB keyboard-wedge scanner: for each character a key press and a release, a Shift press
before a capital (or a shifted symbol such as '#') and its release after, a gap of a few ms between keys on the
event's timestamp (the device's clock, which the scan path reads), then the suffix (Enter, Tab or both).
With `caps_lock=True` CapsLock is on at the PC: the scanner still sends Shift for capitals, so the letters
arrive in the other case (`ro2612-0033`). `keypad=True` sends the digits from the numeric keypad.

`type_like_person()` sends the same keys with 80-250 ms between them, waiting that long for real, so the
scan path's quiet timer runs as it does at the counter.

`ime_preedit()` / `ime_commit()` are what a Chinese input method sends: a composition shown in the field, and
a commit of the text it composed."""

from __future__ import annotations

import random

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')
# "\n": a line feed, as X11 delivers it (key 0x0a, what `xdotool type` sends for a newline)
SUFFIXES: dict[str, tuple[int, str]] = {"\r": (Qt.Key.Key_Return, "\r"), "\t": (Qt.Key.Key_Tab, "\t"),
                                       "\n": (0x0A, "\n")}
Mod = Qt.KeyboardModifier


class _Clock:
    """The device's clock (ms), as X11 stamps key events; starts far from 0 (0 means 'no timestamp')."""

    now = 5_000_000

    @classmethod
    def tick(cls, ms: int) -> int:
        cls.now += max(ms, 1)
        return cls.now


def _send(widget: QWidget, kind: QEvent.Type, key: int, mods: Qt.KeyboardModifier, text: str, at: int) -> None:
    event = QKeyEvent(kind, key, mods, text)
    event.setTimestamp(at)
    QApplication.sendEvent(widget, event)


def _press_release(widget: QWidget, key: int, mods: Qt.KeyboardModifier, text: str, gap_ms: int) -> None:
    at = _Clock.tick(gap_ms)
    _send(widget, QEvent.Type.KeyPress, key, mods, text, at)
    _send(widget, QEvent.Type.KeyRelease, key, mods, text, _Clock.tick(1))


def _char(widget: QWidget, ch: str, gap_ms: int, *, caps_lock: bool, keypad: bool) -> None:
    shift = ch.isupper() or ch in SHIFTED
    text = ch.swapcase() if caps_lock and ch.isalpha() else ch
    key = ord(ch.upper()) if ch.isalpha() else ord(ch)
    mods = Mod.NoModifier
    if keypad and ch.isdigit():
        mods = Mod.KeypadModifier
    if shift:
        at = _Clock.tick(max(gap_ms // 2, 1))
        _send(widget, QEvent.Type.KeyPress, Qt.Key.Key_Shift, Mod.ShiftModifier, "", at)
        _press_release(widget, key, mods | Mod.ShiftModifier, text, max(gap_ms // 2, 1))
        _send(widget, QEvent.Type.KeyRelease, Qt.Key.Key_Shift, Mod.NoModifier, "", _Clock.tick(1))
    else:
        _press_release(widget, key, mods, text, gap_ms)


def scan(qtbot: object, widget: QWidget, code: str, gap_ms: int = 8, suffix: str = "\r", *,
         caps_lock: bool = False, keypad: bool = False, pause_ms: int = 300) -> None:
    """A scanner reading `code`: 2-30 ms per key, Shift around capitals, then `suffix` ("\\r", "\\t", "\\r\\t").
    `pause_ms` of quiet come first (the clerk picks the part up and pulls the trigger)."""
    _Clock.tick(pause_ms)
    for ch in code:
        _char(widget, ch, gap_ms, caps_lock=caps_lock, keypad=keypad)
    for s in suffix:
        key, text = SUFFIXES[s]
        _press_release(widget, key, Mod.NoModifier, text, gap_ms)
    QApplication.processEvents()


def type_like_person(qtbot: object, widget: QWidget, text: str, *, gaps: tuple[int, int] = (80, 250),
                     enter: bool = False, seed: int = 7) -> None:
    """A person at the keyboard: the same keys, 80-250 ms apart (waited for real), Enter at the end if asked."""
    pick = random.Random(seed)
    for ch in text:
        gap = pick.randint(*gaps)
        qtbot.wait(gap)  # type: ignore[attr-defined]
        _char(widget, ch, gap, caps_lock=False, keypad=False)
    if enter:
        gap = pick.randint(*gaps)
        qtbot.wait(gap)  # type: ignore[attr-defined]
        _press_release(widget, Qt.Key.Key_Return, Mod.NoModifier, "\r", gap)


def ime_preedit(widget: QWidget, text: str) -> None:
    """An input method composing `text` (pinyin shown underlined in the field, nothing committed yet)."""
    QApplication.sendEvent(widget, QInputMethodEvent(text, []))


def ime_commit(widget: QWidget, text: str) -> None:
    """An input method committing `text` at once (what Pinyin does with Latin letters on Enter or Shift)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press(widget: QWidget, key: Qt.Key, gap_ms: int = 200) -> None:
    """One key (F2, Escape...) pressed and released."""
    _press_release(widget, key, Mod.NoModifier, "", gap_ms)
