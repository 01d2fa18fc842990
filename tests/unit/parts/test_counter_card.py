"""P1/P4/P7: the counter card (`workshop labels counter-card`) carries one Code 128 label per counter mode, and
what a scanner reads off it is the code that switches the counter's mode (any case: CapsLock)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.db.uow import Database
from workshop.domain.counter_modes import MODES, mode_for_scan


def test_p1_mode_codes_are_read_whatever_the_case_and_nothing_else_is_a_mode() -> None:
    assert [m.key for m in MODES] == ["issue", "return", "old_part"]
    assert mode_for_scan("#mode-return") is not None and mode_for_scan(" #MODE-ISSUE ").key == "issue"  # type: ignore[union-attr]
    for code in ("", "MODE-ISSUE", "90915-0T860", "#MODE-"):
        assert mode_for_scan(code) is None


@pytest.mark.parametrize("dpi", [203, 300])
def test_p1_counter_card_prints_the_mode_barcodes_readable_by_a_scanner(db: Database, tmp_path: Path,
                                                                       dpi: int) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    out = tmp_path / "card.pdf"
    assert main(["--db", db.url, "labels", "counter-card", "--preset", "50x30", "--dpi", str(dpi),
                 "--out", str(out)]) == 0
    subprocess.run(["pdftoppm", "-png", "-r", "300", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == len(MODES)
    read = [r.text for page in pages for r in zxingcpp.read_barcodes(Image.open(page))]
    assert read == [m.code for m in MODES]
    assert all(mode_for_scan(code) is not None for code in read)


def test_p1_counter_card_goes_raw_to_a_label_printer_too(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "card.tspl"
    assert main(["--db", db.url, "labels", "counter-card", "--format", "tspl", "--out", str(out)]) == 0
    program = out.read_bytes()
    assert all(m.code.encode() in program for m in MODES)
