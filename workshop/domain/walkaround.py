"""R4: the walk-around at reception (环车检查) — its checklist vocabulary (labelled in workshop.domain.labels),
the car outline the damage is marked on (one drawing for the screen and the printed work order), and the checks a photo passes before it is kept.

Photos reach the core already resized (the desk resizes them); here they are only recognised by their first
bytes (JPEG or PNG) and measured, without an imaging library."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import StrEnum

from workshop.domain.errors import InvalidInput

FUEL_LEVELS = (0, 1, 2, 3, 4, 5, 6, 7, 8)  # eighths of a tank, as the gauge reads
FUEL_ZH = {0: "空", 2: "1/4", 4: "1/2", 6: "3/4", 8: "满"}



class DamageKind(StrEnum):
    SCRATCH = "scratch"
    DENT = "dent"
    CRACK = "crack"
    CHIP = "chip"
    BROKEN = "broken"


DAMAGE_KINDS = tuple(DamageKind)
DAMAGE_LETTER = {DamageKind.SCRATCH: "H", DamageKind.DENT: "A", DamageKind.CRACK: "L", DamageKind.CHIP: "D",
                 DamageKind.BROKEN: "P"}  # the letter on the outline: 划 凹 裂 掉 破 (pinyin)


class WarningLamp(StrEnum):
    ENGINE = "engine"
    ABS = "abs"
    AIRBAG = "airbag"
    OIL = "oil"
    BATTERY = "battery"
    TPMS = "tpms"
    BRAKE = "brake"
    SERVICE = "service"


WARNING_LAMPS = tuple(WarningLamp)


class TyrePosition(StrEnum):
    LF = "lf"
    RF = "rf"
    LR = "lr"
    RR = "rr"


TYRE_POSITIONS = tuple(TyrePosition)


class TyreState(StrEnum):
    OK = "ok"
    WORN = "worn"
    LOW = "low"
    DAMAGED = "damaged"


TYRE_STATES = tuple(TyreState)

MAX_MARKS = 40
MAX_PHOTOS = 8                 # per work order: the printed page holds their thumbnails
MAX_SOURCE_BYTES = 15_000_000  # a file bigger than this is refused before it is read
MAX_PHOTO_BYTES = 700_000      # what is kept, after the desk resized it
MAX_THUMB_BYTES = 60_000       # what is printed
PHOTO_EDGE = 1600              # the desk resizes a photo to this long edge…
THUMB_EDGE = 320               # …and its thumbnail to this one

# The car seen from above, nose up, in a 100 × 200 box: (closed polygons, lines). Shared by the screen's
# QWidget and the printed work order, so a mark lands on the same spot on both.
BODY = ((30, 6), (70, 6), (82, 14), (88, 32), (88, 170), (84, 188), (70, 196), (30, 196), (16, 188), (12, 170),
        (12, 32), (18, 14))
WINDSCREEN = ((24, 52), (76, 52), (70, 74), (30, 74))
ROOF = ((30, 80), (70, 80), (70, 140), (30, 140))
REAR_WINDOW = ((30, 146), (70, 146), (74, 164), (26, 164))
WHEELS = (((4, 36), (12, 36), (12, 62), (4, 62)), ((88, 36), (96, 36), (96, 62), (88, 62)),
          ((4, 138), (12, 138), (12, 164), (4, 164)), ((88, 138), (96, 138), (96, 164), (88, 164)))
MIRRORS = (((4, 70), (12, 68), (12, 76), (4, 78)), ((96, 70), (88, 68), (88, 76), (96, 78)))
OUTLINE_POLYGONS: tuple[tuple[tuple[int, int], ...], ...] = (BODY, WINDSCREEN, ROOF, REAR_WINDOW, *WHEELS, *MIRRORS)
OUTLINE_LINES: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = (
    ((12, 100), (88, 100)),  # the doors' seam
    ((50, 6), (50, 20)),     # the bonnet's centre line
)
OUTLINE_W, OUTLINE_H = 100, 200


@dataclass(frozen=True)
class DamageMark:
    """A mark on the outline: x, y as fractions (0–1) of the outline's width and height, and its kind."""

    x: float
    y: float
    kind: str

    def label(self, lang: str = "zh") -> str:
        from workshop.domain.labels import label_of  # the labels import this module

        return label_of(DamageKind, self.kind, lang)


def clean_marks(raw: object) -> tuple[DamageMark, ...]:
    """Marks as the desk sends them (DamageMark or (x, y, kind)), checked: inside the outline, a known kind."""
    if not isinstance(raw, list | tuple):
        raise InvalidInput("损伤标记无效。", "The damage marks are not valid.")
    if len(raw) > MAX_MARKS:
        raise InvalidInput(f"损伤标记最多 {MAX_MARKS} 个。", f"At most {MAX_MARKS} damage marks.")
    out: list[DamageMark] = []
    for m in raw:
        x, y, kind = (m.x, m.y, m.kind) if isinstance(m, DamageMark) else tuple(m)
        if kind not in DAMAGE_KINDS:
            raise InvalidInput(f"未知的损伤类型：{kind}", f"Unknown kind of damage: {kind}")
        try:
            fx, fy = float(x), float(y)
        except (TypeError, ValueError):
            raise InvalidInput("损伤标记的位置无效。", "A damage mark's position is not valid.") from None
        if not (0.0 <= fx <= 1.0 and 0.0 <= fy <= 1.0):
            raise InvalidInput("损伤标记必须在车身图内。", "A damage mark must lie on the car outline.")
        out.append(DamageMark(round(fx, 4), round(fy, 4), kind))
    return tuple(out)


def fuel_text(eighths: int) -> str:
    return FUEL_ZH.get(eighths, f"{eighths}/8")


@dataclass(frozen=True)
class ImageFacts:
    mime: str
    width: int
    height: int


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) >= 24 and data[12:16] == b"IHDR":
        w, h = struct.unpack(">II", data[16:24])
        return int(w), int(h)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return int(w), int(h)
        i += 2 + length
    return None


def image_facts(data: object, *, limit: int, what_zh: str = "照片", what_en: str = "photo") -> ImageFacts:
    """A JPEG or PNG of at most `limit` bytes, measured; anything else is refused with a sentence."""
    if not isinstance(data, bytes | bytearray) or not data:
        raise InvalidInput(f"{what_zh}是空的。", f"The {what_en} is empty.")
    raw = bytes(data)
    if len(raw) > limit:
        raise InvalidInput(f"{what_zh}太大（{len(raw) / 1e6:.1f} MB），最多 {limit / 1e6:.1f} MB。",
                           f"The {what_en} is too big ({len(raw) / 1e6:.1f} MB); at most {limit / 1e6:.1f} MB.")
    if raw[:8] == b"\x89PNG\r\n\x1a\n":
        mime, size = "image/png", _png_size(raw)
    elif raw[:3] == b"\xff\xd8\xff":
        mime, size = "image/jpeg", _jpeg_size(raw)
    else:
        raise InvalidInput(f"这个文件不是图片（只收 JPEG 或 PNG {what_zh}）。",
                           f"This file is not an image (a JPEG or PNG {what_en} is needed).")
    if size is None or size[0] <= 0 or size[1] <= 0:
        raise InvalidInput(f"{what_zh}文件已损坏，读不出尺寸。", f"The {what_en} file is damaged: no size can be read.")
    return ImageFacts(mime, size[0], size[1])
