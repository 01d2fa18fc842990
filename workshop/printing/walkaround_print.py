"""R4 on the printed work order: the walk-around checklist, the car outline with the damage marked (the same
drawing as the screen, workshop.domain.walkaround), the photos' thumbnails, and the line the customer signs to
agree the car's condition at reception. Thumbnails only: the PDF stays small (at most MAX_PHOTOS of them)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from workshop.domain.clock import fmt_shop
from workshop.domain.labels import label, label_of
from workshop.domain.walkaround import (
    MAX_PHOTOS,
    OUTLINE_H,
    OUTLINE_LINES,
    OUTLINE_POLYGONS,
    OUTLINE_W,
    TYRE_POSITIONS,
    WARNING_LAMPS,
    TyreState,
    WarningLamp,
    fuel_text,
)
from workshop.printing.fonts import cjk_font_name
from workshop.queries.walkaround import WalkaroundView

GRID = colors.HexColor("#555555")
SHADE = colors.HexColor("#E8ECF2")
MARK = colors.HexColor("#C81E1E")
OUTLINE_BOX_H = 62 * mm
THUMB_W = 40 * mm
HEAD = 4 * mm


class CarOutline(Flowable):  # type: ignore[misc]
    """The top view of the car, nose up, with numbered damage marks."""

    def __init__(self, view: WalkaroundView, height: float = OUTLINE_BOX_H) -> None:
        super().__init__()
        self.view = view
        self.h = height
        self.w = height * OUTLINE_W / OUTLINE_H

    def wrap(self, *_: Any) -> tuple[float, float]:
        return self.w, self.h + HEAD  # 车头 written above the nose

    def draw(self) -> None:
        c = self.canv
        sx, sy = self.w / OUTLINE_W, self.h / OUTLINE_H

        def pt(x: float, y: float) -> tuple[float, float]:
            return x * sx, self.h - y * sy  # the outline's y grows downward, the PDF's upward

        c.setStrokeColor(colors.black)
        c.setLineWidth(0.7)
        for poly in OUTLINE_POLYGONS:
            path = c.beginPath()
            path.moveTo(*pt(*poly[0]))
            for p in poly[1:]:
                path.lineTo(*pt(*p))
            path.close()
            c.drawPath(path, stroke=1, fill=0)
        for a, b in OUTLINE_LINES:
            c.line(*pt(*a), *pt(*b))
        c.setFont(cjk_font_name(), 7)
        c.drawCentredString(self.w / 2, self.h + 1 * mm, "▲ 车头")
        for i, m in enumerate(self.view.marks, 1):
            x, y = m.x * self.w, self.h - m.y * self.h
            c.setFillColor(MARK)
            c.circle(x, y, 2.4 * mm, stroke=0, fill=1)
            c.setFillColor(colors.white)
            c.setFont("Helvetica-Bold", 7)
            c.drawCentredString(x, y - 2.4, str(i))
        c.setFillColor(colors.black)


def _checklist(view: WalkaroundView, st: dict[str, ParagraphStyle], width: float) -> Table:
    lamps = "、".join(label_of(WarningLamp, k) for k in view.warning_lamps if k in WARNING_LAMPS) or "无"
    tyres = "　".join(f"{label(p)} {label_of(TyreState, view.tyres.get(p, 'ok'))}" for p in TYRE_POSITIONS)
    marks = "；".join(f"{i}. {m.label()}" for i, m in enumerate(view.marks, 1)) or "无"
    rows = [("油量", f"{fuel_text(view.fuel_eighths)} 箱"), ("里程", f"{view.mileage:,} 公里"),
            ("车内贵重物品", view.valuables or "无"), ("仪表故障灯", lamps), ("轮胎", tyres), ("外观损伤", marks),
            ("备注", view.note or "—"), ("检查人 / 时间", f"{view.recorded_by}　{fmt_shop(view.recorded_at)}")]
    t = Table([[Paragraph(k, st["label"]), Paragraph(v, st["cell"])] for k, v in rows],
              colWidths=[width * 0.26, width * 0.74])
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cjk_font_name(), 9), ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (0, -1), SHADE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return t


def _thumbs(thumbs: Sequence[tuple[int, str, bytes]], st: dict[str, ParagraphStyle], width: float) -> Table | None:
    cells: list[Any] = []
    for _id, caption, data in list(thumbs)[:MAX_PHOTOS]:
        img = Image(io.BytesIO(data))
        ratio = img.imageHeight / max(img.imageWidth, 1)
        img.drawWidth, img.drawHeight = THUMB_W, min(THUMB_W * ratio, THUMB_W)
        if THUMB_W * ratio > THUMB_W:  # a portrait photo: fit its height
            img.drawWidth = THUMB_W / ratio
        cells.append([img, Paragraph(caption or "", st["small"])])
    if not cells:
        return None
    per_row = max(1, int(width // (THUMB_W + 4 * mm)))
    grid = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    grid[-1] += [""] * (per_row - len(grid[-1]))
    t = Table(grid, colWidths=[width / per_row] * per_row)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return t


def walkaround_section(view: WalkaroundView | None, thumbs: Sequence[tuple[int, str, bytes]],
                       st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    if view is None and not thumbs:
        return []
    out: list[Flowable] = [Spacer(1, 4 * mm), Paragraph("环车检查（接车时车辆状况，经客户确认）", st["section"]),
                           Spacer(1, 1.5 * mm)]
    if view is not None:
        outline = CarOutline(view)
        left = width - outline.w - 6 * mm
        body = Table([[_checklist(view, st, left), outline]], colWidths=[left + 6 * mm, outline.w])
        body.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        out.append(body)
    pictures = _thumbs(thumbs, st, width)
    if pictures is not None:
        out += [Spacer(1, 2 * mm), pictures]
    out += [Spacer(1, 3 * mm),
            Paragraph("客户确认以上车辆状况属实：______________　　日期：______年____月____日", st["sign"])]
    return [KeepTogether(out)]
