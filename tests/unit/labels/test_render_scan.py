"""Every label of the demo shop, printed on every preset at 203 and 300 dpi, rasterised with pdftoppm at
the printer's resolution and read back by zxing-cpp: exactly the encoded text, whole-dot bars, clear
quiet zones, text clear of the bars, nothing off the label, pages exactly the label size."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import zxingcpp

from tests.helpers import dbs
from tests.helpers.labels_data import LabelSet, all_label_rows, fill, page_sizes_mm, rasterize
from workshop.domain.barcodes import Symbol
from workshop.printing.labels import (
    DPIS,
    PRESETS,
    LabelContent,
    LabelLayout,
    contents_for,
    layout_pages,
    render_labels_pdf,
    write_pdf,
)
from workshop.queries.labels import KINDS

FORMATS = {"code128": zxingcpp.BarcodeFormat.Code128, "ean13": zxingcpp.BarcodeFormat.EAN13}


@pytest.fixture(scope="module")
def label_set(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelSet]:
    work = tmp_path_factory.mktemp("labels_db")
    db = dbs.new_sqlite(work, work)
    try:
        yield all_label_rows(db, fill(db))
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def contents(label_set: LabelSet) -> list[LabelContent]:
    assert all(label_set.rows[kind] for kind in KINDS), "every kind of label has rows to print"
    return contents_for([row for kind in KINDS for row in label_set.rows[kind]], show_price=True)


def _runs(values: np.ndarray) -> list[tuple[bool, int]]:
    dark = values < 128
    edges = np.flatnonzero(np.diff(dark.astype(np.int8))) + 1
    bounds = [0, *edges.tolist(), len(dark)]
    return [(bool(dark[a]), b - a) for a, b in itertools.pairwise(bounds)]


def _check_printed_symbol(image: np.ndarray, ox: int, oy: int, lay: LabelLayout, sym: Symbol) -> None:
    x0, y0, w0, h0 = lay.symbol_box
    m = lay.module_dots
    box = image[oy + y0 : oy + y0 + h0, ox + x0 : ox + x0 + w0]
    expected = [(False, sym.quiet_left * m)]
    expected += [(i % 2 == 0, run * m) for i, run in enumerate(sym.runs)]
    expected += [(False, sym.quiet_right * m)]
    for row in (0, h0 // 2, h0 - 1):  # every bar a whole number of printer dots, the full height
        assert _runs(box[row]) == expected, (sym.data, row)
    assert set(np.unique(box).tolist()) <= {0, 255}, "crisp dots, no partly covered ones"
    # bar height: at least 6 mm and 15 % of the symbol's width, measured on the printed dots
    assert h0 * 25.4 / lay.dpi >= 6.0 and h0 >= 0.15 * w0
    assert (image[oy + y0 - 1, ox + x0 : ox + x0 + w0] == 255).all()
    assert (image[oy + y0 + h0, ox + x0 : ox + x0 + w0] == 255).all()
    # the text never touches the bars: a clear band of 0.5 mm across the label above and below them
    band = max(1, round(0.5 * lay.dpi / 25.4))
    width = math.floor(lay.width)
    assert (image[oy + y0 - band : oy + y0, ox : ox + width] == 255).all(), sym.data
    assert (image[oy + y0 + h0 : oy + y0 + h0 + band, ox : ox + width] == 255).all(), sym.data


def _check_inside_label(image: np.ndarray, ox: int, oy: int, lay: LabelLayout, preset_margin_mm: float) -> None:
    """Nothing printed in the outer strip of the label (half its margin): no text runs off it."""
    strip = max(1, math.floor(preset_margin_mm / 2 * lay.dpi / 25.4))
    cell = image[oy : oy + math.floor(lay.height), ox : ox + math.floor(lay.width)]
    for edge in (cell[:strip], cell[-strip:], cell[:, :strip], cell[:, -strip:]):
        assert (edge == 255).all()


@pytest.mark.slow
@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("preset_name", list(PRESETS))
def test_t1_every_demo_label_scans_back_exactly(contents: list[LabelContent], preset_name: str, dpi: int,
                                                tmp_path: Path) -> None:
    preset = PRESETS[preset_name]
    pages = layout_pages(contents, preset, dpi)
    pdf = tmp_path / "labels.pdf"
    write_pdf(pages, pdf)
    images = rasterize(pdf, dpi, tmp_path)
    assert len(images) == len(pages) == math.ceil(len(contents) / preset.per_page)
    expected = iter(contents)
    scanned = 0
    for page, image in zip(pages, images, strict=True):
        for ox, oy, lay in page.labels:
            content = next(expected)
            cell = image[oy : oy + math.ceil(lay.height), ox : ox + math.ceil(lay.width)]
            # at the printer's own resolution: zxing's extra pass on a downscaled copy (1/3 of 4-dot modules
            # is 1.3 pixels, below what any reader resolves) can misread an EAN-13 it also reads correctly
            found = zxingcpp.read_barcodes(cell, try_downscale=False, formats=zxingcpp.BarcodeFormat.LinearCodes)
            assert [(f.text, f.format) for f in found] == [
                (content.symbol.data, FORMATS[content.symbol.symbology])
            ], (preset_name, dpi, content.symbol.data)
            _check_printed_symbol(image, ox, oy, lay, content.symbol)
            _check_inside_label(image, ox, oy, lay, preset.margin_mm)
            scanned += 1
    assert scanned == len(contents)


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("preset_name", list(PRESETS))
def test_t1_every_page_is_exactly_the_preset_size(contents: list[LabelContent], preset_name: str, dpi: int,
                                                  tmp_path: Path) -> None:
    preset = PRESETS[preset_name]
    pdf = tmp_path / "labels.pdf"
    pages = render_labels_pdf(contents, pdf, preset=preset_name, dpi=dpi)
    sizes = page_sizes_mm(pdf)
    assert len(sizes) == pages
    for width, height in sizes:
        assert width == pytest.approx(preset.page_w_mm, abs=0.01)
        assert height == pytest.approx(preset.page_h_mm, abs=0.01)
    if not preset.is_sheet:
        assert (preset.page_w_mm, preset.page_h_mm) == (preset.label_w_mm, preset.label_h_mm)
