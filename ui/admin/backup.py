"""Administration: backup now, restore from a file, and the daily automatic backup (keeping the last N)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.widgets import save_pdf
from ui.widgets.columns import fit_columns
from workshop.domain.changes import ChangeSet
from workshop.domain.clock import fmt_shop
from workshop.services import backup, backup_list, restore


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
        layout.addWidget(QLabel(ctx.tr("备份文件夹里的备份（“已验证”：恢复前的检查已通过）：",
                                       "Backups in the backup folder (\"verified\": the check a restore runs passed):")))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backup_list")
        self.table.setHorizontalHeaderLabels([ctx.tr("时间", "Time"), ctx.tr("大小", "Size"),
                                              ctx.tr("验证", "Verified"), ctx.tr("文件", "File")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        list_row = QHBoxLayout()
        refresh = QPushButton(ctx.tr("刷新列表", "Refresh the list"))
        refresh.clicked.connect(self.refresh_list)
        self.restore_selected_button = QPushButton(ctx.tr("从选中的备份恢复…", "Restore from the selected backup…"))
        self.restore_selected_button.clicked.connect(self.restore_selected)
        list_row.addWidget(refresh)
        list_row.addWidget(self.restore_selected_button)
        list_row.addStretch(1)
        layout.addLayout(list_row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.files: list[backup_list.BackupFile] = []
        self.verdicts: dict[Path, backup_list.Verdict] = {}
        self.checking = False  # files of the list are being verified
        self.refresh_list()

    # --- the list of backups -----------------------------------------------------------------------------
    def refresh_list(self) -> None:
        """List the folder now (a directory listing); verify the files in the background (the operations runner)."""
        ctx = self.ctx
        self.files = backup_list.list_backups(ctx.db, self.folder)
        self.verdicts = {}
        self.table.setRowCount(len(self.files))
        for i, f in enumerate(self.files):
            size = QTableWidgetItem(f"{f.size / 1_048_576:.1f} MB" if f.size >= 1_048_576 else f"{f.size / 1024:.0f} KB")
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for col, item in enumerate((QTableWidgetItem(fmt_shop(f.taken_at)), size,
                                        QTableWidgetItem(ctx.tr("检查中…", "checking…")), QTableWidgetItem(f.path.name))):
                self.table.setItem(i, col, item)
        files = list(self.files)
        known = backup_list.known_verdicts(ctx.db, files)
        if known:
            self._show_verdicts(files, known)
        fit_columns(self.table)
        if len(known) < len(files):
            self.checking = True
            ctx.ops.run(lambda: backup_list.verify_all(ctx.db, files), lambda v: self._show_verdicts(files, v))

    # issue 22: the list (a directory listing) is the screen's data and shows at once; each file's check (the
    # one a restore runs: a checksum and an integrity check of the whole file) follows in the background
    loading = False

    def _show_verdicts(self, files: list[backup_list.BackupFile], verdicts: dict[Path, backup_list.Verdict]) -> None:
        if files != self.files:
            return  # the list was refreshed meanwhile; its own check is on its way
        self.verdicts = verdicts
        self.checking = len(verdicts) < len(files)
        for i, f in enumerate(files):
            v = verdicts.get(f.path)
            if v is None:
                continue  # still being checked
            item = QTableWidgetItem("✓ " + self.ctx.tr("已验证", "verified") if v.verified
                                    else "✗ " + self.ctx.tr("不能恢复", "cannot be restored"))
            if not v.verified:
                item.setToolTip(self.ctx.tr(v.reason_zh, v.reason_en))
            self.table.setItem(i, 2, item)

    def restore_selected(self) -> None:
        ctx = self.ctx
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.status.setText(ctx.tr("请先在列表中选择一个备份。", "Choose a backup in the list first."))
            return
        self.confirm_restore(self.files[rows[0].row()].path)

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
                                  lambda p: self.status.setText(ctx.tr(f"已备份到 {p}", f"Backed up to {p}")),
                                  parent=self)

    def restore(self) -> None:
        ctx = self.ctx
        chosen = save_pdf.ask_open_path(self, ctx, ctx.tr("选择备份文件", "Choose a backup"))
        if chosen is None:
            return
        self.confirm_restore(Path(chosen))

    def confirm_restore(self, file: Path) -> None:
        """Through restore.restore_database: the same verification, safety copy, audit, refusal when others are on."""
        ctx = self.ctx
        sure = QMessageBox.question(self, ctx.tr("恢复", "Restore"), ctx.tr(
            "恢复会先检查备份并给当前数据库做安全副本，然后用备份替换当前全部数据，确定吗？",
            "The backup is checked and a safety copy of the current database is taken first; then the backup "
            "replaces all current data. Go ahead?"))
        if sure != QMessageBox.StandardButton.Yes:
            return
        ctx.ops.run(lambda: restore.other_connections(ctx.db), lambda n: self._restore_when_alone(file, n))

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
            self.refresh_list()

        ctx.ops.run_with_progress(work, ctx.tr("正在检查并恢复…", "Checking and restoring…"), done,
                                  changes=ChangeSet.everything(), parent=self)

    def daily(self) -> None:
        ctx = self.ctx
        keep = self.keep.value()

        def work(progress: backup.Progress) -> Path | None:
            backup.check_backup_right(ctx.db, ctx.actor)
            try:
                return backup.auto_backup(ctx.db, self.folder, keep)
            finally:
                self.ctx.ops.daily_backup_changed.emit()

        def done(p: Path | None) -> None:
            self.status.setText(ctx.tr(f"今日备份：{p or '今天已有备份'}", f"Today's backup: {p or 'already made today'}"))
            self.refresh_list()

        ctx.ops.run_with_progress(work, ctx.tr("正在备份…", "Backing up…"), done, parent=self)

    def _show_daily_state(self) -> None:
        self.daily_state.setText(backup.daily_status_text(backup.daily_status(self.folder), self.ctx.lang))
