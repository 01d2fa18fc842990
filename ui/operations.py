"""Run a service call off the GUI thread, report success or failure, and tell every screen what changed.

`ops.run_service(service, *args, on_done=...)` calls `service(db.uow(), actor, *args)` on a worker thread, again
after a transient lock error (workshop.db.retry, as the CLI does); every unit of work committed by a job adds
its ChangeSet (workshop.domain.changes) and the runner broadcasts the whole on `records_changed`. Screens
listen by kind (and record id) through `ops.watch(self, {RecordKind.X}, callback)`."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from workshop.db import change_tracking
from workshop.db.retry import call_with_retry
from workshop.db.uow import Database
from workshop.domain.changes import NO_CHANGES, ChangeBuilder, ChangeSet, RecordKind
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Actor
from workshop.failures import sentence_for

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object, object)  # the result, the ChangeSet of what the job committed
    failed = Signal(object, str)
    progress = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], with_progress: bool) -> None:
        super().__init__()
        self.fn = fn
        self.with_progress = with_progress
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        heard = ChangeBuilder()
        try:
            with change_tracking.collecting() as heard:
                if self.with_progress:
                    result = self.fn(lambda done, total: self.signals.progress.emit(int(done), int(total)))
                else:  # one service call = one transaction: safe to run again after a transient lock error
                    result = call_with_retry(self.fn)
        except Exception as exc:  # reported on the GUI thread (what committed before it is still broadcast)
            if changes := heard.freeze():
                self.signals.done.emit(_FAILED, changes)
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result, heard.freeze())


_FAILED = object()  # done before failed: only the broadcast of what a failing job had committed before


class _Watch(QObject):
    """One screen's subscription; a child of the screen, so it ends with it (no call into a deleted widget)."""

    def __init__(self, owner: QObject, kinds: frozenset[RecordKind], callback: Callable[[ChangeSet], object]):
        super().__init__(owner)
        self.kinds = kinds
        self.callback = callback

    @Slot(object)
    def heard(self, changes: ChangeSet) -> None:
        if changes.touches(*self.kinds):
            self.callback(changes)


class Operations(QObject):
    """ops.run_service(service, *args, on_done=...) / ops.run(fn, on_done=...): the work runs on a worker thread;
    the result comes back on the GUI thread; a WorkshopError is shown to the user in their language; what the
    job committed is then broadcast on `records_changed` (a ChangeSet)."""

    records_changed = Signal(object)  # ChangeSet
    daily_backup_changed = Signal()  # the daily backup ran (its outcome is in backup.daily_status)
    busy_changed = Signal(int)

    def __init__(self, lang: str = "zh", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.pool = QThreadPool.globalInstance()
        self._jobs: set[_Job] = set()
        self.last_error: BaseException | None = None
        self.last_message = ""
        self.show_errors = True
        self._db: Database | None = None
        self._actor: Callable[[], Actor] | None = None

    def bind(self, db: Database, actor: Callable[[], Actor]) -> None:
        """The database and the logged-in user that run_service supplies (AppContext binds itself)."""
        self._db, self._actor = db, actor

    def run_service(self, service: Callable[..., Any], /, *args: Any, on_done: Callable[[Any], object] | None = None,
                    on_error: Callable[[BaseException], None] | None = None, parent: QWidget | None = None,
                    **kwargs: Any) -> None:
        """service(uow, actor, *args, **kwargs) in a fresh unit of work per attempt, on a worker thread."""
        if self._db is None or self._actor is None:
            raise RuntimeError("Operations.bind(db, actor) first")
        db, actor = self._db, self._actor()
        self.run(lambda: service(db.uow(), actor, *args, **kwargs), on_done, on_error=on_error, parent=parent)

    def run_service_with_progress(self, fn: Callable[..., Any], label: str, /, *args: Any,
                                  on_done: Callable[[Any], object] | None = None, **options: Any) -> None:
        """fn(uow, actor, progress, *args) on a worker with a progress dialog (an import: one transaction whose
        progress callback may raise to cancel it); options as run_with_progress (changes, parent, on_cancel...)."""
        if self._db is None or self._actor is None:
            raise RuntimeError("Operations.bind(db, actor) first")
        db, actor = self._db, self._actor()
        self.run_with_progress(lambda progress: fn(db.uow(), actor, progress, *args), label, on_done, **options)

    def watch(self, owner: QObject, kinds: Iterable[RecordKind], callback: Callable[[ChangeSet], object]) -> None:
        """callback(changes) on the GUI thread whenever a job committed a change of one of these kinds."""
        watch = _Watch(owner, frozenset(kinds), callback)
        self.records_changed.connect(watch.heard)

    def broadcast(self, changes: ChangeSet) -> None:
        if changes:
            self.records_changed.emit(changes)

    @property
    def active(self) -> int:
        return len(self._jobs)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], object] | None = None,
        *,
        on_error: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self._start(_Job(fn, False), on_done, NO_CHANGES, on_error, parent, None)

    def run_with_progress(
        self,
        fn: Callable[[Callable[[int, int], None]], Any],
        label: str,
        on_done: Callable[[Any], object] | None = None,
        *,
        changes: ChangeSet = NO_CHANGES,
        parent: QWidget | None = None,
        on_cancel: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """For long work (backup, restore, demo data, imports, label batches): a progress dialog meanwhile.
        on_cancel: the dialog gets a Cancel button calling it (the work itself must then stop, e.g. by raising
        from its progress callback). changes: broadcast besides what the job's units of work committed (a
        restore or an import writing past the session: ChangeSet.everything())."""
        dialog = QProgressDialog(label, "", 0, 0, parent)
        if on_cancel is None:
            dialog.setCancelButton(None)
        else:
            dialog.setCancelButtonText("Cancel" if self.lang == "en" else "取消")
            dialog.canceled.connect(on_cancel)
        dialog.setMinimumDuration(300)
        dialog.setWindowTitle("Workshop")
        job = _Job(fn, True)

        def on_progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))

        job.signals.progress.connect(on_progress)
        self._start(job, on_done, changes, on_error, parent, dialog)

    def _start(self, job: _Job, on_done: Callable[[Any], object] | None, extra: ChangeSet,
               on_error: Callable[[BaseException], None] | None, parent: QWidget | None,
               dialog: QProgressDialog | None) -> None:
        self._jobs.add(job)
        self.busy_changed.emit(len(self._jobs))

        @Slot(object, object)
        def finished(result: Any, changes: ChangeSet) -> None:
            if result is _FAILED:
                self.broadcast(changes)
                return
            self._finish(job, dialog)
            if on_done is not None:
                on_done(result)
            self.broadcast(changes.merge(extra))

        @Slot(object, str)
        def failed(exc: BaseException, tb: str) -> None:
            self._finish(job, dialog)
            self.last_error = exc
            if on_error is not None:
                on_error(exc)
                return
            self.report(exc, tb, parent)

        job.signals.done.connect(finished)
        job.signals.failed.connect(failed)
        self.pool.start(job)

    def _finish(self, job: _Job, dialog: QProgressDialog | None) -> None:
        self._jobs.discard(job)
        self.busy_changed.emit(len(self._jobs))
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    def report(self, exc: BaseException, tb: str = "", parent: QWidget | None = None) -> None:
        """A business refusal as its sentence; anything else (database unreachable, disk full, a file or
        encoding error) as a sentence too, its trace in the log file (workshop.failures) - never the driver's
        text. The next action simply tries again: the engine reconnects when the server is back."""
        if isinstance(exc, WorkshopError):
            title = "Not possible" if self.lang == "en" else "无法完成"
        else:
            log.error("error in an operation:\n%s", tb)
            title = "Error" if self.lang == "en" else "出错了"
        self.last_message = sentence_for(exc, self.lang, "gui operation")
        if self.show_errors:
            QMessageBox.warning(parent, title, self.last_message)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """For tests and the screenshot mode: wait until every job has reported back."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QElapsedTimer

        timer = QElapsedTimer()
        timer.start()
        quiet = 0  # event passes in a row that left no job running: a result may start another (a reload)
        while timer.elapsed() < timeout_ms:
            QCoreApplication.processEvents()
            if self._jobs:
                quiet = 0
                self.pool.waitForDone(QDeadlineTimer(20))
            else:
                quiet += 1
                if quiet == 2:
                    break
        return not self._jobs
