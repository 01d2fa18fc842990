"""What a scan screen shows and sounds after every scan, the same on every screen that takes scans: one large
banner (green: accepted, red: refused, grey: a hint), a beep (one for accepted, two for refused) and the scan
log of the shift, newest first."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QWidget

from workshop.domain.clock import fmt_shop, utcnow

OK_STYLE = "background:#1e8c3a;color:white;border-radius:6px;padding:10px;"
OK_SOFT = "background:#d9f2df;color:#14532d;border-radius:6px;padding:10px;"
BAD_STYLE = "background:#c62828;color:white;border-radius:6px;padding:10px;"
BAD_SOFT = "background:#fbe0e0;color:#7f1d1d;border-radius:6px;padding:10px;"
IDLE_STYLE = "background:#eef2f7;color:#334155;border-radius:6px;padding:10px;"
LOG_LIMIT = 500


class ScanBanner(QLabel):
    """`accepted(text)`, `refused(text)`, `hint(text)`. The colour is strong for 0.7 s, then soft (still
    readable across the counter). `sounds` records what was played ("ok" / "refused"), for the tests."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        font = self.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.setFont(font)
        self.setStyleSheet(IDLE_STYLE)
        self.setMinimumHeight(56)
        self.ok: bool | None = None
        self.sounds: list[str] = []
        self._soften = QTimer(self)
        self._soften.setSingleShot(True)
        self._soften.setInterval(700)
        self._soften.timeout.connect(self._soft)

    def hint(self, text: str) -> None:
        self.ok = None
        self._soften.stop()
        self.setText(text)
        self.setStyleSheet(IDLE_STYLE)

    def accepted(self, text: str) -> None:
        self._result(text, True)
        self.sounds.append("ok")
        QApplication.beep()

    def refused(self, text: str) -> None:
        self._result(text, False)
        self.sounds.append("refused")
        QApplication.beep()
        QTimer.singleShot(160, QApplication.beep)  # two beeps: refused, look at the screen

    def _result(self, text: str, ok: bool) -> None:
        self.ok = ok
        self.setText(text)
        self.setStyleSheet(OK_STYLE if ok else BAD_STYLE)
        self._soften.start()

    def _soft(self) -> None:
        if self.ok is not None:
            self.setStyleSheet(OK_SOFT if self.ok else BAD_SOFT)


class ScanLog(QListWidget):
    """The scans of this shift: time, ✔/✘, the code and what came of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def add(self, text: str, ok: bool) -> None:
        stamp = fmt_shop(utcnow(), with_seconds=True)[11:]
        self.insertItem(0, f"{stamp} {'✔' if ok else '✘'} {text}")
        item = self.item(0)
        item.setForeground(Qt.GlobalColor.darkGreen if ok else Qt.GlobalColor.red)
        while self.count() > LOG_LIMIT:
            self.takeItem(self.count() - 1)


def show_result(banner: ScanBanner, log: ScanLog, text: str, ok: bool) -> None:
    """One scan result, accepted or refused: the banner, the sound and a line in the log."""
    (banner.accepted if ok else banner.refused)(text)
    log.add(text, ok)
