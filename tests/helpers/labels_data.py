"""Data to print labels for: the demo shop (workshop.demo.generate, "small") when it is available, else a
set of our own written as ORM rows that covers what labels must cope with (EAN-13 and Code 128 parts,
long Chinese names, digit-only codes that Code 128 packs in set C, plates with the middle dot)."""

from __future__ import annotations

import importlib
import re
import subprocess
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from sqlalchemy import select

from tests.helpers.numbers import hand_number
from tests.helpers.people import make_user
from workshop.db.models import Bin, Customer, Part, Tool, User, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.barcodes import ean13_check_digit
from workshop.domain.clock import utcnow
from workshop.domain.roles import Role
from workshop.queries.labels import KINDS, LabelRow, label_rows

LONG_NAME = "前保险杠总成（带雷达支架、雾灯框和下格栅，珍珠白 2021-2023款 原厂配套件）"


def demo_generate() -> Any | None:
    """workshop.demo.generate(db, scale, seed), once it exists."""
    try:
        module = importlib.import_module("workshop.demo")
    except ImportError:
        return None
    return getattr(module, "generate", None)


def ean(first12: str) -> str:
    return first12 + ean13_check_digit(first12)


@dataclass(frozen=True)
class LabelSet:
    source: str  # "demo" or "own"
    rows: dict[str, list[LabelRow]]  # kind -> rows, as the query returns them

    def count(self) -> int:
        return sum(len(r) for r in self.rows.values())


def fill(db: Database, *, seed: int = 7) -> str:
    """The demo shop when the generator exists, else our own rows. Returns which."""
    generate = demo_generate()
    if generate is not None:
        generate(db, "small", seed)
        return "demo"
    add_own_rows(db)
    return "own"


def all_label_rows(db: Database, source: str) -> LabelSet:
    return LabelSet(source, {kind: label_rows(db, kind) for kind in KINDS})


def add_own_rows(db: Database) -> None:
    for i, (name, roles, team) in enumerate(
        [("张伟", [Role.TECHNICIAN], "机修"), ("欧阳建国", [Role.PARTS_CLERK], None),
         ("李", [Role.ADVISOR], None), ("Wang Xiaoming 王小明", [Role.TEAM_LEADER], "钣喷")]
    ):
        make_user(db, f"label{i}", roles, team, display_name=name)
    now = utcnow()
    with db.new_session() as s, s.begin():
        bins = [Bin(code=code, description=desc) for code, desc in (
            ("A-01-01", "A区 1号货架 第1层"), ("B-12-06", "B区 12号货架 第6层"), ("M-06-01", ""),
            ("1234", "数字货位"), ("ZZ-99-99", "临时货位（退料待检）"))]
        s.add_all(bins)
        s.flush()
        parts = [
            ("90915-YZZD4", "机油滤清器", ean("690123456789"), 0, "45.00"),
            ("04152-YZZA6", "机油滤清器滤芯（双擎）", None, 1, "68.50"),
            ("87139-YZZ08", LONG_NAME, ean("690987654321"), 2, "1280.00"),
            ("08880-83716", "0W-20 全合成机油 4L", None, None, "398.00"),
            ("123456789012", "纯数字零件号", None, 3, "12.00"),
            ("1234567", "奇数位数字零件号", ean("400638133393"), 3, "9.90"),
            ("A", "单字符零件号", None, 4, "1.00"),
            ("53101-06B90-C0", "发动机舱盖 Hood Assy", None, 0, "2350.00"),
            ("X1Y2Z3-4455667788", "混合编码零件", None, 1, "77.70"),
            ("04465-33471", "前刹车片（原厂）", ean("000000000000"), 4, "560.00"),
        ]
        for no, name, code, bin_index, price in parts:
            s.add(Part(part_no=no, name=name, barcode=code, bin_id=bins[bin_index].id if bin_index is not None
                       else None, price=Decimal(price), on_hand=Decimal(0), avg_cost=Decimal(0)))
        for i, (name, model) in enumerate((("专用诊断仪 GTS", "GTS+"), ("气门弹簧压缩器", "09202-70020"),
                                            (LONG_NAME, ""), ("扭力扳手 40-200N·m", "TW-200"))):
            s.add(Tool(code=f"ST-{i + 1:03d}", name=name, model=model, location=f"工具室 A柜-{i + 1:02d}",
                       original_price=Decimal("1500.00")))
        s.add(Tool(code="ST-LOST", name="丢失的工具", original_price=Decimal(10), state="lost"))
        advisor_id = s.scalar(select(User.id).where(User.username == "label2"))
        assert advisor_id is not None
        for i, (plate, model) in enumerate((("粤A·12345", "凯美瑞 2.0G 豪华版"), ("粤AD·12345", "雷凌 双擎 E+"),
                                            ("京N·A1B2C", "汉兰达 2.0T 四驱至尊版 7座"), ("粤A·0001学", ""))):
            customer = Customer(name=f"客户{i}", phone=f"1380013800{i}", created_at=now)
            s.add(customer)
            s.flush()
            vehicle = Vehicle(customer_id=customer.id, plate=plate, plate_key=plate.replace("·", ""),
                              vin=f"LVGBE40K0{i:08d}", brand="广汽丰田", model=model,
                              purchase_date=date(2023, 5, 1), created_at=now)
            s.add(vehicle)
            s.flush()
            s.add(WorkOrder(number=hand_number("RO", i + 42), kind="general", charging_mode="paid", payer="customer",
                            state="draft", customer_id=customer.id, vehicle_id=vehicle.id, advisor_id=advisor_id,
                            mileage_in=12000, opened_at=now, updated_at=now))


def rasterize(pdf: Path, dpi: int, workdir: Path) -> list[np.ndarray]:
    """Every page as a grey image at the printer's resolution (pdftoppm, as a printer driver would)."""
    prefix = workdir / f"page{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(prefix)], check=True)
    files = sorted(workdir.glob(f"page{dpi}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [np.asarray(Image.open(f)) for f in files]


def page_sizes_mm(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) of every page in mm, from pdfinfo."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, flags=re.MULTILINE)
    return [(float(w) * 25.4 / 72, float(h) * 25.4 / 72) for w, h in sizes]
