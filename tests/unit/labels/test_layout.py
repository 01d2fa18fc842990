"""Label geometry in printer dots: whole-dot modules, quiet zones, bar height, text clear of the bars and
inside the label; codes too long for a label at a dpi refused, never shrunk."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers.labels_data import LONG_NAME, ean, page_sizes_mm
from workshop.domain.barcodes import MIN_QUIET_MODULES, code128_symbol
from workshop.domain.errors import InvalidInput
from workshop.printing.labels import (
    DPIS,
    MIN_BAR_HEIGHT_MM,
    MIN_BAR_HEIGHT_RATIO,
    PRESETS,
    LabelContent,
    bench_1000_part_labels,
    contents_for,
    font_extents,
    layout_label,
    layout_pages,
    part_label,
    preset_named,
    render_labels_pdf,
    text_width_pt,
)
from workshop.queries.labels import (
    BadgeLabelRow,
    BinLabelRow,
    PartLabelRow,
    ToolLabelRow,
    WorkOrderLabelRow,
)

ROWS = [
    PartLabelRow(1, "90915-YZZD4", "机油滤清器", ean("690123456789"), "A-01-01", Decimal("45.00")),
    PartLabelRow(2, "87139-YZZ08", LONG_NAME, None, "B-12-06", Decimal("12800.00")),
    PartLabelRow(3, "123456789012", "纯数字零件号", ean("400638133393"), None, Decimal("1.00")),
    BinLabelRow(4, "A-01-01", "A区 1号货架 第1层"),
    ToolLabelRow(5, "ST-001", LONG_NAME, "09202-70020", "工具室 A柜-01"),
    WorkOrderLabelRow(6, "RO2611-0042", "粤A·12345", "凯美瑞 2.0G 豪华版"),
    BadgeLabelRow(7, "EMP00001", "欧阳建国", "机修"),
]
CASES = [(p, d) for p in PRESETS for d in DPIS]


@pytest.mark.parametrize(("preset_name", "dpi"), CASES)
def test_t1_bars_are_whole_dots_with_quiet_zones_and_height(preset_name: str, dpi: int) -> None:
    preset = PRESETS[preset_name]
    px = dpi / 25.4
    for content in contents_for(ROWS, show_price=True):
        lay = layout_label(content, preset, dpi)
        sym = content.symbol
        m = lay.module_dots
        assert isinstance(m, int) and m >= 1
        assert all(isinstance(v, int) for bar in lay.bars for v in bar)
        # the bars are the symbol's runs, each run a whole multiple of the module
        x0, y0, w0, h0 = lay.symbol_box
        first, last = lay.bars[0], lay.bars[-1]
        assert first[0] - x0 == sym.quiet_left * m >= MIN_QUIET_MODULES * m
        assert x0 + w0 - (last[0] + last[2]) == sym.quiet_right * m >= MIN_QUIET_MODULES * m
        assert [b[2] for b in lay.bars] == [r * m for r in sym.runs[::2]]
        assert last[0] + last[2] - first[0] == sym.modules * m
        # quiet zones inside the label, away from its edges by the printer's tolerance
        assert x0 >= preset.edge_mm * px - 1e-9 and x0 + w0 <= lay.width - preset.edge_mm * px + 1e-9
        # bar height: at least 6 mm and 15 % of the symbol's width (quiet zones included)
        assert all(b[3] == h0 and b[1] == y0 for b in lay.bars)
        assert h0 >= MIN_BAR_HEIGHT_MM * px and h0 >= MIN_BAR_HEIGHT_RATIO * w0
        assert y0 >= 0 and y0 + h0 <= lay.height


@pytest.mark.parametrize(("preset_name", "dpi"), CASES)
def test_t1_text_never_touches_the_bars_nor_runs_off_the_label(preset_name: str, dpi: int) -> None:
    preset = PRESETS[preset_name]
    px, pt = dpi / 25.4, dpi / 72
    ascent, descent = font_extents()
    for content in contents_for(ROWS, show_price=True):
        lay = layout_label(content, preset, dpi)
        _, bar_top, _, bar_h = lay.symbol_box
        below = [t for t in lay.texts if t.baseline > bar_top]
        assert below and below[0].text == content.symbol.data  # the human-readable line is under the bars
        for t in lay.texts:
            top, bottom = t.baseline - ascent * t.size_pt * pt, t.baseline + descent * t.size_pt * pt
            assert bottom <= bar_top - 0.5 * px or top >= bar_top + bar_h + 0.5 * px, t
            assert top >= 0 and bottom <= lay.height, t
            half = text_width_pt(t.text, t.size_pt) * pt / 2
            assert t.center_x - half >= preset.margin_mm * px - 1e-6, t
            assert t.center_x + half <= lay.width - preset.margin_mm * px + 1e-6, t


@pytest.mark.parametrize("preset_name", list(PRESETS))
def test_t1_a_long_name_wraps_then_ends_with_an_ellipsis(preset_name: str) -> None:
    name = LONG_NAME * 2
    lay = layout_label(part_label(replace(ROWS[1], name=name)), PRESETS[preset_name], 203)
    title = [t.text for t in lay.texts if t.baseline < lay.symbol_box[1]]
    assert len(title) == 2
    assert title[-1].endswith("…")
    assert name.replace(" ", "").startswith("".join(title)[:-1].replace(" ", ""))


def test_t1_a_code_too_long_for_the_label_is_refused_not_shrunk() -> None:
    preset = PRESETS["40x30"]
    code = "ABCDEFGHJK-LMNPQRSTU-VWXY"  # 28 symbol characters: 341 modules with the quiet zones
    content = LabelContent(code128_symbol(code), "名称")
    with pytest.raises(InvalidInput) as err:
        layout_label(content, preset, 203)
    assert "太长" in err.value.zh and "203 dpi" in err.value.zh and code in err.value.zh
    assert "too long" in err.value.en
    # the same code fits at 300 dpi, one dot per module
    lay = layout_label(content, preset, 300)
    assert lay.module_dots == 1
    # nothing is written when one label of a batch is refused
    with pytest.raises(InvalidInput):
        layout_pages([part_label(ROWS[0]), content], preset, 203)


def test_t1_a_wrong_ean_on_a_part_is_refused_naming_the_part() -> None:
    bad = PartLabelRow(9, "90915-YZZD4", "机油滤清器", "6901234567893", None, Decimal(1))
    with pytest.raises(InvalidInput) as err:
        part_label(bad)
    assert "90915-YZZD4" in err.value.zh and "校验位" in err.value.zh


def test_t1_unknown_preset_dpi_and_empty_batches_refused() -> None:
    with pytest.raises(InvalidInput):
        preset_named("100x50")
    with pytest.raises(InvalidInput):
        render_labels_pdf(contents_for(ROWS[:1]), "unused.pdf", dpi=600)
    with pytest.raises(InvalidInput):
        render_labels_pdf([], "unused.pdf")


def test_t1_a4_sheet_places_24_labels_per_page_and_applies_the_offset() -> None:
    preset = PRESETS["a4-3x8"]
    contents = contents_for(ROWS * 4)  # 28 labels: two pages
    pages = layout_pages(contents, preset, 300)
    assert [len(p.labels) for p in pages] == [24, 4]
    moved = layout_pages(contents, preset, 300, offset_mm=(1.5, -0.5))
    px = 300 / 25.4
    for (x, y, _), (mx, my, _) in zip(pages[0].labels, moved[0].labels, strict=True):
        assert abs((mx - x) - 1.5 * px) <= 1 and abs((my - y) + 0.5 * px) <= 1
    assert pages[0].labels[3][0] == pages[0].labels[0][0]  # the 4th label starts the second row
    assert pages[0].labels[1][0] - pages[0].labels[0][0] == round(70 * px)


def test_t1_bench_writes_1000_part_labels(tmp_path: Path) -> None:
    seconds = bench_1000_part_labels(tmp_path / "bench.pdf")
    assert 0 < seconds < 60
    assert len(page_sizes_mm(tmp_path / "bench.pdf")) == 1000
