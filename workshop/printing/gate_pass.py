"""M4: the gate pass (放行条), a small A6 slip with a Code 128 barcode for the gate to scan: which car, which
work order, on what basis it may leave, who issued it and when."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop
from workshop.domain.codes import ReleaseBasis
from workshop.domain.labels import label_of
from workshop.printing.fonts import cjk_font_name
from workshop.queries.slips import GatePassDoc, gate_pass_doc

PAGE_W, PAGE_H = landscape(A6)
MARGIN = 8 * mm


def render(d: GatePassDoc, out: Path | IO[bytes]) -> None:
    font = cjk_font_name()
    target: Any = str(out) if isinstance(out, Path) else out
    c = Canvas(target, pagesize=(PAGE_W, PAGE_H), initialFontName=font)
    c.setTitle(f"放行条 {d.code}")
    c.setCreator("Workshop")
    top = PAGE_H - MARGIN
    c.setFont(font, 9)
    c.setFillColor(colors.HexColor("#1f4e79"))
    c.drawString(MARGIN, top - 3 * mm, d.shop_name)
    c.setFillColor(colors.black)
    c.setFont(font, 20)
    c.drawCentredString(PAGE_W / 2, top - 13 * mm, "放 行 条")
    c.setFont(font, 22)
    c.drawCentredString(PAGE_W / 2, top - 25 * mm, d.plate)
    c.setFont(font, 10)
    lines = (f"工单号：{d.work_order_no}　　车型：{d.model}", f"客户：{d.customer}",
             f"放行依据：{label_of(ReleaseBasis, d.basis)}", f"开具：{d.issued_by}　{fmt_shop(d.issued_at)}")
    for i, text in enumerate(lines):
        c.drawString(MARGIN, top - (33 + 5.5 * i) * mm, text)
    code = Code128(d.code, barWidth=0.35 * mm, barHeight=11 * mm, quiet=1, humanReadable=0)
    code.drawOn(c, (PAGE_W - code.width) / 2, MARGIN + 4 * mm)
    c.setFont(font, 9)
    c.drawCentredString(PAGE_W / 2, MARGIN, f"{d.code}　门岗扫码放行，一车一条，用后作废")
    if d.used_at is not None:
        c.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.5))
        c.setFont(font, 14)
        c.drawRightString(PAGE_W - MARGIN, top - 3 * mm, f"已放行 {fmt_shop(d.used_at)}")
    c.showPage()
    c.save()


def gate_pass_pdf(db: Database, code: str, out: Path | IO[bytes]) -> Path | None:
    render(gate_pass_doc(db, code), out)
    return out if isinstance(out, Path) else None
