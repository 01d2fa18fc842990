"""F9: the work order (任务委托书), the quote (报价单) and the settlement (结算单) as Chinese A4 PDFs.

Every page carries the shop name, the title and the work order number as a Code 128 barcode (the work order
travels with the car and is scanned at the parts counter). The CJK TrueType font is embedded (fonts.py)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop
from workshop.domain.codes import AddedState, ConsentMethod
from workshop.domain.kind_policy import policy_of
from workshop.domain.labels import label, label_of
from workshop.domain.money import ZERO, money
from workshop.domain.payers import Payer
from workshop.domain.quote import insurance_split
from workshop.domain.work_order import ChargingMode, Kind, Priority, State
from workshop.printing.document_data import DOCUMENTS, DocData, Line, gather
from workshop.printing.document_page import (
    ACCENT,
    FOOTER_H,
    HEADER_H,
    MARGIN,
    doc_title,
    header_footer,
    page_number,
)
from workshop.printing.fonts import cjk_font_name, printable
from workshop.printing.money_words import rmb_upper
from workshop.printing.page_numbers import numbered_canvas
from workshop.printing.walkaround_print import walkaround_section
from workshop.services.work_order_dto import WorkOrderInfo

TAIL_LINES = 3  # the last lines of the table stay on the page of the totals and the signatures
GRID = colors.HexColor("#555555")
SHADE = colors.HexColor("#E8ECF2")

TERMS = {
    "work-order": (
        "客户确认以上车辆信息、维修项目及预估费用无误，同意本店按本委托书施工。",
        "维修过程中如发现需增加的项目（增项），本店须先征得客户同意（当面或电话）后方可施工，并记录确认时间。",
        "请客户取走车内贵重物品及现金；更换下的旧件如需带走，请在交车前向服务顾问说明。",
        "本委托书随车流转，领料、施工、质检以此单为凭。",
    ),
    "quote": (
        "本报价单所列金额为预估金额，实际以结算单为准；报价有效期 7 天。",
        "维修中如需追加项目或备件，须经客户（事故车：及保险公司）重新签字确认后方可订货、施工。",
    ),
    "settlement": (
        "请客户核对维修项目及金额，确认无误后签字。",
        "本次维修的质量保证期按交通运输部《机动车维修管理规定》执行，请保留本结算单。",
        "交车后三日内本店客服将进行回访，感谢您的支持。",
    ),
}


# ---------------------------------------------------------------- layout


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=12.5, wordWrap="CJK", alignment=TA_LEFT)
    return {
        "cell": base,
        "label": ParagraphStyle("label", parent=base, textColor=colors.HexColor("#333333")),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "section": ParagraphStyle("section", parent=base, fontSize=10.5, leading=14, textColor=ACCENT),
        "sign": ParagraphStyle("sign", parent=base, fontSize=10, leading=14),
    }


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    safe = printable(str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    return Paragraph(safe, style)


def _fmt(value: Decimal) -> str:
    return f"{money(value):,.2f}"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return fmt_shop(value)
    return value.strftime("%Y-%m-%d")


def _warranty_text(d: DocData) -> str:
    if d.wo.in_warranty:
        return "在保修期内"
    return "已出保（费用已与客户确认）" if d.wo.out_of_warranty_agreed else "已出保"


def _line_teams(wo: WorkOrderInfo) -> str:
    return "、".join(dict.fromkeys(ln.team for ln in wo.labor_lines if ln.team))


def _info_table(d: DocData, st: dict[str, ParagraphStyle], width: float) -> Table:
    L, C = st["label"], st["cell"]
    wo = d.wo
    section = [
        ("客户信息", [("客户姓名", d.customer.name), ("联系电话", d.customer.phone),
                      ("联系地址", d.customer.address), ("付费方", label_of(Payer, wo.payer)
                                                      + (f"（{wo.internal_department}）" if wo.internal_department else ""))]),
        ("车辆信息", [("车牌号", d.vehicle.shown_plate), ("车架号 VIN", d.vehicle.vin),
                      ("品牌车型", f"{d.vehicle.brand} {d.vehicle.model}"), ("购车日期", _day(d.vehicle.purchase_date)),
                      ("进厂里程", f"{wo.mileage_in:,} 公里"), ("保修状态", _warranty_text(d))]),
        ("维修信息", [("工单类型", label_of(Kind, wo.kind)),
                      ("收费方式", label_of(ChargingMode, wo.charging_mode)),
                      ("开单时间", fmt_shop(wo.opened_at)), ("承诺交车", fmt_shop(wo.promised_at)),
                      ("服务顾问", d.advisor), ("班组 / 技工", " / ".join(x for x in (wo.team or _line_teams(wo), d.technician) if x)),
                      ("优先级", label_of(Priority, wo.priority)),
                      ("工单状态", label_of(State, wo.state))]),
    ]
    rows: list[list[Any]] = []
    style: list[tuple[Any, ...]] = []
    for title, pairs in section:
        style += [("SPAN", (0, len(rows)), (-1, len(rows))), ("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE)]
        rows.append([_p(title, st["section"]), "", "", ""])
        for i in range(0, len(pairs), 2):
            pair = list(pairs[i:i + 2]) + [("", "")] * (2 - len(pairs[i:i + 2]))
            rows.append([_p(pair[0][0], L), _p(pair[0][1], C), _p(pair[1][0], L), _p(pair[1][1], C)])
            for col in (0, 2):
                style.append(("BACKGROUND", (col, len(rows) - 1), (col, len(rows) - 1), colors.HexColor("#F6F7F9")))
    rows.append([Paragraph("故障描述<br/>（客户陈述）", L), _p(wo.fault_description, C), "", ""])
    style.append(("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)))
    if wo.requested_items:
        rows.append([_p("委托维修项目", L), _p(wo.requested_items, C), "", ""])
        style.append(("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)))
    if d.quote is not None and d.doc == "quote":
        signed = (f"已签字（第 {d.quote.signed_revision} 版，{fmt_shop(d.quote.signed_at)}）"
                  if d.quote.signed_revision else "未签字")
        q = d.quote
        rows.append([_p("报价版本", L), _p(f"第 {q.revision} 版  {signed}", C), _p("保险公司", L), _p(q.insurer, C)])
        if q.insurer or q.assessment_no or q.assessed_amount is not None:
            cut = insurance_split(d.total, q.assessed_amount, q.deductible)  # M1, as the cashier will split it
            assessed = "尚未定损" if q.assessed_amount is None else f"¥ {_fmt(q.assessed_amount)}"
            rows.append([_p("定损单号", L), _p(q.assessment_no, C), _p("定损金额", L), _p(assessed, C)])
            rows.append([_p("免赔额", L), _p(f"¥ {_fmt(q.deductible)}", C), _p("保险公司支付", L),
                         _p(f"¥ {_fmt(cut.insurer)}", C)])
            rows.append([_p("客户支付", L), _p(f"¥ {_fmt(cut.customer)}", C), "", ""])
    quarter = width / 4
    t = Table(rows, colWidths=[quarter * 0.55, quarter * 1.45, quarter * 0.55, quarter * 1.45])
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cjk_font_name(), 9),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5), *style,
    ]))
    return t


def _lines_table(d: DocData, st: dict[str, ParagraphStyle], width: float, lines: Sequence[Line], first: int,
                 *, header: bool = True) -> Table:
    C = st["cell"]
    head = ["序号", "类别", "代码 / 零件号", "项目 / 配件名称", "工时/数量", "单价（元）", "金额（元）", "备注"]
    rows: list[list[Any]] = [list(head)] if header else []
    for i, ln in enumerate(lines, first):
        rows.append([str(i), ln.kind, _p(ln.code, C), _p(ln.name, C), ln.qty, _fmt(ln.unit_price), _fmt(ln.amount),
                     _p(ln.note, st["small"])])
    if not d.lines:
        rows.append(["", "", "", _p("（暂无项目）", C), "", "", "", ""])
    fractions = (0.06, 0.06, 0.15, 0.27, 0.11, 0.11, 0.11, 0.13)
    body = 1 if header else 0
    t = Table(rows, colWidths=[width * f for f in fractions], repeatRows=body)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cjk_font_name(), 9), ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        *([("BACKGROUND", (0, 0), (-1, 0), SHADE)] if header else []), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, body), (1, -1), "CENTER"), ("ALIGN", (4, body), (6, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return t


def _totals_table(d: DocData, st: dict[str, ParagraphStyle], width: float) -> Table:
    prefix = {"work-order": "预估", "quote": "报价", "settlement": ""}[d.doc]
    total_label = {"work-order": "预估合计", "quote": "报价合计", "settlement": "应收金额"}[d.doc]
    if d.due != d.total:  # a free order: the payer owes nothing, and the note says why
        total_label = {"work-order": "客户应付", "quote": "客户应付", "settlement": "应收金额"}[d.doc]
    rows: list[list[Any]] = [
        [f"{prefix}工时费", f"¥ {_fmt(d.labor_total)}", f"{prefix}材料费", f"¥ {_fmt(d.parts_total)}",
         "优惠金额", f"¥ {_fmt(d.discount)}"],
        [total_label, f"¥ {_fmt(d.due)}", "大写金额", rmb_upper(d.due), "", ""],
    ]
    extra: list[tuple[Any, ...]] = []
    if d.due_note:
        rows.append(["说明", _p(d.due_note, st["cell"]), "", "", "", ""])
        extra = [("SPAN", (1, 2), (5, 2)), ("BACKGROUND", (0, 2), (0, 2), SHADE)]
    col = width / 6
    t = Table(rows, colWidths=[col * 0.8, col * 1.1, col * 0.8, col * 1.3, col * 0.8, col * 1.2])
    t.setStyle(TableStyle([*extra,
        ("FONT", (0, 0), (-1, -1), cjk_font_name(), 9.5), ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("SPAN", (3, 1), (5, 1)), ("BACKGROUND", (0, 0), (0, 1), SHADE), ("BACKGROUND", (2, 0), (2, 1), SHADE),
        ("BACKGROUND", (4, 0), (4, 0), SHADE), ("FONT", (1, 1), (1, 1), cjk_font_name(), 12),
        ("TEXTCOLOR", (1, 1), (1, 1), colors.HexColor("#B00020")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]))
    return t


def _added_table(d: DocData, st: dict[str, ParagraphStyle], width: float) -> Table:
    rows: list[list[Any]] = [[_p(h, st["label"]) for h in ("增项内容", "提出时间", "状态", "确认方式", "确认时间")]]
    for it in d.added:
        rows.append([_p(it.description, st["cell"]), fmt_shop(it.proposed_at), label_of(AddedState, it.state),
                     label_of(ConsentMethod, it.consent_method), fmt_shop(it.consent_at)])
    t = Table(rows, colWidths=[width * f for f in (0.40, 0.17, 0.13, 0.12, 0.18)])
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cjk_font_name(), 9), ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return t


def _signatures(d: DocData, st: dict[str, ParagraphStyle], width: float) -> Table:
    who = {
        "work-order": ("客户签字", "服务顾问", "接车日期"),
        "quote": (("客户确认签字", "服务顾问", "定损员（保险公司）") if policy_of(d.wo.kind).insurer_assessment
                  else ("客户确认签字", "服务顾问", "报价日期")),
        "settlement": ("客户签字", "收银员", "服务顾问"),
    }[d.doc]
    filled = {"服务顾问": d.advisor}
    gap = 8 * mm
    col = (width - 2 * gap) / 3
    cells = [Paragraph(f"{w}：{filled.get(w, '')}", st["sign"]) for w in who]
    date = Paragraph("日期：______年____月____日", st["small"])
    t = Table([[cells[0], "", cells[1], "", cells[2]], [""] * 5, [date, "", "", "", ""]],
              colWidths=[col, gap, col, gap, col], rowHeights=[None, 9 * mm, None])
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cjk_font_name(), 10), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *[("LINEBELOW", (c, 1), (c, 1), 0.6, colors.black) for c in (0, 2, 4)],
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return t


class _PageProbe(Flowable):  # type: ignore[misc]
    """Draws nothing; notes the page it fell on."""

    def __init__(self, seen: list[int]) -> None:
        super().__init__()
        self.seen = seen

    def wrap(self, *_: Any) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.seen.append(self.canv.getPageNumber())


def build_story(d: DocData, width: float, *, tail_header: bool = False,
                probes: list[int] | None = None) -> list[Flowable]:
    """`tail_header`: the last lines start a new page, so their table repeats the column heads."""
    st = _styles(cjk_font_name())
    seen: list[int] = probes if probes is not None else []
    split = max(0, len(d.lines) - TAIL_LINES) if len(d.lines) > TAIL_LINES else 0
    story: list[Flowable] = [_info_table(d, st, width), Spacer(1, 4 * mm),
                             _p("维修项目明细" if d.doc != "quote" else "报价明细", st["section"]), Spacer(1, 1.5 * mm)]
    if split:
        story += [_lines_table(d, st, width, d.lines[:split], 1), _PageProbe(seen)]
    # the last lines, the totals and the signatures stay together: a signature never starts a page alone
    tail: list[Flowable] = [_PageProbe(seen),
                            _lines_table(d, st, width, d.lines[split:], split + 1, header=not split or tail_header),
                            Spacer(1, 3 * mm), _totals_table(d, st, width)]
    if d.doc == "settlement":
        settled = fmt_shop(d.wo.settled_at) if d.wo.settled_at else "尚未结算"
        payers = label_of(Payer, d.wo.payer)
        if d.split is not None and d.split.parts:
            payers = "；".join(f"{label(p)} ¥ {_fmt(a)}" for p, a in d.split.parts)
            if d.split.insurer_name:
                payers += (f"（{d.split.insurer_name} 定损 ¥ {_fmt(d.split.assessed or ZERO)}，"
                           f"免赔 ¥ {_fmt(d.split.deductible)}，超出定损部分由客户支付）")
        tail += [Spacer(1, 2 * mm), _p(f"结算时间：{settled}　　付费方：{payers}", st["cell"])]
    after: list[Flowable] = []
    if d.added and d.doc == "work-order":
        after += [Spacer(1, 4 * mm), _p("增项记录（客户确认后方可施工）", st["section"]), Spacer(1, 1.5 * mm),
                  _added_table(d, st, width)]
    after += [Spacer(1, 4 * mm), _p("说明", st["section"])]
    after += [_p(f"{i}. {line}", st["small"]) for i, line in enumerate(TERMS[d.doc], 1)]
    after += [Spacer(1, 6 * mm), _signatures(d, st, width)]
    if d.doc == "work-order":  # the work order's signature keeps with its terms
        return [*story, *tail, *walkaround_section(d.walkaround, d.thumbs, st, width), KeepTogether(after)]
    return [*story, KeepTogether(tail + after)]


def render(d: DocData, out: Path | IO[bytes]) -> None:
    font = cjk_font_name()
    target: Any = str(out) if isinstance(out, Path) else out
    probes: list[int] = []
    if len(d.lines) > TAIL_LINES:  # a trial run: do the last lines move to a page of their own?
        _build(d, io.BytesIO(), font, build_story(d, A4[0] - 2 * MARGIN, probes=probes))
    tail_header = len(set(probes[:2])) == 2
    _build(d, target, font, build_story(d, A4[0] - 2 * MARGIN, tail_header=tail_header))


def _build(d: DocData, target: Any, font: str, story: list[Flowable]) -> None:
    doc = BaseDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + HEADER_H - 4 * mm,
        bottomMargin=MARGIN + FOOTER_H - 4 * mm, title=f"{doc_title(d)} {d.wo.number}", author=d.shop_name,
        subject=f"{d.vehicle.shown_plate} {d.customer.name}", creator="Workshop", initialFontName=font,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=header_footer(d, font))])
    doc.build(story, canvasmaker=numbered_canvas(page_number(d, font)))


def print_document(db: Database, doc: str, number: str, out: Path | IO[bytes]) -> Path | None:
    """Render one of DOCUMENTS for the work order `number` into a file (returned) or a binary stream."""
    with db.read() as session:
        data = gather(session, doc, number)
        render(data, out)
    return out if isinstance(out, Path) else None


def work_order_pdf(db: Database, number: str, out: Path | IO[bytes]) -> Path | None:
    return print_document(db, "work-order", number, out)


def quote_pdf(db: Database, number: str, out: Path | IO[bytes]) -> Path | None:
    return print_document(db, "quote", number, out)


def settlement_pdf(db: Database, number: str, out: Path | IO[bytes]) -> Path | None:
    return print_document(db, "settlement", number, out)


__all__: Sequence[str] = ("DOCUMENTS", "print_document", "quote_pdf", "settlement_pdf", "work_order_pdf")
