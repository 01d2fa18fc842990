"""One audit row as words: the sentence of its action, and its details field by field, times in shop time."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from workshop.domain.audit_actions import ACTIONS, entity_name, field_name
from workshop.domain.clock import fmt_shop
from workshop.domain.labels import label
from workshop.domain.lang import tr
from workshop.domain.work_order import Kind, State

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")
_STATE_KEYS = frozenset({"before", "after"})


def parse_summary(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {"note": raw}
    return value if isinstance(value, dict) else {"note": value}


def shop_time_text(text: str) -> str:
    """An ISO time written by a service (UTC) in shop time: "2026-12-01T10:00:00+00:00" -> "2026-12-01 18:00"."""
    if not _TIME.match(text):
        return text
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return fmt_shop(dt)


def value_text(value: Any, lang: str, key: str = "") -> str:
    """A summary value for a person: times in shop time, yes/no, states and kinds by their names."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return tr(lang, "是" if value else "否", "yes" if value else "no")
    if isinstance(value, list):
        return tr(lang, "、", ", ").join(value_text(v, lang) for v in value)
    if isinstance(value, dict):
        return changes_text(value, lang) if _is_changes(value) else "; ".join(
            f"{field_name(k, lang)} {value_text(v, lang, k)}" for k, v in value.items())
    text = str(value)
    if text == "":
        return tr(lang, "（空）", "(empty)")
    if key in ("kind",) and text in Kind.__members__.values():
        return label(Kind(text), lang)
    if key == "pct" and re.fullmatch(r"\d+\.\d+", text):
        return text.rstrip("0").rstrip(".")
    if key in _STATE_KEYS and text in State.__members__.values():
        return label(State(text), lang)
    return shop_time_text(text)


def _is_changes(value: dict[str, Any]) -> bool:
    return bool(value) and all(isinstance(v, list) and len(v) == 2 for v in value.values())


def changes_text(changed: dict[str, Any], lang: str) -> str:
    """{"phone": ["138…", "139…"]} -> "电话 138… → 139…"."""
    sep = tr(lang, "；", "; ")
    return sep.join(f"{field_name(k, lang)} {value_text(v[0], lang, k)} → {value_text(v[1], lang, k)}"
                    for k, v in changed.items())


def before_after_changes(summary: dict[str, Any]) -> dict[str, list[Any]]:
    """What differs between the before and after dicts of an edit."""
    before, after = summary.get("before"), summary.get("after")
    if not isinstance(before, dict) or not isinstance(after, dict):
        return {}
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


class _Fill(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def sentence(action: str, who: str, record: str, summary: dict[str, Any], lang: str) -> str:
    """The action as one sentence ("张顾问 把 RO2612-0033 的折扣改为 10 %（…）"); an unknown code still reads."""
    fill = _Fill({k: value_text(v, lang, k) for k, v in summary.items()})
    fill["who"] = who
    fill["rec"] = record
    diff = before_after_changes(summary)
    if isinstance(summary.get("changed"), dict):
        fill["changed"] = changes_text(summary["changed"], lang) or "—"
    fill["changes"] = changes_text(diff, lang) if diff else "—"
    text = ACTIONS.get(action)
    if text is None:
        return f"{who}: {action} {record}"
    return tr(lang, text.zh, text.en).format_map(fill)


def details(entity: str, entity_id: str, summary: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The raw record field by field, fields by their names, times in shop time."""
    rows = [(entity_name(entity, lang), entity_id)]
    rows += [(field_name(k, lang), value_text(v, lang, k)) for k, v in summary.items()]
    return rows
