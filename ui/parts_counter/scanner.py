"""Keyboard-wedge scanners type a code as fast keystrokes ending with Enter. ScanCatcher takes a scan wherever
the focus is on its screen, and tells it from a person typing:

- printable keys sent to a widget of the screen are held back while they come fast (gap < GAP_MS);
- Enter after at least MIN_LEN fast keys is a scan: `scanned(text)` is emitted and the keys never reach the
  widget;
- anything else (a slow key, a pause of FLUSH_MS, a non-printable key, Enter after slow typing) delivers the
  held keys to the widget they were meant for, in order, then lets the new key through.

So no character is ever dropped or doubled: each key is either part of exactly one scan or delivered once."""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

GAP_MS = 50      # a scanner sends a key every few ms; people rarely type two keys within 50 ms
FLUSH_MS = 120   # held keys go to the widget after this much quiet
MIN_LEN = 3
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_SHORTCUT_MODS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                  | Qt.KeyboardModifier.MetaModifier)


@dataclass
class _Held:
    target: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    at: int


class ScanCatcher(QObject):
    """Install once per screen: `ScanCatcher(screen)`; connect `scanned`. Lives and dies with the screen."""

    scanned = Signal(str)

    def __init__(self, screen: QWidget, *, gap_ms: int = GAP_MS, flush_ms: int = FLUSH_MS,
                 min_len: int = MIN_LEN) -> None:
        super().__init__(screen)
        self.screen = screen
        self.gap_ms = gap_ms
        self.min_len = min_len
        self._held: list[_Held] = []  # one burst of fast keys, not yet delivered
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

    # --- the filter -------------------------------------------------------------------------------------
    def _mine(self, obj: QObject) -> QWidget | None:
        if not isinstance(obj, QWidget) or not shiboken6.isValid(self.screen):
            return None
        if obj is self.screen or self.screen.isAncestorOf(obj):
            return obj
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        target = self._mine(obj)
        if target is None:
            return False
        assert isinstance(event, QKeyEvent)
        now = self._clock.elapsed()
        key, text, mods = event.key(), event.text(), event.modifiers()
        if key in _ENTER:
            if len(self._held) >= self.min_len and now - self._held[-1].at < self.gap_ms:
                code = "".join(h.text for h in self._held)
                self._held.clear()
                self._timer.stop()
                self.scanned.emit(code)
                return True
            self.flush()
            return False
        printable = len(text) == 1 and text.isprintable() and not (mods & _SHORTCUT_MODS)
        if not printable:
            self.flush()
            return False
        if self._held and now - self._held[-1].at >= self.gap_ms:
            # a person typing: what is held goes out now; this key may start a new burst
            self.flush()
        self._held.append(_Held(target, key, mods, text, now))
        self._timer.start()
        return True

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
                press = QKeyEvent(QEvent.Type.KeyPress, h.key, h.modifiers, h.text)
                QApplication.sendEvent(h.target, press)
        finally:
            self._replaying = False

    @property
    def holding(self) -> str:
        return "".join(h.text for h in self._held)
