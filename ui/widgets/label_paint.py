"""Labels drawn with QPainter from the layout in printer dots (workshop.printing.labels): on screen and on a
printer through Qt's print system, so that bars stay whole printer dots when the printer's resolution is the
one chosen (or a whole multiple of it)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPrintSupport import QPrinter

from workshop.printing.fonts import cjk_font_path
from workshop.printing.labels import MM, LabelContent, LabelPreset, Page, layout_pages


@cache
def label_font_family() -> str:
    """The CJK font the PDF embeds, loaded into Qt too so the preview and the print match the PDF."""
    font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else QFont().family()


def paint_page(painter: QPainter, page: Page, scale: float, *, show_cells: bool = False) -> None:
    """Draw one page; `scale` is device pixels per printer dot (1 when the device is the printer)."""
    painter.fillRect(QRectF(0, 0, page.width_mm / MM * page.dpi * scale, page.height_mm / MM * page.dpi * scale),
                     Qt.GlobalColor.white)
    if show_cells and page.labels:
        painter.setPen(QColor(200, 200, 200))
        w, h = page.labels[0][2].width * scale, page.labels[0][2].height * scale
        for cx, cy in page.cells:
            painter.drawRect(QRectF(cx * scale, cy * scale, w, h))
    font = QFont(label_font_family())
    font.setPixelSize(100)  # drawn at 100 px and scaled: exact sizes at any resolution
    metrics = QFontMetricsF(font)
    for ox, oy, lay in page.labels:
        for x, y, w, h in lay.bars:
            painter.fillRect(QRectF((ox + x) * scale, (oy + y) * scale, w * scale, h * scale), Qt.GlobalColor.black)
        painter.setPen(Qt.GlobalColor.black)
        painter.setFont(font)
        for t in lay.texts:
            size = t.size_pt * page.dpi / 72.0 * scale / 100.0
            painter.save()
            painter.translate((ox + t.center_x) * scale, (oy + t.baseline) * scale)
            painter.scale(size, size)
            painter.drawText(QPointF(-metrics.horizontalAdvance(t.text) / 2, 0), t.text)
            painter.restore()


def page_image(page: Page, px_per_mm: float) -> QImage:
    scale = px_per_mm * MM / page.dpi
    image = QImage(round(page.width_mm * px_per_mm), round(page.height_mm * px_per_mm), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    paint_page(painter, page, scale, show_cells=len(page.cells) > 1)
    painter.end()
    return image


def print_pages(printer: QPrinter, contents: Sequence[LabelContent], preset: LabelPreset, dpi: int,
                offset_mm: tuple[float, float]) -> int:
    """Lay the labels out for the printer's real resolution and paint them, one page per label or sheet."""
    printer.setFullPage(True)
    size = QPageSize(QSizeF(preset.page_w_mm, preset.page_h_mm), QPageSize.Unit.Millimeter, preset.name,
                     QPageSize.SizeMatchPolicy.ExactMatch)
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, printer.pageLayout().margins()))
    res = printer.resolution()
    # whole dots on the printer: lay out at its resolution unless it is a whole multiple of the one chosen
    layout_dpi = dpi if res % dpi == 0 else res
    pages = layout_pages(contents, preset, layout_dpi, offset_mm)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        for i, page in enumerate(pages):
            if i:
                printer.newPage()
            paint_page(painter, page, res / layout_dpi)
    finally:
        painter.end()
    return len(pages)
