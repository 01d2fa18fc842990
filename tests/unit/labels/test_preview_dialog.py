"""The label preview dialog: what it shows, Qt's print path (a QPrinter writing PDF) read back by zxing-cpp,
the saved PDF, and refusals shown in the dialog."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.helpers.labels_data import add_own_rows, page_sizes_mm, rasterize
from ui.context import AppContext
from ui.operations import Operations
from ui.widgets.label_preview import LabelPreviewDialog
from workshop.db.models import Part
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.printing.label_settings import load_workstation_printer, printer_settings


def _ctx(db: Database, actor: Actor, lang: str = "zh") -> AppContext:
    ops = Operations(lang)
    ops.show_errors = False
    return AppContext(db=db, actor=actor, ops=ops, lang=lang)


def _part_ids(db: Database) -> list[int]:
    with db.read() as s:
        return list(s.scalars(select(Part.id).order_by(Part.part_no)))


def _open(qtbot: QtBot, ctx: AppContext, kind: str, ids: list[int] | None) -> LabelPreviewDialog:
    dialog = LabelPreviewDialog(ctx, kind, ids)
    qtbot.addWidget(dialog)
    assert ctx.ops.wait()
    return dialog


def test_t1_preview_shows_every_label_and_follows_the_options(qtbot: QtBot, db: Database,
                                                              people: dict[Role, Actor]) -> None:
    add_own_rows(db)
    ids = _part_ids(db)
    dialog = _open(qtbot, _ctx(db, people[Role.PARTS_CLERK]), "parts", ids)
    assert len(dialog.contents) == len(ids) == len(dialog.pages)
    assert dialog.print_button.isEnabled() and dialog.pdf_button.isEnabled()
    assert f"共 {len(ids)} 张标签" in dialog.status.text()
    assert dialog.pages_layout.count() == len(ids)
    dialog.copies.setValue(3)
    assert len(dialog.contents) == 3 * len(ids)
    dialog.preset_box.setCurrentIndex(dialog.preset_box.findData("a4-3x8"))
    assert len(dialog.pages) == math.ceil(3 * len(ids) / 24)
    assert dialog.offset_x.isEnabled()
    dialog.price_box.setChecked(True)
    assert any("¥" in t.text for _, _, lay in dialog.pages[0].labels for t in lay.texts)


def test_t1_qt_print_path_scans_back_exactly(qtbot: QtBot, db: Database, people: dict[Role, Actor],
                                             tmp_path: Path) -> None:
    add_own_rows(db)
    ctx = _ctx(db, people[Role.PARTS_CLERK])
    dialog = _open(qtbot, ctx, "parts", _part_ids(db))
    dialog.preset_box.setCurrentIndex(dialog.preset_box.findData("57x32"))
    dialog.dpi_box.setCurrentIndex(dialog.dpi_box.findData(203))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(203)
    pages = dialog.print_to(printer)
    assert ctx.ops.wait()
    assert pages == len(dialog.contents)
    sizes = page_sizes_mm(tmp_path / "printed.pdf")
    # Qt keeps page sizes in whole points (0.35 mm): the printer's page is the label to within half a point
    assert sizes == [pytest.approx((57.0, 32.0), abs=0.18)] * pages
    images = rasterize(tmp_path / "printed.pdf", 203, tmp_path)
    for content, image in zip(dialog.contents, images, strict=True):
        found = zxingcpp.read_barcodes(image, try_downscale=False, formats=zxingcpp.BarcodeFormat.LinearCodes)
        assert [f.text for f in found] == [content.symbol.data]
    # what was printed with is remembered on this workstation for the next time, not in the shop's database
    remembered = load_workstation_printer(printer_settings(db))
    assert remembered is not None and remembered.settings.preset == "57x32"
    assert printer_settings(db).preset == "50x30"


def test_t1_saved_pdf_has_the_previewed_pages(qtbot: QtBot, db: Database, people: dict[Role, Actor],
                                              tmp_path: Path) -> None:
    add_own_rows(db)
    ctx = _ctx(db, people[Role.ADVISOR])
    dialog = _open(qtbot, ctx, "work-orders", None)
    dialog.save_pdf_to(tmp_path / "wo.pdf")
    assert ctx.ops.wait()
    assert len(page_sizes_mm(tmp_path / "wo.pdf")) == len(dialog.pages) == 4


def test_t1_refusals_are_shown_in_the_dialog(qtbot: QtBot, db: Database, people: dict[Role, Actor]) -> None:
    add_own_rows(db)
    denied = _open(qtbot, _ctx(db, people[Role.TECHNICIAN]), "tools", None)
    assert "没有此操作的权限" in denied.status.text()
    assert not denied.print_button.isEnabled()
    with db.new_session() as s, s.begin():
        s.add(Part(part_no="ABCDEFGHJK-LMNPQRSTU-VWXYZ", name="超长零件号", price=1))
    dialog = _open(qtbot, _ctx(db, people[Role.PARTS_CLERK], "en"), "parts", None)
    dialog.dpi_box.setCurrentIndex(dialog.dpi_box.findData(203))
    dialog.preset_box.setCurrentIndex(dialog.preset_box.findData("40x30"))
    assert "too long" in dialog.status.text() and not dialog.pdf_button.isEnabled()
    dialog.dpi_box.setCurrentIndex(dialog.dpi_box.findData(300))  # one dot per module fits at 300 dpi
    assert dialog.pdf_button.isEnabled()
