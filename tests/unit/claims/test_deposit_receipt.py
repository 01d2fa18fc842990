"""C1: the deposit receipt prints as a Chinese PDF (embedded CJK font), with the amount in capitals and the
receipt number as a scannable Code 128; after the refund (C3) the receipt says so."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from tests.helpers.claims_tools_data import arrived_claim, issue_on_line, set_wo_state, warranty_claim
from workshop.db.uow import Database
from workshop.domain.errors import NotFound, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.printing.deposit_receipt import deposit_receipt_pdf
from workshop.services import claims

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_c1_deposit_receipt_is_a_chinese_pdf(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR], phone="13800001111")
    dep = claims.record_deposit(db.uow(), people[Role.ADVISOR], setup.claim_no, "1005.30", "alipay")
    pdf = deposit_receipt_pdf(db, setup.claim_no.lower(), tmp_path / "r.pdf")
    assert pdf is not None
    text = _text(pdf)
    for expected in ("索赔订货订金收据", dep.receipt_no, setup.claim_no, setup.wo.number, "13800001111",
                     "¥1,005.30", "壹仟零伍元叁角整", "支付宝", setup.part_no):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in r for r in rows), fonts  # every font embedded: no boxes, no Helvetica
    png = tmp_path / "r"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(png)], check=True)
    import zxingcpp
    from PIL import Image

    codes = [r.text for r in zxingcpp.read_barcodes(Image.open(f"{png}.png"))]
    assert dep.receipt_no in codes


def test_c3_receipt_shows_the_refund(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    setup = arrived_claim(db, people, deposit="500.00")
    issue_on_line(db, setup.part_line_id, "1")
    set_wo_state(db, setup.wo.id, "completed")
    claims.record_refund(db.uow(), people[Role.ADVISOR], setup.claim_no, "500", "cash")
    buf = io.BytesIO()
    assert deposit_receipt_pdf(db, setup.claim_no, buf) is None
    assert buf.getvalue().startswith(b"%PDF")
    pdf = tmp_path / "refunded.pdf"
    pdf.write_bytes(buf.getvalue())
    text = _text(pdf)
    assert "以现金退还 ¥500.00" in text and "伍佰元整" in text


def test_c1_no_receipt_without_a_deposit(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    setup = warranty_claim(db, people[Role.ADVISOR])
    with pytest.raises(RuleViolation):
        deposit_receipt_pdf(db, setup.claim_no, tmp_path / "x.pdf")
    with pytest.raises(NotFound):
        deposit_receipt_pdf(db, "CL0000-0000", tmp_path / "x.pdf")
