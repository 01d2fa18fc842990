"""Administration: backup now, restore from a file, and the daily automatic backup (keeping the last N)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.widgets import save_pdf
from workshop.services import backup, restore


class BackupScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(ctx.tr("备份与恢复", "Backup & restore")))
        info = QLabel(ctx.tr(
            f"当前数据库：{ctx.db.describe()}\n备份在程序运行时进行，数据保持一致（SQLite 在线备份 / PostgreSQL pg_dump）。"
            "恢复前先检查备份（可读、完整、版本、审计链），并给当前数据库做安全副本；恢复会替换整个数据库，其他前台需重新登录。",
            f"Database: {ctx.db.describe()}\nBackups run while the program is in use and stay consistent "
            "(SQLite online backup / PostgreSQL pg_dump). A restore first checks the backup (readable, intact, schema, "
            "audit chain) and takes a safety copy of the current database; it replaces the whole database, and other "
            "desks must log in again.",
        ))
        info.setWordWrap(True)
        layout.addWidget(info)
        row = QHBoxLayout()
        now = QPushButton(ctx.tr("立即备份…", "Back up now…"))
        now.clicked.connect(self.backup_now)
        restore = QPushButton(ctx.tr("从备份恢复…", "Restore from a backup…"))
        restore.clicked.connect(self.restore)
        row.addWidget(now)
        row.addWidget(restore)
        row.addStretch(1)
        layout.addLayout(row)
        self.folder = backup.daily_folder()
        auto = QHBoxLayout()
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setValue(7)
        run_auto = QPushButton(ctx.tr("执行每日自动备份", "Run the daily backup"))
        run_auto.clicked.connect(self.daily)
        auto.addWidget(QLabel(ctx.tr(f"每日自动备份到 {self.folder}，保留最近", f"Daily backup to {self.folder}, keeping the last")))
        auto.addWidget(self.keep)
        auto.addWidget(QLabel(ctx.tr("份", "copies")))
        auto.addWidget(run_auto)
        auto.addStretch(1)
        layout.addLayout(auto)
        self.daily_state = QLabel(backup.daily_status_text(backup.daily_status(self.folder), ctx.lang))
        self.daily_state.setObjectName("daily_backup_status")
        self.daily_state.setWordWrap(True)
        layout.addWidget(self.daily_state)
        ctx.ops.daily_backup_changed.connect(self._show_daily_state)
        self.status = QLabel("")
        layout.addWidget(self.status)
        layout.addStretch(1)

    def backup_now(self) -> None:
        ctx = self.ctx
        chosen = save_pdf.ask_save_path(self, ctx, ctx.tr("备份到", "Back up to"), backup.backup_name(ctx.db),
                                        ctx.tr("备份文件 (*)", "Backup (*)"))
        if chosen is None:
            return
        name = str(chosen)

        def work(progress: backup.Progress) -> Path:
            backup.check_backup_right(ctx.db, ctx.actor)
            return backup.backup_database(ctx.db, Path(name), progress)

        ctx.ops.run_with_progress(work, ctx.tr("正在备份…", "Backing up…"),
                                  lambda p: self.status.setText(ctx.tr(f"已备份到 {p}", f"Backed up to {p}")), parent=self)

    def restore(self) -> None:
        ctx = self.ctx
        chosen = save_pdf.ask_open_path(self, ctx, ctx.tr("选择备份文件", "Choose a backup"))
        if chosen is None:
            return
        name = str(chosen)
        sure = QMessageBox.question(self, ctx.tr("恢复", "Restore"), ctx.tr(
            "恢复会先检查备份并给当前数据库做安全副本，然后用备份替换当前全部数据，确定吗？",
            "The backup is checked and a safety copy of the current database is taken first; then the backup "
            "replaces all current data. Go ahead?"))
        if sure != QMessageBox.StandardButton.Yes:
            return
        ctx.ops.run(lambda: restore.other_connections(ctx.db), lambda n: self._restore_when_alone(Path(name), n))

    def _restore_when_alone(self, file: Path, others: int) -> None:
        ctx = self.ctx
        if others:
            forced = QMessageBox.question(self, ctx.tr("恢复", "Restore"), ctx.tr(
                f"还有 {others} 个其他连接（其他前台）正在使用数据库。仍然强制恢复吗？他们未保存的操作会失败。",
                f"{others} other connection(s) (other desks) are using the database. Force the restore anyway? "
                "What they have not saved will fail."))
            if forced != QMessageBox.StandardButton.Yes:
                return

        def work(progress: backup.Progress) -> restore.RestoreResult:
            return restore.restore_database(ctx.db, file, progress, actor=ctx.actor, force=others > 0)

        def done(result: restore.RestoreResult) -> None:
            self.status.setText(ctx.tr(f"已恢复 {file}。恢复前的安全副本：{result.safety_copy}",
                                       f"Restored {file}. Safety copy of the database before: {result.safety_copy}"))

        ctx.ops.run_with_progress(work, ctx.tr("正在检查并恢复…", "Checking and restoring…"), done, changed="all",
                                  parent=self)

    def daily(self) -> None:
        ctx = self.ctx
        keep = self.keep.value()

        def work(progress: backup.Progress) -> Path | None:
            backup.check_backup_right(ctx.db, ctx.actor)
            try:
                return backup.auto_backup(ctx.db, self.folder, keep)
            finally:
                self.ctx.ops.daily_backup_changed.emit()

        ctx.ops.run_with_progress(work, ctx.tr("正在备份…", "Backing up…"), lambda p: self.status.setText(
            ctx.tr(f"今日备份：{p or '今天已有备份'}", f"Today's backup: {p or 'already made today'}")), parent=self)

    def _show_daily_state(self) -> None:
        self.daily_state.setText(backup.daily_status_text(backup.daily_status(self.folder), self.ctx.lang))
