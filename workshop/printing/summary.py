"""The one-page weekly summary (Q3) for the department meeting, in Chinese: the headline figures of every
dashboard, work orders per day, revenue and gross margin by kind, discounts per advisor against the quota.
Every number comes from the figure registry (workshop.queries.dashboards), so it matches the screens."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop, to_shop, utcnow
from workshop.printing.fonts import cjk_font_name, printable
from workshop.queries.dashboards import figure
from workshop.queries.dashboards_base import FigureData, Params, fmt_value
from workshop.services.shop_profile import company_name

GRID = colors.Color(0.75, 0.75, 0.75)
HEAD_BG = colors.Color(0.92, 0.94, 0.97)

# (figure, headline index) shown in the key-figures grid, in reading order
KEY_FIGURES: tuple[tuple[str, int], ...] = (
    ("work_orders_per_day", 0), ("revenue_margin_by_kind", 1), ("revenue_margin_by_kind", 2),
    ("labor_by_kind", 0), ("labor_by_kind", 1), ("first_time_fix", 0),
    ("time_in_workshop", 1), ("fill_rate", 0), ("late_work_orders", 0),
    ("stock_value", 0), ("dead_stock", 1), ("claim_deposits", 0),
    ("claim_deposits", 1), ("tools_out", 1), ("approvals_pending", 0),
    ("complaints_open", 0), ("complaints_open", 1), ("discounts_by_advisor", 2),
)


def last_week(day: date | None = None, *, now: datetime | None = None) -> date:
    """The Monday of the week holding `day`; without a day, the Monday of last week (shop time)."""
    if day is None:
        day = to_shop(now or utcnow()).date() - timedelta(days=7)
    return day - timedelta(days=day.weekday())


def weekly_summary_pdf(db: Database, out: Path, monday: date, *, now: datetime | None = None) -> Path:
    params = Params(monday, monday + timedelta(days=6), now=now)
    font = cjk_font_name()
    styles = _styles(font)
    with db.read() as s:
        shop_name = company_name(s)
    results: dict[str, FigureData] = {}

    def data(name: str) -> FigureData:
        if name not in results:
            results[name] = figure(name).run(db, params)
        return results[name]

    story: list[Any] = [
        Paragraph(f"{shop_name} 售后服务部周报", styles["title"]),
        Paragraph(f"{params.date_from.isoformat()}（周一）至 {params.date_to.isoformat()}（周日）"
                  f"　　库存、在厂等即时数据截至 {fmt_shop(params.at)}", styles["small"]),
        Spacer(1, 3 * mm),
        Paragraph("关键指标", styles["h2"]),
        _key_grid([data(n).headline[i] for n, i in KEY_FIGURES], font),
        Spacer(1, 3 * mm),
        Paragraph("每日开单数", styles["h2"]),
        _per_day_chart(data("work_orders_per_day"), font),
        Paragraph("营业额与毛利率（按类型，已结算工单）", styles["h2"]),
        _table(data("revenue_margin_by_kind"), font),
        Spacer(1, 2 * mm),
        _side_by_side([
            (Paragraph("折扣（按服务顾问）与每周限额", styles["h2"]), _discount_table(data("discounts_by_advisor"), font)),
            (Paragraph("一次修复率（本周交车）", styles["h2"]), _table(data("first_time_fix"), font)),
        ]),
        Spacer(1, 2 * mm),
        Paragraph("在厂时长分布（本周交车，开单至交车）", styles["h2"]),
        _across(data("time_in_workshop"), font),
        Spacer(1, 2 * mm),
        _side_by_side([
            (Paragraph("配件满足率（本周开单）", styles["h2"]), _table(data("fill_rate"), font)),
            (Paragraph("库存金额（即时）", styles["h2"]), _table(data("stock_value"), font)),
        ]),
        Spacer(1, 3 * mm),
        Paragraph(definitions_note(("revenue_margin_by_kind", "first_time_fix", "fill_rate")), styles["note"]),
    ]
    out = Path(out)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=12 * mm,
                            bottomMargin=10 * mm, initialFontName=font, title=f"售后服务部周报 {monday.isoformat()}", author=shop_name)
    doc.build(story)
    return out


def definitions_note(names: tuple[str, ...]) -> str:
    """"口径：A——…；B——…。": each definition without its own full stop, the formulas' minus signs printable."""
    parts = [f"{figure(n).title_zh}——{figure(n).definition_zh.rstrip('。；; ')}" for n in names]
    text = "口径：" + "；".join(parts) + "。"
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("t", fontName=font, fontSize=16, leading=20, spaceAfter=2),
        "h2": ParagraphStyle("h", fontName=font, fontSize=11, leading=14, spaceBefore=2, spaceAfter=2,
                             textColor=colors.Color(0.1, 0.2, 0.45)),
        "small": ParagraphStyle("s", fontName=font, fontSize=8, leading=10, textColor=colors.grey),
        "note": ParagraphStyle("n", fontName=font, fontSize=7, leading=9, textColor=colors.grey),
        "cell": ParagraphStyle("c", fontName=font, fontSize=8, leading=10),
    }


def _grid_value(h: Any) -> str:
    """A headline number for the grid: large amounts in 万元 so the cell holds them on one line."""
    if h.fmt == "money" and h.value is not None and abs(h.value) >= 1_000_000:
        return f"{Decimal(h.value) / 10_000:,.1f} 万"
    return fmt_value(h.value, h.fmt)


def _key_grid(headlines: list[Any], font: str) -> Table:
    style = ParagraphStyle("k", fontName=font, fontSize=7, leading=12)
    cells = [[Paragraph(f"<font color='#666666'>{h.title('zh')}</font><br/>"
                        f"<font size='11' color='#1d3f75'>{_grid_value(h)}</font>", style)
              for h in headlines[i:i + 6]] for i in range(0, len(headlines), 6)]
    table = Table(cells, colWidths=[30 * mm] * 6)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.98, 0.98, 0.99)),
    ]))
    return table


def _side_by_side(pairs: list[tuple[Paragraph | None, Table]]) -> Table:
    """Two small tables next to each other, each under its heading."""
    cells = [[[p for p in (head, table) if p is not None] for head, table in pairs]]
    outer = Table(cells, colWidths=[91 * mm] * len(pairs), hAlign="LEFT")
    outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
    return outer


def _per_day_chart(data: FigureData, font: str) -> Drawing:
    drawing = Drawing(180 * mm, 34 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 7 * mm, 160 * mm, 23 * mm
    values = [int(r[1]) for r in data.rows]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [f"{r[0].month}/{r[0].day} 周{'一二三四五六日'[r[0].weekday()]}"
                                        for r in data.rows]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = _nice_step(max(values, default=0))
    chart.barLabels.fontName = font
    chart.bars[0].fillColor = colors.Color(0.27, 0.45, 0.75)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 5
    drawing.add(chart)
    drawing.add(String(4 * mm, 31 * mm, "单", fontName=font, fontSize=7))
    return drawing


def _nice_step(top: int) -> int:
    """1, 2 or 5 x 10^k, giving about four ticks."""
    raw = max(top, 1) / 4
    power = 10 ** max(0, len(str(int(raw))) - 1)
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _table(data: FigureData, font: str, *, skip: tuple[str, ...] = ()) -> Table:
    cols = [i for i, c in enumerate(data.columns) if c.key not in skip]
    header = [data.columns[i].zh for i in cols]
    body = [[fmt_value(r[i], data.columns[i].fmt) for i in cols] for r in data.rows]
    table = Table([header, *body], hAlign="LEFT")
    table.setStyle(_grid_style(font))
    return table


def _across(data: FigureData, font: str) -> Table:
    """A one-row table laid sideways: the categories across, their values below."""
    header = [fmt_value(r[0], data.columns[0].fmt) for r in data.rows]
    values = [fmt_value(r[1], data.columns[1].fmt) for r in data.rows]
    table = Table([[data.columns[0].zh, *header], [data.columns[1].zh, *values]], hAlign="LEFT")
    table.setStyle(_grid_style(font))
    return table


def _discount_table(data: FigureData, font: str) -> Table:
    quota = int(data.reference or Decimal(0))
    header = ["服务顾问", "本周折扣单数", "每周限额", "经审批", "本周金额"]
    body = [[r[0], str(r[1]), str(quota), str(r[3]), fmt_value(r[2], "money")]
            for r in data.rows] or [["（本周没有折扣）", "", "", "", ""]]
    table = Table([header, *body], hAlign="LEFT")
    table.setStyle(_grid_style(font))
    return table


def _grid_style(font: str) -> TableStyle:
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ])
