"""Raw TSPL and ZPL for label printers in raw mode: parsed back by a small emulated printer
(tests/helpers/raw_printer.py), the label is exactly the preset's size in dots at 203 and 300 dpi, every
label prints its copies, the printer's own barcode is the very symbol of the PDF (same bars on the same
dots, read back by zxing) and the text bitmaps stay clear of the bars and inside the label."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
import zxingcpp

from tests.helpers.labels_data import add_own_rows
from tests.helpers.raw_printer import RawLabel, parse_tspl, parse_zpl
from workshop.cli import main
from workshop.db.uow import Database
from workshop.domain.barcodes import ean13_check_digit
from workshop.domain.errors import InvalidInput
from workshop.printing.labels import DPIS, PRESETS, LabelContent, LabelLayout, contents_for, layout_label
from workshop.printing.raw_labels import raw_program, tspl_program, zpl_program
from workshop.queries.labels import BinLabelRow, PartLabelRow, ToolLabelRow

THERMAL = [name for name, p in PRESETS.items() if not p.is_sheet]


def _batch() -> list[tuple[LabelContent, int]]:
    rows = [
        PartLabelRow(1, "08823-YZZT3", "机油滤清器总成（原厂）", None, "A-01-2", Decimal("128.00")),
        PartLabelRow(2, "90915-0T860", "空气滤芯", "690123456789" + ean13_check_digit("690123456789"), "B-02-1",
                     Decimal("56.50")),
        PartLabelRow(3, "A12345", "火花塞 Spark plug", None, None, Decimal("35.00")),
        BinLabelRow(4, "C-03-4", "货架 C 第三层"),
        ToolLabelRow(5, "TL-0007", "正时专用工具", "SST-09", "工具柜 2"),
        ToolLabelRow(6, "X>1^_~", "符号工具", "", ""),
        ToolLabelRow(7, 'Q"!7', "引号工具", "", ""),
    ]
    return list(zip(contents_for(rows, show_price=True), [1, 3, 2, 1, 1, 1, 2], strict=True))


def _dots(mm: float, dpi: int) -> int:
    return math.floor(mm * dpi / 25.4)


def _check(labels: list[RawLabel], batch: list[tuple[LabelContent, int]], preset_name: str, dpi: int) -> None:
    preset = PRESETS[preset_name]
    assert len(labels) == len(batch)
    for label, (content, copies) in zip(labels, batch, strict=True):
        assert (label.width, label.height) == (_dots(preset.label_w_mm, dpi), _dots(preset.label_h_mm, dpi))
        assert label.copies == copies
        lay: LabelLayout = layout_label(content, preset, dpi)
        x0, y0, w0, h0 = lay.symbol_box
        if label.barcodes:  # drawn by the printer's own BARCODE/^BC: it reads what we meant
            assert [b[1] for b in label.barcodes] == [content.symbol.data]
            assert label.barcodes[0][4] == lay.module_dots
        # the same bars on the same dots as the PDF
        expected = np.full(w0, 255, dtype=np.uint8)
        for bx, _, bw, _ in lay.bars:
            expected[bx - x0 : bx - x0 + bw] = 0
        for row in (y0, y0 + h0 // 2, y0 + h0 - 1):
            assert (label.image[row, x0 : x0 + w0] == expected).all(), (content.symbol.data, row)
        assert (label.image[y0 - 1, x0 : x0 + w0] == 255).all() and (label.image[y0 + h0, x0 : x0 + w0] == 255).all()
        found = zxingcpp.read_barcodes(label.image, try_downscale=False, formats=zxingcpp.BarcodeFormat.LinearCodes)
        assert [f.text for f in found] == [content.symbol.data]
        # text printed, clear of the bars (0.5 mm above and below) and nothing in the outer strip
        band = max(1, round(0.5 * dpi / 25.4))
        assert (label.image[y0 - band : y0] == 255).all() and (label.image[y0 + h0 : y0 + h0 + band] == 255).all()
        assert (label.image[: y0 - band] == 0).any(), "the title is printed above the bars"
        strip = max(1, math.floor(preset.margin_mm / 2 * dpi / 25.4))
        img = label.image
        for edge in (img[:strip], img[-strip:], img[:, :strip], img[:, -strip:]):
            assert (edge == 255).all()


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("preset_name", THERMAL)
def test_t1_tspl_batch_is_dot_exact_with_copies_and_content(preset_name: str, dpi: int) -> None:
    batch = _batch()
    data = tspl_program(batch, PRESETS[preset_name], dpi)
    assert data.startswith(f"SIZE {PRESETS[preset_name].label_w_mm:g} mm,".encode())
    assert data.count(b"\r\nCLS\r\n") == len(batch)
    labels = parse_tspl(data, dpi)
    _check(labels, batch, preset_name, dpi)
    assert [b[0] for lab in labels for b in lab.barcodes][:2] == ["128M", "EAN13"]


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("preset_name", THERMAL)
def test_t1_zpl_batch_is_dot_exact_with_copies_and_content(preset_name: str, dpi: int) -> None:
    batch = _batch()
    data = zpl_program(batch, PRESETS[preset_name], dpi)
    assert data.count(b"^XA") == data.count(b"^XZ") == len(batch)
    assert b"^CI28" in data
    labels = parse_zpl(data)
    _check(labels, batch, preset_name, dpi)
    assert labels[0].comments[0] == "机油滤清器总成（原厂）"  # the Chinese text, also as a readable comment


def test_t1_raw_program_refuses_a4_sheets_no_labels_and_unknown_languages() -> None:
    batch = _batch()
    with pytest.raises(InvalidInput) as err:
        raw_program("tspl", batch, PRESETS["a4-3x8"], 203)
    assert "A4" in err.value.zh
    with pytest.raises(InvalidInput):
        raw_program("zpl", [], PRESETS["50x30"], 203)
    with pytest.raises(InvalidInput):
        raw_program("zpl", [(batch[0][0], 0)], PRESETS["50x30"], 203)
    with pytest.raises(InvalidInput):
        raw_program("epl", batch, PRESETS["50x30"], 203)
    with pytest.raises(InvalidInput):
        raw_program("tspl", batch, PRESETS["50x30"], 600)


def test_t1_raw_offset_moves_the_whole_label_in_dots() -> None:
    batch = _batch()[:1]
    assert b"\r\nSHIFT 8,-4\r\n" in tspl_program(batch, PRESETS["50x30"], 203, (1.0, -0.5))
    zpl = zpl_program(batch, PRESETS["50x30"], 300, (1.0, -0.5))
    assert b"^LS-12" in zpl and b"^LT-6" in zpl


def test_t1_cli_writes_raw_tspl_and_zpl(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_own_rows(db)
    tspl, zpl = tmp_path / "labels.tspl", tmp_path / "labels.zpl"
    assert main(["--db", db.url, "labels", "parts", "--preset", "57x32", "--dpi", "300", "--where", "机油",
                 "--format", "tspl", "--out", str(tspl)]) == 0
    assert "3 张标签" in capsys.readouterr().err
    labels = parse_tspl(tspl.read_bytes(), 300)
    assert len(labels) == 3 and (labels[0].width, labels[0].height) == (_dots(57, 300), _dots(32, 300))
    assert main(["--db", db.url, "labels", "work-orders", "--format", "zpl", "--out", str(zpl)]) == 0
    assert all(lab.barcodes for lab in parse_zpl(zpl.read_bytes()))
    assert main(["--db", db.url, "labels", "bins", "--preset", "a4-3x8", "--format", "zpl",
                 "--out", str(zpl)]) == 2
    assert "A4" in capsys.readouterr().err
