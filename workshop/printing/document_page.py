"""What every page of a work-order document carries: the shop's name and address, the title, the work order's
number as Code 128 at the top right, the footer with the time printed, and the page number."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from workshop.domain.clock import fmt_shop
from workshop.printing.document_data import SETTLED_STATES, TITLES, DocData
from workshop.printing.page_numbers import page_text

PAGE_W, PAGE_H = A4
MARGIN = 14 * mm
HEADER_H = 34 * mm
FOOTER_H = 14 * mm
BAR_WIDTH = 0.33 * mm   # X-dimension: about 3.9 pixels at 300 dpi, easy for a scanner or a camera
ACCENT = colors.HexColor("#1F3A68")


def doc_title(d: DocData) -> str:
    if d.doc == "settlement" and d.wo.state not in SETTLED_STATES:
        return "预结算单"
    return TITLES[d.doc]


def _shop_lines(d: DocData) -> tuple[str, str]:
    """S1: the profile's address, then its phone and tax number, under the shop's name."""
    shop = d.shop
    if shop is None or not (shop.address or shop.phone or shop.tax_no):
        return "售后服务部 · 维修业务单据", ""
    contact = "　".join(x for x in (f"电话：{shop.phone}" if shop.phone else "",
                                    f"税号：{shop.tax_no}" if shop.tax_no else "") if x)
    return (f"地址：{shop.address}" if shop.address else contact), (contact if shop.address else "")


def header_footer(d: DocData, font: str) -> Callable[[Canvas, BaseDocTemplate], None]:
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = PAGE_H - MARGIN
        canvas.setFillColor(ACCENT)
        canvas.setFont(font, 14)
        canvas.drawString(MARGIN, top - 6 * mm, d.shop_name)
        canvas.setFont(font, 9)
        canvas.setFillColor(colors.HexColor("#444444"))
        address, contact = _shop_lines(d)
        if contact:  # two lines, smaller, clear of the centred title
            canvas.setFont(font, 8)
            canvas.drawString(MARGIN, top - 10.5 * mm, address)
            canvas.drawString(MARGIN, top - 14 * mm, contact)
        else:
            canvas.drawString(MARGIN, top - 11.5 * mm, address)
        # the title, faux-bold (fill + thin stroke) since the CJK font has one weight
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.45)
        title = canvas.beginText()
        title.setTextRenderMode(2)
        title.setFont(font, 21)
        title.setCharSpace(6)
        text = doc_title(d)
        width = canvas.stringWidth(text, font, 21) + 6 * (len(text) - 1)
        title.setTextOrigin((PAGE_W - width) / 2, top - 22 * mm)
        title.textOut(text)
        title.setCharSpace(0)  # Tc is graphics state: reset it or every later string is spaced out
        title.setTextRenderMode(0)
        canvas.drawText(title)
        # the number as Code 128, top right, with the number under it
        code = Code128(d.wo.number, barWidth=BAR_WIDTH, barHeight=11 * mm, quiet=1, lquiet=4 * mm, rquiet=4 * mm,
                       humanReadable=0)
        bx = PAGE_W - MARGIN - code.width + 4 * mm
        code.drawOn(canvas, bx, top - 13 * mm)
        canvas.setFont(font, 10)
        canvas.drawCentredString(bx + code.width / 2, top - 17.5 * mm, f"工单号 {d.wo.number}")
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - HEADER_H + 6 * mm, PAGE_W - MARGIN, top - HEADER_H + 6 * mm)
        # footer
        canvas.setLineWidth(0.4)
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.line(MARGIN, MARGIN + 7 * mm, PAGE_W - MARGIN, MARGIN + 7 * mm)
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, MARGIN + 3 * mm, f"{d.shop_name}  打印时间：{fmt_shop(d.printed_at)}")
        canvas.restoreState()

    return draw


def page_number(d: DocData, font: str) -> Callable[[Canvas, int, int], None]:
    def draw(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawRightString(PAGE_W - MARGIN, MARGIN + 3 * mm, f"{d.wo.number}  {page_text(page, pages)}")
        canvas.restoreState()

    return draw
