"""QueryOp: a screen's read off the GUI thread, its result applied on the GUI thread, only the latest one.

    self.list_query = QueryOp(self, ctx.ops, self._show_rows)            # apply(result) on the GUI thread
    self.list_query.run(lambda: queries.list_claims(ctx.db, ...))        # now
    self.search_query = QueryOp(self, ctx.ops, self._show_hits, debounce_ms=SEARCH_DEBOUNCE_MS)
    self.search.textChanged.connect(lambda text: self.search_query.schedule(lambda: find(ctx.db, text)))

Each request gets a number; a result (or an error) of any but the latest request is dropped, so a slow answer
to an old filter never overwrites the answer to the new one. schedule() waits until the user stopped typing
for debounce_ms before it starts the read. Reads go through the operation runner (`ops.run`): the status bar
says "working", a transient lock is retried, and `ops.wait()` (tests, the screenshot mode) waits for them.
The owner may close meanwhile: nothing is applied to a deleted widget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer
from shiboken6 import isValid

from ui.operations import Operations

T = TypeVar("T")

SEARCH_DEBOUNCE_MS = 200  # search-as-you-type: the read starts this long after the last key


class QueryOp(QObject, Generic[T]):
    def __init__(self, owner: QObject, ops: Operations, apply: Callable[[T], object], *,
                 on_error: Callable[[BaseException], object] | None = None, debounce_ms: int = 0) -> None:
        super().__init__(owner)
        self.ops = ops
        self.apply = apply
        self.on_error = on_error
        self.generation = 0   # the latest request
        self.applied = 0      # the request whose result is shown
        self._waiting: Callable[[], T] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(debounce_ms)
        self.timer.timeout.connect(self._start_waiting)

    @property
    def pending(self) -> bool:
        """A request is waiting for its debounce or its result."""
        return self.timer.isActive() or self.applied != self.generation

    def run(self, fn: Callable[[], T]) -> None:
        """Start the read now; whatever an earlier request returns is dropped."""
        self.timer.stop()
        self._waiting = None
        self.generation += 1
        generation = self.generation
        self.ops.run(fn, lambda result: self._done(generation, result),
                     on_error=lambda exc: self._failed(generation, exc))

    def schedule(self, fn: Callable[[], T]) -> None:
        """Start the read once no other request came for debounce_ms (typing in a search field)."""
        self._waiting = fn
        self.generation += 1  # an answer still in flight is stale from now on
        self.timer.start()

    def flush(self) -> None:
        """Start a scheduled read at once (Enter pressed; tests)."""
        if self.timer.isActive():
            self.timer.stop()
            self._start_waiting()

    def _start_waiting(self) -> None:
        if self._waiting is not None:
            fn, self._waiting = self._waiting, None
            self.run(fn)

    def _current(self, generation: int) -> bool:
        return isValid(self) and generation == self.generation

    def _done(self, generation: int, result: Any) -> None:
        if self._current(generation):
            self.applied = generation
            self.apply(result)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not self._current(generation):
            return
        self.applied = generation
        if self.on_error is not None:
            self.on_error(exc)
        else:
            self.ops.report(exc)
