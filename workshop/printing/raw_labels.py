"""Raw label printer languages for a printer set to raw mode: TSPL (TSC, Gprinter, Xprinter — what most
Chinese parts counters use) and ZPL (Zebra).

The same layout in printer dots as the PDF (workshop.printing.labels): the printer draws the barcode itself
from the exact symbol values python-barcode chose (TSPL "128M" with !104/!099/!100, ZPL ^BC with >:/>5/>6),
so the bars fall on the same dots as in the PDF, and every line of text is a bitmap of the same CJK font
rendered at the printer's resolution (TSPL BITMAP, ZPL ^GFA), so Chinese prints on a printer without a
Chinese font. Copies are the printer's own (TSPL PRINT 1,n; ZPL ^PQn). An A4 sheet is not a raw label.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from workshop.domain.barcodes import code128_values
from workshop.domain.errors import InvalidInput, WorkshopError
from workshop.printing.fonts import cjk_font_path
from workshop.printing.labels import LabelContent, LabelLayout, LabelPreset, TextItem, check_dpi, layout_label

RAW_KINDS = ("tspl", "zpl")
GAP_MM = 2.0  # the gap between die-cut labels on the liner (TSPL GAP; ZPL senses it itself)
_START_B, _START_C, _CODE_C, _CODE_B = 104, 105, 99, 100
_CODES = (_START_B, _START_C, _CODE_C, _CODE_B)


@dataclass(frozen=True)
class Bitmap:
    """A 1-bit picture at (x, y) dots on the label; `rows` are bytes, most significant bit leftmost,
    1 = a printed (black) dot."""

    x: int
    y: int
    width: int  # dots
    rows: tuple[bytes, ...]

    @property
    def width_bytes(self) -> int:
        return (self.width + 7) // 8

    @property
    def height(self) -> int:
        return len(self.rows)


@cache
def _font(size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font_path()), size_px, index=0)


def text_bitmap(item: TextItem, dpi: int) -> Bitmap | None:
    """One line of text as the printer's dots, centred and on the baseline the layout gave it."""
    font = _font(round(item.size_pt * dpi / 72.0, 2))
    left, top, right, bottom = (math.floor(v) for v in font.getbbox(item.text, anchor="ls"))
    if right <= left or bottom <= top:
        return None
    image = Image.new("L", (right - left, bottom - top), 255)
    ImageDraw.Draw(image).text((-left, -top), item.text, font=font, fill=0, anchor="ls")
    width = right - left
    pad = (-width) % 8
    bits = Image.new("L", (width + pad, bottom - top), 255)
    bits.paste(image, (0, 0))
    mono = bits.point(lambda v: 0 if v < 128 else 255).convert("1")  # black = 0 in mode "1"
    packed = bytes(b ^ 0xFF for b in mono.tobytes())  # ours: 1 = black
    step = (width + pad) // 8
    rows = tuple(packed[i : i + step] for i in range(0, len(packed), step))
    x = round(item.center_x - font.getlength(item.text) / 2) + left
    return Bitmap(x, round(item.baseline) + top, width, rows)


def raw_layouts(batch: Sequence[tuple[LabelContent, int]], preset: LabelPreset, dpi: int) -> list[LabelLayout]:
    """Every label laid out first, so that a refusal comes before anything is sent."""
    if preset.is_sheet:
        raise InvalidInput(f"{preset.title_zh}是 A4 纸，只能用系统打印或 PDF，不能发给标签打印机的指令。",
                           f"The {preset.title_en} is an A4 sheet: print it through the system or as a PDF, "
                           "not as label printer commands.")
    check_dpi(dpi)
    if not batch or any(copies < 1 for _, copies in batch):
        raise InvalidInput("没有要打印的标签（每张至少 1 份）。", "There are no labels to print (at least 1 copy each).")
    return [layout_label(content, preset, dpi) for content, _ in batch]


def _code128_data(data: str, names: dict[int, str], b_char: Callable[[str], str]) -> str:
    """The symbol values python-barcode chose, spelt for the printer: the start and set switches by `names`,
    set B characters through `b_char`, set C as digit pairs; the printer adds the check character."""
    values = code128_values(data)[:-1]
    out = [names[values[0]]]
    current = values[0]
    for v in values[1:]:
        if v in (_CODE_B, _CODE_C):
            out.append(names[v])
            current = v
        else:
            out.append(b_char(chr(v + 32)) if current in (_START_B, _CODE_B) else f"{v:02d}")
    return "".join(out)


def _first_bar(lay: LabelLayout) -> tuple[int, int, int]:
    x, y, _, h = lay.bars[0]
    return x, y, h


# --- TSPL ---------------------------------------------------------------------------------------------------

def _tspl_string(text: str) -> str:
    return '"' + text.replace('"', '\\["]') + '"'


def _tspl_barcode(lay: LabelLayout) -> list[bytes]:
    x, y, h = _first_bar(lay)
    m = lay.module_dots
    if lay.symbology == "ean13":
        return [f'BARCODE {x},{y},"EAN13",{h},0,0,{m},{m},"{lay.data[:12]}"'.encode("ascii")]
    if "!" in lay.data:  # "!" starts a set switch in 128M: draw the very same bars dot by dot instead
        return [f"BAR {bx},{by},{bw},{bh}".encode("ascii") for bx, by, bw, bh in lay.bars]
    data = _code128_data(lay.data, {v: f"!{v:03d}" for v in _CODES}, lambda c: c)
    return [f'BARCODE {x},{y},"128M",{h},0,0,{m},{m},{_tspl_string(data)}'.encode("ascii")]


def tspl_program(batch: Sequence[tuple[LabelContent, int]], preset: LabelPreset, dpi: int,
                 offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """One TSPL job: each label drawn once and printed `copies` times."""
    layouts = raw_layouts(batch, preset, dpi)
    px = dpi / 25.4
    out = [
        f"SIZE {preset.label_w_mm:g} mm,{preset.label_h_mm:g} mm".encode(),
        f"GAP {GAP_MM:g} mm,0 mm".encode(),
        b"DIRECTION 1,0",
        b"REFERENCE 0,0",
        f"SHIFT {round(offset_mm[0] * px)},{round(offset_mm[1] * px)}".encode(),
    ]
    for (_, copies), lay in zip(batch, layouts, strict=True):
        out.append(b"CLS")
        out.extend(_tspl_barcode(lay))
        for item in lay.texts:
            bmp = text_bitmap(item, dpi)
            if bmp is not None:  # TSPL bitmaps print a 0 bit: invert ours
                data = b"".join(bytes(b ^ 0xFF for b in row) for row in bmp.rows)
                out.append(f"BITMAP {bmp.x},{bmp.y},{bmp.width_bytes},{bmp.height},0,".encode() + data)
        out.append(f"PRINT 1,{copies}".encode())
    return b"\r\n".join(out) + b"\r\n"


# --- ZPL ----------------------------------------------------------------------------------------------------

def _zpl_field(text: str) -> str:
    """Field data with ^FH_: the command prefixes and the escape character itself as hex."""
    return "".join(f"_{ord(c):02X}" if c in "^~_" else c for c in text)


def _zpl_barcode(lay: LabelLayout) -> str:
    x, y, h = _first_bar(lay)
    m = lay.module_dots
    if lay.symbology == "ean13":
        return f"^FO{x},{y}^BY{m}^BEN,{h},N,N^FD{lay.data[:12]}^FS"
    names = {_START_B: ">:", _START_C: ">;", _CODE_B: ">6", _CODE_C: ">5"}
    data = _code128_data(lay.data, names, lambda c: "><" if c == ">" else c)
    return f"^FO{x},{y}^BY{m}^BCN,{h},N,N,N,N^FH_^FD{_zpl_field(data)}^FS"


def _zpl_graphic(bmp: Bitmap) -> str:
    hexdata = "".join(row.hex().upper() for row in bmp.rows)
    total = bmp.width_bytes * bmp.height
    return f"^FO{bmp.x},{bmp.y}^GFA,{total},{total},{bmp.width_bytes},{hexdata}^FS"


def zpl_program(batch: Sequence[tuple[LabelContent, int]], preset: LabelPreset, dpi: int,
                offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """One ^XA…^XZ format per label, printed `copies` times (^PQ); UTF-8 (^CI28) for the comments."""
    layouts = raw_layouts(batch, preset, dpi)
    px = dpi / 25.4
    width, height = math.floor(preset.label_w_mm * px), math.floor(preset.label_h_mm * px)
    out: list[str] = []
    for (_, copies), lay in zip(batch, layouts, strict=True):
        parts = ["^XA", "^CI28", f"^PW{width}", f"^LL{height}", "^LH0,0",
                 f"^LS{-round(offset_mm[0] * px)}", f"^LT{round(offset_mm[1] * px)}", _zpl_barcode(lay)]
        for item in lay.texts:
            bmp = text_bitmap(item, dpi)
            if bmp is not None:
                parts.append("^FX" + item.text.replace("^", " ").replace("~", " "))
                parts.append(_zpl_graphic(bmp))
        parts += [f"^PQ{copies},0,1,N", "^XZ"]
        out.append("\n".join(parts))
    return ("\n".join(out) + "\n").encode("utf-8")


def raw_program(kind: str, batch: Sequence[tuple[LabelContent, int]], preset: LabelPreset, dpi: int,
                offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    if kind == "tspl":
        return tspl_program(batch, preset, dpi, offset_mm)
    if kind == "zpl":
        return zpl_program(batch, preset, dpi, offset_mm)
    raise InvalidInput(f"没有 {kind} 这种打印机指令（可选：TSPL、ZPL）。",
                       f"There is no printer language {kind} (choose TSPL or ZPL).")


def send_raw(data: bytes, *, device: str = "", queue: str = "") -> str:
    """Hand the printer's commands over unchanged: to a device file (/dev/usb/lp0, a COM port, \\\\host\\share)
    or to a print queue through `lp -o raw`. Returns where they went, for the message."""
    if device:
        try:
            with open(device, "wb") as out:
                out.write(data)
        except OSError as exc:
            raise WorkshopError(f"无法写入标签打印机 {device}：{exc.strerror or exc}。请检查打印机是否接好、开机。",
                                f"Cannot write to the label printer {device}: {exc.strerror or exc}. "
                                "Check that the printer is connected and on.") from None
        return device
    if queue:
        lp = shutil.which("lp")
        if lp is None:
            raise WorkshopError("本机没有 lp 命令（CUPS），不能发送到打印队列；请改用设备路径。",
                                "This computer has no lp command (CUPS): use a device path instead of a queue.")
        done = subprocess.run([lp, "-d", queue, "-o", "raw"], input=data, capture_output=True, timeout=30,
                              check=False)
        if done.returncode != 0:
            why = done.stderr.decode("utf-8", "replace").strip()
            raise WorkshopError(f"打印队列 {queue} 拒绝了标签：{why}", f"The print queue {queue} refused the labels: {why}")
        return queue
    raise InvalidInput("请先选择标签打印机（设备路径或打印队列）。",
                       "Choose the label printer first (a device path or a print queue).")
