"""Label batches and this workstation's remembered label printer: several records print as one batch with
copies per label; the first print shows the preview, later ones go straight to the remembered printer
(raw TSPL to a device, ZPL to an `lp -o raw` queue) unless a preview is asked for."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.helpers.labels_data import add_own_rows
from tests.helpers.raw_printer import parse_tspl, parse_zpl
from ui.context import AppContext
from ui.operations import Operations
from ui.widgets.label_preview import LabelPreviewDialog, batch_of
from workshop.db.models import Part
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.printing.label_settings import (
    PrinterSettings,
    WorkstationPrinter,
    load_workstation_printer,
    printer_settings,
    save_workstation_printer,
    workstation_printer_path,
)


def _ctx(db: Database, actor: Actor) -> AppContext:
    ops = Operations("zh")
    ops.show_errors = False
    return AppContext(db=db, actor=actor, ops=ops, lang="zh")


def _part_ids(db: Database) -> list[int]:
    with db.read() as s:
        return list(s.scalars(select(Part.id).order_by(Part.part_no)))[:3]


def test_t1_batch_of_merges_repeated_ids_into_copies() -> None:
    assert batch_of([5, 7, 5], None) == ([5, 7], [2, 1])
    assert batch_of([5, 7], [3, 2]) == ([5, 7], [3, 2])


def test_t1_workstation_printer_round_trip_and_unreadable_file(tmp_path: Path) -> None:
    default = PrinterSettings("50x30", 203, 0.0, 0.0)
    assert load_workstation_printer(default) is None  # first use
    saved = WorkstationPrinter(PrinterSettings("57x32", 300, 0.0, 0.5), "zpl", "zebra1", True)
    path = save_workstation_printer(saved)
    assert path == workstation_printer_path() and path.parent == Path(os.environ["WORKSHOP_CONFIG_DIR"])
    assert load_workstation_printer(default) == saved
    assert saved.raw_queue == "zebra1" and saved.raw_device == ""
    assert WorkstationPrinter(default, "tspl", "/dev/usb/lp0").raw_device == "/dev/usb/lp0"
    assert WorkstationPrinter(default, "tspl", "COM3").raw_device == "COM3"
    path.write_text("{not json", encoding="utf-8")
    assert load_workstation_printer(default) is None


def test_t1_preview_batch_has_copies_per_label(qtbot: QtBot, db: Database, people: dict[Role, Actor]) -> None:
    add_own_rows(db)
    ids = _part_ids(db)
    dialog = LabelPreviewDialog(_ctx(db, people[Role.PARTS_CLERK]), "parts", ids, copies=[2, 1, 3])
    qtbot.addWidget(dialog)
    assert dialog.ctx.ops.wait()
    assert not dialog.direct  # first use: the preview
    assert [n for _, n in dialog.batch] == [2, 1, 3] and len(dialog.contents) == 6 == len(dialog.pages)
    dialog.copies.setValue(2)
    assert [n for _, n in dialog.batch] == [4, 2, 6]


def test_t1_first_print_remembers_then_prints_straight_to_the_raw_device(
        qtbot: QtBot, db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    add_own_rows(db)
    ids = _part_ids(db)
    ctx = _ctx(db, people[Role.PARTS_CLERK])
    device = tmp_path / "lp0"
    first = LabelPreviewDialog(ctx, "parts", ids)
    qtbot.addWidget(first)
    assert ctx.ops.wait()
    first.output_box.setCurrentIndex(first.output_box.findData("tspl"))
    first.dpi_box.setCurrentIndex(first.dpi_box.findData(300))
    first.target_edit.setText(str(device))
    first.direct_box.setChecked(True)
    first._print()
    assert "已发送 3 张标签（TSPL）" in first.result_text
    assert len(parse_tspl(device.read_bytes(), 300)) == 3
    device.unlink()

    again = LabelPreviewDialog(ctx, "parts", ids, copies=[1, 2, 1])
    qtbot.addWidget(again)
    assert again.direct
    assert again.exec() == 1 and not again.isVisible()  # no preview shown
    labels = parse_tspl(device.read_bytes(), 300)
    assert [lab.copies for lab in labels] == [1, 2, 1]
    assert again.preset_box.currentData() == printer_settings(db).preset  # the remembered preset

    asked = LabelPreviewDialog(ctx, "parts", ids, preview=True)  # "print…" with the dialog on request
    qtbot.addWidget(asked)
    assert not asked.direct


def test_t1_zpl_goes_to_a_print_queue_through_lp_raw(qtbot: QtBot, db: Database, people: dict[Role, Actor],
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_own_rows(db)
    fake = tmp_path / "bin" / "lp"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/job\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    save_workstation_printer(WorkstationPrinter(PrinterSettings("50x30", 203, 0.0, 0.0), "zpl", "zebra_gk420", True))
    ctx = _ctx(db, people[Role.PARTS_CLERK])
    dialog = LabelPreviewDialog(ctx, "parts", _part_ids(db), copies=[2, 2, 2])
    qtbot.addWidget(dialog)
    assert dialog.exec() == 1
    assert (tmp_path / "args").read_text().split() == ["-d", "zebra_gk420", "-o", "raw"]
    assert [lab.copies for lab in parse_zpl((tmp_path / "job").read_bytes())] == [2, 2, 2]
    assert "zebra_gk420" in dialog.result_text


def test_t1_raw_output_refuses_an_a4_sheet_in_the_dialog(qtbot: QtBot, db: Database,
                                                        people: dict[Role, Actor]) -> None:
    add_own_rows(db)
    dialog = LabelPreviewDialog(_ctx(db, people[Role.PARTS_CLERK]), "parts", _part_ids(db))
    qtbot.addWidget(dialog)
    assert dialog.ctx.ops.wait()
    dialog.preset_box.setCurrentIndex(dialog.preset_box.findData("a4-3x8"))
    dialog.output_box.setCurrentIndex(dialog.output_box.findData("tspl"))
    assert "A4" in dialog.status.text() and not dialog.print_button.isEnabled()
