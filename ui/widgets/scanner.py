"""The one scan path of every screen that takes scans (parts counter, receiving, tools desk, ...).

A keyboard-wedge scanner types a code as fast keystrokes and ends it with Enter, Tab or both. ScanCatcher is an
application-level event filter, active while its screen is visible: it takes a scan wherever the focus is in
the screen's window (a field, a table, a button, the side bar) and tells it from a person typing:

- modifier keys (Shift before a capital, CapsLock, NumLock, ...) are neither typing nor scanning: ignored;
- printable keys (keypad digits too) are held back while they come fast (gap < GAP_MS between keys);
- Enter, Tab or line feed after at least MIN_LEN fast keys is a scan: `scanned(text)` is emitted and the keys never reach
  the widget; a second suffix key right behind it (Enter + Tab) is swallowed too;
- anything else (a slow key, FLUSH_MS of quiet, another key, a suffix after slow typing) delivers the held keys
  to the widget they were meant for, in order, then lets the new key through.

So no character is ever dropped or doubled. Key times are the device's (the event's timestamp, set by X11 or
Wayland when the key was pressed), so a busy GUI thread does not turn a scan into typing; events without one
(synthesised ones) are timed on arrival. A Chinese input method: scan fields take Latin input only
(`scan_field`), and a code committed by an IME (`QInputMethodEvent`) is read like fast keys; a composition
left open in the field is cancelled when the scan is taken."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

GAP_MS = 50      # a scanner sends a key every 2-30 ms; people rarely type two keys within 50 ms
FLUSH_MS = 120   # held keys go to the widget after this much quiet
MIN_LEN = 3
K = Qt.Key
SUFFIX_KEYS = (K.Key_Return, K.Key_Enter, K.Key_Tab)
SUFFIX_TEXTS = ("\r", "\n", "\t")  # a scanner set to a line-feed suffix: X11 sends Linefeed, not Return
MODIFIER_KEYS = frozenset((K.Key_Shift, K.Key_Control, K.Key_Alt, K.Key_Meta, K.Key_AltGr, K.Key_CapsLock,
                           K.Key_NumLock, K.Key_ScrollLock, K.Key_Super_L, K.Key_Super_R, K.Key_Hyper_L,
                           K.Key_Hyper_R, K.Key_Mode_switch))
_SHORTCUT_MODS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                  | Qt.KeyboardModifier.MetaModifier)


def scan_field(edit: QLineEdit) -> QLineEdit:
    """A field that takes scans: Latin input only, the input method off (Pinyin must not compose a code)."""
    edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoPredictiveText
                             | Qt.InputMethodHint.ImhNoAutoUppercase)
    return edit


@dataclass
class _Held:
    target: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    at: int        # the device's time of the key, or its arrival when the event has none
    arrived: int   # when it reached us
    device: bool   # `at` is the device's time
    ime: bool = False  # committed by an input method: given back as a commit, not a key


_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.InputMethod)  # looked up once: the filter sees every event


class ScanCatcher(QObject):
    """`ScanCatcher(screen)`; connect `scanned`. Lives and dies with the screen. `source` is the widget the last
    scan was typed into (the side bar, a table...), for the screen to say where it went."""

    scanned = Signal(str)

    def __init__(self, screen: QWidget, *, gap_ms: int = GAP_MS, flush_ms: int = FLUSH_MS,
                 min_len: int = MIN_LEN) -> None:
        super().__init__(screen)
        self.screen = screen
        self.gap_ms = gap_ms
        self.min_len = min_len
        self.source: QWidget | None = None
        self._held: list[_Held] = []  # one burst of fast keys, not yet delivered
        self._after_scan: int | None = None  # when the last scan ended: a second suffix key may follow
        self._composing: list[QWidget] = []  # widgets an input method is composing in
        self._keys: dict[int, Callable[[], None]] = {}
        self._replaying = False
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(flush_ms)
        self._timer.timeout.connect(self.flush)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def on_key(self, key: Qt.Key, action: Callable[[], None]) -> None:
        """A function key (F2...) that acts wherever the focus is in the window while the screen is shown."""
        self._keys[int(key)] = action

    def takes(self, target: QWidget) -> bool:
        """Whether keys typed into `target` may be a scan (a catcher for the whole window leaves text fields alone)."""
        return True

    # --- the filter -------------------------------------------------------------------------------------
    def _mine(self, obj: QObject) -> QWidget | None:
        """A widget of the screen's window while the screen is shown (dialogs and popups are their own)."""
        if not isinstance(obj, QWidget) or not shiboken6.isValid(self.screen) or not self.screen.isVisible():
            return None
        return obj if obj.window() is self.screen.window() else None

    def _stamp(self, event: QKeyEvent | QInputMethodEvent) -> tuple[int, int, bool]:
        """(time of the key, arrival, whether the time is the device's)."""
        arrived = int(self._clock.elapsed())
        ts = int(event.timestamp()) if isinstance(event, QKeyEvent) else 0
        return (ts, arrived, True) if ts else (arrived, arrived, False)

    def _gap(self, now: tuple[int, int, bool]) -> int:
        """Time since the last held key: on the device's clock when both have it, else on arrival."""
        last = self._held[-1]
        return now[0] - last.at if now[2] and last.device else now[1] - last.arrived

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() not in _KEY_EVENTS:  # every event of the program passes here
            return False
        target = self._mine(obj)
        if target is None or not self.takes(target):
            return False
        if isinstance(event, QInputMethodEvent):
            return self._input_method(target, event)
        assert isinstance(event, QKeyEvent)
        key, text, mods = event.key(), event.text(), event.modifiers()
        if key in MODIFIER_KEYS:
            return False  # Shift before a capital: not typing, not the end of anything
        if key in self._keys and not (mods & _SHORTCUT_MODS):
            self.flush()
            self._keys[key]()
            return True
        now = self._stamp(event)
        if key in SUFFIX_KEYS or text in SUFFIX_TEXTS:
            return self._suffix(now)
        printable = len(text) == 1 and text.isprintable() and not (mods & _SHORTCUT_MODS)
        if not printable or event.isAutoRepeat():
            self.flush()
            return False
        if self._held and self._gap(now) >= self.gap_ms:
            self.flush()  # a person typing: what is held goes out now; this key may start a new burst
        self._after_scan = None
        self._held.append(_Held(target, key, mods, text, *now))
        self._timer.start()
        return True

    def _suffix(self, now: tuple[int, int, bool]) -> bool:
        if len(self._held) >= self.min_len and self._gap(now) < self.gap_ms:
            code = self.holding
            self.source = self._held[-1].target
            self._held.clear()
            self._timer.stop()
            self._after_scan = now[1]
            self._cancel_composition()
            self.scanned.emit(code)
            return True
        if not self._held and self._after_scan is not None and now[1] - self._after_scan < self.gap_ms:
            self._after_scan = None  # the Tab of an Enter+Tab suffix
            return True
        self._after_scan = None
        self.flush()
        return False

    def _input_method(self, target: QWidget, event: QInputMethodEvent) -> bool:
        commit = event.commitString()
        composing = target in self._composing
        if event.preeditString() and not composing:
            self._composing.append(target)
        elif not event.preeditString() and composing:
            self._composing.remove(target)  # the composition ended (committed or cancelled)
        if not commit:
            return False  # composing, or a cancel: the widget's business
        if not commit.isascii() or not commit.isprintable():
            return False  # Chinese committed by the IME: typing
        now = self._stamp(event)
        if self._held and self._gap(now) >= self.gap_ms:
            self.flush()
        self._held.extend(_Held(target, 0, Qt.KeyboardModifier.NoModifier, ch, *now, ime=True) for ch in commit)
        self._timer.start()
        return True

    def _cancel_composition(self) -> None:
        """An IME left composing (the scan was read around it): end the composition, leave the field clean."""
        composing, self._composing = self._composing, []
        if not composing:
            return
        QGuiApplication.inputMethod().reset()
        self._replaying = True
        try:
            for widget in composing:
                if shiboken6.isValid(widget):
                    QApplication.sendEvent(widget, QInputMethodEvent())
        finally:
            self._replaying = False

    # --- delivering held keys ---------------------------------------------------------------------------
    def flush(self) -> None:
        """Deliver every held key, in order, to the widget it was typed into."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for h in held:
                if not shiboken6.isValid(h.target):
                    continue
                if h.ime:
                    commit = QInputMethodEvent()
                    commit.setCommitString(h.text)
                    QApplication.sendEvent(h.target, commit)
                else:
                    QApplication.sendEvent(h.target, QKeyEvent(QEvent.Type.KeyPress, h.key, h.modifiers, h.text))
        finally:
            self._replaying = False

    @property
    def holding(self) -> str:
        return "".join(h.text for h in self._held)
