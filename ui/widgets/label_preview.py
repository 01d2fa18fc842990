"""Label preview: the labels as they will print, then Qt's print dialog or a saved PDF.

`LabelPreviewDialog(ctx, kind, ids)` — kind is "parts", "bins", "tools", "work-orders" or "badges"; ids are
the records to label, in order (an id given n times prints n labels, e.g. one per piece received).
The pages are laid out by workshop.printing.labels in printer dots; this module draws that same layout with
QPainter, on screen and on the printer, so bars stay whole printer dots when the printer's resolution is
the one chosen (or a whole multiple of it).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

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
    QPixmap,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from workshop.domain.roles import Perm
from workshop.printing.fonts import cjk_font_path
from workshop.printing.label_settings import PrinterSettings, printer_settings, save_printer_settings
from workshop.printing.labels import (
    DPIS,
    MM,
    PRESETS,
    LabelContent,
    LabelPreset,
    Page,
    contents_for,
    layout_pages,
    write_pdf,
)
from workshop.queries.labels import KIND_NAMES, label_rows

PREVIEW_PAGES = 40  # pages drawn on screen; all of them print
SCREEN_PX_PER_MM = {False: 6.0, True: 2.4}  # thermal label, A4 sheet


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


class LabelPreviewDialog(QDialog):
    def __init__(self, ctx: AppContext, kind: str, ids: Sequence[int] | None = None, *, where: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.ids, self.where = ctx, kind, list(ids) if ids is not None else None, where
        zh, en = KIND_NAMES.get(kind, (kind, kind))
        self.setWindowTitle(ctx.tr(f"打印{zh}标签", f"Print {en} labels"))
        self.resize(760, 640)
        self._base: list[LabelContent] = []
        self._with_price: list[LabelContent] = []
        self.contents: list[LabelContent] = []
        self.pages: list[Page] = []
        self._loaded = False

        settings = printer_settings(ctx.db)
        self.preset_box = QComboBox()
        for p in PRESETS.values():
            self.preset_box.addItem(ctx.tr(p.title_zh, p.title_en), p.name)
        self.dpi_box = QComboBox()
        for d in DPIS:
            self.dpi_box.addItem(f"{d} dpi", d)
        self.offset_x, self.offset_y = QDoubleSpinBox(), QDoubleSpinBox()
        for box in (self.offset_x, self.offset_y):
            box.setRange(-10.0, 10.0)
            box.setSingleStep(0.5)
            box.setDecimals(1)
            box.setSuffix(" mm")
        self.copies = QSpinBox()
        self.copies.setRange(1, 100)
        self.price_box = QCheckBox(ctx.tr("印零售价", "Print the price"))
        self.price_box.setVisible(kind == "parts")
        self._apply_settings(settings)

        options = QHBoxLayout()
        for text, widget in ((ctx.tr("规格", "Label"), self.preset_box), ("", self.dpi_box),
                             (ctx.tr("份数", "Copies"), self.copies), ("", self.price_box),
                             (ctx.tr("偏移 X", "Offset X"), self.offset_x), ("Y", self.offset_y)):
            if text:
                options.addWidget(QLabel(text))
            options.addWidget(widget)
        options.addStretch(1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.pages_widget = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages_widget)
        scroll.setStyleSheet("QScrollArea { background: #888; } QWidget#pages { background: #888; }")
        self.pages_widget.setObjectName("pages")

        self.print_button = QPushButton(ctx.tr("打印…", "Print…"))
        self.pdf_button = QPushButton(ctx.tr("另存为 PDF…", "Save as PDF…"))
        close = QPushButton(ctx.tr("关闭", "Close"))
        self.print_button.clicked.connect(self._print)
        self.pdf_button.clicked.connect(self._save_pdf)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        for signal in (self.preset_box.currentIndexChanged, self.dpi_box.currentIndexChanged,
                       self.offset_x.valueChanged, self.offset_y.valueChanged, self.copies.valueChanged,
                       self.price_box.toggled):
            signal.connect(self._relayout)
        self._set_ready(False)
        self.status.setText(ctx.tr("正在读取…", "Loading…"))
        self._load()

    # --- settings -----------------------------------------------------------------------------------
    def _apply_settings(self, s: PrinterSettings) -> None:
        self.preset_box.setCurrentIndex(max(0, self.preset_box.findData(s.preset)))
        self.dpi_box.setCurrentIndex(max(0, self.dpi_box.findData(s.dpi)))
        self.offset_x.setValue(s.offset_x_mm)
        self.offset_y.setValue(s.offset_y_mm)

    @property
    def preset(self) -> LabelPreset:
        return PRESETS[str(self.preset_box.currentData())]

    @property
    def dpi(self) -> int:
        return int(self.dpi_box.currentData())

    @property
    def offset_mm(self) -> tuple[float, float]:
        return self.offset_x.value(), self.offset_y.value()

    def current_settings(self) -> PrinterSettings:
        return PrinterSettings(self.preset.name, self.dpi, *self.offset_mm)

    # --- loading and layout ----------------------------------------------------------------------------
    def _load(self) -> None:
        ctx, kind, ids, where = self.ctx, self.kind, self.ids, self.where

        def fetch() -> tuple[list[LabelContent], list[LabelContent]]:
            rows = label_rows(ctx.db, kind, where=where, ids=ids, actor=ctx.actor)
            return contents_for(rows), contents_for(rows, show_price=True)

        ctx.ops.run(fetch, self._loaded_contents, on_error=self._show_error, parent=self)

    def _loaded_contents(self, result: tuple[list[LabelContent], list[LabelContent]]) -> None:
        self._base, self._with_price = result
        self._loaded = True
        self._relayout()

    def _relayout(self) -> None:
        if not self._loaded:
            return
        for box in (self.offset_x, self.offset_y):
            box.setEnabled(self.preset.is_sheet)
        source = self._with_price if self.price_box.isChecked() else self._base
        self.contents = [c for c in source for _ in range(self.copies.value())]
        if not self.contents:
            self._show_message(self.ctx.tr("没有要打印的标签。", "There are no labels to print."))
            return
        try:
            self.pages = layout_pages(self.contents, self.preset, self.dpi, self.offset_mm)
        except Exception as exc:  # a code too long for this label: say so, keep the dialog open
            self._show_error(exc)
            return
        self._draw_pages()
        shown = min(len(self.pages), PREVIEW_PAGES)
        text = self.ctx.tr(f"共 {len(self.contents)} 张标签，{len(self.pages)} 页",
                           f"{len(self.contents)} labels, {len(self.pages)} page(s)")
        if shown < len(self.pages):
            text += self.ctx.tr(f"（预览前 {shown} 页）", f" (first {shown} shown)")
        self.status.setStyleSheet("")
        self.status.setText(text)
        self._set_ready(True)

    def _draw_pages(self) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        px_per_mm = SCREEN_PX_PER_MM[self.preset.is_sheet]
        for page in self.pages[:PREVIEW_PAGES]:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(page_image(page, px_per_mm)))
            self.pages_layout.addWidget(label)

    def _show_error(self, exc: BaseException) -> None:
        message = exc.message(self.ctx.lang) if hasattr(exc, "message") else str(exc)
        self._show_message(message)

    def _show_message(self, text: str) -> None:
        self.pages = []
        self._draw_pages()
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(text)
        self._set_ready(False)

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    # --- output --------------------------------------------------------------------------------------------
    def _remember_settings(self) -> None:
        """The printer's label size, resolution and calibration are remembered for the next time."""
        chosen = self.current_settings()
        if not self.ctx.can(Perm.LABEL_PRINT) or chosen == printer_settings(self.ctx.db):
            return
        ctx = self.ctx
        ctx.ops.run(lambda: save_printer_settings(ctx.db.uow(), ctx.actor, preset=chosen.preset, dpi=chosen.dpi,
                                                  offset_x_mm=chosen.offset_x_mm, offset_y_mm=chosen.offset_y_mm),
                    changed="settings", parent=self)

    def print_to(self, printer: QPrinter) -> int:
        pages = print_pages(printer, self.contents, self.preset, self.dpi, self.offset_mm)
        self._remember_settings()
        return pages

    def save_pdf_to(self, path: Path) -> None:
        write_pdf(self.pages, path)
        self._remember_settings()

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(self.dpi)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.print_to(printer)
            except Exception as exc:  # a printer error or a label that does not fit its resolution
                self.ctx.ops.report(exc, parent=self)

    def _save_pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("保存标签 PDF", "Save labels as PDF"),
                                              f"labels-{self.kind}.pdf", "PDF (*.pdf)")
        if name:
            pages = self.pages
            self.ctx.ops.run(lambda: write_pdf(pages, Path(name)), lambda _: self._remember_settings(), parent=self)
