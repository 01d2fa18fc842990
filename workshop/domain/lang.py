"""The user's language: Chinese unless "en". `tr(lang, zh, en)` is the one helper for a sentence that names no
code (a code's name comes from workshop.domain.labels). It imports nothing, so the lowest layers may use it."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def tr(lang: str, zh: T, en: T) -> T:
    return en if lang == "en" else zh
