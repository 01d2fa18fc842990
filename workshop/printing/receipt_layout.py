"""The A5 landscape receipt page shared by the deposit receipt (C1) and the payment receipt (M2): the shop's
heading, the title, the receipt number as Code 128, the table, the signatures and the printing time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import IO, Any

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table

from workshop.domain.clock import fmt_shop

PAGE_W, PAGE_H = landscape(A5)
MARGIN = 12 * mm
ACCENT = colors.HexColor("#1f4e79")


def receipt_page(out: Path | IO[bytes], font: str, *, shop_name: str, section: str, title: str, receipt_no: str,
                 table: Table) -> tuple[Canvas, float]:
    """Open the page and draw everything down to the table; returns the canvas and the table's bottom."""
    target: Any = str(out) if isinstance(out, Path) else out
    c = Canvas(target, pagesize=(PAGE_W, PAGE_H), initialFontName=font)
    c.setTitle(f"{title} {receipt_no}")
    c.setAuthor(shop_name)
    c.setCreator("Workshop")
    top = PAGE_H - MARGIN
    c.setFillColor(ACCENT)
    c.setFont(font, 13)
    c.drawString(MARGIN, top - 5 * mm, shop_name)
    c.setFont(font, 8.5)
    c.setFillColor(colors.HexColor("#444444"))
    c.drawString(MARGIN, top - 10 * mm, section)
    c.setFillColor(colors.black)
    c.setFont(font, 18)
    c.drawCentredString(PAGE_W / 2, top - 19 * mm, title)
    code = Code128(receipt_no, barWidth=0.3 * mm, barHeight=9 * mm, quiet=1, lquiet=2 * mm, rquiet=2 * mm,
                   humanReadable=0)
    bx = PAGE_W - MARGIN - code.width + 2 * mm
    code.drawOn(c, bx, top - 10 * mm)
    c.setFont(font, 9)
    c.drawCentredString(bx + code.width / 2, top - 14 * mm, f"收据号 {receipt_no}")
    width = PAGE_W - 2 * MARGIN
    _, h = table.wrapOn(c, width, PAGE_H)
    y = top - 24 * mm - h
    table.drawOn(c, MARGIN, y)
    return c, y


def sign_and_close(c: Canvas, font: str, receiver: str, printed_at: datetime) -> None:
    c.setFillColor(colors.black)
    c.setFont(font, 10)
    sign_y = MARGIN + 6 * mm
    c.drawString(MARGIN, sign_y, "客户签字：________________")
    c.drawString(PAGE_W / 2, sign_y, f"收款人：{receiver}　　（盖章）")
    c.setFont(font, 7.5)
    c.setFillColor(colors.HexColor("#666666"))
    c.drawRightString(PAGE_W - MARGIN, MARGIN - 4 * mm, f"打印时间：{fmt_shop(printed_at)}")
