"""Issue 22's screen figure: a screen shows at once and its data arrives from a worker thread; switching back to
a screen reads nothing unless a change it shows was broadcast meanwhile (ui/widgets/fresh.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QStackedWidget

from ui.claims.screen import ClaimsScreen
from ui.context import AppContext
from ui.dashboard.screen import DashboardScreen
from ui.widgets.fresh import OTHER_DESKS_S
from ui.workshop_floor.piece_rate_screen import PieceRateScreen
from workshop.db.uow import Database
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.roles import Role
from workshop.queries import claims as cq
from workshop.services import piece_rate


def test_i22_piece_rate_month_read_off_the_gui_thread_and_shown(
        qtbot: Any, db: Database, make_ctx: Callable[[Role], AppContext], monkeypatch: Any) -> None:
    threads: list[bool] = []
    real = piece_rate.payroll_summary

    def summary(db_: Database, month: object) -> list[piece_rate.Statement]:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(db_, month)

    monkeypatch.setattr(piece_rate, "payroll_summary", summary)
    ctx = make_ctx(Role.SERVICE_DIRECTOR)
    screen = PieceRateScreen(ctx, today=date(2026, 12, 2))
    qtbot.addWidget(screen)
    assert screen.loading and "正在计算" in screen.state.text()  # the screen is up; the month is on its way
    assert not screen.buttons["close"].isEnabled()
    assert ctx.ops.wait()
    assert threads == [False]  # computed on a worker
    assert not screen.loading and "未结账" in screen.state.text()
    assert screen.buttons["close"].isEnabled()


def _stack(qtbot: Any, screen: Any) -> tuple[QStackedWidget, QLabel]:
    stack = QStackedWidget()
    other = QLabel("another screen")
    stack.addWidget(screen)
    stack.addWidget(other)
    qtbot.addWidget(stack)
    stack.show()
    return stack, other


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen plugin, when the shown stack's hints change
def test_i22_claims_switch_back_reads_only_after_a_change_it_shows(
        qtbot: Any, db: Database, make_ctx: Callable[[Role], AppContext], monkeypatch: Any) -> None:
    reads: list[bool] = []
    real = cq.list_claims

    def list_claims(*args: Any, **kwargs: Any) -> list[cq.ClaimRow]:
        reads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(cq, "list_claims", list_claims)
    ctx = make_ctx(Role.PARTS_CLERK)
    screen = ClaimsScreen(ctx)
    stack, other = _stack(qtbot, screen)
    assert ctx.ops.wait() and reads == [False]  # off the GUI thread
    for _ in range(3):  # switching away and back: nothing read
        stack.setCurrentWidget(other)
        stack.setCurrentWidget(screen)
        assert ctx.ops.wait()
    assert reads == [False]
    stack.setCurrentWidget(other)
    ctx.ops.broadcast(ChangeSet.of(RecordKind.TOOLS, 1))  # not shown on this screen
    ctx.ops.broadcast(ChangeSet.of(RecordKind.CLAIMS, 1))  # shown, but the screen is hidden: noted only
    assert ctx.ops.wait() and reads == [False] and screen.fresh.stale
    stack.setCurrentWidget(screen)  # shown again: read once, in the background
    assert ctx.ops.wait() and reads == [False, False] and not screen.fresh.stale
    ctx.ops.broadcast(ChangeSet.of(RecordKind.STOCK, 1))  # on screen: at once
    assert ctx.ops.wait() and len(reads) == 3


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_i22_a_screen_shown_again_after_a_while_reads_what_other_desks_saved(
        qtbot: Any, db: Database, make_ctx: Callable[[Role], AppContext], monkeypatch: Any) -> None:
    """Another desk's change set never reaches this program: after OTHER_DESKS_S a switch back reads again."""
    reads: list[int] = []
    real = cq.list_claims

    def list_claims(*args: Any, **kwargs: Any) -> list[cq.ClaimRow]:
        reads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cq, "list_claims", list_claims)
    ctx = make_ctx(Role.PARTS_CLERK)
    screen = ClaimsScreen(ctx)
    stack, other = _stack(qtbot, screen)
    assert ctx.ops.wait() and len(reads) == 1
    assert screen.fresh.max_age_s == OTHER_DESKS_S
    stack.setCurrentWidget(other)
    stack.setCurrentWidget(screen)  # at once: nothing read
    assert ctx.ops.wait() and len(reads) == 1
    stack.setCurrentWidget(other)
    assert screen.fresh.loaded_at is not None
    screen.fresh.loaded_at -= OTHER_DESKS_S + 1  # shown last a while ago; nothing broadcast meanwhile
    stack.setCurrentWidget(screen)
    assert ctx.ops.wait() and len(reads) == 2


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_i22_dashboard_figures_show_then_charts_and_switch_back_reads_nothing(
        qtbot: Any, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.SERVICE_DIRECTOR)
    screen = DashboardScreen(ctx)
    stack, other = _stack(qtbot, screen)
    assert screen.loading
    qtbot.waitUntil(lambda: not screen.loading, timeout=20_000)  # the figures (headlines) are in
    assert ctx.ops.wait()
    assert not screen.drawing and all(c.chart is not None or c.table is not None for c in screen.cards.values())
    refreshes: list[int] = []
    screen.refresh = lambda: refreshes.append(1)  # type: ignore[method-assign]
    stack.setCurrentWidget(other)
    stack.setCurrentWidget(screen)
    assert refreshes == [] and not screen._timer.isActive()
    stack.setCurrentWidget(other)
    ctx.ops.broadcast(ChangeSet.of(RecordKind.WORK_ORDERS, 1))
    assert not screen._timer.isActive()  # hidden: noted, not computed
    stack.setCurrentWidget(screen)
    assert screen._timer.isActive()  # shown again: computed (debounced, off the GUI thread)


def test_i22_backup_list_shows_at_once_and_a_file_is_verified_once(
        qtbot: Any, db: Database, people: dict[Role, Any], make_ctx: Callable[[Role], AppContext], tmp_path: Any,
        monkeypatch: Any) -> None:
    from tests.helpers.backup_data import folder_with_a_backup
    from ui.admin.backup import BackupScreen
    from workshop.services import backup_list

    _folder, good = folder_with_a_backup(db, people, tmp_path, monkeypatch)
    checked: list[str] = []
    real = backup_list.verify_backup

    def verify(db_: Database, path: Any) -> backup_list.Verdict:
        checked.append(path.name)
        return real(db_, path)

    monkeypatch.setattr(backup_list, "verify_backup", verify)
    admin = make_ctx(Role.ADMIN)
    screen = BackupScreen(admin)
    qtbot.addWidget(screen)
    assert not screen.loading and screen.table.rowCount() == 1  # the list is the data: shown at once
    assert screen.checking and screen.table.item(0, 2).text() == "检查中…"
    assert admin.ops.wait()
    assert screen.table.item(0, 2).text() == "✓ 已验证" and checked == [good.name]
    again = BackupScreen(admin)  # opened again (a new session): the file did not change, it is not read again
    qtbot.addWidget(again)
    assert not again.checking and again.table.item(0, 2).text() == "✓ 已验证"
    assert admin.ops.wait() and checked == [good.name]
    good.write_bytes(good.read_bytes()[:4096])  # the file changed: checked again, and refused
    again.refresh_list()
    assert again.checking
    assert admin.ops.wait() and checked == [good.name, good.name]
    assert again.table.item(0, 2).text().startswith("✗")
