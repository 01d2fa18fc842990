"""The parts catalog: EAN-13 check digits, adding and editing parts, and `workshop import-parts` of a price list
saved from Excel (UTF-8 with BOM, GBK, Chinese or English headers; refused rows reported; reruns update)."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers import parts_data as pd
from tests.unit.parts.test_issue import assert_refused
from workshop.cli import parts as parts_cli
from workshop.db.models import Bin, Part
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation, WorkshopError
from workshop.domain.roles import Actor, Role
from workshop.services import parts_catalog as cat


@pytest.mark.parametrize("code", ["4006381333931", "6901234567892", "0000000000000"])
def test_ean13_valid_check_digits(code: str) -> None:
    assert cat.ean13_valid(code)


@pytest.mark.parametrize("code", ["4006381333932", "690123456789", "69012345678921", "69012345678X2"])
def test_ean13_wrong_check_digit_or_length_refused(code: str) -> None:
    assert not cat.ean13_valid(code)
    with pytest.raises(InvalidInput):
        cat.clean_barcode(code)


def test_add_part_normalises_and_refuses_duplicates(db: Database, people: dict[Role, Actor]) -> None:
    clerk = people[Role.PARTS_CLERK]
    info = cat.add_part(db.uow(), clerk, part_no=" ０６ｌ115562b ".replace(" ", ""), name="机油滤清器", price="88",
                        barcode="６９０１２３４５６７８９２", bin_code="a-01-02", old_for_new=False)
    assert (info.part_no, info.barcode, info.bin_code, info.price) == ("06L115562B", "6901234567892", "A-01-02",
                                                                      Decimal("88.00"))
    assert_refused(db, lambda: cat.add_part(db.uow(), clerk, part_no="06L115562B", name="x", price="1"),
                   RuleViolation, "已存在")
    assert_refused(db, lambda: cat.add_part(db.uow(), clerk, part_no="06L115562C", name="x", price="1",
                                            barcode="6901234567892"), RuleViolation, "06L115562B")
    assert_refused(db, lambda: cat.add_part(db.uow(), clerk, part_no="06L115562D", name="x", price="1",
                                            barcode="6901234567891"), InvalidInput, "校验位")
    assert_refused(db, lambda: cat.add_part(db.uow(), people[Role.ADVISOR], part_no="X1", name="x", price="1"),
                   PermissionDenied)


def test_edit_part_changes_catalog_fields_never_stock(db: Database, people: dict[Role, Actor]) -> None:
    clerk = people[Role.PARTS_CLERK]
    part_id = pd.make_part(db, clerk, "JZW915105", name="蓄电池", stock="2", cost="400")
    info = cat.edit_part(db.uow(), clerk, part_id, price="699", old_for_new=True, bin_code="B-02-01", min_stock=2)
    assert (info.price, info.old_for_new, info.bin_code, info.min_stock, info.on_hand) == (
        Decimal("699.00"), True, "B-02-01", 2, 2)
    with pytest.raises(InvalidInput):
        cat.edit_part(db.uow(), clerk, part_id, on_hand=5)


CSV_ZH = (
    "零件号,名称,单价,条码,库位\n"
    "06L115562B,机油滤清器,88.00,6901234567892,A-01-02\n"
    "5Q0698151A,前刹车片,\"1,280.00\",,B-03-01\n"
    ",无号零件,10,,\n"
    "G052167M2,机油 5W-30,abc,,\n"
    "1K0615301AA,前刹车盘,560,6901234567891,\n"
    "3G0807221,前保险杠,1650,6.90123E+12,\n"
    "06L115562B,机油滤清器(重复),90,,\n"
)


def _cli(argv: list[str]) -> int:
    """`workshop` with only this module's subcommands (as workshop.cli.main wires them)."""
    parser = argparse.ArgumentParser(prog="workshop")
    parser.add_argument("--db")
    parser.add_argument("--lang", default="zh")
    parts_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except WorkshopError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = _cli(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_parts_gbk_chinese_headers_reports_refused_rows(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "价格表.csv"
    path.write_bytes(CSV_ZH.encode("gbk"))
    code, out, err = _run(["--db", db.url, "import-parts", str(path)], capsys)
    assert code == 1
    assert "新增 2" in out and "拒绝 5" in out
    assert "第 4 行" in err and "零件号" in err
    assert "第 5 行 G052167M2" in err and "数字" in err
    assert "第 6 行 1K0615301AA" in err and "校验位" in err
    assert "第 7 行 3G0807221" in err and "科学计数法" in err
    assert "第 8 行 06L115562B" in err and "重复" in err
    with db.read() as s:
        parts = {p.part_no: p for p in s.scalars(select(Part))}
        assert parts["5Q0698151A"].price == Decimal("1280.00")
        assert parts["06L115562B"].barcode == "6901234567892" and parts["06L115562B"].price == Decimal("88.00")
        assert s.scalar(select(Bin.code).where(Bin.id == parts["06L115562B"].bin_id)) == "A-01-02"


def test_import_parts_rerun_updates_never_duplicates(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "prices.csv"
    path.write_bytes(("\ufeffpart_no,name,price,barcode,bin\n"
                      "06L115562B,Oil filter,88.00,6901234567892,A-01-02\n"
                      "5Q0698151A,Brake pads,1280,,\n").encode())
    assert _run(["--db", db.url, "--lang", "en", "import-parts", str(path)], capsys)[1].startswith("added 2")
    path.write_bytes(("\ufeffpart_no,name,price,barcode,bin\n"
                      "06L115562B,Oil filter,92.50,,\n"
                      "5Q0698151A,Brake pads,1280,,\n").encode())
    code, out, _ = _run(["--db", db.url, "--lang", "en", "import-parts", str(path)], capsys)
    assert code == 0 and "added 0, updated 1, unchanged 1, refused 0" in out
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Part)) == 2
        part = s.scalar(select(Part).where(Part.part_no == "06L115562B"))
        assert part is not None and part.price == Decimal("92.50")
        assert part.barcode == "6901234567892" and part.bin_id is not None  # blank cells keep what was there


def test_import_parts_utf16_tab_separated_from_excel_unicode_text(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "prices.txt"
    path.write_bytes("零件号\t名称\t单价\n06L115562B\t机油滤清器\t88\n".encode("utf-16"))
    assert _run(["--db", db.url, "import-parts", str(path)], capsys)[0] == 0


def test_import_parts_refuses_file_without_required_headers(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("编号,名字\n1,2\n", encoding="utf-8")
    code, _, err = _run(["--db", db.url, "import-parts", str(path)], capsys)
    assert code == 2 and "零件号" in err and "单价" in err
