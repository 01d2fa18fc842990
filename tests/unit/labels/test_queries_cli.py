"""The rows to label (workshop.queries.labels), the printer settings, and `workshop labels ...`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers.labels_data import LONG_NAME, add_own_rows, page_sizes_mm
from workshop.cli import main
from workshop.db.models import Tool
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied
from workshop.domain.roles import Actor, Role
from workshop.printing import labels as printing
from workshop.printing.label_settings import printer_settings, save_printer_settings
from workshop.queries import labels as q


def test_t1_rows_for_every_kind_in_code_order(db: Database) -> None:
    add_own_rows(db)
    parts = q.label_rows(db, "parts")
    assert [p.part_no for p in parts] == sorted(p.part_no for p in parts)
    filt = next(p for p in parts if p.part_no == "90915-YZZD4")
    assert filt == q.PartLabelRow(filt.id, "90915-YZZD4", "机油滤清器", "6901234567892", "A-01-01", Decimal("45.00"))
    assert any(p.name == LONG_NAME for p in parts)
    assert next(p for p in parts if p.part_no == "08880-83716").bin_code is None
    assert [b.code for b in q.label_rows(db, "bins")][:2] == ["1234", "A-01-01"]
    tools = q.label_rows(db, "tools")
    assert "ST-LOST" not in {t.code for t in tools}  # a lost tool gets no new label unless asked by id
    orders = q.label_rows(db, "work-orders")
    assert {o.plate for o in orders} >= {"粤A·12345", "京N·A1B2C"}
    badges = q.label_rows(db, "badges")
    assert {b.display_name for b in badges} >= {"张伟", "欧阳建国"}
    assert all(b.badge_code.startswith("EMP") for b in badges)


def test_t1_where_filter_matches_code_or_name_case_insensitively(db: Database) -> None:
    add_own_rows(db)
    assert {p.part_no for p in q.label_rows(db, "parts", where="机油滤清")} == {"90915-YZZD4", "04152-YZZA6"}
    assert [p.part_no for p in q.label_rows(db, "parts", where="yzzd4")] == ["90915-YZZD4"]
    assert [w.plate for w in q.label_rows(db, "work-orders", where="A1B2")] == ["京N·A1B2C"]
    assert q.label_rows(db, "parts", where="100%") == []  # % and _ are text, not wildcards
    assert [t.code for t in q.label_rows(db, "tools", where="扭力")] == ["ST-004"]


def test_t1_rows_by_ids_keep_the_order_asked_for(db: Database) -> None:
    add_own_rows(db)
    tools = q.label_rows(db, "tools", where="ST-00")
    ids = [tools[2].id, tools[0].id, tools[2].id]  # after receiving: one label per piece
    assert [t.id for t in q.label_rows(db, "tools", ids=ids)] == ids
    assert q.label_rows(db, "tools", where="ST-LOST") == []
    with db.read() as s:
        lost_id = s.scalar(select(Tool.id).where(Tool.code == "ST-LOST"))
    # asked by id, a lost tool is labelled all the same; an id that does not exist is left out
    assert [t.code for t in q.label_rows(db, "tools", ids=[lost_id, 10**6])] == ["ST-LOST"]
    assert q.label_rows(db, "tools", ids=[]) == []


def test_t1_too_many_labels_refused_before_loading(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    add_own_rows(db)
    monkeypatch.setattr(q, "MAX_LABELS", 3)
    with pytest.raises(InvalidInput) as err:
        q.label_rows(db, "parts")
    assert "一次最多打印 3 张" in err.value.zh
    assert len(q.label_rows(db, "parts", where="机油滤清")) == 2


def test_t1_printing_labels_needs_the_permission(db: Database, people: dict[Role, Actor]) -> None:
    add_own_rows(db)
    assert q.label_rows(db, "parts", actor=people[Role.PARTS_CLERK])
    assert q.label_rows(db, "work-orders", actor=people[Role.ADVISOR])
    with pytest.raises(PermissionDenied):
        q.label_rows(db, "tools", actor=people[Role.TECHNICIAN])
    with pytest.raises(PermissionDenied):  # a badge identifies its holder: only user administration prints it
        q.label_rows(db, "badges", actor=people[Role.PARTS_CLERK])
    assert q.label_rows(db, "badges", actor=people[Role.ADMIN])
    with pytest.raises(InvalidInput):
        q.label_rows(db, "cars")


def test_t1_printer_settings_saved_with_calibration_offset(db: Database, people: dict[Role, Actor]) -> None:
    assert printer_settings(db).preset == "50x30" and printer_settings(db).dpi == 203
    saved = save_printer_settings(db.uow(), people[Role.PARTS_CLERK], preset="a4-3x8", dpi=300,
                                  offset_x_mm="１.5", offset_y_mm="-0.75")
    assert printer_settings(db) == saved
    assert saved.offset_mm == (1.5, -0.8)
    with pytest.raises(InvalidInput):
        save_printer_settings(db.uow(), people[Role.PARTS_CLERK], preset="a4-3x8", dpi=300, offset_x_mm="12",
                              offset_y_mm="0")
    with pytest.raises(PermissionDenied):
        save_printer_settings(db.uow(), people[Role.TECHNICIAN], preset="50x30", dpi=203, offset_x_mm="0",
                              offset_y_mm="0")
    assert printer_settings(db) == saved


def test_t1_cli_writes_one_label_per_page_at_the_label_size(db: Database, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    add_own_rows(db)
    out = tmp_path / "parts.pdf"
    rc = main(["--db", db.url, "labels", "parts", "--preset", "62x29", "--dpi", "300", "--where", "机油",
               "--price", "--out", str(out)])
    assert rc == 0
    assert page_sizes_mm(out) == [pytest.approx((62.0, 29.0), abs=0.01)] * 3
    assert "3 张标签" in capsys.readouterr().err
    rc = main(["--db", db.url, "labels", "work-orders", "--preset", "a4-3x8", "--offset-x", "1", "--out",
               str(tmp_path / "wo.pdf")])
    assert rc == 0 and len(page_sizes_mm(tmp_path / "wo.pdf")) == 1


def test_t1_cli_refuses_clearly(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_own_rows(db)
    out = tmp_path / "none.pdf"
    assert main(["--db", db.url, "labels", "bins", "--where", "没有这个", "--out", str(out)]) == 2
    assert "没有要打印的标签" in capsys.readouterr().err
    assert not out.exists()
    assert main(["--db", db.url, "--lang", "en", "labels", "bins", "--offset-y", "x", "--out", str(out)]) == 2
    assert "offset must be a number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--db", db.url, "labels", "bins", "--dpi", "600", "--out", str(out)])
    assert printing.DEFAULT_PRESET in printing.PRESETS
