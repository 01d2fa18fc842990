"""M2: the payment receipt (收款收据), A5 landscape: which work order, the bill's parts by payer, what was paid
how (each tender, cash change, the POS reference), the amount in capital numerals, what is still owed. The
receipt number is printed as Code 128; a voided receipt says so across the page."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop
from workshop.domain.labels import label, label_of
from workshop.domain.money import fmt_money
from workshop.domain.payments import Method
from workshop.printing.fonts import cjk_font_name
from workshop.printing.money_words import rmb_upper
from workshop.printing.receipt_layout import MARGIN, PAGE_H, PAGE_W, receipt_page, sign_and_close
from workshop.queries.cashier import PaymentRow
from workshop.queries.slips import ReceiptDoc, receipt_doc


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), style)


def _tender_text(t: PaymentRow) -> str:
    text = f"{label_of(Method, t.method)} {fmt_money(t.amount)}"
    if t.tendered is not None:
        text += f"（实收 {fmt_money(t.tendered)}，找零 {fmt_money(t.change)}）"
    if t.reference:
        text += f"　凭证号 {t.reference}"
    return text


def _table(d: ReceiptDoc, font: str, width: float) -> Table:
    base = ParagraphStyle("r", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    big = ParagraphStyle("big", parent=base, fontSize=12, leading=16)
    b = d.bill
    parts = "；".join(f"{label(p)} {fmt_money(a)}" for p, a in b.split.parts) or "—"
    if b.split.insurer_name:
        parts += f"（{b.split.insurer_name} 定损 {fmt_money(b.split.assessed)}，免赔 {fmt_money(b.split.deductible)}）"
    rows: list[list[Any]] = [
        [_p("客户", base), _p(b.customer_name, base), _p("电话", base), _p(b.customer_phone, base)],
        [_p("车牌", base), _p(b.plate, base), _p("车型", base), _p(b.model, base)],
        [_p("工单号", base), _p(b.number, base), _p("收款时间", base), _p(fmt_shop(d.taken_at), base)],
        [_p("结算金额", base), _p(f"{fmt_money(b.split.total)}　其中 {parts}", base), "", ""],
        [_p("本次收款", base), _p(f"{fmt_money(d.amount)}　　大写：{rmb_upper(d.amount)}", big), "", ""],
        [_p("付款方式", base), _p("<br/>".join(_tender_text(t) for t in d.tenders), base), "", ""],
        [_p("累计已付", base), _p(fmt_money(b.paid), base), _p("尚欠", base), _p(fmt_money(b.owed), base)],
    ]
    label_w = 22 * mm
    table = Table(rows, colWidths=[label_w, width / 2 - label_w, label_w, width / 2 - label_w])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f7")),
        ("BACKGROUND", (2, 0), (2, 2), colors.HexColor("#eef2f7")),
        ("BACKGROUND", (2, 6), (2, 6), colors.HexColor("#eef2f7")),
        ("SPAN", (1, 3), (3, 3)), ("SPAN", (1, 4), (3, 4)), ("SPAN", (1, 5), (3, 5)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def render(d: ReceiptDoc, out: Path | IO[bytes]) -> None:
    font = cjk_font_name()
    c, _y = receipt_page(out, font, shop_name=d.shop_name, section="售后服务部 · 收银台", title="收款收据",
                         receipt_no=d.receipt_no, table=_table(d, font, PAGE_W - 2 * MARGIN))
    sign_and_close(c, font, d.cashier, d.printed_at)
    if d.voided:
        c.saveState()
        c.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.45))
        c.setFont(font, 60)
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(20)
        c.drawCentredString(0, 0, "已作废")
        c.restoreState()
    c.showPage()
    c.save()


def receipt_pdf(db: Database, receipt_no: str, out: Path | IO[bytes]) -> Path | None:
    """Render the receipt into a file (returned) or a binary stream."""
    render(receipt_doc(db, receipt_no), out)
    return out if isinstance(out, Path) else None
