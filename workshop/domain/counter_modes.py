"""The parts counter's modes (P1 issue, P4 return, P7 old part handed in) and the barcodes of the counter card
that switch them: a clerk scans `#MODE-RETURN` on the card instead of reaching for the mouse."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CounterMode:
    key: str
    code: str      # printed on the counter card (Code 128)
    zh: str
    en: str
    colour: str    # the mode's colour on screen and on the card
    function_key: str


MODES: tuple[CounterMode, ...] = (
    CounterMode("issue", "#MODE-ISSUE", "发料", "Issue", "#1565c0", "F2"),
    CounterMode("return", "#MODE-RETURN", "退料", "Return", "#e65100", "F3"),
    CounterMode("old_part", "#MODE-OLD-PART", "收旧件", "Old part in", "#6a1b9a", "F4"),
)
MODE_KEYS = tuple(m.key for m in MODES)
_BY_CODE = {m.code: m for m in MODES}


def mode_named(key: str) -> CounterMode:
    return next(m for m in MODES if m.key == key)


def mode_for_scan(code: str) -> CounterMode | None:
    """The mode a scanned code switches to, or None for any other code (case and spaces do not matter: a
    scanner with CapsLock on sends `#mode-return`)."""
    return _BY_CODE.get("".join((code or "").split()).upper())
