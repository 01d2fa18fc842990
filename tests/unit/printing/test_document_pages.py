"""F9 documents on real paper: the signature block never starts a page alone (it keeps with the last lines and
the totals), "第 1 页 / 共 2 页" on every page, the quote prints part numbers, charging mode and amount due agree
(a free order owes 0 and says why; a paid one never says 免费), and the weekly report's formulas keep their
minus sign and punctuation."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers.front_desk_data import PADS, add_shop, inspected_order, open_order
from workshop.db.models import Part, Quote, QuoteLine, WorkOrder
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.printing.document_data import Line, gather
from workshop.printing.documents import print_document, render
from workshop.printing.fonts import printable
from workshop.printing.page_numbers import page_text
from workshop.printing.summary import definitions_note
from workshop.services import front_desk


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    return text.split("\f")[:-1]


def _lines(n: int) -> tuple[Line, ...]:
    return tuple(Line("配件", f"TEST-{i:04d}", f"测试配件第{i}号", "1 件", Decimal("10.00"), Decimal("10.00"), "")
                 for i in range(1, n + 1))


@pytest.mark.parametrize("document", ["settlement", "quote"])
def test_f9_signature_keeps_with_the_last_lines_and_totals_on_every_page_count(
        db: Database, people: dict[Role, Actor], tmp_path: Path, document: str) -> None:
    shop = add_shop(db, people)
    wo = front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], inspected_order(db, people, shop).number)
    total_label = "应收金额" if document == "settlement" else "报价合计"
    moved = 0
    for n in range(8, 42, 2):  # across the length where the end of the document crosses the page
        pdf = tmp_path / f"{document}-{n}.pdf"
        with db.read() as s:  # the document data holds rows of this session
            render(replace(gather(s, document, wo.number), lines=_lines(n)), pdf)
        pages = _pages(pdf)
        for i, page in enumerate(pages, 1):
            assert page_text(i, len(pages)) in page
        last = pages[-1]
        assert "客户" in last and "签字" in last and total_label in last and f"测试配件第{n}号" in last, n
        assert f"测试配件第{n - 2}号" in last, n  # the last three lines came along with the totals
        if len(pages) > 1 and "测试配件第1号" not in last:
            moved += 1
            assert "序号" in last and "项目 / 配件名称" in last  # the moved lines keep their column heads
    assert moved, "some length put the end of the document on a second page"


def test_f9_two_page_settlement_numbers_its_pages(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    shop = add_shop(db, people)
    wo = front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], inspected_order(db, people, shop).number)
    pdf = tmp_path / "long.pdf"
    with db.read() as s:
        render(replace(gather(s, "settlement", wo.number), lines=_lines(30)), pdf)
    pages = _pages(pdf)
    assert len(pages) == 2
    assert "第 1 页 / 共 2 页" in pages[0] and "第 2 页 / 共 2 页" in pages[1]


def test_f9_quote_prints_part_numbers(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, kind="accident")
    with db.uow() as uow:
        wo_id = uow.session.scalar(select(WorkOrder.id).where(WorkOrder.number == wo.number))
        part_id = uow.session.scalar(select(Part.id).where(Part.part_no == PADS))
        quote = Quote(work_order_id=wo_id, revision=1, insurer="平安保险", created_at=datetime(2026, 11, 2, tzinfo=UTC))
        uow.session.add(quote)
        uow.session.flush()
        uow.session.add(QuoteLine(quote_id=quote.id, part_id=part_id, description="前刹车片", quantity=Decimal(1),
                                  unit_price=Decimal("480.00"), is_labor=False, revision=1, ordered_qty=Decimal(0)))
        uow.session.add(QuoteLine(quote_id=quote.id, part_id=None, description="更换前刹车片", quantity=Decimal(1),
                                  unit_price=Decimal("150.00"), is_labor=True, hours=Decimal("1.0"), revision=1,
                                  ordered_qty=Decimal(0)))
        uow.commit()
    pdf = tmp_path / "quote.pdf"
    print_document(db, "quote", wo.number, pdf)
    text = "".join(_pages(pdf))
    assert PADS in text and "前刹车片" in text and "630.00" in text


def test_f9_free_order_owes_nothing_and_says_why(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    shop = add_shop(db, people)
    wo = inspected_order(db, people, shop, charging_mode="free")
    wo = front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], wo.number)
    assert wo.total > 0  # the work was done and is on the lines
    pdf = tmp_path / "free.pdf"
    print_document(db, "settlement", wo.number, pdf)
    text = " ".join("".join(_pages(pdf)).split())
    assert "应收金额 ¥ 0.00" in text and "零元整" in text
    assert f"本单为免费服务，项目金额 ¥{wo.total:,.2f} 不向客户收取" in text


def test_f9_paid_order_never_says_free(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    shop = add_shop(db, people)
    wo = front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], inspected_order(db, people, shop).number)
    for document in ("work-order", "quote", "settlement"):
        pdf = tmp_path / f"{document}.pdf"
        print_document(db, document, wo.number, pdf)
        text = " ".join("".join(_pages(pdf)).split())
        assert "免费" not in text, document
    assert f"应收金额 ¥ {wo.total:,.2f}" in text


def test_q3_weekly_formula_keeps_its_minus_sign_and_punctuation() -> None:
    note = definitions_note(("revenue_margin_by_kind", "first_time_fix", "fill_rate"))
    assert "(营业额 - 成本) / 营业额" in note
    assert "。；" not in note and note.startswith("口径：") and note.endswith("。") and note.count("——") == 3
    assert printable("a − b") == "a - b" and printable("营业额") == "营业额"


@pytest.mark.parametrize(("amount", "words"), [
    ("10050", "壹万零伍拾元整"), ("10", "壹拾元整"), ("10.5", "壹拾元伍角整"), ("1005.30", "壹仟零伍元叁角整"),
    ("0.05", "伍分"), ("1.23", "壹元贰角叁分"), ("100.04", "壹佰元零肆分"), ("-5", "负伍元整"),
])
def test_f9_capital_numerals_follow_the_invoice_forms(amount: str, words: str) -> None:
    """整 after 元 or 角 (a kept library, cn2an's rmb mode, drops it after 角: 壹仟零伍元叁角), 壹拾 not 拾,
    one 零 for a gap, 零 before 分 when there are no 角."""
    from workshop.printing.money_words import rmb_upper

    assert rmb_upper(Decimal(amount)) == words
