"""Label preview: the labels as they will print, then this workstation's label printer or a saved PDF.

`LabelPreviewDialog(ctx, kind, ids, copies=...)` — kind is "parts", "bins", "tools", "work-orders" or "badges";
ids are the records to label, in order, one label each (several rows selected on a screen print as one
batch); `copies` gives each label's copies (e.g. one per piece received; an id given twice also counts
twice). The pages are laid out by workshop.printing.labels in printer dots and drawn by ui.widgets.label_paint.

The printer, output kind (Qt print, PDF, raw TSPL or ZPL to a device or an `lp -o raw` queue), preset, dpi
and offset are remembered per workstation (workshop.printing.label_settings). Once "print straight away" is
ticked, `exec()` prints the batch to the remembered printer without showing the preview; holding Shift, or
`preview=True`, shows it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.label_paint import page_image, print_pages
from ui.widgets.save_pdf import save_file
from workshop.printing.label_settings import (
    PrinterSettings,
    WorkstationPrinter,
    load_workstation_printer,
    printer_settings,
    save_workstation_printer,
)
from workshop.printing.labels import (
    DPIS,
    PRESETS,
    LabelContent,
    LabelPreset,
    Page,
    contents_for,
    layout_pages,
    write_pdf,
)
from workshop.printing.raw_labels import raw_program, send_raw
from workshop.queries.labels import KIND_NAMES, label_rows

PREVIEW_PAGES = 40  # pages drawn on screen; all of them print
SCREEN_PX_PER_MM = {False: 6.0, True: 2.4}  # thermal label, A4 sheet
OUTPUT_NAMES = {"qt": ("系统打印机", "System printer"), "pdf": ("PDF 文件", "PDF file"),
                "tspl": ("TSPL 指令（TSC、佳博）", "TSPL (TSC, Gprinter)"), "zpl": ("ZPL 指令（斑马）", "ZPL (Zebra)")}


def batch_of(ids: Sequence[int], copies: Sequence[int] | None) -> tuple[list[int], list[int]]:
    """Each id once, in order, with its copies (an id given twice counts twice)."""
    counts: dict[int, int] = {}
    for i, record in enumerate(ids):
        counts[record] = counts.get(record, 0) + (copies[i] if copies is not None else 1)
    return list(counts), [max(1, c) for c in counts.values()]


class LabelPreviewDialog(QDialog):
    def __init__(self, ctx: AppContext, kind: str, ids: Sequence[int] | None = None, *,
                 copies: Sequence[int] | None = None, where: str | None = None, preview: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.where = ctx, kind, where
        self.ids: list[int] | None = None
        self.label_copies: list[int] | None = None
        if ids is not None:
            self.ids, self.label_copies = batch_of(ids, copies)
        zh, en = KIND_NAMES.get(kind, (kind, kind))
        self.setWindowTitle(ctx.tr(f"打印{zh}标签", f"Print {en} labels"))
        self.resize(820, 660)
        self._base: list[LabelContent] = []
        self._with_price: list[LabelContent] = []
        self.batch: list[tuple[LabelContent, int]] = []  # each label once with its copies (raw output)
        self.contents: list[LabelContent] = []  # every copy (PDF and Qt print)
        self.pages: list[Page] = []
        self.result_text = ""
        self._loaded = False
        self.remembered = load_workstation_printer(printer_settings(ctx.db))
        shift = bool(QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.direct = bool(self.remembered and self.remembered.direct and not preview and not shift)

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
        self.copies.setToolTip(ctx.tr("每张标签印几份（在各自份数之上再乘）", "Copies of every label (times its own count)"))
        self.price_box = QCheckBox(ctx.tr("印零售价", "Print the price"))
        self.price_box.setVisible(kind == "parts")
        self.output_box = QComboBox()
        for key, (o_zh, o_en) in OUTPUT_NAMES.items():
            self.output_box.addItem(ctx.tr(o_zh, o_en), key)
        self.target_edit = QLineEdit()
        self.choose_button = QPushButton(ctx.tr("选择打印机…", "Choose printer…"))
        self.direct_box = QCheckBox(ctx.tr("以后直接打印，不再预览（按住 Shift 再预览）",
                                           "Print straight away next time (hold Shift to preview)"))
        self._apply_settings(self.remembered.settings if self.remembered else printer_settings(ctx.db))
        if self.remembered:
            self.output_box.setCurrentIndex(max(0, self.output_box.findData(self.remembered.output)))
            self.target_edit.setText(self.remembered.target)
            self.direct_box.setChecked(self.remembered.direct)

        options = QHBoxLayout()
        for text, widget in ((ctx.tr("规格", "Label"), self.preset_box), ("", self.dpi_box),
                             (ctx.tr("份数", "Copies"), self.copies), ("", self.price_box),
                             (ctx.tr("偏移 X", "Offset X"), self.offset_x), ("Y", self.offset_y)):
            if text:
                options.addWidget(QLabel(text))
            options.addWidget(widget)
        options.addStretch(1)
        output = QHBoxLayout()
        output.addWidget(QLabel(ctx.tr("输出", "Output")))
        output.addWidget(self.output_box)
        output.addWidget(self.target_edit, 1)
        output.addWidget(self.choose_button)
        output.addWidget(self.direct_box)

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

        self.print_button = QPushButton(ctx.tr("打印", "Print"))
        self.print_button.setDefault(True)
        self.pdf_button = QPushButton(ctx.tr("另存为 PDF…", "Save as PDF…"))
        close = QPushButton(ctx.tr("关闭", "Close"))
        self.print_button.clicked.connect(self._print)
        self.pdf_button.clicked.connect(self._save_pdf)
        self.choose_button.clicked.connect(self._choose_printer)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addLayout(output)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        for signal in (self.preset_box.currentIndexChanged, self.dpi_box.currentIndexChanged,
                       self.offset_x.valueChanged, self.offset_y.valueChanged, self.copies.valueChanged,
                       self.price_box.toggled, self.output_box.currentIndexChanged):
            signal.connect(self._relayout)
        self._set_ready(False)
        self.status.setText(ctx.tr("正在读取…", "Loading…"))
        if not self.direct:
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

    @property
    def output(self) -> str:
        return str(self.output_box.currentData())

    def current_settings(self) -> PrinterSettings:
        return PrinterSettings(self.preset.name, self.dpi, *self.offset_mm)

    def current_printer(self) -> WorkstationPrinter:
        return WorkstationPrinter(self.current_settings(), self.output, self.target_edit.text().strip(),
                                  self.direct_box.isChecked())

    # --- loading and layout ----------------------------------------------------------------------------
    def _fetch(self) -> tuple[list[LabelContent], list[LabelContent]]:
        rows = label_rows(self.ctx.db, self.kind, where=self.where, ids=self.ids, actor=self.ctx.actor)
        return contents_for(rows), contents_for(rows, show_price=True)

    def _load(self) -> None:
        self.ctx.ops.run(self._fetch, self._loaded_contents, on_error=self._show_error, parent=self)

    def _loaded_contents(self, result: tuple[list[LabelContent], list[LabelContent]]) -> None:
        self._base, self._with_price = result
        self._loaded = True
        self._relayout()

    def _relayout(self) -> None:
        self.target_edit.setEnabled(self.output != "pdf")
        self.target_edit.setPlaceholderText(self.ctx.tr("系统打印机名（点“选择打印机…”）", "System printer name")
                                            if self.output == "qt" else
                                            self.ctx.tr("/dev/usb/lp0、COM3 或打印队列名", "/dev/usb/lp0, COM3 or a queue"))
        self.choose_button.setEnabled(self.output == "qt")
        if not self._loaded:
            return
        for box in (self.offset_x, self.offset_y):
            box.setEnabled(self.preset.is_sheet or self.output in ("tspl", "zpl"))
        source = self._with_price if self.price_box.isChecked() else self._base
        own = self.label_copies if self.label_copies is not None and len(self.label_copies) == len(source) else \
            [1] * len(source)
        self.batch = [(c, n * self.copies.value()) for c, n in zip(source, own, strict=True)]
        self.contents = [c for c, n in self.batch for _ in range(n)]
        if not self.contents:
            self._show_message(self.ctx.tr("没有要打印的标签。", "There are no labels to print."))
            return
        try:
            self.pages = layout_pages(self.contents, self.preset, self.dpi, self.offset_mm)
            if self.output in ("tspl", "zpl"):
                raw_program(self.output, self.batch[:1], self.preset, self.dpi)  # an A4 sheet is refused here
        except Exception as exc:  # a code too long for this label: say so, keep the dialog open
            self._show_error(exc)
            return
        if self.isVisible() or not self.direct:
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
    def exec(self) -> int:
        """Straight to the remembered printer when this desk said so; else the preview."""
        if not self.direct:
            return super().exec()
        try:
            self._loaded_contents(self._fetch())
        except Exception as exc:
            self.ctx.ops.report(exc, parent=self.parentWidget())
            return int(QDialog.DialogCode.Rejected)
        if not self.print_button.isEnabled():  # refused (a code too long for the remembered label): show why
            self.direct = False
            self._draw_pages()
            return super().exec()
        self._print()
        return int(QDialog.DialogCode.Accepted)

    def _remember(self) -> None:
        """The printer and its settings are remembered on this workstation for the next time."""
        try:
            save_workstation_printer(self.current_printer())
        except Exception as exc:  # a read-only config folder must not lose the print
            self.ctx.ops.report(exc, parent=self)

    def _notify(self, text: str) -> None:
        self.result_text = text
        self.status.setStyleSheet("color: #1b5e20;")
        self.status.setText(text)
        if self.direct and self.ctx.ops.show_errors:
            box = QMessageBox(QMessageBox.Icon.Information, self.ctx.tr("标签", "Labels"), text,
                              QMessageBox.StandardButton.Ok, self.parentWidget())
            box.open()

    def print_to(self, printer: QPrinter) -> int:
        pages = print_pages(printer, self.contents, self.preset, self.dpi, self.offset_mm)
        self._remember()
        self._notify(self.ctx.tr(f"已送打印机 {printer.printerName() or ''}：{len(self.contents)} 张标签",
                                 f"Sent to {printer.printerName() or 'the printer'}: {len(self.contents)} labels"))
        return pages

    def send_raw_to_printer(self) -> str:
        printer = self.current_printer()
        data = raw_program(self.output, self.batch, self.preset, self.dpi, self.offset_mm)
        where = send_raw(data, device=printer.raw_device, queue=printer.raw_queue)
        self._remember()
        self._notify(self.ctx.tr(f"已发送 {len(self.contents)} 张标签（{self.output.upper()}）到 {where}",
                                 f"{len(self.contents)} labels ({self.output.upper()}) sent to {where}"))
        return where

    def save_pdf_to(self, path: Path) -> None:
        write_pdf(self.pages, path)
        self._remember()

    def _choose_printer(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.target_edit.text():
            printer.setPrinterName(self.target_edit.text())
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return False
        self.target_edit.setText(printer.printerName())
        return True

    def _print(self) -> None:
        try:
            if self.output == "pdf":
                self._save_pdf()
            elif self.output in ("tspl", "zpl"):
                self.send_raw_to_printer()
                self.accept()
            else:
                name = self.target_edit.text()
                known = bool(name) and not QPrinterInfo.printerInfo(name).isNull()
                if not known and not self._choose_printer():
                    return
                printer = QPrinter(QPrinter.PrinterMode.HighResolution)
                printer.setPrinterName(self.target_edit.text())
                printer.setResolution(self.dpi)
                self.print_to(printer)
                self.accept()
        except Exception as exc:  # a printer error or a label that does not fit its resolution
            self.ctx.ops.report(exc, parent=self)

    def _save_pdf(self) -> None:
        zh, en = KIND_NAMES.get(self.kind, (self.kind, self.kind))
        pages = self.pages

        def written(path: Path) -> None:
            self._remember()
            self._notify(self.ctx.tr(f"标签 PDF 已保存到 {path}", f"Labels saved to {path}"))

        save_file(self, self.ctx, self.ctx.tr("保存标签 PDF", "Save labels as PDF"), f"{zh}标签.pdf",
                  lambda path: write_pdf(pages, path), what=self.ctx.tr(f"{zh}标签", f"{en} labels"),
                  on_saved=written)
