"""The counter's mode, big and in its colour (发料 blue, 退料 orange, 收旧件 purple): three buttons, F2/F3/F4 and the
mode barcodes of the counter card switch it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QWidget

from workshop.domain.counter_modes import MODE_KEYS, MODES, mode_named
from workshop.domain.lang import tr


class ModeBar(QWidget):
    changed = Signal(str)

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        font = self.label.font()
        font.setPointSize(font.pointSize() + 10)
        font.setBold(True)
        self.label.setFont(font)
        self.label.setMinimumWidth(150)
        row.addWidget(self.label)
        self.group = QButtonGroup(self)
        for i, m in enumerate(MODES):
            button = QPushButton(f"{tr(lang, m.zh, m.en)}  {m.function_key}")
            button.setCheckable(True)
            button.setMinimumHeight(34)
            button.setStyleSheet(f"QPushButton:checked {{ background:{m.colour}; color:white; font-weight:bold; }}")
            self.group.addButton(button, i)
            row.addWidget(button)
        self.group.idClicked.connect(lambda i: self.set_mode(MODE_KEYS[i]))
        self.mode = ""
        self.set_mode("issue")

    def set_mode(self, key: str) -> None:
        m = mode_named(key)
        self.group.button(MODE_KEYS.index(key)).setChecked(True)
        self.label.setText(tr(self.lang, m.zh, m.en))
        self.label.setStyleSheet(f"background:{m.colour};color:white;border-radius:6px;padding:4px 18px;")
        if key != self.mode:
            self.mode = key
            self.changed.emit(key)
