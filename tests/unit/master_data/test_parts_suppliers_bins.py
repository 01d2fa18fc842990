"""S1: parts entered and edited by hand with every field (unit 升, minimum stock, old for new P7, consumable,
barcode, bin, usual supplier), suppliers and bins as master data, purchase orders to a listed supplier."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers.parts_data import ean13
from workshop.cli import main as cli_main
from workshop.db.models import AuditEntry, Bin, Part, Supplier
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.queries.purchasing import purchase_order_list
from workshop.services import parts_catalog, purchasing, suppliers
from workshop.services.purchasing import OrderLine


def test_s1_supplier_added_edited_and_listed(db: Database, people: dict[Role, Actor]) -> None:
    clerk = people[Role.PARTS_CLERK]
    faw = suppliers.add_supplier(db.uow(), clerk, name="一汽-大众销售有限责任公司", contact="王经理",
                                 phone="０２０-12345678", terms="月结 30 天", is_manufacturer=True)
    assert (faw.phone, faw.is_manufacturer, faw.is_active) == ("020-12345678", True, True)
    local = suppliers.add_supplier(db.uow(), people[Role.ADMIN], name="广州骏达汽配", terms="现款现货")
    suppliers.edit_supplier(db.uow(), clerk, local.id, contact="李生", is_active=False)
    assert [s.name for s in suppliers.list_suppliers(db)] == ["一汽-大众销售有限责任公司", "广州骏达汽配"]
    assert [s.name for s in suppliers.list_suppliers(db, active_only=True)] == ["一汽-大众销售有限责任公司"]
    with pytest.raises(RuleViolation):
        suppliers.add_supplier(db.uow(), clerk, name="广州骏达汽配")
    with pytest.raises(InvalidInput):
        suppliers.edit_supplier(db.uow(), clerk, local.id, name="改名")
    with pytest.raises(InvalidInput):
        suppliers.edit_supplier(db.uow(), clerk, local.id, is_active="no")
    with pytest.raises(PermissionDenied):
        suppliers.add_supplier(db.uow(), people[Role.ADVISOR], name="某汽配")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Supplier)) == 2
        assert list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "supplier"))) == [
            "supplier.add", "supplier.add", "supplier.edit"]


def test_s1_bins_added_and_counted(db: Database, people: dict[Role, Actor]) -> None:
    clerk = people[Role.PARTS_CLERK]
    b = suppliers.add_bin(db.uow(), clerk, code="ｂ-02-03", description="B区 2号货架 第3层")
    assert b.code == "B-02-03"
    with pytest.raises(RuleViolation):
        suppliers.add_bin(db.uow(), clerk, code="B-02-03")
    with pytest.raises(InvalidInput):
        suppliers.add_bin(db.uow(), clerk, code="B 02")
    parts_catalog.add_part(db.uow(), clerk, part_no="N10", name="火花塞", price="45", bin_code="B-02-03")
    suppliers.edit_bin(db.uow(), clerk, b.id, description="B区 2号架 3层（小件）")
    assert [(x.code, x.description, x.parts) for x in suppliers.list_bins(db)] == [
        ("B-02-03", "B区 2号架 3层（小件）", 1)]
    with pytest.raises(NotFound):
        suppliers.edit_bin(db.uow(), clerk, 987654, description="x")


def test_s1_part_by_hand_with_every_field(db: Database, people: dict[Role, Actor]) -> None:
    clerk = people[Role.PARTS_CLERK]
    suppliers.add_supplier(db.uow(), clerk, name="壳牌（中国）", is_manufacturer=False)
    code = ean13("690123450001")
    oil = parts_catalog.add_part(db.uow(), clerk, part_no="G052195M4", name="全合成机油 5W-30", price="98",
                                 unit="升", min_stock="20", barcode=code, bin_code="C-01-01",
                                 is_consumable=True, supplier="壳牌（中国）")
    assert (oil.unit, oil.min_stock, oil.is_consumable, oil.old_for_new, oil.supplier, oil.bin_code) == (
        "升", Decimal("20.00"), True, False, "壳牌（中国）", "C-01-01")
    battery = parts_catalog.add_part(db.uow(), people[Role.ADMIN], part_no="JZW915105", name="蓄电池",
                                     price="880", old_for_new=True)
    assert battery.old_for_new and battery.supplier is None
    edited = parts_catalog.edit_part(db.uow(), clerk, oil.id, unit="桶", supplier="", min_stock="5")
    assert (edited.unit, edited.supplier, edited.min_stock) == ("桶", None, Decimal("5.00"))
    assert parts_catalog.part_details(db, oil.id) == edited
    with pytest.raises(NotFound, match="供应商"):
        parts_catalog.edit_part(db.uow(), clerk, oil.id, supplier="不存在的供应商")
    with pytest.raises(InvalidInput):
        parts_catalog.add_part(db.uow(), clerk, part_no="X1", name="x", price="1", old_for_new="yes")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Part)) == 2
        assert s.scalar(select(func.count()).select_from(Bin)) == 1


def test_s1_purchase_order_to_a_listed_supplier(db: Database, people: dict[Role, Actor]) -> None:
    clerk = people[Role.PARTS_CLERK]
    suppliers.add_supplier(db.uow(), clerk, name="一汽-大众", is_manufacturer=True)
    parts_catalog.add_part(db.uow(), clerk, part_no="5QD698151", name="前刹车片", price="480")
    po = purchasing.create_purchase_order(db.uow(), clerk, "一汽-大众", [OrderLine("5qd698151", Decimal(4),
                                                                                 Decimal("300"))])
    rows = purchase_order_list(db)
    assert [(r.number, r.supplier, r.lines, r.amount, r.from_quote) for r in rows] == [
        (po.number, "一汽-大众", 1, Decimal("1200.00"), False)]
    purchasing.cancel_purchase_order(db.uow(), clerk, po.number)
    assert purchase_order_list(db) == [] and len(purchase_order_list(db, state=None)) == 1


def test_s1_supplier_bin_and_part_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'shop.sqlite'}"
    assert cli_main(["--db", url, "init"]) == 0
    assert cli_main(["--db", url, "supplier", "add", "壳牌（中国）", "--terms", "月结 30 天", "--manufacturer"]) == 0
    assert cli_main(["--db", url, "bin", "add", "c-01-01", "--description", "油品区"]) == 0
    assert cli_main(["--db", url, "part", "add", "G052195M4", "--name", "全合成机油 5W-30", "--price", "98",
                     "--unit", "升", "--min-stock", "20", "--bin", "C-01-01", "--supplier", "壳牌（中国）",
                     "--consumable", "yes"]) == 0
    assert cli_main(["--db", url, "part", "add", "X1", "--name", "x", "--price", "-1"]) == 2
    assert cli_main(["--db", url, "part", "edit", "G052195M4", "--unit", "桶", "--old-for-new", "no"]) == 0
    out = capsys.readouterr().out
    assert "G052195M4  全合成机油 5W-30  98.00 元/桶  min 20.00  bin C-01-01  supplier 壳牌（中国）  消耗品 consumable" in out
    assert cli_main(["--db", url, "supplier", "list", "--format", "csv"]) == 0
    assert "壳牌（中国）,,,月结 30 天,True,True" in capsys.readouterr().out
