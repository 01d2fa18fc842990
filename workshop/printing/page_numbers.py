""""第 1 页 / 共 2 页" on every page: a reportlab canvas that keeps each page until the document is complete,
then writes the page count into every footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas


def page_text(page: int, pages: int) -> str:
    return f"第 {page} 页 / 共 {pages} 页"


def numbered_canvas(draw: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A Canvas class for `doc.build(story, canvasmaker=...)`; `draw(canvas, page, pages)` writes the page
    number on each page once the number of pages is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                draw(self, number, pages)
                super().showPage()
            super().save()

    return NumberedCanvas
