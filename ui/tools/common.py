"""Small helpers shared by the tool crib and claim screens (both owned by the same engineer)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.context import AppContext
from workshop.domain.errors import WorkshopError

GREEN = "#1a7f37"
RED = "#c81e1e"


def error_text(ctx: AppContext, exc: BaseException) -> str:
    if isinstance(exc, WorkshopError):
        return exc.message(ctx.lang)
    return ctx.tr(f"意外错误：{exc}", f"Unexpected error: {exc}")


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(f"color: {RED}")
    label.setWordWrap(True)
    return label


def say(label: QLabel, text: str, ok: bool) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {GREEN if ok else RED}; font-weight: bold")
