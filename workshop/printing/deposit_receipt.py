"""C1: the deposit receipt (索赔订货订金收据), a Chinese PDF on A5 landscape for the customer to keep: who paid
what for which claim order, the amount in capital numerals, how and when; the refund once it is made.
The receipt number is printed as Code 128 so the desk can scan it when the deposit is refunded."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop
from workshop.domain.labels import label_of
from workshop.domain.money import fmt_money
from workshop.domain.payments import Method
from workshop.printing.fonts import cjk_font_name
from workshop.printing.money_words import rmb_upper
from workshop.printing.receipt_layout import MARGIN, PAGE_W, receipt_page, sign_and_close
from workshop.queries.slips import ReceiptData, deposit_receipt_data


def _qty(q: Decimal) -> str:
    return f"{q.normalize():f}"


def _table(d: ReceiptData, font: str, width: float) -> Table:
    base = ParagraphStyle("r", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK", alignment=TA_LEFT)
    big = ParagraphStyle("big", parent=base, fontSize=12, leading=16)

    def p(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), style)

    parts = "；".join(f"{pno} {name} × {_qty(q)}" for pno, name, q in d.parts)
    rows: list[list[Any]] = [
        [p("客户"), p(d.customer_name), p("电话"), p(d.customer_phone)],
        [p("车牌"), p(d.plate), p("车型"), p(d.model)],
        [p("VIN"), p(d.vin), p("工单号"), p(d.work_order_no)],
        [p("索赔订货单"), p(d.claim_no), p("收款时间"), p(fmt_shop(d.received_at))],
        [p("订货零件"), p(parts), "", ""],
        [p("订金金额"), p(f"{fmt_money(d.amount)}　　大写：{rmb_upper(d.amount)}", big), "", ""],
        [p("付款方式"), p(label_of(Method, d.method)), p("收款人"), p(d.received_by)],
    ]
    if d.refunded_at is not None and d.refunded_amount is not None:
        rows.append([p("退款"), p(f"已于 {fmt_shop(d.refunded_at)} 以{label_of(Method, d.refund_method)}退还 "
                                  f"{fmt_money(d.refunded_amount)}（大写：{rmb_upper(d.refunded_amount)}）"), "", ""])
    label_w = 22 * mm
    table = Table(rows, colWidths=[label_w, width / 2 - label_w, label_w, width / 2 - label_w])
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f7")),
        ("BACKGROUND", (2, 0), (2, 3), colors.HexColor("#eef2f7")),
        ("BACKGROUND", (2, 6), (2, 6), colors.HexColor("#eef2f7")),
        ("SPAN", (1, 4), (3, 4)),
        ("SPAN", (1, 5), (3, 5)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if len(rows) > 7:
        style.append(("SPAN", (1, 7), (3, 7)))
    table.setStyle(TableStyle(style))
    return table


def render(d: ReceiptData, out: Path | IO[bytes]) -> None:
    font = cjk_font_name()
    c, y = receipt_page(out, font, shop_name=d.shop_name, section="售后服务部 · 索赔订货", title="索赔订货订金收据",
                        receipt_no=d.receipt_no, table=_table(d, font, PAGE_W - 2 * MARGIN))
    c.setSubject(f"{d.claim_no} {d.customer_name}")
    c.setFont(font, 8.5)
    c.setFillColor(colors.HexColor("#333333"))
    notes = ("1. 零件到货后本店电话通知客户；零件装车、工单竣工后凭本收据退还订金。",
             "2. 订金只退还一次，退款金额不超过所收订金。本收据请妥善保管。")
    for i, line in enumerate(notes):
        c.drawString(MARGIN, y - (6 + 4.5 * i) * mm, line)
    sign_and_close(c, font, d.received_by, d.printed_at)
    c.showPage()
    c.save()


def deposit_receipt_pdf(db: Database, claim_no: str, out: Path | IO[bytes]) -> Path | None:
    """Render the deposit receipt of a claim order into a file (returned) or a binary stream."""
    with db.read() as session:
        data = deposit_receipt_data(session, claim_no)
    render(data, out)
    return out if isinstance(out, Path) else None
