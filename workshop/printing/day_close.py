"""M6: the cashier's shift report (收银日结单) as an A4 PDF and as an Excel workbook."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop, utcnow
from workshop.domain.labels import label_of
from workshop.domain.money import fmt_money
from workshop.domain.payments import Method
from workshop.printing.fonts import cjk_font_name
from workshop.printing.xlsx import one_sheet
from workshop.services.cashier_day import ShiftReport, day_report
from workshop.services.shop_profile import company_name

MARGIN = 15 * mm


def _label(method: str) -> str:
    return label_of(Method, method)


def _rows(r: ShiftReport) -> tuple[list[list[str]], list[list[str]]]:
    methods = [["付款方式", "收据数", "收款", "作废", "净额"]]
    methods += [[_label(m.method), str(m.receipts), fmt_money(m.taken), fmt_money(m.voided), fmt_money(m.net)]
                for m in r.methods]
    methods.append(["合计（不含订金抵扣）", "", "", "", fmt_money(r.total_net)])
    cash = [
        ["收订金", fmt_money(r.deposits_taken)], ["退订金", fmt_money(r.deposits_refunded)],
        ["订金抵扣", fmt_money(r.deposits_applied)], ["作废笔数", str(r.voids)],
        ["应有现金", fmt_money(r.expected_cash)],
        ["清点现金", fmt_money(r.counted_cash) if r.counted_cash is not None else "（未日结）"],
        ["差异", fmt_money(r.difference) if r.difference is not None else ""], ["差异原因", r.reason],
    ]
    return methods, cash


def render_pdf(shop: str, r: ShiftReport, out: Path) -> None:
    font = cjk_font_name()
    w, h = A4
    c = Canvas(str(out), pagesize=A4, initialFontName=font)
    c.setTitle(f"收银日结单 {r.day:%Y-%m-%d}")
    c.setCreator("Workshop")
    c.setFont(font, 12)
    c.drawString(MARGIN, h - MARGIN, shop)
    c.setFont(font, 18)
    c.drawCentredString(w / 2, h - MARGIN - 12 * mm, f"收银日结单　{r.day:%Y-%m-%d}")
    c.setFont(font, 9.5)
    state = f"已日结：{r.closed_by} {fmt_shop(r.closed_at)}" if r.closed_at else "尚未日结（预览）"
    c.drawString(MARGIN, h - MARGIN - 20 * mm, state)
    methods, cash = _rows(r)
    y = h - MARGIN - 26 * mm
    width = w - 2 * MARGIN
    for data, cols in ((methods, [0.32, 0.12, 0.19, 0.18, 0.19]), (cash, [0.32, 0.68])):
        t = Table(data, colWidths=[width * f for f in cols])
        t.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), font, 10), ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
            ("BACKGROUND", (0, 0), (-1 if data is methods else 0, 0 if data is methods else -1),
             colors.HexColor("#eef2f7")),
            ("ALIGN", (1, 1 if data is methods else 0), (-1, -1), "RIGHT" if data is methods else "LEFT"),
        ]))
        _, th = t.wrapOn(c, width, h)
        y -= th
        t.drawOn(c, MARGIN, y)
        y -= 8 * mm
    c.setFont(font, 10)
    c.drawString(MARGIN, y - 10 * mm, "收银员签字：______________　　　复核：______________")
    c.setFont(font, 7.5)
    c.drawRightString(w - MARGIN, MARGIN, f"打印时间：{fmt_shop(utcnow())}")
    c.showPage()
    c.save()


def render_xlsx(shop: str, r: ShiftReport, out: Path) -> None:
    with one_sheet(out, f"{r.day:%Y-%m-%d}") as x:
        sheet, bold, money_fmt = x.sheet, x.bold, x.money
        sheet.write(0, 0, shop, bold)
        sheet.write(1, 0, f"收银日结单 {r.day:%Y-%m-%d}", bold)
        sheet.write_row(3, 0, ["付款方式", "收据数", "收款", "作废", "净额"], bold)
        row = 4
        for m in r.methods:  # numbers as numbers, so the sheet sums them
            sheet.write(row, 0, _label(m.method))
            sheet.write_number(row, 1, m.receipts)
            for col, value in ((2, m.taken), (3, m.voided), (4, m.net)):
                sheet.write_number(row, col, float(value), money_fmt)
            row += 1
        row += 1
        totals: list[tuple[str, Decimal | None]] = [
            ("收订金", r.deposits_taken), ("退订金", r.deposits_refunded), ("订金抵扣", r.deposits_applied),
            ("应有现金", r.expected_cash), ("清点现金", r.counted_cash), ("差异", r.difference)]
        for label, amount in totals:
            sheet.write(row, 0, label, bold)
            if amount is not None:
                sheet.write_number(row, 1, float(amount), money_fmt)
            row += 1
        sheet.write(row, 0, "差异原因", bold)
        sheet.write(row, 1, r.reason)
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 4, 14)


def day_close_files(db: Database, day: date, pdf: Path | None = None, xlsx: Path | None = None) -> ShiftReport:
    with db.read() as session:
        shop = company_name(session)
    report = day_report(db, day)
    if pdf is not None:
        render_pdf(shop, report, pdf)
    if xlsx is not None:
        render_xlsx(shop, report, xlsx)
    return report
