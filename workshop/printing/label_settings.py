"""The label printer's settings: label size (preset), resolution and the A4 sheet calibration offset.

The shop's defaults live in the database (settings label_*); each workstation remembers its own printer,
output kind and settings in a file in the user's config folder (platformdirs), since the desks have
different printers."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from platformdirs import user_config_dir

from workshop.db.settings_store import get_setting, put_setting
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.errors import InvalidInput
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import halfwidth
from workshop.printing.labels import check_dpi, preset_named

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
            put_setting(uow.session, key, value)
        uow.audit(actor, "label_printer.set", "setting", "label_printer", before=before, after=values)
        uow.commit()
    return PrinterSettings(preset, dpi, float(x), float(y))


# --- this workstation's label printer (a file in the user's config folder, not the shared database) --------

OUTPUTS = ("qt", "pdf", "tspl", "zpl")  # Qt's print system, a PDF file, raw TSPL, raw ZPL
ENV_CONFIG_DIR = "WORKSHOP_CONFIG_DIR"
_RAW_DEVICE = re.compile(r"^(/|\\\\|[A-Za-z]:\\|(COM|LPT)\d+:?$)", re.IGNORECASE)


@dataclass(frozen=True)
class WorkstationPrinter:
    """Where this desk prints labels: the output kind, the printer (a Qt printer name, or for raw output a
    device path such as /dev/usb/lp0 or a print queue name for `lp -o raw`), and whether "print" goes
    straight there without the preview."""

    settings: PrinterSettings
    output: str = "qt"
    target: str = ""
    direct: bool = False

    @property
    def is_raw(self) -> bool:
        return self.output in ("tspl", "zpl")

    @property
    def raw_device(self) -> str:
        return self.target if _RAW_DEVICE.match(self.target) else ""

    @property
    def raw_queue(self) -> str:
        return "" if self.raw_device else self.target


def config_dir() -> Path:
    return Path(os.environ.get(ENV_CONFIG_DIR) or user_config_dir("Workshop", appauthor=False))


def workstation_printer_path() -> Path:
    return config_dir() / "label_printer.json"


def load_workstation_printer(shop_default: PrinterSettings) -> WorkstationPrinter | None:
    """What this desk printed with last time, or None on first use (or when the file is unreadable)."""
    try:
        raw = json.loads(workstation_printer_path().read_text(encoding="utf-8"))
        settings = PrinterSettings(preset_named(str(raw["preset"])).name, check_dpi(int(raw["dpi"])),
                                   float(parse_offset(raw.get("offset_x_mm", 0), "X")),
                                   float(parse_offset(raw.get("offset_y_mm", 0), "Y")))
        output = str(raw.get("output", "qt"))
        if output not in OUTPUTS:
            return None
        return WorkstationPrinter(settings, output, str(raw.get("target", "")), bool(raw.get("direct", False)))
    except (OSError, ValueError, KeyError, TypeError, InvalidInput):
        return None


def save_workstation_printer(printer: WorkstationPrinter) -> Path:
    if printer.output not in OUTPUTS:
        raise InvalidInput(f"没有 {printer.output} 这种输出方式。", f"There is no output kind {printer.output}.")
    if printer.is_raw and not printer.target.strip():
        raise InvalidInput("TSPL/ZPL 要填写打印机：设备路径（如 /dev/usb/lp0）或打印队列名。",
                           "TSPL/ZPL needs the printer: a device path (e.g. /dev/usb/lp0) or a print queue name.")
    s = printer.settings
    path = workstation_printer_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"preset": s.preset, "dpi": s.dpi, "offset_x_mm": s.offset_x_mm, "offset_y_mm": s.offset_y_mm,
            "output": printer.output, "target": printer.target.strip(), "direct": printer.direct}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path
