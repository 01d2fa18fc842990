"""The main window: navigation by role, screens built when first opened, user and database in the status bar."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ui.approvals import notice
from ui.context import AppContext
from ui.screens import SCREENS, ScreenSpec
from workshop.domain.roles import ROLE_NAMES_EN, ROLE_NAMES_ZH, Perm
from workshop.services import backup


def build_screen(ctx: AppContext, spec: ScreenSpec) -> QWidget:
    module_name, class_name = spec.factory.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(ctx)  # type: ignore[no-any-return]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(ctx.tr("Workshop 售后服务管理", "Workshop — after-sales service"))
        self.specs = [s for s in SCREENS if ctx.can(s.perm)]
        self.screens: dict[str, QWidget] = {}

        self.nav = QListWidget()
        self.nav.setFixedWidth(170)
        self.nav.setObjectName("nav")
        self.nav.setStyleSheet(
            "QListWidget#nav { background: #2c3e50; color: #ecf0f1; border: none; font-size: 11pt; }"
            "QListWidget#nav::item { padding: 9px 12px; }"
            "QListWidget#nav::item:selected { background: #2980b9; color: white; }"
        )
        for spec in self.specs:
            item = QListWidgetItem(ctx.tr(spec.title_zh, spec.title_en))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        roles = "、".join((ROLE_NAMES_EN if ctx.lang == "en" else ROLE_NAMES_ZH)[r] for r in sorted(ctx.actor.roles))
        self.user_label = QLabel(ctx.tr(f"用户：{ctx.actor.display_name}（{roles}）",
                                        f"User: {ctx.actor.display_name} ({roles})"))
        self.db_label = QLabel(ctx.tr(f"数据库：{ctx.db.describe()}", f"Database: {ctx.db.describe()}"))
        self.busy_label = QLabel("")
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.backup_label = QLabel("")
        self.backup_label.setObjectName("daily_backup_warning")
        self.backup_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.statusBar().addPermanentWidget(self.backup_label)
        ctx.ops.daily_backup_changed.connect(self.show_daily_backup_state)
        self.show_daily_backup_state()
        ctx.ops.busy_changed.connect(
            lambda n: self.busy_label.setText(ctx.tr("处理中…", "Working…") if n else "")
        )
        self.request_watcher = notice.attach(ctx, self.statusBar(), self)  # A4: my requests decided
        self.nav.currentRowChanged.connect(self._show_row)
        if self.specs:
            self.nav.setCurrentRow(0)

    def show_daily_backup_state(self) -> None:
        """A failed daily backup stays in the status bar (for whoever may back up) until one succeeds."""
        status = backup.daily_status(backup.daily_folder()) if self.ctx.can(Perm.BACKUP) else None
        failed = status is not None and not status.ok
        self.backup_label.setText(backup.daily_status_text(status, self.ctx.lang) if failed else "")

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.show_screen(self.specs[row].key)

    def show_screen(self, key: str) -> QWidget:
        """Build the screen on first use (so start-up stays fast) and bring it up."""
        if key not in self.screens:
            spec = next(s for s in self.specs if s.key == key)
            widget = build_screen(self.ctx, spec)
            widget.setObjectName(f"screen_{key}")
            self.screens[key] = widget
            self.stack.addWidget(widget)
        widget = self.screens[key]
        self.stack.setCurrentWidget(widget)
        row = next(i for i, s in enumerate(self.specs) if s.key == key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        return widget
