"""Login, navigation by role, status bar, administration screens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from tests.helpers.people import PASSWORD
from ui.admin.audit import AuditScreen
from ui.admin.users import UsersScreen
from ui.context import AppContext
from ui.login import FirstAdminDialog, LoginDialog
from ui.main_window import MainWindow
from ui.screens import SCREENS
from ui.widgets.lazy_table import LazyTableModel
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import users


def test_login_refuses_wrong_password_and_accepts_right_one(qtbot, db: Database, people: dict[Role, Actor]) -> None:
    dialog = LoginDialog(db, "zh")
    qtbot.addWidget(dialog)
    dialog.username.setText("advisor")
    dialog.password.setText("nope-nope")
    dialog.try_login()
    assert dialog.actor is None and "不正确" in dialog.error.text()
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    assert dialog.actor is not None and dialog.actor.username == "advisor"


def test_login_lists_demo_users_and_switches_to_english(qtbot, db: Database) -> None:
    dialog = LoginDialog(db, "zh", [("director", "王总监", "service_director")], "demo1234")
    qtbot.addWidget(dialog)
    assert dialog.demo_table.item(0, 2).text() == "服务总监"
    dialog.language.setCurrentIndex(1)
    assert dialog.lbl_user.text() == "User name"
    assert dialog.demo_table.item(0, 2).text() == "Service director"
    dialog._pick_demo_user(0, 0)
    assert dialog.username.text() == "director" and dialog.password.text() == "demo1234"


def test_first_admin_dialog_creates_the_administrator_once(qtbot, db: Database) -> None:
    dialog = FirstAdminDialog(db, "zh")
    qtbot.addWidget(dialog)
    dialog.display.setText("管理员")
    dialog.password.setText("secret123")
    dialog.password2.setText("secret123")
    dialog.create_admin()
    assert not users.needs_first_admin(db)


def test_navigation_follows_the_roles(qtbot, make_ctx: Callable[[Role], AppContext]) -> None:
    for role in (Role.TECHNICIAN, Role.PARTS_CLERK, Role.ADMIN, Role.SERVICE_DIRECTOR):
        ctx = make_ctx(role)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        keys = [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]
        assert keys == [s.key for s in SCREENS if s.visible_to(ctx.actor)]
        assert ("admin_users" in keys) == (role is Role.ADMIN)
        assert ctx.actor.display_name in window.user_label.text()
        assert "SQLite" in window.db_label.text() or "PostgreSQL" in window.db_label.text()


def test_users_screen_lists_users_and_adds_one(qtbot, make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADMIN)
    screen = UsersScreen(ctx)
    qtbot.addWidget(screen)
    assert ctx.ops.wait()
    assert screen.table.rowCount() == len(Role)
    ctx.ops.run_service(users.add_user, username="newbie", display_name="新人", password="secret123",
                        roles=["technician"])
    assert ctx.ops.wait()
    assert ctx.ops.wait()
    assert screen.table.rowCount() == len(Role) + 1


def test_audit_screen_is_lazy_and_filters(qtbot, qtmodeltester, make_ctx: Callable[[Role], AppContext],
                                          people: dict[Role, Actor]) -> None:
    ctx = make_ctx(Role.ADMIN)
    for _ in range(3):
        users.authenticate(ctx.db.uow(), "advisor", PASSWORD)
    screen = AuditScreen(ctx)
    qtbot.addWidget(screen)
    screen.ctx.ops.wait()  # the page is read on a worker
    qtmodeltester.check(screen.model)
    assert screen.model.rowCount() == 3
    screen.record.setText(f"user {people[Role.ADVISOR].user_id}")
    screen.reload()
    screen.ctx.ops.wait()
    assert screen.model.rowCount() == 3
    screen.record.setText("work_order")
    screen.reload()
    screen.ctx.ops.wait()
    assert screen.model.rowCount() == 0


def test_lazy_model_fetches_pages_only_as_asked(qtmodeltester) -> None:
    calls: list[tuple[int, int]] = []

    def fetch(offset: int, limit: int) -> list[tuple[int, str]]:
        calls.append((offset, limit))
        return [(i, f"row {i}") for i in range(offset, min(offset + limit, 1000))]

    model = LazyTableModel(["n", "text"], fetch, page_size=100)
    model.reload()
    assert model.rowCount() == 100 and calls == [(0, 100)]
    qtmodeltester.check(model)  # the tester itself fetches more pages
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1000
    assert all(limit == 100 for _, limit in calls)


def test_users_screen_prints_a_badge_through_the_label_preview(qtbot, make_ctx: Callable[[Role], AppContext],
                                                               monkeypatch) -> None:
    from ui.widgets import label_preview

    shown: list[tuple[str, list[int]]] = []

    def fake_exec(dialog: label_preview.LabelPreviewDialog) -> int:
        assert ctx.ops.wait()
        shown.append((dialog.kind, list(dialog.ids)))
        return 0

    monkeypatch.setattr(label_preview.LabelPreviewDialog, "exec", fake_exec)
    ctx = make_ctx(Role.ADMIN)
    screen = UsersScreen(ctx)
    qtbot.addWidget(screen)
    assert ctx.ops.wait()
    screen.table.selectRow(0)
    screen.print_badge()
    assert shown == [("badges", [screen.rows[0].id])]
