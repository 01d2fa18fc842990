"""M3: the account customer's monthly statement (挂账对账单) as an A4 PDF under the shop profile's header (S1),
and as an Excel workbook (xlsxwriter) whose amounts are numbers."""

from __future__ import annotations

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
from workshop.queries.account_statement import Statement, account_statement
from workshop.services.shop_profile import ShopProfile, get_shop_profile

MARGIN = 15 * mm
ROWS_PER_PAGE = 30


def _method(m: str) -> str:
    return label_of(Method, m)


def _title(st: Statement) -> str:
    return f"挂账对账单　{st.month:%Y 年 %m 月}"


def _header(c: Canvas, shop: ShopProfile, st: Statement, font: str, page: int, pages: int) -> float:
    w, h = A4
    c.setFont(font, 13)
    c.drawString(MARGIN, h - MARGIN, shop.name or "售后服务部")
    c.setFont(font, 8.5)
    contact = "　".join(x for x in (f"地址：{shop.address}" if shop.address else "",
                                    f"电话：{shop.phone}" if shop.phone else "",
                                    f"税号：{shop.tax_no}" if shop.tax_no else "") if x)
    c.drawString(MARGIN, h - MARGIN - 5 * mm, contact)
    if shop.bank_account:
        c.drawString(MARGIN, h - MARGIN - 9 * mm, f"开户行及账号：{shop.bank_account}")
    c.setFont(font, 17)
    c.drawCentredString(w / 2, h - MARGIN - 18 * mm, _title(st))
    c.setFont(font, 9.5)
    c.drawString(MARGIN, h - MARGIN - 26 * mm,
                 f"挂账单位：{st.customer_name}　电话：{st.customer_phone}　信用额度：{fmt_money(st.credit_limit)}")
    c.drawString(MARGIN, h - MARGIN - 31 * mm,
                 f"对账期间：{st.month:%Y-%m-%d} 至 {st.month_end:%Y-%m-%d}　"
                 f"期末欠款：{fmt_money(st.owed)}　本月付款：{fmt_money(st.paid_in_month)}")
    c.setFont(font, 7.5)
    c.drawRightString(w - MARGIN, MARGIN, f"第 {page}/{pages} 页　打印时间：{fmt_shop(utcnow())}")
    return float(h - MARGIN - 36 * mm)


def _table(data: list[list[str]], widths: list[float], font: str) -> Table:
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 9), ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")), ("ALIGN", (-3, 1), (-1, -1), "RIGHT"),
    ]))
    return t


def render_pdf(shop: ShopProfile, st: Statement, out: Path) -> None:
    font = cjk_font_name()
    w, h = A4
    width = w - 2 * MARGIN
    owed = [[ln.number, f"{ln.settled_on:%Y-%m-%d}", ln.plate, fmt_money(ln.due), fmt_money(ln.paid),
             fmt_money(ln.owed)] for ln in st.lines]
    paid = [[p.receipt_no, f"{p.day:%Y-%m-%d}", p.number, _method(p.method), fmt_money(p.amount)]
            for p in st.payments]
    chunks = [owed[i:i + ROWS_PER_PAGE] for i in range(0, len(owed), ROWS_PER_PAGE)] or [[]]
    pages = len(chunks) + (1 if paid else 0)
    c = Canvas(str(out), pagesize=A4, initialFontName=font)
    c.setTitle(f"{_title(st)} {st.customer_name}")
    c.setCreator("Workshop")
    for n, chunk in enumerate(chunks, 1):
        y = _header(c, shop, st, font, n, pages)
        data = [["工单号", "结算日期", "车牌", "应付", "已付", "欠款"], *chunk]
        if n == len(chunks):
            data.append(["合计", "", "", "", "", fmt_money(st.owed)])
        if not st.lines:
            data.insert(1, ["本月末没有欠款", "", "", "", "", ""])
        t = _table(data, [width * f for f in (0.2, 0.15, 0.17, 0.16, 0.16, 0.16)], font)
        _, th = t.wrapOn(c, width, h)
        t.drawOn(c, MARGIN, y - th)
        if n == len(chunks) and not paid:
            c.setFont(font, 10)
            c.drawString(MARGIN, y - th - 14 * mm, "客户确认：______________　　　日期：______________")
        c.showPage()
    if paid:
        y = _header(c, shop, st, font, pages, pages)
        data = [["收据号", "日期", "工单号", "付款方式", "金额"], *paid[:ROWS_PER_PAGE * 2]]
        t = _table(data, [width * f for f in (0.22, 0.16, 0.24, 0.18, 0.2)], font)
        _, th = t.wrapOn(c, width, h)
        t.drawOn(c, MARGIN, y - th)
        c.setFont(font, 10)
        c.drawString(MARGIN, y - th - 14 * mm, "客户确认：______________　　　日期：______________")
        c.showPage()
    c.save()


def render_xlsx(shop: ShopProfile, st: Statement, out: Path) -> None:
    with one_sheet(out, f"{st.month:%Y-%m}") as x:
        sheet, bold, money_fmt = x.sheet, x.bold, x.money
        sheet.write(0, 0, shop.name, bold)
        sheet.write(1, 0, f"{_title(st)}　{st.customer_name}", bold)
        sheet.write(2, 0, "信用额度")
        sheet.write_number(2, 1, float(st.credit_limit), money_fmt)
        sheet.write_row(4, 0, ["工单号", "结算日期", "车牌", "应付", "已付", "欠款"], bold)
        row = 5
        for ln in st.lines:
            sheet.write_row(row, 0, [ln.number, f"{ln.settled_on:%Y-%m-%d}", ln.plate])
            for col, value in ((3, ln.due), (4, ln.paid), (5, ln.owed)):
                sheet.write_number(row, col, float(value), money_fmt)
            row += 1
        sheet.write(row, 0, "合计", bold)
        sheet.write_number(row, 5, float(st.owed), money_fmt)
        row += 2
        sheet.write_row(row, 0, ["收据号", "日期", "工单号", "付款方式", "金额"], bold)
        for p in st.payments:
            row += 1
            sheet.write_row(row, 0, [p.receipt_no, f"{p.day:%Y-%m-%d}", p.number, _method(p.method)])
            sheet.write_number(row, 4, float(p.amount), money_fmt)
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 5, 14)


def statement_files(db: Database, customer_id: int, year: int, month: int, pdf: Path | None = None,
                    xlsx: Path | None = None) -> Statement:
    st = account_statement(db, customer_id, year, month)
    shop = get_shop_profile(db)
    if pdf is not None:
        render_pdf(shop, st, pdf)
    if xlsx is not None:
        render_xlsx(shop, st, xlsx)
    return st
