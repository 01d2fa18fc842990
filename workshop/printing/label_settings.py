"""The label printer's settings: label size (preset), resolution and the A4 sheet calibration offset."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from workshop.db.models import Setting
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.errors import InvalidInput
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import halfwidth
from workshop.printing.labels import check_dpi, preset_named
from workshop.services.settings import get_setting

MAX_OFFSET_MM = Decimal(10)


@dataclass(frozen=True)
class PrinterSettings:
    preset: str
    dpi: int
    offset_x_mm: float
    offset_y_mm: float

    @property
    def offset_mm(self) -> tuple[float, float]:
        return self.offset_x_mm, self.offset_y_mm


def printer_settings(db: Database) -> PrinterSettings:
    with db.read() as s:
        preset = get_setting(s, "label_preset")
        dpi = get_setting(s, "label_dpi")
        x = get_setting(s, "label_offset_x_mm")
        y = get_setting(s, "label_offset_y_mm")
    return PrinterSettings(preset, int(dpi), float(x), float(y))


def parse_offset(value: object, axis: str) -> Decimal:
    """A calibration offset in mm, e.g. "-1.5"; at most ±10 mm (a sheet printed further off is fed wrongly)."""
    try:
        amount = Decimal(halfwidth(str(value)).strip().replace("mm", ""))
    except InvalidOperation:
        raise InvalidInput(f"{axis} 方向偏移必须是数字（毫米）。", f"The {axis} offset must be a number (mm).") from None
    if not amount.is_finite() or abs(amount) > MAX_OFFSET_MM:
        raise InvalidInput(f"{axis} 方向偏移应在 ±{MAX_OFFSET_MM} mm 之内。",
                           f"The {axis} offset must be within ±{MAX_OFFSET_MM} mm.")
    return amount.quantize(Decimal("0.1"))


def save_printer_settings(uow: UnitOfWork, actor: Actor, *, preset: str, dpi: int, offset_x_mm: object,
                          offset_y_mm: object) -> PrinterSettings:
    preset_named(preset)
    check_dpi(dpi)
    x, y = parse_offset(offset_x_mm, "X"), parse_offset(offset_y_mm, "Y")
    values = {"label_preset": preset, "label_dpi": str(dpi), "label_offset_x_mm": str(x), "label_offset_y_mm": str(y)}
    with uow:
        uow.authorize(actor, Perm.LABEL_PRINT)
        before = {key: get_setting(uow.session, key) for key in values}
        for key, value in values.items():
            row = uow.session.get(Setting, key)
            if row is None:
                uow.session.add(Setting(key=key, value=value))
            else:
                row.value = value
        uow.audit(actor, "label_printer.set", "setting", "label_printer", before=before, after=values)
        uow.commit()
    return PrinterSettings(preset, dpi, float(x), float(y))
