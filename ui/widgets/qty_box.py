"""A quantity box that shows what a clerk would write: 1 for a whole piece (not 1.00), 1.5 for litres of oil."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDoubleSpinBox, QWidget


def fmt_amount(value: float) -> str:
    return f"{Decimal(str(round(value, 2))).normalize():f}"


class QtyBox(QDoubleSpinBox):
    def __init__(self, value: float = 1, minimum: float = 0.01, maximum: float = 9999,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(2)
        self.setRange(minimum, maximum)
        self.setValue(value)

    def textFromValue(self, value: float) -> str:
        return fmt_amount(value)

    def quantity(self) -> Decimal:
        return Decimal(fmt_amount(self.value()))
