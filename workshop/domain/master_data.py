"""S1: the shop's master data vocabulary: labor operation kinds and the teams' rate rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from workshop.domain.clock import SHOP_TZ
from workshop.domain.errors import InvalidInput


class LaborKind(StrEnum):
    REPAIR = "repair"            # 机电维修
    MAINTENANCE = "maintenance"  # 保养
    BODY = "body"                # 钣金
    PAINT = "paint"              # 喷漆
    DIAGNOSIS = "diagnosis"      # 检测诊断
    ELECTRICAL = "electrical"    # 电器



# units a part is counted in (the list the part dialog offers; any short text is accepted)
PART_UNITS = ("件", "个", "套", "升", "瓶", "桶", "米", "千克", "对", "组", "盒", "张")


def parse_shop_time(text: str) -> datetime | None:
    """A moment typed in the shop's zone (YYYY-MM-DD [HH:MM], full-width digits too); blank is None (now)."""
    from workshop.domain.text import halfwidth

    t = halfwidth(text or "").strip()
    if not t:
        return None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(t, fmt).replace(tzinfo=SHOP_TZ)
        except ValueError:
            continue
    raise InvalidInput("时间格式应为 2026-12-01 或 2026-12-01 08:00。", "Write the time as 2026-12-01 or 2026-12-01 08:00.")


def yes_no(value: object, field_zh: str, field_en: str) -> bool:
    """A yes/no field of a master-data form: a real bool, never a truthy string such as "no"."""
    if not isinstance(value, bool):
        raise InvalidInput(f"{field_zh}只能是“是”或“否”。", f"{field_en} is yes or no.")
    return value


def refuse_unknown_fields(changes: Iterable[str], allowed: Iterable[str]) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise InvalidInput(f"不能修改：{', '.join(unknown)}", f"Cannot change: {', '.join(unknown)}")
