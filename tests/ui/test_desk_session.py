"""Issue 19, the desk: each role lands on its own screen, the side bar shows what the role uses, log out /
switch user returns to the login without quitting, an idle desk locks over its kept windows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.helpers.people import PASSWORD
from ui.context import AppContext
from ui.lock_dialog import SWITCH_USER
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.screens import SCREENS, home_screen, visible_screens
from ui.session import DeskSession
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import settings

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # windows are shown offscreen

HOMES = {
    Role.ADVISOR: "front_desk", Role.FRONT_DESK_LEAD: "front_desk", Role.PARTS_CLERK: "parts_counter",
    Role.TECHNICIAN: "workshop_board", Role.TEAM_LEADER: "workshop_board", Role.WORKSHOP_MANAGER: "workshop_board",
    Role.CUSTOMER_SERVICE: "customer_service", Role.SERVICE_DIRECTOR: "dashboard", Role.ADMIN: "admin_users",
    Role.QC_INSPECTOR: "qc",
}


def test_desk_each_role_lands_on_its_own_screen(qtbot, make_ctx: Callable[[Role], AppContext]) -> None:
    for role, key in HOMES.items():
        window = MainWindow(make_ctx(role))
        qtbot.addWidget(window)
        assert window.current_key == key, role
        assert window.nav.currentItem().data(Qt.ItemDataRole.UserRole) == key


def test_desk_side_bar_shows_only_what_the_role_uses(people: dict[Role, Actor]) -> None:
    def keys(role: Role) -> set[str]:
        return {s.key for s in visible_screens(people[role])}

    assert "approvals" not in keys(Role.PARTS_CLERK)
    assert {"parts_counter", "stock", "tools", "claims"} <= keys(Role.PARTS_CLERK)
    assert not {"stock", "tools", "claims", "approvals", "workshop_board"} & keys(Role.CUSTOMER_SERVICE)
    assert "customer_service" in keys(Role.CUSTOMER_SERVICE)
    assert keys(Role.ADMIN) >= {"admin_users", "admin_audit", "admin_backup"}
    assert not {"stock", "tools", "claims", "workshop_board"} & keys(Role.ADMIN)
    assert "tools" in keys(Role.TECHNICIAN) and "approvals" not in keys(Role.TECHNICIAN)
    assert "approvals" in keys(Role.ADVISOR)  # an advisor follows their own discount requests there
    for role in Role:  # never a screen the role may not open, and always its home screen
        assert all(people[role].has(s.perm) for s in visible_screens(people[role]))
        assert home_screen(people[role]) in keys(role)


def test_desk_a_person_with_two_roles_lands_on_the_first_in_priority(people: dict[Role, Actor]) -> None:
    both = Actor(user_id=1, username="x", display_name="x", roles=frozenset({Role.ADVISOR, Role.PARTS_CLERK}))
    assert home_screen(both) == "front_desk"
    assert {"front_desk", "parts_counter"} <= {s.key for s in visible_screens(both)}
    assert len(SCREENS) == len({s.key for s in SCREENS})


def _session(qtbot, db: Database) -> DeskSession:
    ops = Operations("zh")
    ops.show_errors = False
    session = DeskSession(db, ops, "zh")
    session.start()
    assert session.login is not None
    qtbot.addWidget(session.login)
    return session


def _log_in(qtbot, session: DeskSession, username: str) -> MainWindow:
    login = session.login
    assert login is not None
    login.username.setText(username)
    login.password.setText(PASSWORD)
    login.try_login()
    window = session.window
    assert window is not None
    qtbot.addWidget(window)
    return window


def test_desk_log_out_returns_to_the_login_without_quitting(qtbot, db: Database, people: dict[Role, Actor]) -> None:
    session = _session(qtbot, db)
    quits: list[bool] = []
    app = QApplication.instance()
    app.aboutToQuit.connect(lambda: quits.append(True))
    window = _log_in(qtbot, session, "advisor")
    assert window.current_key == "front_desk"
    assert window.logout_action.shortcut().toString() == "Ctrl+L"
    assert "Ctrl+L" in window.logout_action.toolTip()
    window.logout_action.trigger()
    assert session.window is None and session.login is not None and session.login.isVisible()
    qtbot.addWidget(session.login)
    # the next person logs in at the same desk and lands on their own screen
    window2 = _log_in(qtbot, session, "parts_clerk")
    assert window2.current_key == "parts_counter"
    assert not quits
    app.setQuitOnLastWindowClosed(True)


def test_desk_idle_desk_locks_over_its_kept_windows(qtbot, db: Database, people: dict[Role, Actor]) -> None:
    settings.set_setting(db.uow(), people[Role.ADMIN], "idle_lock_minutes", "15")
    session = _session(qtbot, db)
    window = _log_in(qtbot, session, "advisor")
    assert session.idle_minutes == 15 and session.idle_timer.interval() == 15 * 60_000
    assert session.idle_timer.isActive()
    session.lock()  # what the timer does after 15 quiet minutes
    dialog = session.lock_dialog
    assert dialog is not None and dialog.isVisible() and dialog.parent() is window
    assert not session.idle_timer.isActive()
    dialog.reject()  # Esc does not unlock
    assert session.lock_dialog is dialog
    dialog.password.setText("wrong-one")
    dialog.try_unlock()
    assert session.lock_dialog is dialog and dialog.error.text()
    dialog.password.setText(PASSWORD)
    dialog.try_unlock()
    assert session.lock_dialog is None and session.window is window and window.isVisible()
    assert session.idle_timer.isActive()
    # someone else at the desk: switch user from the lock
    session.lock()
    assert session.lock_dialog is not None
    session.lock_dialog.done(SWITCH_USER)
    assert session.window is None and session.login is not None
    qtbot.addWidget(session.login)
    QApplication.instance().setQuitOnLastWindowClosed(True)


def test_desk_idle_lock_setting_refuses_nonsense_and_zero_turns_it_off(qtbot, db: Database,
                                                                        people: dict[Role, Actor]) -> None:
    from workshop.domain.errors import InvalidInput

    with pytest.raises(InvalidInput):
        settings.set_setting(db.uow(), people[Role.ADMIN], "idle_lock_minutes", "soon")
    settings.set_setting(db.uow(), people[Role.ADMIN], "idle_lock_minutes", "0")
    session = _session(qtbot, db)
    _log_in(qtbot, session, "advisor")
    assert session.idle_minutes == 0 and not session.idle_timer.isActive()
    QApplication.instance().setQuitOnLastWindowClosed(True)


def test_desk_ctrl_f_focuses_the_search_of_the_screen_in_front(qtbot, make_ctx: Callable[[Role], AppContext]) -> None:
    window = MainWindow(make_ctx(Role.ADVISOR))
    qtbot.addWidget(window)
    window.show()
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    field = window.focus_search()
    assert field is window.screens["front_desk"].search_box
    window.show_screen("stock")
    assert window.focus_search() is window.screens["stock"].search


def test_desk_f1_lists_the_shortcuts_and_buttons_show_theirs(qtbot, make_ctx: Callable[[Role], AppContext]) -> None:
    window = MainWindow(make_ctx(Role.ADVISOR))
    qtbot.addWidget(window)
    window.show()
    screen = window.screens["front_desk"]
    assert screen.new_customer.shortcut().toString() == "Ctrl+N" and "Ctrl+N" in screen.new_customer.toolTip()
    assert "F2" in screen.card_buttons["open_order"].toolTip()
    overlay = window.show_help()
    keys = [keys for keys, _what in overlay.rows]
    assert {"Ctrl+F", "Ctrl+L", "F1", "Ctrl+1", "Esc", "Enter", "Ctrl+N", "F2"} <= set(keys)
    assert overlay.table.rowCount() == len(overlay.rows) and overlay.isVisible()
    overlay.reject()
    window.nav_actions[1].trigger()
    assert window.current_key == window.specs[1].key


def test_desk_a_personal_figure_for_every_advisor_does_not_say_my() -> None:
    from ui.dashboard.card import shown_title

    assert shown_title("我的未结工单", "zh", everyone=True) == "未结工单（全部顾问）"
    assert shown_title("My open work orders", "en", everyone=True) == "Open work orders (all advisors)"
    assert shown_title("我的未结工单", "zh", everyone=False) == "我的未结工单"


def test_desk_english_parts_counter_never_shows_a_raw_code(qtbot, db: Database, people: dict[Role, Actor]) -> None:
    from tests.helpers import parts_data
    from ui.parts_counter.counter_screen import PartsCounterScreen

    wo = parts_data.make_work_order(db, people[Role.ADVISOR], kind="warranty", state="in_progress")
    ops = Operations("en")
    ops.show_errors = False
    screen = PartsCounterScreen(AppContext(db=db, actor=people[Role.PARTS_CLERK], ops=ops, lang="en"))
    qtbot.addWidget(screen)
    assert ops.wait()
    screen.open_work_order(wo.number)
    assert ops.wait()
    shown = {key: label.text() for key, label in screen.head_labels.items()}
    assert shown["state"] == "In progress" and shown["kind"] == "Warranty"


def test_s_desk_shows_the_lock_reason_once_after_a_successful_login(qtbot, db: Database, people: dict[Role, Actor],
                                                                   shop_clock) -> None:
    from datetime import timedelta

    from tests.unit.services.test_lock_notice import START, lock_advisor

    lock_advisor(db, shop_clock)
    shop_clock.move_to(START + timedelta(minutes=16))
    session = _session(qtbot, db)
    window = _log_in(qtbot, session, "advisor")
    box = window.login_notice
    assert box.isVisible() and not box.isModal()
    assert box.windowModality() == Qt.WindowModality.NonModal
    assert "5" in box.text() and "09:15" in box.text()
    box.close()
    window.logout_action.trigger()
    qtbot.addWidget(session.login)
    window2 = _log_in(qtbot, session, "advisor")
    assert getattr(window2, "login_notice", None) is None
    QApplication.instance().setQuitOnLastWindowClosed(True)
