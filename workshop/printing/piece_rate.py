"""W7: the piece-rate statement (计件工资单) of one technician and month, and the payroll summary (计件工资汇总),
as A4 PDF (reportlab, the CJK font embedded, the shop profile in the header) and as Excel (xlsxwriter, numbers
as numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop, utcnow
from workshop.domain.money import fmt_money
from workshop.domain.piece_rate import month_of
from workshop.printing.fonts import cjk_font_name, printable
from workshop.services.piece_rate import Statement, payroll_summary, statement_of
from workshop.services.shop_profile import ShopProfile, get_shop_profile

MARGIN = 15 * mm
GRID = colors.HexColor("#777777")
HEAD = colors.HexColor("#eef2f7")


def _hours(value: Decimal) -> str:
    return f"{value:.2f}"


def _state(st_closed: bool) -> str:
    return "已结账（冻结数，之后仅可更正）" if st_closed else "未结账（按已结算工单实时计算）"


def _header(shop: ShopProfile, title: str, font: str):  # type: ignore[no-untyped-def]
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        w, h = A4
        canvas.saveState()
        canvas.setFont(font, 13)
        canvas.drawString(MARGIN, h - MARGIN - 4 * mm, printable(shop.name or "售后服务部"))
        canvas.setFont(font, 8)
        contact = "　".join(x for x in (shop.address and f"地址：{shop.address}", shop.phone and f"电话：{shop.phone}",
                                        shop.tax_no and f"税号：{shop.tax_no}") if x)
        canvas.drawString(MARGIN, h - MARGIN - 9 * mm, printable(contact))
        canvas.setFont(font, 18)
        canvas.drawCentredString(w / 2, h - MARGIN - 18 * mm, title)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, h - MARGIN - 21 * mm, w - MARGIN, h - MARGIN - 21 * mm)
        canvas.setFont(font, 7.5)
        canvas.drawString(MARGIN, MARGIN - 5 * mm, f"打印时间：{fmt_shop(utcnow())}")
        canvas.drawRightString(w - MARGIN, MARGIN - 5 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    return draw


def _table(rows: list[list[str]], widths: Sequence[float], font: str, right_from: int = 1,
           total_row: bool = False) -> Table:
    t = Table(rows, colWidths=list(widths), repeatRows=1)
    style = [("FONT", (0, 0), (-1, -1), font, 8.5), ("GRID", (0, 0), (-1, -1), 0.4, GRID),
             ("BACKGROUND", (0, 0), (-1, 0), HEAD), ("ALIGN", (right_from, 1), (-1, -1), "RIGHT"),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if total_row:
        style.append(("BACKGROUND", (0, -1), (-1, -1), HEAD))
    t.setStyle(TableStyle(style))
    return t


def _doc(out: Path, shop: ShopProfile, title: str, story: list[Flowable]) -> None:
    font = cjk_font_name()
    w, h = A4
    doc = BaseDocTemplate(str(out), pagesize=A4, title=title, author=shop.name or "Workshop", creator="Workshop",
                          initialFontName=font)
    frame = Frame(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN - 24 * mm, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_header(shop, title, font))])
    doc.build(story)


def statement_story(st: Statement, font: str, width: float) -> list[Flowable]:
    p = ParagraphStyle("p", fontName=font, fontSize=9.5, leading=14)
    h = ParagraphStyle("h", fontName=font, fontSize=11, leading=16, spaceBefore=6)
    story: list[Flowable] = [
        Paragraph(printable(f"技工：{st.name}　　班组：{st.team or '—'}　　月份：{st.month:%Y-%m}　　{_state(st.closed)}"), p),
        Spacer(1, 3 * mm), Paragraph("一、结算工单的计件工时", h)]
    jobs = [["工单号", "结算日期", "维修项目", "标准工时", "派工比例", "计件工时", "单价", "金额"]]
    jobs += [[j.work_order, fmt_shop(j.settled_at)[:10], printable(j.description), _hours(j.hours), f"{j.share_pct:.0f}%",
              _hours(j.billed_hours), fmt_money(j.piece_rate), fmt_money(j.pay)] for j in st.jobs]
    jobs.append(["合计", "", "", "", "", _hours(sum((j.billed_hours for j in st.jobs), Decimal(0))), "",
                 fmt_money(sum((j.pay for j in st.jobs), Decimal(0)))])
    story.append(_table(jobs, [width * f for f in (0.14, 0.11, 0.27, 0.09, 0.09, 0.1, 0.09, 0.11)], font, 3, True))
    story.append(Paragraph("二、返修扣款（同一车辆、同一项目在结算后规定天数内再次开单）", h))
    backs = [["原工单", "返修工单", "返修开单", "维修项目", "原计件金额", "扣款"]]
    backs += [[b.work_order, b.comeback, fmt_shop(b.comeback_opened_at)[:10], printable(b.description),
               fmt_money(b.pay), fmt_money(b.deduction)] for b in st.comebacks] or [["无", "", "", "", "", ""]]
    story.append(_table(backs, [width * f for f in (0.16, 0.16, 0.13, 0.3, 0.13, 0.12)], font, 4))
    if st.corrections:
        story.append(Paragraph("三、结账后的更正", h))
        fixes = [["日期", "金额", "原因", "录入人"]]
        fixes += [[c.entry_date.isoformat(), fmt_money(c.amount), printable(c.reason), c.by] for c in st.corrections]
        story.append(_table(fixes, [width * f for f in (0.14, 0.14, 0.54, 0.18)], font, 1))
    story.append(Spacer(1, 5 * mm))
    totals = [["计件工时", "计件金额", "返修扣款", "更正", "应发计件工资"],
              [_hours(st.billed_hours), fmt_money(st.gross), fmt_money(st.deduction), fmt_money(st.correction_total),
               fmt_money(st.net)]]
    story.append(_table(totals, [width / 5] * 5, font, 0))
    story.append(Spacer(1, 12 * mm))
    story.append(Paragraph("技工签字：______________　　班组长：______________　　车间经理：______________", p))
    return story


def statement_pdf(db: Database, month: object, technician_id: int, out: Path) -> Statement:
    st = statement_of(db, month, technician_id)
    width = A4[0] - 2 * MARGIN
    _doc(out, get_shop_profile(db), f"计件工资单　{st.month:%Y-%m}", statement_story(st, cjk_font_name(), width))
    return st


def payroll_pdf(db: Database, month: object, out: Path) -> list[Statement]:
    statements = payroll_summary(db, month)
    font = cjk_font_name()
    width = A4[0] - 2 * MARGIN
    m: date = statements[0].month if statements else month_of(month)
    rows = [["技工", "班组", "计件工时", "计件金额", "返修扣款", "更正", "应发"]]
    rows += [[printable(s.name), s.team or "", _hours(s.billed_hours), fmt_money(s.gross), fmt_money(s.deduction),
              fmt_money(s.correction_total), fmt_money(s.net)] for s in statements]
    rows.append(["合计", "", _hours(sum((s.billed_hours for s in statements), Decimal(0))),
                 fmt_money(sum((s.gross for s in statements), Decimal(0))),
                 fmt_money(sum((s.deduction for s in statements), Decimal(0))),
                 fmt_money(sum((s.correction_total for s in statements), Decimal(0))),
                 fmt_money(sum((s.net for s in statements), Decimal(0)))])
    p = ParagraphStyle("p", fontName=font, fontSize=9.5, leading=14)
    closed = bool(statements and statements[0].closed)
    story: list[Flowable] = [Paragraph(f"月份：{m:%Y-%m}　　{_state(closed)}", p), Spacer(1, 3 * mm),
                             _table(rows, [width * f for f in (0.2, 0.1, 0.14, 0.14, 0.14, 0.14, 0.14)], font, 2, True)]
    _doc(out, get_shop_profile(db), f"计件工资汇总　{m:%Y-%m}", story)
    return statements


def _sheet(book: Any, st: Statement, name: str, fmt: dict[str, Any]) -> None:
    sheet = book.add_worksheet(name[:31])
    sheet.write(0, 0, f"计件工资单 {st.month:%Y-%m}　{st.name}　{st.team or ''}", fmt["bold"])
    sheet.write(1, 0, _state(st.closed))
    sheet.write_row(3, 0, ["工单号", "结算时间", "维修项目", "标准工时", "派工比例 %", "计件工时", "单价", "金额"], fmt["bold"])
    row = 4
    for j in st.jobs:
        sheet.write_row(row, 0, [j.work_order, fmt_shop(j.settled_at), j.description])
        for col, value, f in ((3, j.hours, fmt["hours"]), (4, j.share_pct, fmt["hours"]),
                              (5, j.billed_hours, fmt["hours"]), (6, j.piece_rate, fmt["money"]),
                              (7, j.pay, fmt["money"])):
            sheet.write_number(row, col, float(value), f)
        row += 1
    row += 1
    sheet.write_row(row, 0, ["原工单", "返修工单", "返修开单", "维修项目", "原计件金额", "扣款"], fmt["bold"])
    for b in st.comebacks:
        row += 1
        sheet.write_row(row, 0, [b.work_order, b.comeback, fmt_shop(b.comeback_opened_at), b.description])
        sheet.write_number(row, 4, float(b.pay), fmt["money"])
        sheet.write_number(row, 5, float(b.deduction), fmt["money"])
    for c in st.corrections:
        row += 1
        sheet.write_row(row, 0, ["更正", c.entry_date.isoformat(), c.reason, c.by])
        sheet.write_number(row, 4, float(c.amount), fmt["money"])
    row += 2
    for label, value, f in (("计件工时", st.billed_hours, fmt["hours"]), ("计件金额", st.gross, fmt["money"]),
                            ("返修扣款", st.deduction, fmt["money"]), ("更正", st.correction_total, fmt["money"]),
                            ("应发计件工资", st.net, fmt["money"])):
        sheet.write(row, 0, label, fmt["bold"])
        sheet.write_number(row, 1, float(value), f)
        row += 1
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, 7, 11)


def _book(out: Path) -> tuple[Any, dict[str, Any]]:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(out))
    return book, {"bold": book.add_format({"bold": True}), "money": book.add_format({"num_format": "#,##0.00"}),
                  "hours": book.add_format({"num_format": "0.00"})}


def statement_xlsx(db: Database, month: object, technician_id: int, out: Path) -> Statement:
    st = statement_of(db, month, technician_id)
    book, fmt = _book(out)
    try:
        _sheet(book, st, st.name or str(technician_id), fmt)
    finally:
        book.close()
    return st


def payroll_xlsx(db: Database, month: object, out: Path) -> list[Statement]:
    """The payroll summary sheet (one row per technician, numbers as numbers), then each technician's sheet."""
    statements = payroll_summary(db, month, jobs=True)  # each technician's sheet lists the jobs
    book, fmt = _book(out)
    try:
        sheet = book.add_worksheet("汇总")
        sheet.write_row(0, 0, ["技工", "班组", "计件工时", "计件金额", "返修扣款", "更正", "应发"], fmt["bold"])
        for i, s in enumerate(statements, start=1):
            sheet.write_row(i, 0, [s.name, s.team or ""])
            for col, value in enumerate((s.billed_hours, s.gross, s.deduction, s.correction_total, s.net), start=2):
                sheet.write_number(i, col, float(value), fmt["hours"] if col == 2 else fmt["money"])
        sheet.set_column(0, 6, 13)
        for s in statements:
            _sheet(book, s, f"{s.name}-{s.technician_id}", fmt)
    finally:
        book.close()
    return statements
