"""Demo R3 and R4 over the whole history: declined added items kept on the vehicle (some later taken into the
next work order, some dismissed, the rest open), QC suggestions, and a walk-around at most receptions. Photos:
only a few small generated PNGs on the newest open work orders (the demo stays fast and small)."""

from __future__ import annotations

import json
import struct
import zlib
from decimal import Decimal

from workshop.demo import catalog as C
from workshop.demo.context import Gen
from workshop.demo.orders import WO
from workshop.demo.timeline import DAY, MINUTE, dtn
from workshop.domain.walkaround import DAMAGE_KINDS, TYRE_POSITIONS, WARNING_LAMPS

QC_SUGGESTIONS = (("前刹车片剩余 3 mm，建议下次保养时更换", "JX0201"), ("轮胎花纹接近磨损标记，建议更换", None),
                  ("雨刮片刮不干净，建议更换", "JX0110"), ("蓄电池已使用 4 年，建议检测后更换", "JX0204"),
                  ("四轮定位偏差，建议做四轮定位", None))
VALUABLES = ("", "", "", "行车记录仪", "墨镜、充电线", "儿童安全座椅", "现金已交客户带走", "雨伞")
NOTES = ("", "", "客户知悉外观旧伤", "车内有宠物毛发", "后备箱有杂物")
OPEN_STATES = ("draft", "started", "in_progress")


def generate_demo(g: Gen, orders: list[WO]) -> None:
    op_of = {code: (code, Decimal(hours), rate) for code, _n, hours, rate, _t, _g in C.LABOR_OPS}
    by_vehicle: dict[int, list[WO]] = {}
    for wo in sorted(orders, key=lambda w: w.opened):
        if wo.cancelled is None:
            by_vehicle.setdefault(wo.vehicle.id, []).append(wo)
    for wo in orders:
        if wo.cancelled is not None or wo.opened > g.now:
            continue
        for item in wo.added:
            if item["state"] == "declined" and item["decided"] <= g.now:
                code = dict(C.ADDED_ITEMS).get(item["description"])
                _declined(g, wo, by_vehicle, item["description"], op_of.get(code) if code else None, "declined_item",
                          item["decided"], wo.advisor, item["id"])
        if wo.inspected <= g.now and g.rng.random() < 0.06:
            desc, code = g.rng.choice(QC_SUGGESTIONS)
            _declined(g, wo, by_vehicle, desc, op_of.get(code) if code else None, "qc_suggestion", wo.inspected - MINUTE,
                      g.users["qc"], None)
        if g.rng.random() < 0.7:
            _walkaround(g, wo)
    _photos(g, [wo for wo in orders if wo.state in OPEN_STATES and wo.opened <= g.now][-2:])


def _declined(g: Gen, wo: WO, by_vehicle: dict[int, list[WO]], desc: str, op: tuple[str, Decimal, int] | None,
              source: str, at: int, who: int, item_id: int | None) -> None:
    rng = g.rng
    amount = (op[1] * op[2]).quantize(Decimal("0.01")) if op else Decimal(rng.choice((120, 300, 480, 800)))
    later = [w for w in by_vehicle.get(wo.vehicle.id, []) if w.opened > at + DAY and w.opened <= g.now]
    state, closed_at, closed_by, taken, reason = "open", None, None, None, ""
    roll = rng.random()
    if later and roll < 0.45:
        state, closed_at, closed_by, taken = "done", later[0].opened + 5 * MINUTE, later[0].advisor, later[0].id
    elif roll > 0.88 and at + 30 * DAY < g.now:
        state, closed_at, closed_by = "dismissed", at + rng.randint(10, 30) * DAY, wo.advisor
        reason = rng.choice(("客户已在外面修好", "客户电话回访表示不需要", "车辆已转卖"))
    g.add("declined_work", {
        "id": g.ids.next("declined_work"), "vehicle_id": wo.vehicle.id, "customer_id": wo.vehicle.customer_id,
        "source": source, "state": state, "description": desc, "amount": amount,
        "lines": json.dumps({"labor": [{"code": op[0], "hours": str(op[1])}]} if op else {}, ensure_ascii=False),
        "work_order_id": wo.id, "added_item_id": item_id, "noted_by": who, "noted_at": dtn(at),
        "closed_by": closed_by, "closed_at": dtn(closed_at) if closed_at else None, "close_reason": reason,
        "taken_into_id": taken})


def _walkaround(g: Gen, wo: WO) -> None:
    rng = g.rng
    marks = [[round(rng.uniform(0.15, 0.85), 3), round(rng.uniform(0.05, 0.95), 3), rng.choice(tuple(DAMAGE_KINDS))]
             for _ in range(rng.choices((0, 1, 2, 3), (45, 30, 17, 8))[0])]
    lamps = rng.sample(tuple(WARNING_LAMPS), rng.choices((0, 1, 2), (80, 16, 4))[0])
    tyres = {p: rng.choices(("ok", "worn", "low"), (85, 10, 5))[0] for p in TYRE_POSITIONS}
    g.add("walkarounds", {
        "id": g.ids.next("walkarounds"), "work_order_id": wo.id, "fuel_eighths": rng.randint(1, 8),
        "mileage": wo.mileage, "valuables": rng.choice(VALUABLES),
        "warning_lamps": ",".join(k for k in WARNING_LAMPS if k in lamps), "tyres": json.dumps(tyres),
        "damage_marks": json.dumps(marks), "note": rng.choice(NOTES), "recorded_by": wo.advisor,
        "recorded_at": dtn(min(wo.opened + rng.randint(2, 10) * MINUTE, g.now)), "version": 1})


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small PNG written by hand (a shaded panel): no imaging library in the core."""
    rows = b"".join(b"\x00" + bytes((min(255, rgb[0] + y), min(255, rgb[1] + y // 2), rgb[2])) * width
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def _photos(g: Gen, orders: list[WO]) -> None:
    import hashlib

    for wo in orders:
        for i, (caption, rgb) in enumerate((("左前 45°", (90, 110, 140)), ("右后 45°", (120, 90, 80)))):
            data, thumb = png(320, 240, rgb), png(160, 120, rgb)
            g.add("walkaround_photos", {
                "id": g.ids.next("walkaround_photos"), "work_order_id": wo.id, "caption": caption, "source": "file",
                "mime": "image/png", "width": 320, "height": 240, "data": data, "thumb": thumb,
                "sha256": hashlib.sha256(data).hexdigest(), "added_by": wo.advisor,
                "added_at": dtn(min(wo.opened + (12 + i) * MINUTE, g.now))})
