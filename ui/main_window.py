"""The main window: navigation by role, screens built when first opened, user and database in the status bar.
Each role lands on its own screen; log out / switch user (Ctrl+L); geometry and column widths per user."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from ui import prefs, shortcuts
from ui.approvals import notice
from ui.context import AppContext
from ui.screens import ScreenSpec, home_screen, visible_screens
from ui.shortcuts import HelpOverlay, screen_shortcuts, search_field
from ui.widgets import dialog_keys
from ui.widgets.column_memory import ColumnMemory
from ui.widgets.work_order_scan import WorkOrderScan
from workshop.domain.labels import label
from workshop.domain.roles import Perm
from workshop.services import backup

DEFAULT_SIZE = (1680, 990)  # a full-HD desk gets room for every column; a small monitor gets its available area


def build_screen(ctx: AppContext, spec: ScreenSpec) -> QWidget:
    module_name, class_name = spec.factory.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(ctx)  # type: ignore[no-any-return]


class MainWindow(QMainWindow):
    logout_requested = Signal()
    closed = Signal()  # the user closed the window (not a log out)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        dialog_keys.install()  # Esc asks before typed text is thrown away, in every dialog
        self.ctx = ctx
        self.setWindowTitle(ctx.tr("Workshop 售后服务管理", "Workshop — after-sales service"))
        self.specs = visible_screens(ctx.actor)
        self.screens: dict[str, QWidget] = {}
        self.columns: list[ColumnMemory] = []

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
        # as wide as its longest title in this language ("Receivables & accounts" ran under the edge), no
        # sideways scroll bar
        self.nav.ensurePolished()
        self.nav.setFixedWidth(min(max(170, self.nav.sizeHintForColumn(0) + 12), 240))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        roles = "、".join(label(r, ctx.lang) for r in sorted(ctx.actor.roles))
        self.user_label = QLabel(ctx.tr(f"用户：{ctx.actor.display_name}（{roles}）",
                                        f"User: {ctx.actor.display_name} ({roles})"))
        self.db_label = QLabel(ctx.tr(f"数据库：{ctx.db.describe()}", f"Database: {ctx.db.describe()}"))
        self.busy_label = QLabel("")
        self.logout_action = QAction(ctx.tr("退出登录 / 切换用户", "Log out / switch user"), self)
        self.logout_action.setShortcut(QKeySequence("Ctrl+L"))
        self.logout_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.logout_action.setToolTip(ctx.tr("退出登录，回到登录窗口（Ctrl+L）", "Log out, back to the login (Ctrl+L)"))
        self.logout_action.triggered.connect(self.logout_requested)
        self.addAction(self.logout_action)
        self._window_shortcuts()
        self.logout_button = QToolButton()
        self.logout_button.setDefaultAction(self.logout_action)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.backup_label = QLabel("")
        self.backup_label.setObjectName("daily_backup_warning")
        self.backup_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.statusBar().addPermanentWidget(self.backup_label)
        ctx.ops.daily_backup_changed.connect(self.show_daily_backup_state)
        self.show_daily_backup_state()
        self.statusBar().addPermanentWidget(self.logout_button)
        ctx.ops.busy_changed.connect(self._busy)  # a method: disconnected when the window goes (reads may end later)
        self.request_watcher = notice.attach(ctx, self.statusBar(), self)  # A4: my requests decided
        self.nav.currentRowChanged.connect(self._show_row)
        self.work_order_scan = WorkOrderScan(ctx, self)  # before the screens: a screen's own scans go first
        home = home_screen(ctx.actor)
        if home is not None:
            self.show_screen(home)
        self.restore_geometry()

    def _busy(self, jobs: int) -> None:
        self.busy_label.setText(self.ctx.tr("处理中…", "Working…") if jobs else "")

    def show_daily_backup_state(self) -> None:
        """A failed daily backup stays in the status bar (for whoever may back up) until one succeeds."""
        status = backup.daily_status(backup.daily_folder()) if self.ctx.can(Perm.BACKUP) else None
        failed = status is not None and not status.ok
        self.backup_label.setText(backup.daily_status_text(status, self.ctx.lang) if failed else "")

    def show_login_notice(self, text: str) -> None:
        """Once, after a successful login: the account was locked since the last login (not modal)."""
        box = QMessageBox(QMessageBox.Icon.Information, self.ctx.tr("登录提示", "Login notice"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("login_notice")
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        self.login_notice = box

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
            shortcuts.apply(widget, shortcuts.SCREEN_KEYS.get(key, ()), self.ctx.tr)
            self._restore_columns(key, widget)
        widget = self.screens[key]
        self.stack.setCurrentWidget(widget)
        row = next(i for i, s in enumerate(self.specs) if s.key == key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        return widget

    def _window_shortcuts(self) -> None:
        """Ctrl+F search, F1 help, Ctrl+1…9 the side bar's screens (Ctrl+L log out is above)."""
        tr = self.ctx.tr
        self.find_action = self._action("Ctrl+F", tr("搜索（光标到搜索框）", "Search (focus the search box)"),
                                        self.focus_search)
        self.help_action = self._action("F1", tr("快捷键帮助", "Keyboard shortcuts"), self.show_help)
        self.nav_actions = [
            self._action(f"Ctrl+{i + 1}", tr(f"切换到：{spec.title_zh}", f"Go to: {spec.title_en}"),
                         lambda _=False, key=spec.key: self.show_screen(key))
            for i, spec in enumerate(self.specs[:9])
        ]
        for i in range(min(9, len(self.specs))):
            self.nav.item(i).setToolTip(f"Ctrl+{i + 1}")

    def _action(self, keys: str, text: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def focus_search(self) -> QLineEdit | None:
        screen = self.stack.currentWidget()
        field = search_field(screen) if screen is not None else None
        if field is not None:
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            field.selectAll()
        return field

    def help_rows(self) -> list[tuple[str, str]]:
        rows = [(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText), a.text())
                for a in (self.find_action, self.logout_action, self.help_action, *self.nav_actions)]
        rows += [("Enter", self.ctx.tr("对话框：确定", "Dialogs: OK")), ("Esc", self.ctx.tr("对话框：取消 / 关闭",
                                                                                 "Dialogs: cancel / close"))]
        screen = self.stack.currentWidget()
        return rows + (screen_shortcuts(screen) if screen is not None else [])

    def show_help(self) -> HelpOverlay:
        overlay = HelpOverlay(self.help_rows(), self.ctx.lang, self)
        overlay.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        overlay.open()
        return overlay

    @property
    def current_key(self) -> str | None:
        return next((k for k, w in self.screens.items() if w is self.stack.currentWidget()), None)

    # --- geometry and column widths, per user ----------------------------------------------
    def restore_geometry(self) -> None:
        """The user's last geometry if it still fits the screen; else the default size within the screen."""
        saved = prefs.load_bytes(self.ctx.actor.username, "geometry")
        if saved is not None and self.restoreGeometry(saved) and self._fits():
            return
        self.fit_to_screen()

    def _available(self) -> tuple[int, int, int, int]:
        screen = self.screen() or QGuiApplication.primaryScreen()
        geo = screen.availableGeometry()
        return geo.x(), geo.y(), geo.width(), geo.height()

    def _fits(self) -> bool:
        _x, _y, w, h = self._available()
        frame = self.frameGeometry()
        return frame.width() <= w + 8 and frame.height() <= h + 8

    def fit_to_screen(self) -> None:
        x, y, w, h = self._available()
        # leave room for the window frame and title bar inside the available area
        width, height = min(DEFAULT_SIZE[0], w - 16), min(DEFAULT_SIZE[1], h - 40)
        self.resize(width, height)
        self.move(x + (w - width) // 2, y + max(0, (h - height - 32) // 2))

    def _headers(self, widget: QWidget) -> list[QHeaderView]:
        return [h for h in widget.findChildren(QHeaderView) if h.orientation() == Qt.Orientation.Horizontal]

    def _restore_columns(self, key: str, widget: QWidget) -> None:
        for i, header in enumerate(self._headers(widget)):
            self.columns.append(ColumnMemory(header, self.ctx.actor.username, f"columns/{key}/{i}"))

    def save_layout(self) -> None:
        prefs.save_bytes(self.ctx.actor.username, "geometry", QByteArray(self.saveGeometry()))
        for memory in self.columns:
            memory.save()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
        self.closed.emit()
