"""R3: work the customer declined — an added item declined (F6) or a suggestion the QC inspector noted — stays
on the vehicle as open until it is done (taken into a later work order) or dismissed, with who and why."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from workshop.domain.clock import to_shop
from workshop.domain.lang import tr


class DeclinedSource(StrEnum):
    DECLINED_ITEM = "declined_item"   # F6: the customer said no to an added item
    QC_SUGGESTION = "qc_suggestion"   # noted by the QC inspector


class DeclinedState(StrEnum):
    OPEN = "open"
    DONE = "done"            # taken into a later work order
    DISMISSED = "dismissed"  # no longer needed (who and why recorded)


def reception_hint(description: str, source: str, at: datetime, lang: str = "zh") -> str:
    """What reception reads when the vehicle is picked: 上次建议：更换前刹车片，2026-10-12 拒绝."""
    day = to_shop(at).date().isoformat()
    from workshop.domain.labels import label_of  # the labels import this module

    said = label_of(DeclinedSource, source, lang)
    return tr(lang, f"上次建议：{description}，{day} {said}", f"Last suggested: {description}, {day} {said}")
