"""The daily backup runs by itself while the app is open (workshop.services.daily_backup): checked at start and
then every minute, run in the background through the operations runner; a failure is tried again after
RETRY_MINUTES and stays in the status bar (Operations.daily_backup_changed) until a backup succeeds."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from ui.context import AppContext
from workshop.domain.clock import utcnow
from workshop.services import backup, daily_backup

RETRY_MINUTES = 30


class DailyBackupScheduler(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, interval_ms: int = 60_000,
                 attempts: int = 3, pause: float = 5.0) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.folder: Path = backup.daily_folder()
        self.attempts = attempts
        self.pause = pause
        self.running = False
        self.failed_at: datetime | None = None
        self.runs = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check(at_start=True)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self, at_start: bool = False) -> None:
        ctx = self.ctx
        if self.running or not daily_backup.desk_runs_daily_backup(ctx.db, ctx.actor):
            return
        now = utcnow()
        if self.failed_at is not None and now - self.failed_at < timedelta(minutes=RETRY_MINUTES):
            return
        if not daily_backup.is_due(ctx.db, self.folder, at_start=at_start or self.failed_at is not None, now=now):
            return
        self.running = True
        self.runs += 1
        folder, attempts, pause = self.folder, self.attempts, self.pause
        ctx.ops.run(lambda: daily_backup.run_daily(ctx.db, ctx.actor, folder, attempts=attempts, pause=pause),
                    self._done, on_error=self._failed)

    def _done(self, _made: object) -> None:
        self.running = False
        self.failed_at = None
        self.ctx.ops.daily_backup_changed.emit()

    def _failed(self, _exc: BaseException) -> None:
        self.running = False
        self.failed_at = utcnow()
        self.ctx.ops.daily_backup_changed.emit()  # the recorded failure shows in the status bar
