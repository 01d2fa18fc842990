"""F9: the work order, the quote and the settlement print as Chinese A4 PDFs with every font embedded and the
work order number as a Code 128 barcode that reads back from a 300 dpi scan."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from tests.helpers.front_desk_data import PADS, add_shop, inspected_order, started_order
from workshop.cli import main
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, NotFound
from workshop.domain.roles import Actor, Role
from workshop.printing.document_data import TITLES
from workshop.printing.documents import DOCUMENTS, print_document
from workshop.printing.money_words import rmb_upper
from workshop.services import front_desk, shop_profile, workshop_floor
from workshop.services.work_order_dto import ProposedPart


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=60).stdout


def _fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, emb column) for every font pdffonts lists."""
    lines = _run("pdffonts", str(pdf)).splitlines()[2:]
    return [(ln.split()[0], ln.split()[-5]) for ln in lines if ln.strip()]


def _barcodes(pdf: Path, tmp_path: Path) -> list[tuple[str, str]]:
    stem = tmp_path / pdf.stem
    _run("pdftoppm", "-r", "300", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(stem))
    with Image.open(f"{stem}.png") as img:
        return [(r.text, r.format.name) for r in zxingcpp.read_barcodes(img)]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_f9_document_embeds_fonts_has_chinese_text_and_a_readable_barcode(
        db: Database, people: dict[Role, Actor], tmp_path: Path, document: str) -> None:
    shop = add_shop(db, people)
    shop_profile.save_shop_profile(db.uow(), people[Role.ADMIN], name="广州粤通汽车销售服务有限公司")
    wo = inspected_order(db, people, shop)
    if document == "settlement":
        wo = front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    pdf = tmp_path / f"{document}.pdf"
    print_document(db, document, wo.number, pdf)
    fonts = _fonts(pdf)
    assert fonts and all(emb == "yes" for _, emb in fonts), fonts
    assert all("WenQuanYi" in name or "CJK" in name or "Hei" in name for name, _ in fonts), fonts
    text = _run("pdftotext", "-layout", str(pdf), "-")
    assert wo.number in text
    for word in (TITLES[document][0], "张伟", "粤B·12345", "刹车时有异响", "广州粤通汽车销售服务有限公司"):
        assert word in text, word
    if document == "settlement":
        assert "壹佰陆拾捌元整" in text and "168.00" in text
    assert (wo.number, "Code128") in _barcodes(pdf, tmp_path)


def test_f9_settlement_leaves_out_items_the_customer_declined(
        db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], wo.number, plate=shop.vehicle.plate)
    item = workshop_floor.propose_added_item(db.uow(), people[Role.TECHNICIAN], wo.number,
                                             description="前刹车片磨损到限", parts=[ProposedPart(PADS, Decimal(1))])
    work_order_pdf = tmp_path / "wo.pdf"
    print_document(db, "work-order", wo.number, work_order_pdf)
    text = _run("pdftotext", "-layout", str(work_order_pdf), "-")
    assert "前刹车片磨损到限" in text and "待客户确认" in text  # the car's copy shows the pending item
    front_desk.decline_added_item(db.uow(), people[Role.ADVISOR], item.id, reason="下次再换")
    pre = tmp_path / "pre.pdf"
    print_document(db, "settlement", wo.number, pre)
    text = _run("pdftotext", "-layout", str(pre), "-")
    assert "预结算单" in text and PADS not in text


def test_f9_unknown_number_or_document_refused(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        print_document(db, "work-order", "RO0000-0000", tmp_path / "x.pdf")
    with pytest.raises(InvalidInput):
        print_document(db, "invoice", "RO0000-0000", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_f9_print_command_writes_the_pdf(db: Database, people: dict[Role, Actor], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    shop = add_shop(db, people)
    wo = started_order(db, people, shop)
    out = tmp_path / "委托书.pdf"
    assert main(["--db", db.url, "print", "work-order", wo.number.lower(), "--out", str(out)]) == 0
    assert out.stat().st_size > 5000 and str(out) in capsys.readouterr().out
    assert main(["--db", db.url, "print", "quote", "RO0000-0000", "--out", str(tmp_path / "q.pdf")]) == 2
    assert "找不到工单" in capsys.readouterr().err


@pytest.mark.parametrize(("amount", "words"), [
    ("0", "零元整"), ("168.00", "壹佰陆拾捌元整"), ("1005.30", "壹仟零伍元叁角整"), ("10010.05", "壹万零壹拾元零伍分"),
    ("100000", "壹拾万元整"), ("0.5", "伍角整"), ("12345678.9", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整"),
    ("100000001", "壹亿零壹元整"), ("2000.08", "贰仟元零捌分"),
])
def test_f9_amount_in_chinese_capitals(amount: str, words: str) -> None:
    assert rmb_upper(Decimal(amount)) == words
