"""Run a service call off the GUI thread, report success or failure, and tell every screen what changed."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from workshop.db.retry import call_with_retry
from workshop.domain.errors import WorkshopError
from workshop.failures import sentence_for

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
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
        try:
            if self.with_progress:
                result = self.fn(lambda done, total: self.signals.progress.emit(int(done), int(total)))
            else:  # one service call = one transaction: safe to run again after a transient lock error
                result = call_with_retry(self.fn)
        except Exception as exc:  # reported on the GUI thread
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class Operations(QObject):
    """ops.run(fn, on_done=..., changed="work_orders"): fn runs on a worker thread; the result comes back on
    the GUI thread; a WorkshopError is shown to the user in their language; `changed` is then emitted."""

    changed = Signal(str)
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

    @property
    def active(self) -> int:
        return len(self._jobs)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], object] | None = None,
        *,
        changed: str | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self._start(_Job(fn, False), on_done, changed, on_error, parent, None)

    def run_with_progress(
        self,
        fn: Callable[[Callable[[int, int], None]], Any],
        label: str,
        on_done: Callable[[Any], object] | None = None,
        *,
        changed: str | None = None,
        parent: QWidget | None = None,
        on_cancel: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """For long work (backup, restore, demo data, imports, label batches): a progress dialog meanwhile.
        on_cancel: the dialog gets a Cancel button calling it (the work itself must then stop, e.g. by raising
        from its progress callback)."""
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
        self._start(job, on_done, changed, on_error, parent, dialog)

    def _start(self, job: _Job, on_done: Callable[[Any], object] | None, changed: str | None,
               on_error: Callable[[BaseException], None] | None, parent: QWidget | None,
               dialog: QProgressDialog | None) -> None:
        self._jobs.add(job)
        self.busy_changed.emit(len(self._jobs))

        @Slot(object)
        def finished(result: Any) -> None:
            self._finish(job, dialog)
            if on_done is not None:
                on_done(result)
            if changed:
                self.changed.emit(changed)

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
        while self._jobs and timer.elapsed() < timeout_ms:
            self.pool.waitForDone(QDeadlineTimer(20))
            QCoreApplication.processEvents()
        QCoreApplication.processEvents()
        return not self._jobs
