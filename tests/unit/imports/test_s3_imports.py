"""S3: data from the previous system from Excel or CSV — parts with every field, labor operations, customers and
vehicles — every refused row reported with its reason (also as an Excel or CSV file), reruns update instead of
duplicating, a cancel writes nothing; and the import-speed bench runs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from benchmarks import imports as bench_import
from tests.helpers.front_desk_data import add_shop, open_order
from workshop.cli import main
from workshop.db.models import Bin, Customer, LaborOperation, Part, Vehicle
from workshop.db.uow import Database
from workshop.domain.barcodes import ean13_check_digit
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.queries.customers import search
from workshop.services import bulk_import, front_desk


def _ean(body12: str) -> str:
    return body12 + str(ean13_check_digit(body12))


def _count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _part(db: Database, number: str) -> Part:
    with db.read() as s:
        p = s.scalar(select(Part).where(Part.part_no == number))
        assert p is not None
        s.expunge(p)
        return p


def test_s3_parts_every_field_from_excel_with_a_report_of_refused_rows(
        db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "配件.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["零件号", "名称", "单价", "条码", "库位", "单位", "最低库存", "以旧换新", "消耗品"])
    sheet.write_row(1, 0, ["G052167M2", "机油 5W-30", 98.5, _ean("690111111111"), "C-01", "升", 20, "否", "是"])
    sheet.write_row(2, 0, ["JZW915105", "蓄电池", 699, "", "B-02-01", "件", 2, "是", "否"])
    sheet.write_row(3, 0, ["", "无号零件", 10])
    sheet.write_row(4, 0, ["BAD1", "价格不对", "abc"])
    sheet.write_row(5, 0, ["BAD2", "条码不对", 5, "6901111111110"])
    sheet.write_row(6, 0, ["BAD3", "标志不对", 5, "", "", "", "", "也许"])
    book.close()
    report = tmp_path / "refused.xlsx"
    code = main(["--db", db.url, "import-parts", str(path), "--report", str(report)])
    out, err = capsys.readouterr()
    assert code == 1 and "新增 2" in out and "拒绝 4" in out and "第 4 行" in err
    oil, battery = _part(db, "G052167M2"), _part(db, "JZW915105")
    assert (oil.unit, oil.price, oil.min_stock, oil.is_consumable, oil.old_for_new, oil.barcode) == (
        "升", Decimal("98.50"), Decimal("20"), True, False, _ean("690111111111"))
    assert (battery.old_for_new, battery.barcode, battery.min_stock) == (True, None, Decimal("2"))
    with db.read() as s:
        assert set(s.scalars(select(Bin.code))) == {"C-01", "B-02-01"}
    rows = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert [r[1] for r in rows[1:]] == ["", "BAD1", "BAD2", "BAD3"]
    assert "数字" in rows[2][2] and "number" in rows[2][3] and "是 或 否" in rows[4][2]


def test_s3_parts_csv_gbk_with_old_mac_line_endings_full_width_digits_and_a_rerun(
        db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "price.csv"
    text = "零件号,名称,单价,单位\r06L115562B,机油滤清器,８８．００,件\r5Q0698151A,前刹车片,\"1,280.00\",套\r"
    path.write_bytes(text.encode("gbk"))
    assert main(["--db", db.url, "import-parts", str(path)]) == 0
    assert _part(db, "06L115562B").price == Decimal("88.00") and _part(db, "5Q0698151A").unit == "套"
    # rerun from Excel's "Unicode text" (UTF-16, tabs, English headers): one price changes, nothing duplicates
    path.write_bytes("part_no\tname\tprice\r\n06L115562B\t机油滤清器\t90\r\n5Q0698151A\t前刹车片\t1280\r\n"
                     .encode("utf-16"))
    capsys.readouterr()
    assert main(["--db", db.url, "--lang", "en", "import-parts", str(path)]) == 0
    assert "added 0, updated 1, unchanged 1" in capsys.readouterr().out
    assert _count(db, Part) == 2 and _part(db, "06L115562B").price == Decimal("90.00")
    assert _part(db, "5Q0698151A").unit == "套"  # a column the file does not have is kept


def test_s3_cancel_writes_nothing(db: Database) -> None:
    rows = ((i + 2, {"part_no": f"P{i:05d}", "name": "件", "price": "1"}) for i in range(bulk_import.CHUNK * 2))

    def cancel_after_first_chunk(done: int) -> None:
        raise bulk_import.ImportCancelled()

    with pytest.raises(bulk_import.ImportCancelled):
        bulk_import.import_parts(db.uow(), None, rows, progress=cancel_after_first_chunk)
    assert _count(db, Part) == 0


def test_s3_labor_operations_go_to_the_catalog_the_lines_use(
        db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    path = tmp_path / "labor.csv"
    path.write_text("工时代码,名称,标准工时,工时单价,班组\nJX101,更换空调滤芯,0.3,200,机修\nBP201,后保险杠喷漆,3,260,钣喷\n"
                    "JX102,错误班组,1,200,电工\n", encoding="utf-8-sig")
    assert main(["--db", db.url, "import-labor", str(path)]) == 1  # one refused
    path.write_text("code,name,hours,rate\nJX101,更换空调滤芯,0.5,200\n", encoding="utf-8")
    assert main(["--db", db.url, "import-labor", str(path)]) == 0
    with db.read() as s:
        hours = dict(s.execute(select(LaborOperation.code, LaborOperation.standard_hours)).all())
    assert hours == {"JX101": Decimal("0.50"), "BP201": Decimal("3.00")}
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, with_lines=False)
    wo = front_desk.add_labor_line(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version,
                                   operation_code="JX101")
    assert wo.labor_lines[0].hours == Decimal("0.50")


def test_s3_customers_and_vehicles_with_plates_vin_check_digit_and_a_rerun(
        db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vin1, vin2, vin3 = make_vin("LSVAU2180N2123456"), make_vin("LFV3A23C1N3000002"), make_vin("LSGKB54U0NA000003")
    bad_vin = vin3[:8] + ("1" if vin3[8] != "1" else "2") + vin3[9:]
    path = tmp_path / "客户.csv"
    path.write_text(
        "客户姓名,电话,车牌,车架号,品牌,车型,购车日期,里程\n"
        f"张伟,13800138000,粤B·12345,{vin1},大众,帕萨特,2023/5/20,35000\n"
        f"张伟,13800138000,,{vin2},大众,ID.4,2026-01-05,1200\n"
        f"李娜,13900139000,粤Z·1234港,{vin3},丰田,埃尔法,2022年3月1日,60000\n"
        f"王强,13700137000,AB12345,{make_vin('LVSHCAMB0NE000004')},福特,野马,2021-06-01,80000\n"
        f"赵敏,13600136000,粤A·88888,{bad_vin},本田,雅阁,2024-01-01,1000\n", encoding="utf-8")
    assert main(["--db", db.url, "import-customers", str(path)]) == 1
    out = capsys.readouterr()
    assert "新增 4" in out.out and "拒绝 1" in out.out and "校验位" in out.err and "1 个车牌" in out.out
    assert _count(db, Customer) == 3 and _count(db, Vehicle) == 4
    with db.read() as s:
        plates = dict(s.execute(select(Vehicle.vin, Vehicle.plate)).all())
        flagged = set(s.scalars(select(Vehicle.vin).where(Vehicle.plate_unrecognised.is_(True))))
        first = s.scalar(select(Vehicle).where(Vehicle.vin == vin1))
        assert first is not None and first.purchase_date == date(2023, 5, 20) and first.last_mileage == 35000
    assert plates[vin2] is None and plates[vin3] == "粤Z·1234港" and len(flagged) == 1
    assert any(h.plate == "粤Z·1234港" for h in search(db, "1234港"))  # the search index is kept
    path.write_text(f"name,phone,plate,vin,mileage\n张伟,13800138000,粤B·D66666,{vin2},3000\n", encoding="utf-8")
    assert main(["--db", db.url, "import-customers", str(path)]) == 0
    assert _count(db, Vehicle) == 4 and _count(db, Customer) == 3
    with db.read() as s:
        v = s.scalar(select(Vehicle).where(Vehicle.vin == vin2))
        assert v is not None and (v.plate, v.last_mileage) == ("粤B·D66666", 3000)


def test_s3_import_speed_bench_reports_the_figure_and_its_floor() -> None:
    result = bench_import.run(None, rows=3000, log=lambda _m: None)
    assert result["rows"] == 3000 and result["import_s"] > 0 and result["floor_s"] > 0
    assert set(result["targets"]) == {"rows_per_s >= 20000", "import <= 3 x floor", "peak memory <= 200 MB"}


def test_s3_lists_export_to_excel_with_chinese_headers_and_real_cells(
        db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    out = tmp_path / "工单.xlsx"
    assert main(["--db", db.url, "list", "work-orders", "--format", "xlsx", "-o", str(out)]) == 0
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["工单号", "类型", "状态"] and rows[1][0] == wo.number
    opened = rows[1][7]
    assert hasattr(opened, "year") and isinstance(rows[1][9], float)  # a date-time and a number, not text
    parts = tmp_path / "parts.xlsx"
    assert main(["--db", db.url, "list", "parts", "--format", "xlsx", "-o", str(parts)]) == 0
    prows = CalamineWorkbook.from_path(str(parts)).get_sheet_by_index(0).to_python()
    assert prows[0][:2] == ["零件号", "名称"] and isinstance(prows[1][4], float)
    customers = tmp_path / "customers.xlsx"
    assert main(["--db", db.url, "list", "customers", "--format", "xlsx", "-o", str(customers)]) == 0
    crows = CalamineWorkbook.from_path(str(customers)).get_sheet_by_index(0).to_python()
    assert crows[0][0] == "客户" and crows[1][3] == shop.vehicle.plate and isinstance(crows[1][8], float)
    assert isinstance(crows[1][7], date)


def test_s3_full_width_cells_next_to_a_chinese_name_are_made_half_width(db: Database) -> None:
    """Rows handed to the service directly (not from a file): only the non-ASCII cells are translated, and a
    full-width part number, price and barcode beside a Chinese name still come out half-width."""
    bc = _ean("690000000001")
    full = "".join(chr(ord(c) + 0xFEE0) for c in bc)
    report = bulk_import.import_parts(db.uow(), None, [
        (2, {"part_no": "ｖｗ１２３", "name": "前保险杠", "price": "１２.５０", "barcode": full, "unit": "件",
             "old_for_new": "是"}),
        (3, {"part_no": "VW124", "name": "大灯", "price": "十元"}),
    ])
    assert (report.added, [r.line_no for r in report.refused]) == (1, [3])
    p = _part(db, "VW123")
    assert (p.name, p.price, p.barcode, p.unit, p.old_for_new) == ("前保险杠", Decimal("12.50"), bc, "件", True)
