"""Administration: users — add, disable/enable, reset password, roles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.widgets.columns import fit_columns
from ui.widgets.export_excel import export_button
from ui.widgets.team_choices import team_choices
from workshop.domain.changes import RecordKind
from workshop.domain.clock import fmt_shop, utcnow
from workshop.domain.labels import label, label_of
from workshop.domain.roles import Role
from workshop.services import users
from workshop.services.dto import UserInfo


class RolesEditor(QWidget):
    def __init__(self, ctx: AppContext, selected: tuple[str, ...] = ()) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(label(role, ctx.lang))
            box.setChecked(role.value in selected)
            self.boxes[role] = box
            layout.addWidget(box)

    def roles(self) -> list[str]:
        return [r.value for r, b in self.boxes.items() if b.isChecked()]


class UserDialog(QDialog):
    """Add a user (with password) or change an existing user's roles."""

    def __init__(self, ctx: AppContext, user: UserInfo | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user
        self.setWindowTitle(ctx.tr("用户", "User"))
        form = QFormLayout(self)
        self.username = QLineEdit(user.username if user else "")
        self.username.setEnabled(user is None)
        self.display = QLineEdit(user.display_name if user else "")
        self.display.setEnabled(user is None)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.team = QComboBox()
        self.team.addItem(ctx.tr("（无）", "(none)"), None)
        for code, team_name in team_choices(ctx.db, user.team if user else None):
            self.team.addItem(team_name, code)
        if user is not None:
            self.team.setCurrentIndex(max(0, self.team.findData(user.team)))
        self.roles = RolesEditor(ctx, user.roles if user else ())
        form.addRow(ctx.tr("用户名", "User name"), self.username)
        form.addRow(ctx.tr("姓名", "Name"), self.display)
        if user is None:
            form.addRow(ctx.tr("初始密码", "Initial password"), self.password)
        form.addRow(ctx.tr("班组", "Team"), self.team)
        form.addRow(ctx.tr("角色", "Roles"), self.roles)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ctx = self.ctx
        if self.user is None:
            ctx.ops.run_service(users.add_user, username=self.username.text(),
                                display_name=self.display.text(), password=self.password.text(),
                                roles=self.roles.roles(), team=self.team.currentData(),
                                on_done=lambda _r: self.accept(), parent=self)
        else:
            # a move to another team (S1: how a team is emptied before it retires) and the roles: one transaction
            ctx.ops.run_service(users.edit_user, self.user.id, team=self.team.currentData(),
                                roles=self.roles.roles(), on_done=lambda _r: self.accept(), parent=self)


class UsersScreen(QWidget):
    HEADERS = (("用户名", "User"), ("姓名", "Name"), ("角色", "Roles"), ("班组", "Team"), ("工牌", "Badge"),
               ("状态", "State"), ("最近登录", "Last login"))

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[UserInfo] = []
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(ctx.tr("用户管理", "Users")))
        bar = QHBoxLayout()
        for zh, en, slot in (("新增用户", "Add user", self.add), ("修改角色", "Roles", self.edit_roles),
                             ("停用/启用", "Disable/enable", self.toggle_active),
                             ("重置密码", "Reset password", self.reset_password),
                             ("打印工牌", "Print badge", self.print_badge)):
            button = QPushButton(ctx.tr(zh, en))
            button.clicked.connect(slot)
            bar.addWidget(button)
        self.export = export_button(self, ctx, "users")
        bar.addWidget(self.export)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([ctx.tr(zh, en) for zh, en in self.HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        ctx.ops.watch(self, {RecordKind.USERS}, lambda _changes: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.ctx.ops.run(lambda: users.list_users(self.ctx.db), self._show)

    def _show(self, rows: list[UserInfo]) -> None:
        ctx = self.ctx
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, u in enumerate(rows):
            locked = u.locked_until is not None and u.locked_until > utcnow()
            state = ctx.tr("正常", "Active") if u.is_active else ctx.tr("已停用", "Disabled")
            if locked:
                state += ctx.tr("（锁定中）", " (locked)")
            values = (u.username, u.display_name, "、".join(label_of(Role, r, ctx.lang) for r in u.roles), u.team or "",
                      u.badge_code, state, fmt_shop(u.last_login_at))
            for j, v in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(v))
        fit_columns(self.table)

    def _selected(self) -> UserInfo | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def add(self) -> None:
        UserDialog(self.ctx).exec()

    def edit_roles(self) -> None:
        user = self._selected()
        if user:
            UserDialog(self.ctx, user).exec()

    def toggle_active(self) -> None:
        user = self._selected()
        if user:
            ctx = self.ctx
            ctx.ops.run_service(users.set_active, user.id, not user.is_active, parent=self)

    def print_badge(self) -> None:
        """The user's badge (barcode of the badge code): technicians scan it to borrow special tools (T2)."""
        user = self._selected()
        if user:
            from ui.widgets.label_preview import LabelPreviewDialog

            LabelPreviewDialog(self.ctx, "badges", [user.id], parent=self).exec()

    def reset_password(self) -> None:
        user = self._selected()
        if not user:
            return
        ctx = self.ctx
        password, ok = QInputDialog.getText(self, ctx.tr("重置密码", "Reset password"),
                                            ctx.tr(f"{user.display_name} 的新密码：", f"New password for {user.display_name}:"),
                                            QLineEdit.EchoMode.Password)
        if ok:
            ctx.ops.run_service(users.reset_password, user.id, password, parent=self)
