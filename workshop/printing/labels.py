"""Barcode labels for thermal label printers (203/300 dpi) and A4 label sheets.

Everything is laid out in printer dots: a bar's edges fall on whole dots from the page's top-left
corner, every module is a whole number of dots (never less than one), the quiet zone is at least
10 modules each side and the bars are at least 6 mm and 15 % of the symbol's width high. A code that
does not fit the label at the chosen dpi is refused, never shrunk. The same page layout is drawn by
reportlab here (the PDF) and by QPainter in the preview dialog, so screen, PDF and printer agree.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, NoReturn

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from workshop.domain.barcodes import Symbol
from workshop.domain.errors import InvalidInput, WorkshopError
from workshop.printing.fonts import cjk_font_name
from workshop.printing.label_content import LabelContent as LabelContent
from workshop.printing.label_content import contents_for as contents_for
from workshop.printing.label_content import part_label as part_label
from workshop.queries.labels import PartLabelRow

MM = 25.4  # mm per inch
DPIS = (203, 300)
MIN_BAR_HEIGHT_MM = 6.0
MIN_BAR_HEIGHT_RATIO = 0.15  # of the symbol's width, quiet zones included
MAX_MODULE_MM = 0.5  # wider modules only make the symbol (and the bars' minimum height) bigger
PREFERRED_BAR_HEIGHT_MM = 10.0
TEXT_GAP_MM = 0.8  # between the bars and any text, above and below
MIN_TEXT_PT = 5.5  # a line shrinks down to this before it ends with an ellipsis
# Bars are drawn this much (in dots) inside their dot boundaries: PDF numbers carry 5 decimals, so an edge
# written "on" a dot boundary may land a hair across it, and rasterisers paint every dot a shape touches.
BAR_INSET_DOTS = 0.02


@dataclass(frozen=True)
class LabelPreset:
    name: str
    title_zh: str
    title_en: str
    label_w_mm: float
    label_h_mm: float
    page_w_mm: float
    page_h_mm: float
    columns: int = 1
    rows: int = 1
    first_x_mm: float = 0.0  # the first label's top-left corner on the page
    first_y_mm: float = 0.0
    pitch_x_mm: float = 0.0
    pitch_y_mm: float = 0.0
    margin_mm: float = 1.5  # text keeps this far from the label's edges
    edge_mm: float = 1.0  # the quiet zones keep this far (printer registration tolerance)
    title_pt: float = 8.0
    text_pt: float = 7.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def is_sheet(self) -> bool:
        return self.per_page > 1


def _thermal(w: float, h: float, zh: str, en: str, title_pt: float = 8.0, text_pt: float = 7.0) -> LabelPreset:
    return LabelPreset(f"{w:g}x{h:g}", zh, en, w, h, w, h, title_pt=title_pt, text_pt=text_pt)


PRESETS: dict[str, LabelPreset] = {
    p.name: p
    for p in (
        _thermal(50, 30, "热敏标签 50×30 mm", "Thermal label 50×30 mm"),
        _thermal(57, 32, "热敏标签 57×32 mm (2.25×1.25 英寸)", "Thermal label 57×32 mm (2.25×1.25 in)"),
        _thermal(62, 29, "热敏标签 62×29 mm", "Thermal label 62×29 mm"),
        _thermal(40, 30, "热敏标签 40×30 mm", "Thermal label 40×30 mm", title_pt=7.0, text_pt=6.5),
        LabelPreset(
            "a4-3x8", "A4 不干胶标签纸 3×8 (70×37 mm)", "A4 label sheet 3×8 (70×37 mm)", 70, 37, 210, 297,
            columns=3, rows=8, first_x_mm=0.0, first_y_mm=0.5, pitch_x_mm=70, pitch_y_mm=37,
            margin_mm=3.0, edge_mm=2.0, title_pt=9.0, text_pt=8.0,
        ),
    )
}
DEFAULT_PRESET = "50x30"


def preset_named(name: str) -> LabelPreset:
    preset = PRESETS.get(name)
    if preset is None:
        names = "、".join(PRESETS)
        raise InvalidInput(f"没有名为 {name} 的标签规格（可选：{names}）。",
                           f"There is no label preset named {name} (choose from {', '.join(PRESETS)}).")
    return preset


def check_dpi(dpi: int) -> int:
    if dpi not in DPIS:
        raise InvalidInput(f"打印机分辨率只能是 203 或 300 dpi，不是 {dpi}。",
                           f"The printer resolution is 203 or 300 dpi, not {dpi}.")
    return dpi


# --- text -----------------------------------------------------------------------------------------------

def text_width_pt(text: str, size_pt: float) -> float:
    return float(pdfmetrics.stringWidth(text, cjk_font_name(), size_pt))


def font_extents() -> tuple[float, float]:
    """Ascent and descent (positive) as fractions of the font size."""
    face = pdfmetrics.getFont(cjk_font_name()).face
    return face.ascent / 1000.0, -face.descent / 1000.0


def ellipsize(text: str, size_pt: float, width_pt: float) -> str:
    if text_width_pt(text, size_pt) <= width_pt:
        return text
    while text and text_width_pt(text + "…", size_pt) > width_pt:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""


def fit_line(text: str, size_pt: float, width_pt: float) -> tuple[float, str]:
    """One line: shrunk down to MIN_TEXT_PT to fit, and only then cut with an ellipsis."""
    while size_pt > MIN_TEXT_PT and text_width_pt(text, size_pt) > width_pt:
        size_pt = max(MIN_TEXT_PT, size_pt - 0.5)
    return size_pt, ellipsize(text, size_pt, width_pt)


def wrap(text: str, size_pt: float, width_pt: float, max_lines: int) -> list[str]:
    """Break by characters (Chinese has no spaces), preferring a space for Latin words; the last line
    ends with an ellipsis when the text does not fit."""
    text = " ".join(text.split())
    lines: list[str] = []
    while text and len(lines) < max_lines:
        if len(lines) == max_lines - 1 or text_width_pt(text, size_pt) <= width_pt:
            lines.append(ellipsize(text, size_pt, width_pt))
            break
        cut = 1
        while cut < len(text) and text_width_pt(text[: cut + 1], size_pt) <= width_pt:
            cut += 1
        space = text.rfind(" ", 0, cut + 1)
        if space > 0 and text[cut : cut + 1] not in ("", " ") and text[cut - 1] != " ":
            cut = space
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return lines


# --- layout in printer dots -------------------------------------------------------------------------------

@dataclass(frozen=True)
class TextItem:
    text: str
    center_x: float  # dots from the label's left edge
    baseline: float  # dots from the label's top edge
    size_pt: float


@dataclass(frozen=True)
class LabelLayout:
    """One label in its own dots; `bars` are (x, y, width, height) in whole dots."""

    width: float
    height: float
    dpi: int
    data: str
    symbology: str
    module_dots: int
    bars: tuple[tuple[int, int, int, int], ...]
    symbol_box: tuple[int, int, int, int]  # the bars with their quiet zones
    texts: tuple[TextItem, ...]


def layout_label(content: LabelContent, preset: LabelPreset, dpi: int) -> LabelLayout:
    refusal: WorkshopError | None = None
    for lines in range(content.title_lines, 0, -1):
        try:
            return _layout(content, preset, dpi, lines)
        except WorkshopError as exc:
            refusal = refusal or exc
    assert refusal is not None
    raise refusal


def _layout(content: LabelContent, preset: LabelPreset, dpi: int, title_lines: int) -> LabelLayout:
    px, pt = dpi / MM, dpi / 72.0
    sym = content.symbol
    width, height = preset.label_w_mm * px, preset.label_h_mm * px
    margin, gap = preset.margin_mm * px, TEXT_GAP_MM * px
    text_w_pt = (preset.label_w_mm - 2 * preset.margin_mm) * 72.0 / MM
    ascent, descent = font_extents()

    title_pt = preset.title_pt * content.title_scale
    title = wrap(content.title, title_pt, text_w_pt, title_lines)
    human_pt, human = fit_line(sym.data, preset.text_pt, text_w_pt)
    footer_pt, footer = fit_line(content.footer, preset.text_pt, text_w_pt)

    def line_h(size: float) -> float:
        return (ascent + descent) * size * pt

    fixed = len(title) * line_h(title_pt) + (gap if title else 0.0) + gap + line_h(human_pt)
    fixed += line_h(preset.text_pt) if footer else 0.0  # the line keeps its height when its text shrinks
    room = height - 2 * margin - fixed  # for the bars

    left, right = math.ceil(preset.edge_mm * px), math.floor(width - preset.edge_mm * px)
    free = right - left
    min_h = MIN_BAR_HEIGHT_MM * px
    module = 0
    for m in range(max(1, round(MAX_MODULE_MM * px)), 0, -1):
        total = sym.total_modules * m
        if total <= free and math.ceil(max(min_h, MIN_BAR_HEIGHT_RATIO * total)) <= room:
            module = m
            break
    if module == 0:
        _refuse(sym, preset, dpi, too_long=sym.total_modules > free)

    total = sym.total_modules * module
    need = math.ceil(max(min_h, MIN_BAR_HEIGHT_RATIO * total))
    bar_h = max(need, math.floor(min(room, PREFERRED_BAR_HEIGHT_MM * px)))
    y = margin + (room - bar_h) / 2  # centre the block in the label
    texts: list[TextItem] = []
    cx = width / 2
    for line in title:
        texts.append(TextItem(line, cx, y + ascent * title_pt * pt, title_pt))
        y += line_h(title_pt)
    bar_top = math.ceil(y + (gap if title else 0.0))
    y = bar_top + bar_h + gap
    texts.append(TextItem(human, cx, y + ascent * human_pt * pt, human_pt))
    y += line_h(human_pt)
    if footer:
        texts.append(TextItem(footer, cx, y + ascent * preset.text_pt * pt, footer_pt))

    start = left + (free - total) // 2
    x = start + sym.quiet_left * module
    bars: list[tuple[int, int, int, int]] = []
    for i, run in enumerate(sym.runs):
        if i % 2 == 0:
            bars.append((x, bar_top, run * module, bar_h))
        x += run * module
    return LabelLayout(width, height, dpi, sym.data, sym.symbology, module, tuple(bars),
                       (start, bar_top, total, bar_h), tuple(texts))


def _refuse(sym: Symbol, preset: LabelPreset, dpi: int, *, too_long: bool) -> NoReturn:
    need_mm = sym.total_modules * MM / dpi
    if too_long:
        raise InvalidInput(
            f"编码 {sym.data} 太长：在 {dpi} dpi 下至少要 {need_mm:.1f} mm 宽（每条至少一个打印点，含两侧空白区），"
            f"{preset.title_zh} 放不下。请换更宽的标签或 300 dpi 打印机。",
            f"The code {sym.data} is too long: at {dpi} dpi it needs at least {need_mm:.1f} mm (one printer dot "
            f"per bar, quiet zones included), which does not fit the {preset.title_en}. "
            "Use a wider label or a 300 dpi printer.",
        )
    raise InvalidInput(
        f"编码 {sym.data} 的条码在{preset.title_zh}上放不下足够高的条（至少 {MIN_BAR_HEIGHT_MM:g} mm）。请换更大的标签。",
        f"The barcode of {sym.data} cannot have bars tall enough (at least {MIN_BAR_HEIGHT_MM:g} mm) on the "
        f"{preset.title_en}. Use a bigger label.",
    )


# --- pages --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    dpi: int
    labels: tuple[tuple[int, int, LabelLayout], ...]  # each label's top-left corner in whole page dots
    cells: tuple[tuple[int, int], ...] = ()  # every label position of a sheet (drawn in the preview)


def layout_pages(contents: Sequence[LabelContent], preset: LabelPreset, dpi: int,
                 offset_mm: tuple[float, float] = (0.0, 0.0)) -> list[Page]:
    """Every label laid out first, so that a refusal comes before anything is written. `dpi` is the device's
    resolution: a user chooses 203 or 300 (check_dpi); a print dialog may hand over its printer's own."""
    if not 100 <= dpi <= 2400:
        raise InvalidInput(f"打印分辨率 {dpi} dpi 不可用。", f"A resolution of {dpi} dpi cannot be used.")
    layouts = [layout_label(c, preset, dpi) for c in contents]
    px = dpi / MM
    if not preset.is_sheet:
        return [Page(preset.page_w_mm, preset.page_h_mm, dpi, ((0, 0, lay),)) for lay in layouts]
    cells = tuple(
        (round((preset.first_x_mm + col * preset.pitch_x_mm + offset_mm[0]) * px),
         round((preset.first_y_mm + row * preset.pitch_y_mm + offset_mm[1]) * px))
        for row in range(preset.rows)
        for col in range(preset.columns)
    )
    pages = []
    for first in range(0, len(layouts), preset.per_page):
        chunk = layouts[first : first + preset.per_page]
        placed = tuple((x, y, lay) for (x, y), lay in zip(cells, chunk, strict=False))
        pages.append(Page(preset.page_w_mm, preset.page_h_mm, dpi, placed, cells))
    return pages


def write_pdf(pages: Sequence[Page], out: str | Path | IO[bytes], *, title: str = "标签") -> None:
    font = cjk_font_name()
    target = str(out) if isinstance(out, Path) else out
    canvas = Canvas(target, pageCompression=0, initialFontName=font)
    canvas._doc.defaultStreamFilters = [pdfdoc.PDFZCompress]  # deflate without ASCII85: 2× faster, smaller
    canvas.setTitle(title)
    canvas.setCreator("Workshop")
    canvas.setViewerPreference("PrintScaling", "None")  # a viewer must not "fit" the bars off the dots
    for page in pages:
        k = 72.0 / page.dpi
        page_h = page.height_mm * 72.0 / MM
        canvas.setPageSize((page.width_mm * 72.0 / MM, page_h))
        # the bars in printer dots from the page's top-left corner, written directly (fast, exact)
        e = BAR_INSET_DOTS
        bars = [f"q {k:.9f} 0 0 {-k:.9f} 0 {page_h:.6f} cm"]
        for ox, oy, lay in page.labels:
            bars.extend(f"{ox + x + e:.2f} {oy + y + e:.2f} {w - 2 * e:.2f} {h - 2 * e:.2f} re"
                        for x, y, w, h in lay.bars)
        bars.append("f Q")
        canvas.addLiteral("\n".join(bars))
        for ox, oy, lay in page.labels:
            for t in lay.texts:
                canvas.setFont(font, t.size_pt)
                canvas.drawCentredString((ox + t.center_x) * k, page_h - (oy + t.baseline) * k, t.text)
        canvas.showPage()
    canvas.save()


def render_labels_pdf(contents: Sequence[LabelContent], out: str | Path | IO[bytes], *,
                      preset: str = DEFAULT_PRESET, dpi: int = 203,
                      offset_mm: tuple[float, float] = (0.0, 0.0)) -> int:
    """Lay out and write the labels; returns the number of pages."""
    pages = layout_pages(contents, preset_named(preset), check_dpi(dpi), offset_mm)
    if not pages:
        raise InvalidInput("没有要打印的标签。", "There are no labels to print.")
    write_pdf(pages, out)
    return len(pages)


def bench_1000_part_labels(path: str | Path, *, preset: str = DEFAULT_PRESET, dpi: int = 203) -> float:
    """Seconds to lay out and write 1,000 part labels (name, bin, price) to one PDF."""
    rows = [
        PartLabelRow(i, f"06L{115562 + i:06d}", f"机油滤清器总成（原厂）第{i}号", None, f"A-{i % 40:02d}-{i % 7}",
                     Decimal("128.00") + i)
        for i in range(1000)
    ]
    started = time.perf_counter()
    render_labels_pdf(contents_for(rows, show_price=True), path, preset=preset, dpi=dpi)
    return time.perf_counter() - started
