"""Freshness: when a screen reads its data again - after a change it shows, not on every switch back to it.

    self.fresh = Freshness(self, ctx.ops, {RecordKind.CLAIMS, RecordKind.STOCK}, self.reload)
    ...
    def _rows_in(self, rows): ...; self.fresh.mark_loaded()

A change set of those kinds (ctx.ops.watch) reloads a screen at once; a screen hidden after it was shown (another
screen in front of it) only notes it and reloads when it is shown again. Switching back to a screen nothing relevant changed for reads nothing.
Other desks change the same database and their change sets never reach this program: a screen shown again
after max_age_s (OTHER_DESKS_S, 30 s, unless it says otherwise) reloads too, in the background. Time-dependent
screens (the boards: "late", minutes on the job) give their own max_age_s. reload() should read off the GUI thread (QueryOp): the switch shows the last answer at once
and the new one replaces it when it arrives. `relevant(changes)` narrows the kinds further (an id filter)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from ui.operations import Operations
from workshop.domain.changes import ChangeSet, RecordKind

OTHER_DESKS_S = 30.0  # what another desk saved shows when a screen is shown again after this long


class Freshness(QObject):
    def __init__(self, owner: QWidget, ops: Operations, kinds: Iterable[RecordKind], reload: Callable[[], object],
                 *, max_age_s: float | None = OTHER_DESKS_S, relevant: Callable[[ChangeSet], bool] | None = None) -> None:
        super().__init__(owner)
        self.owner = owner
        self.reload = reload
        self.max_age_s = max_age_s
        self.relevant = relevant
        self.stale = False
        self.hidden = False  # hidden since it was shown (never shown: a change reloads at once, as on screen)
        self.loaded_at: float | None = None  # time.monotonic() of the last answer shown
        self.reloads = 0  # reloads this helper started (tests)
        ops.watch(owner, kinds, self._changed)
        owner.installEventFilter(self)

    def mark_loaded(self) -> None:
        """The screen shows fresh data now (call it where the answer is applied)."""
        self.loaded_at = time.monotonic()

    def _start(self) -> None:
        self.stale = False
        self.reloads += 1
        self.reload()

    def _changed(self, changes: ChangeSet) -> None:
        if self.relevant is not None and not self.relevant(changes):
            return
        if self.hidden:
            self.stale = True
        else:
            self._start()

    def too_old(self) -> bool:
        return (self.max_age_s is not None and self.loaded_at is not None
                and time.monotonic() - self.loaded_at > self.max_age_s)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.owner:
            if event.type() == QEvent.Type.Hide:
                self.hidden = True
            elif event.type() == QEvent.Type.Show:
                self.hidden = False
                if self.stale or self.too_old():
                    self._start()
        return False
